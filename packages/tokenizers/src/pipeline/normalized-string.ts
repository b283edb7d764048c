/**
 * A string after normalization that remembers, for every UTF-16 unit, which `[start, end)` range of
 * the original input it came from — so offsets survive NFKC, lowercasing, accent stripping and
 * byte-level mapping. `align === null` means "unit i came from original `base + i`".
 */
export class NormalizedString {
  constructor(
    readonly text: string,
    readonly base = 0,
    /** `[start0, end0, start1, end1, …]`, two entries per unit of `text`, or null for identity. */
    readonly align: Int32Array | null = null,
  ) {}

  get length(): number {
    return this.text.length;
  }

  /** Original `[start, end)` of the normalized range `[a, b)`. */
  originalRange(a: number, b: number): [number, number] {
    if (this.align === null) return [this.base + a, this.base + b];
    if (b <= a) {
      if (this.text.length === 0) return [this.base, this.base];
      const at = Math.min(a, this.text.length - 1);
      const s = a >= this.text.length ? this.align[2 * at + 1]! : this.align[2 * at]!;
      return [s, s];
    }
    let s = this.align[2 * a]!;
    let e = this.align[2 * (b - 1) + 1]!;
    // units of one source char may be reordered by normalization; widen to cover all
    for (let i = a; i < b; i++) {
      if (this.align[2 * i]! < s) s = this.align[2 * i]!;
      if (this.align[2 * i + 1]! > e) e = this.align[2 * i + 1]!;
    }
    return [s, e];
  }

  /** The sub-range `[a, b)`, keeping its alignment. */
  slice(a: number, b: number): NormalizedString {
    if (a === 0 && b === this.text.length) return this;
    return new NormalizedString(
      this.text.slice(a, b),
      this.align === null ? this.base + a : 0,
      this.align === null ? null : this.align.subarray(2 * a, 2 * b),
    );
  }

  /**
   * Rewrites the string chunk by chunk: `chunks` yields `[start, end)` ranges covering the text in
   * order and `fn` maps each chunk's text to its replacement. Every unit of a replacement is aligned
   * to the original range of the whole chunk. Unchanged chunks keep their exact alignment.
   */
  mapChunks(chunks: Iterable<[number, number]>, fn: (s: string, index: number) => string): NormalizedString {
    const parts: string[] = [];
    const al: number[] = [];
    let changed = false;
    let k = 0;
    for (const [a, b] of chunks) {
      const src = this.text.slice(a, b);
      const out = fn(src, k++);
      parts.push(out);
      if (out === src) {
        for (let i = a; i < b; i++) {
          const [s, e] = this.originalRange(i, i + 1);
          al.push(s, e);
        }
      } else {
        changed = true;
        const [s, e] = this.originalRange(a, b);
        for (let i = 0; i < out.length; i++) al.push(s, e);
      }
    }
    if (!changed) return this;
    return new NormalizedString(parts.join(''), 0, Int32Array.from(al));
  }

  /**
   * Prepends `s`, aligned to the original range of the first char (as Hugging Face's `prepend`: the `▁` a
   * `Prepend` normalizer or `Metaspace` adds belongs to the char it precedes).
   */
  prepend(s: string): NormalizedString {
    if (!s) return this;
    const c = this.text.charCodeAt(0);
    const w = c >= 0xd800 && c <= 0xdbff && (this.text.charCodeAt(1) & 0xfc00) === 0xdc00 ? 2 : 1;
    const [o, oe] = this.text.length ? this.originalRange(0, w) : this.originalRange(0, 0);
    const al = new Int32Array(2 * (s.length + this.text.length));
    for (let i = 0; i < s.length; i++) {
      al[2 * i] = o;
      al[2 * i + 1] = oe;
    }
    for (let i = 0; i < this.text.length; i++) {
      const [a, b] = this.originalRange(i, i + 1);
      al[2 * (s.length + i)] = a;
      al[2 * (s.length + i) + 1] = b;
    }
    return new NormalizedString(s + this.text, 0, al);
  }
}

/** Code-point chunks `[start, end)` of `text`. */
export function* codePointChunks(text: string): Generator<[number, number]> {
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    const w =
      c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
        ? 2
        : 1;
    yield [i, i + w];
    i += w;
  }
}

const CLUSTER = /\P{M}[\p{M}\u1160-\u11ff]*|[\p{M}\u1160-\u11ff]+/gsu;

/** A base character with its combining marks (the unit that Unicode normalization may recompose). */
export function* markClusters(text: string): Generator<[number, number]> {
  CLUSTER.lastIndex = 0;
  for (let m = CLUSTER.exec(text); m !== null; m = CLUSTER.exec(text)) yield [m.index, m.index + m[0].length];
}
