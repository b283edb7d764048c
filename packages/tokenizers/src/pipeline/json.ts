import { describeValue, FormatError } from '../errors';

/** A JSON object. */
export type JsonObject = { [key: string]: unknown };

/** `j` as an object, or a {@link FormatError} naming `where`. */
export function field(j: unknown, where: string): JsonObject {
  if (j === null || typeof j !== 'object' || Array.isArray(j)) {
    throw new FormatError(`${where}: expected an object, received ${describeValue(j)}`, { field: where });
  }
  return j as JsonObject;
}

/** The `type` string of a component object. */
export function type(o: JsonObject, where: string): string {
  if (typeof o.type !== 'string') {
    throw new FormatError(`${where}.type: expected a string, received ${describeValue(o.type)}`, {
      field: `${where}.type`,
    });
  }
  return o.type;
}

/** The string `o[key]`, or a {@link FormatError} naming `where.key`. @example `reqString(o, 'content', 'decoder')` */
export function reqString(o: JsonObject, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string') {
    throw new FormatError(`${where}.${key}: expected a string, received ${describeValue(v)}`, {
      field: `${where}.${key}`,
    });
  }
  return v;
}

/** The string `o[key]`, `null` when absent or null, else a {@link FormatError}. @example `optString(o, 'unk_token', 'model')` */
export function optString(o: JsonObject, key: string, where: string): string | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') {
    throw new FormatError(`${where}.${key}: expected a string or null, received ${describeValue(v)}`, {
      field: `${where}.${key}`,
    });
  }
  return v;
}

/** The boolean `o[key]`, `dflt` when absent or null, else a {@link FormatError}. @example `optBool(o, 'fuse_unk', 'model', false)` */
export function optBool(o: JsonObject, key: string, where: string, dflt: boolean): boolean {
  const v = o[key];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'boolean') {
    throw new FormatError(`${where}.${key}: expected true or false, received ${describeValue(v)}`, {
      field: `${where}.${key}`,
    });
  }
  return v;
}

/** The non-negative integer `o[key]`, `dflt` when absent or null, else a {@link FormatError}. @example `optInt(o, 'max_input_chars_per_word', 'model', 100)` */
export function optInt(o: JsonObject, key: string, where: string, dflt: number): number {
  const v = o[key];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new FormatError(`${where}.${key}: expected a non-negative integer, received ${describeValue(v)}`, {
      field: `${where}.${key}`,
    });
  }
  return v;
}
