import { type LoaderExports, loaderModule } from './json-load-module';

/*
 * The host side of assembly/json-load.ts: the WebAssembly loops that read a tokenizer.json's vocabulary
 * and merges from its bytes (see that file for why they are WebAssembly). One load gets a memory of its
 * own: a window on the file (moved along as the loops read), a state block, then the arrays, handed out
 * in order. The tokenizer keeps views on that memory rather than copies — on a machine where a page
 * touched for the first time costs ~10 µs, memory written once is the load's main cost — so the memory
 * holds only a window of the file, never all of it.
 */

/** The loops' status codes (assembly/json-strings.ts). */
const DONE = 0;
const FULL = 2;
const MORE = 3;

const PAGE = 65536;
/** The file's window; a loop stops before an entry that starts in its last {@link MARGIN} bytes. */
const WINDOW = 1 << 18;
/** Longer than any entry of a real file: a longer one meets the window's end and fails (text path). */
const MARGIN = 1 << 16;
/** Bytes for merge parts with escapes (a longer one sends the load to the text path). */
const SCRATCH = 65536;

/** Where {@link WasmLoad.vocab} left a vocabulary: entry k is `keys[start[k], start[k + 1] − 1)` with id `ids[k]`. */
interface VocabAt {
  count: number;
  maxId: number;
  keys: number;
  keysLength: number;
  start: number;
  ids: number;
  hashes: number;
  slots: number;
  slotCount: number;
}

/** Where {@link WasmLoad.merges} left the merges and the rank table of their pairs. */
interface MergesAt {
  count: number;
  left: number;
  right: number;
  result: number;
  table: [number, number, number];
  slots: number;
  size: number;
}

/** The arrays of one load, as views on its memory (see {@link WasmLoad.finish}). */
export interface WasmLoaded {
  /** The vocabulary's token bytes (each followed by a 0 byte), ids, FNV-1a hashes, and its byte index's slots. */
  vocab: {
    keys: Uint8Array;
    start: Int32Array;
    ids: Int32Array;
    hashes: Int32Array;
    slots: Int32Array;
  };
  merges: {
    count: number;
    left: Int32Array;
    right: Int32Array;
    result: Int32Array;
    keysA: Int32Array;
    keysB: Int32Array;
    vals: Int32Array;
    size: number;
  } | null;
}

/**
 * One tokenizer.json load's WebAssembly memory: {@link vocab}, then {@link merges}, each from a position
 * in the file (just after the `{` or `[`), return false when the bytes are not what the fast path reads
 * (the caller then reads the file as text); {@link finish} gives the arrays.
 *
 * @example
 * ```ts
 * const load = WasmLoad.open(bytes); // null without WebAssembly
 * if (load?.vocab(at)) decoder.decode(load.tokenBytes());
 * ```
 */
export class WasmLoad {
  /** The file position after the vocabulary's `}` or the merges' `]` once a read is done. */
  pos = 0;
  /** Whether entry k of the vocabulary has id k for every k and no id is missing. */
  inOrder = false;
  private top: number;
  private readonly st: number;
  private readonly window: number;
  /** File position of the window's first byte, and the loops' `more` for it. */
  private from = 0;
  private more = 0;
  private v: VocabAt | null = null;
  private m: MergesAt | null = null;

  private constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly x: LoaderExports,
    private readonly b: Uint8Array,
  ) {
    this.top = 8;
    this.st = this.alloc(72); // assembly/json-strings.ts: STATE_BYTES
    this.window = this.alloc(WINDOW + 8);
  }

  /** A new memory for loading `b`, or null without WebAssembly. */
  static open(b: Uint8Array): WasmLoad | null {
    const mod = loaderModule();
    if (mod === null) return null;
    // the window, token bytes, the vocabulary's arrays and index, merges and their rank table (pages
    // are only reserved until written)
    const expected = WINDOW + SCRATCH + b.length + (1 << 21);
    const memory = new WebAssembly.Memory({ initial: Math.ceil(expected / PAGE) });
    const x = new WebAssembly.Instance(mod, { env: { memory } }).exports as unknown as LoaderExports;
    return new WasmLoad(memory, x, b);
  }

  private alloc(bytes: number): number {
    const at = this.top;
    this.top = (at + bytes + 7) & ~7;
    const need = this.top - this.memory.buffer.byteLength;
    if (need > 0) this.memory.grow(Math.ceil(need / PAGE));
    return at;
  }

  private i32(at: number, n: number): Int32Array<ArrayBuffer> {
    return new Int32Array(this.memory.buffer, at, n);
  }

  /** Copies the file from `pos` into the window (a 0 byte after it); returns the window's address. */
  private slide(pos: number): number {
    const n = Math.min(WINDOW, this.b.length - pos);
    const w = new Uint8Array(this.memory.buffer, this.window, n + 1);
    w.set(this.b.subarray(pos, pos + n));
    w[n] = 0;
    this.from = pos;
    // past the file's end nothing is cut off: no stop before the end
    this.more = pos + n === this.b.length ? 0x7fffffff : this.window + n - MARGIN;
    return this.window;
  }

  /**
   * Runs `loop` from file position `pos` to DONE (true) or failure (false), sliding the window on MORE
   * and calling `full` for FULL; the state starts with `keysEnd` and `maxId`.
   */
  private run(pos: number, loop: () => number, full: () => void, keysEnd = 0, maxId = 0): boolean {
    const s = this.i32(this.st, 7);
    s.fill(0);
    s[0] = this.slide(pos);
    s[2] = keysEnd;
    s[3] = maxId;
    for (;;) {
      const code = loop();
      const at = this.i32(this.st, 1)[0]! - this.window + this.from;
      if (code === MORE) this.i32(this.st, 1)[0] = this.slide(at);
      else if (code === FULL) full();
      else {
        this.pos = at;
        return code === DONE;
      }
    }
  }

  /** A larger array for FULL: the first `n` i32 at `at` copied to a new array of `cap`. */
  private enlarge(at: number, n: number, cap: number): number {
    const to = this.alloc(4 * cap);
    this.i32(to, n).set(this.i32(at, n));
    return to;
  }

  /** `"token": id` entries from `pos` (after the `{`) to the closing `}`, and their byte index. */
  vocab(pos: number): boolean {
    const { x, st } = this;
    // no token is longer than its literal, and each literal has two quotes for the separator
    const keysCap = this.b.length - pos + 8;
    const keys = this.alloc(keysCap);
    let cap = Math.max(1024, this.b.length >> 6);
    let ids = this.alloc(4 * cap);
    let hashes = this.alloc(4 * cap);
    let start = this.alloc(4 * cap + 4);
    const ok = this.run(
      pos,
      () => x.vocab(st, keys, ids, hashes, start, cap, keys + keysCap, this.more),
      () => {
        const n = this.i32(st, 2)[1]!;
        ids = this.enlarge(ids, n, 2 * cap);
        hashes = this.enlarge(hashes, n, 2 * cap);
        start = this.enlarge(start, n + 1, 2 * cap + 1);
        cap *= 2;
      },
      keys,
      -1,
    );
    if (!ok) return false;
    const [, count, keysEnd, maxId] = this.i32(st, 4);
    let slotCount = 1024;
    while (slotCount < count! * 2) slotCount <<= 1;
    const owner = this.alloc(4 * (maxId! + 1));
    const slots = this.alloc(4 * slotCount);
    const inOrder = x.index(st, keys, start, ids, hashes, count!, owner, slots, slotCount - 1) === 1;
    this.inOrder = inOrder && maxId === count! - 1;
    this.v = {
      count: count!,
      maxId: maxId!,
      keys,
      keysLength: keysEnd! - keys,
      start,
      ids,
      hashes,
      slots,
      slotCount,
    };
    return true;
  }

  /** The token bytes {@link vocab} read (a view, valid until the next read). */
  tokenBytes(): Uint8Array {
    return new Uint8Array(this.memory.buffer, this.v!.keys, this.v!.keysLength);
  }

  /** The largest id of the vocabulary. */
  maxId(): number {
    return this.v!.maxId;
  }

  /** The vocabulary's ids in file order (a view, valid until the next read). */
  tokenIds(): Int32Array {
    return this.i32(this.v!.ids, this.v!.count);
  }

  /** Merges from `pos` (after the `[`) to the closing `]`, looked up in the index {@link vocab} built. */
  merges(pos: number, expected: number): boolean {
    const { x, st } = this;
    let cap = Math.max(4096, expected);
    let left = this.alloc(4 * cap);
    let right = this.alloc(4 * cap);
    let result = this.alloc(4 * cap);
    let slots = 1 << 12;
    while (slots < cap * 2) slots <<= 1;
    let table = this.table(slots);
    const scratch = this.alloc(SCRATCH);
    const ok = this.run(
      pos,
      () => {
        const [a, b, v] = table;
        return x.merges(
          st,
          left,
          right,
          result,
          cap,
          a,
          b,
          v,
          slots - 1,
          scratch,
          scratch + SCRATCH,
          this.more,
        );
      },
      () => {
        const [, n, , , size] = this.i32(st, 5);
        if (n === cap) {
          left = this.enlarge(left, n, 2 * cap);
          right = this.enlarge(right, n, 2 * cap);
          result = this.enlarge(result, n, 2 * cap);
          cap *= 2;
        }
        if (size! >= (slots >> 1) - 8) {
          const to = this.table(2 * slots);
          x.rehash(table[0], table[1], table[2], slots, to[0], to[1], to[2], 2 * slots - 1);
          table = to;
          slots *= 2;
        }
      },
    );
    if (!ok) return false;
    const [, count, , , size] = this.i32(st, 5);
    this.m = { count: count!, left, right, result, table, slots, size: size! };
    return true;
  }

  /** An empty rank table of `slots` pairs: keys (−1 = free), second keys, values. */
  private table(slots: number): [number, number, number] {
    const t: [number, number, number] = [this.alloc(4 * slots), this.alloc(4 * slots), this.alloc(4 * slots)];
    this.i32(t[0], slots).fill(-1);
    return t;
  }

  /** The arrays, as views on the memory (nothing is allocated in it afterwards, so they stay valid). */
  finish(): WasmLoaded {
    const v = this.v!;
    const m = this.m;
    return {
      vocab: {
        keys: new Uint8Array(this.memory.buffer, v.keys, v.keysLength),
        start: this.i32(v.start, v.count + 1),
        ids: this.i32(v.ids, v.count),
        hashes: this.i32(v.hashes, v.count),
        slots: this.i32(v.slots, v.slotCount),
      },
      merges: m && {
        count: m.count,
        left: this.i32(m.left, m.count),
        right: this.i32(m.right, m.count),
        result: this.i32(m.result, m.count),
        keysA: this.i32(m.table[0], m.slots),
        keysB: this.i32(m.table[1], m.slots),
        vals: this.i32(m.table[2], m.slots),
        size: m.size,
      },
    };
  }
}
