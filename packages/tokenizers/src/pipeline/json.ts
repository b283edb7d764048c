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

/** Largest token id accepted (ids are kept in int32 arrays, as Hugging Face keeps them in `u32`). */
export const MAX_ID = 0x7fffffff;

/** Whether `v` is a token id: an integer in `[0, MAX_ID]`. @example `isId(1e300) // false` */
export function isId(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_ID;
}

/** `v` as a token id, or a {@link FormatError} naming `where`. @example `reqId(s.ids[0], 'post_processor.special_tokens["<s>"].ids[0]')` */
export function reqId(v: unknown, where: string): number {
  if (!isId(v)) {
    throw new FormatError(
      `${where}: expected a non-negative integer id up to ${MAX_ID}, received ${describeValue(v)}`,
      {
        field: where,
      },
    );
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
