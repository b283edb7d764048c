import { FormatError } from '../errors';
import { base64Decode, base64Length } from './base64';
import { TokenTable } from './token-table';

/**
 * Collects `(base64 token, rank)` entries found by a rank-file parser (spans of the source bytes, not
 * strings) and builds the {@link TokenTable}, ordered by rank. Repeated ranks, repeated bytes and
 * ranks far beyond the number of tokens are {@link FormatError}s naming the `where` of each entry
 * (its line). Shared by the `.tiktoken` and js-tiktoken parsers.
 *
 * @example
 * ```ts
 * const src = new TextEncoder().encode('YQ== 0');
 * const b = new RankBuilder(src, 'tiktoken ranks');
 * b.add(0, 4, 0, 1);
 * b.build().size; // 1
 * ```
 */
export class RankBuilder {
  private cap = 1 << 10;
  private starts = new Uint32Array(this.cap);
  private ends = new Uint32Array(this.cap);
  private ranks = new Int32Array(this.cap);
  private lines = new Uint32Array(this.cap);
  private count = 0;
  private maxRank = -1;
  private totalBytes = 0;

  /**
   * @param src the source bytes every span points into
   * @param what how messages name the input (`tiktoken ranks`, `js-tiktoken bpe_ranks`)
   */
  constructor(
    private readonly src: Uint8Array,
    private readonly what: string,
  ) {}

  /**
   * Adds the base64 token `src[s, e)` with its rank; returns false (adding nothing) if the text is not
   * valid base64, for the caller's message.
   */
  add(s: number, e: number, rank: number, line: number): boolean {
    const len = base64Length(this.src, s, e);
    if (len < 0) return false;
    if (this.count === this.cap) {
      this.cap *= 2;
      this.starts = grow(this.starts, this.cap);
      this.ends = grow(this.ends, this.cap);
      this.ranks = grow(this.ranks, this.cap);
      this.lines = grow(this.lines, this.cap);
    }
    const k = this.count++;
    this.starts[k] = s;
    this.ends[k] = e;
    this.ranks[k] = rank;
    this.lines[k] = line;
    this.totalBytes += len;
    if (rank > this.maxRank) this.maxRank = rank;
    return true;
  }

  /** The table, ordered by rank; missing ranks are empty. */
  build(): TokenTable {
    const { src, count, maxRank, lines, what } = this;
    if (count === 0) throw new FormatError(`${what}: the input has no tokens`, { line: 1 });
    if (maxRank > count * 4 + 1024) {
      const k = this.ranks.indexOf(maxRank);
      throw new FormatError(
        `${what} line ${lines[k]}: rank ${maxRank} is far beyond the ${count} tokens in the input`,
        { line: lines[k] },
      );
    }
    const lineOfRank = new Uint32Array(maxRank + 1);
    const entryOfRank = new Int32Array(maxRank + 1).fill(-1);
    for (let k = 0; k < count; k++) {
      const r = this.ranks[k]!;
      if (entryOfRank[r] !== -1) {
        throw new FormatError(`${what} line ${lines[k]}: rank ${r} already given on line ${lineOfRank[r]}`, {
          line: lines[k],
        });
      }
      entryOfRank[r] = k;
      lineOfRank[r] = lines[k]!;
    }
    const start = new Uint32Array(maxRank + 2);
    const bytes = new Uint8Array(this.totalBytes);
    let pos = 0;
    for (let r = 0; r <= maxRank; r++) {
      start[r] = pos;
      const k = entryOfRank[r]!;
      if (k >= 0) pos = base64Decode(src, this.starts[k]!, this.ends[k]!, bytes, pos);
    }
    start[maxRank + 1] = pos;
    return new TokenTable(bytes, start, count, (r, o) => {
      throw new FormatError(
        `${what} line ${lineOfRank[r]}: the same token bytes already have rank ${o} (line ${lineOfRank[o]})`,
        { line: lineOfRank[r] },
      );
    });
  }
}

function grow<T extends Uint32Array | Int32Array>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}
