import { ArgumentError, FormatError } from '../errors';

/**
 * File names of a Hugging Face model folder.
 *
 * @example
 * ```ts
 * new URL(PRETRAINED_FILES.config, 'https://huggingface.co/gpt2/resolve/main/').href; // …/config.json
 * ```
 */
export const PRETRAINED_FILES = {
  config: 'config.json',
  weights: 'model.safetensors',
  index: 'model.safetensors.index.json',
  tokenizer: 'tokenizer.json',
} as const;

/** Weight files a save may leave behind and a later save replaces: the single file, shards, index. */
const WEIGHT_FILE = /^model(-\d{5}-of-\d{5})?\.safetensors(\.index\.json)?$/;

/**
 * Whether `file` is one of a folder's weight files (`model.safetensors`, `model-00001-of-00002.safetensors`,
 * `model.safetensors.index.json`).
 *
 * @example
 * ```ts
 * isWeightFile('model-00002-of-00003.safetensors'); // true
 * ```
 */
export function isWeightFile(file: string): boolean {
  return WEIGHT_FILE.test(file);
}

/**
 * The name of shard `i` (1-based) of `n`, as Hugging Face writes it.
 *
 * @example
 * ```ts
 * shardFileName(1, 3); // 'model-00001-of-00003.safetensors'
 * ```
 */
export function shardFileName(i: number, n: number): string {
  const pad = (x: number) => String(x).padStart(5, '0');
  return `model-${pad(i)}-of-${pad(n)}.safetensors`;
}

/**
 * Default largest shard: 2 GB (2 × 10⁹ bytes). Hugging Face uses 5 GB; 2 GB keeps each shard within
 * what every browser allows one `ArrayBuffer` or `Blob` to hold (a shard saved to IndexedDB is held
 * whole once), and a model under 2 GB stays a single `model.safetensors`.
 *
 * @example
 * ```ts
 * await savePretrained(dir, { config, state, maxShardSize: DEFAULT_MAX_SHARD_SIZE / 4 }); // 500 MB shards
 * ```
 */
export const DEFAULT_MAX_SHARD_SIZE = 2_000_000_000;

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/**
 * A shard size in bytes from a number of bytes or a string such as `'2GB'`, `'500MB'`, `'1.5GiB'`
 * (KB/MB/GB are powers of 10, KiB/MiB/GiB powers of 2, case-insensitive).
 *
 * @example
 * ```ts
 * parseByteSize('5GB', 'savePretrained(maxShardSize)'); // 5_000_000_000
 * ```
 */
export function parseByteSize(size: number | string, what: string): number {
  let bytes = Number.NaN;
  if (typeof size === 'number') bytes = size;
  else if (typeof size === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(size);
    const unit = UNITS[(m?.[2] || 'b').toLowerCase()];
    if (m && unit) bytes = Math.floor(Number(m[1]) * unit);
  }
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new ArgumentError(what, "a positive number of bytes or a size such as '2GB' or '500MiB'", size);
  }
  return bytes;
}

/**
 * Splits tensors into shards of at most `maxBytes` as Hugging Face does: in order, starting a new
 * shard when the next tensor would overflow the current one; a tensor larger than `maxBytes` gets
 * a shard of its own.
 *
 * @example
 * ```ts
 * planShards([['a', 6], ['b', 6], ['c', 3]], 10); // [['a'], ['b', 'c']]
 * ```
 */
export function planShards(sizes: Array<[string, number]>, maxBytes: number): string[][] {
  const shards: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const [name, n] of sizes) {
    if (n > maxBytes) {
      shards.push([name]);
      continue;
    }
    if (bytes + n > maxBytes && current.length) {
      shards.push(current);
      current = [];
      bytes = 0;
    }
    current.push(name);
    bytes += n;
  }
  if (current.length || shards.length === 0) shards.push(current);
  return shards;
}

/** `model.safetensors.index.json`: which shard holds each tensor. */
export interface PretrainedIndex {
  metadata: { total_size?: number; [key: string]: unknown };
  weight_map: Record<string, string>;
}

/**
 * Parses and validates an index: a JSON object whose `weight_map` maps every tensor name to a
 * `.safetensors` file in the same folder (no path separators), with an optional `metadata`
 * object whose `total_size` is a byte count. Problems are `FormatError`s naming the file and field.
 *
 * @example
 * ```ts
 * const index = parseIndex(text, 'models/big/model.safetensors.index.json');
 * new Set(Object.values(index.weight_map)); // the shards
 * ```
 */
export function parseIndex(text: string, where: string): PretrainedIndex {
  const fail = (msg: string, field?: string): never => {
    throw new FormatError(`${where}: ${msg}`, field === undefined ? undefined : { field });
  };
  let index: any;
  try {
    index = JSON.parse(text);
  } catch (e) {
    fail(`not valid JSON (${(e as Error).message})`);
  }
  if (!index || typeof index !== 'object' || Array.isArray(index)) fail('expected a JSON object');
  const map = index.weight_map;
  if (!map || typeof map !== 'object' || Array.isArray(map)) {
    fail('expected "weight_map": an object of tensor name → file name', 'weight_map');
  }
  if (Object.keys(map).length === 0) fail('"weight_map" is empty', 'weight_map');
  for (const [name, file] of Object.entries(map)) {
    if (typeof file !== 'string' || !/^[^/\\]+\.safetensors$/.test(file) || file.startsWith('.')) {
      fail(
        `weight_map['${name}'] must name a .safetensors file in the same folder, received ${JSON.stringify(file)}`,
        `weight_map.${name}`,
      );
    }
  }
  const meta = index.metadata ?? {};
  if (typeof meta !== 'object' || Array.isArray(meta)) fail('"metadata" must be an object', 'metadata');
  if (meta.total_size !== undefined && !(typeof meta.total_size === 'number' && meta.total_size >= 0)) {
    fail(
      `metadata.total_size must be a number of bytes, received ${JSON.stringify(meta.total_size)}`,
      'metadata.total_size',
    );
  }
  return { metadata: meta, weight_map: map };
}

/**
 * The index file's text as Hugging Face writes it (`json.dumps(index, indent=2, sort_keys=True)`).
 *
 * @example
 * ```ts
 * formatIndex({ 'a.weight': 'model-00001-of-00002.safetensors' }, 1024);
 * ```
 */
export function formatIndex(weightMap: Record<string, string>, totalSize: number): string {
  const sorted: Record<string, string> = {};
  for (const k of Object.keys(weightMap).sort()) sorted[k] = weightMap[k]!;
  return `${JSON.stringify({ metadata: { total_size: totalSize }, weight_map: sorted }, null, 2)}\n`;
}
