import { FormatError } from '../errors';

/** safetensors dtypes this reader understands (the writers emit F32, F16, BF16, I32 and BOOL). */
export type SafetensorsDtype = 'F32' | 'F16' | 'BF16' | 'F64' | 'I32' | 'I64' | 'BOOL';

/**
 * Bytes per element of each dtype.
 *
 * @example
 * ```ts
 * DTYPE_BYTES.BF16 * 1024; // bytes of 1024 bfloat16 values
 * ```
 */
export const DTYPE_BYTES: Readonly<Record<SafetensorsDtype, number>> = {
  F32: 4,
  F16: 2,
  BF16: 2,
  F64: 8,
  I32: 4,
  I64: 8,
  BOOL: 1,
};

/**
 * Largest header accepted (as the reference implementation: 100 MB).
 *
 * @example
 * ```ts
 * if (headerLength > MAX_HEADER_BYTES) throw new Error('not a safetensors file');
 * ```
 */
export const MAX_HEADER_BYTES = 100_000_000;

/** One tensor's entry in a safetensors header. */
export interface SafetensorsEntry {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  /** Byte offsets in the data area (after the header). */
  begin: number;
  end: number;
}

/** A validated header: entries in file order (by offset) and the `__metadata__` strings. */
export interface SafetensorsHeader {
  entries: SafetensorsEntry[];
  metadata: Record<string, string>;
  /** Bytes of the data area the entries cover (they tile it from 0). */
  dataBytes: number;
}

/**
 * Throws the `FormatError` every safetensors check uses: `safetensors: …`, or
 * `safetensors (<file>): …` when the file is named.
 *
 * @example
 * ```ts
 * safetensorsFail('header length 9 runs past the end', 'model.safetensors');
 * ```
 */
export function safetensorsFail(msg: string, file?: string, cause?: unknown): never {
  throw new FormatError(
    `safetensors${file ? ` (${file})` : ''}: ${msg}`,
    undefined,
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Sets `o[key]` as an own property even for the key `__proto__` (a tensor may be named so; plain
 * assignment would replace the object's prototype and the tensor would silently be missing).
 *
 * @example
 * ```ts
 * setOwn(tensors, '__proto__', decoded); // Object.keys(tensors) includes '__proto__'
 * ```
 */
export function setOwn<T>(o: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Reads the header length from a file's first 8 bytes (little-endian u64) and checks it against the
 * 100 MB limit and, when known, the file size.
 *
 * @example
 * ```ts
 * const n = readHeaderLength(first8, fileSize); // the JSON header is bytes 8 … 8 + n
 * ```
 */
export function readHeaderLength(first8: Uint8Array, fileBytes?: number, file?: string): number {
  if (first8.byteLength < 8) {
    safetensorsFail(`expected at least 8 bytes (the header length), received ${first8.byteLength}`, file);
  }
  const n = Number(new DataView(first8.buffer, first8.byteOffset, 8).getBigUint64(0, true));
  if (n > MAX_HEADER_BYTES)
    safetensorsFail(`header length ${n} exceeds the ${MAX_HEADER_BYTES}-byte limit`, file);
  if (fileBytes !== undefined && 8 + n > fileBytes) {
    safetensorsFail(`header length ${n} runs past the end of the ${fileBytes}-byte file`, file);
  }
  return n;
}

/**
 * Parses and validates a safetensors JSON header strictly: dtypes, shapes, byte lengths, and offsets
 * that tile the data area from 0 without gap or overlap. `dataBytes` (the file size less the
 * header), when known, must be exactly what the tensors cover; a streamed reader that does not know
 * it checks the end of the stream instead.
 *
 * @example
 * ```ts
 * const { entries, metadata } = parseSafetensorsHeader(jsonBytes, fileSize - 8 - n);
 * ```
 */
export function parseSafetensorsHeader(
  json: Uint8Array,
  dataBytes?: number,
  file?: string,
): SafetensorsHeader {
  const fail = (msg: string, cause?: unknown): never => safetensorsFail(msg, file, cause);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (e) {
    fail(`header is not valid UTF-8 JSON (${(e as Error).message})`, e);
  }
  if (!header || typeof header !== 'object' || Array.isArray(header)) fail('header must be a JSON object');
  const metadata: Record<string, string> = {};
  const entries: SafetensorsEntry[] = [];
  for (const [name, info] of Object.entries(header as Record<string, any>)) {
    if (name === '__metadata__') {
      if (!info || typeof info !== 'object' || Array.isArray(info))
        fail('__metadata__ must be an object of strings');
      for (const [k, v] of Object.entries(info)) {
        if (typeof v !== 'string') fail(`__metadata__['${k}'] must be a string, received ${typeof v}`);
        setOwn(metadata, k, v as string);
      }
      continue;
    }
    if (!info || typeof info !== 'object') fail(`tensor '${name}': expected {dtype, shape, data_offsets}`);
    const { dtype, shape, data_offsets: offs } = info;
    if (!Object.hasOwn(DTYPE_BYTES, dtype)) {
      fail(
        `tensor '${name}': dtype '${String(dtype)}' is not supported (expected one of ${Object.keys(DTYPE_BYTES).join(', ')})`,
      );
    }
    if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
      fail(
        `tensor '${name}': shape must be an array of non-negative integers, received ${JSON.stringify(shape)}`,
      );
    }
    if (
      !Array.isArray(offs) ||
      offs.length !== 2 ||
      offs.some((o) => !Number.isSafeInteger(o) || o < 0) ||
      offs[1] < offs[0]
    ) {
      fail(
        `tensor '${name}': data_offsets must be [begin, end] with 0 <= begin <= end, received ${JSON.stringify(offs)}`,
      );
    }
    const numel = shape.reduce((a: number, b: number) => a * b, 1);
    const expected = numel * DTYPE_BYTES[dtype as SafetensorsDtype];
    if (offs[1] - offs[0] !== expected) {
      fail(
        `tensor '${name}': ${dtype} ${JSON.stringify(shape)} needs ${expected} bytes, data_offsets span ${offs[1] - offs[0]}`,
      );
    }
    if (dataBytes !== undefined && offs[1] > dataBytes)
      fail(`tensor '${name}': data_offsets end ${offs[1]} is past the data area (${dataBytes} bytes)`);
    entries.push({ name, dtype, shape, begin: offs[0], end: offs[1] });
  }
  // The tensors must tile the data area: no overlap, no gap, nothing left over.
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let pos = 0;
  for (const { name, begin, end } of entries) {
    if (begin !== pos)
      fail(
        `tensor '${name}': data_offsets begin ${begin}, expected ${pos} (tensors must be contiguous and not overlap)`,
      );
    pos = end;
  }
  if (dataBytes !== undefined && pos !== dataBytes)
    fail(`data area has ${dataBytes} bytes but the tensors cover ${pos}`);
  return { entries, metadata, dataBytes: pos };
}
