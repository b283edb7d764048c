import { PairMap } from '../bpe/pair-table';
import { BATCH, DONE, FULL, MergesState, VocabState, vocabLoop } from './json-bytes-loops';
import { mergesLoop } from './json-bytes-merges';
import { Unexpected } from './json-cursor';
import { ScannedVocab } from './json-scan';
import {
  BYTE_SEED,
  ByteVocabIndex,
  hashBytes,
  isWellFormed,
  ScannedMerges,
  setByteLookup,
} from './segmenters/byte-vocab';

/**
 * What {@link scanTokenizerJsonBytes} found.
 *
 * @example
 * ```ts
 * const { rest, vocab, merges } = scanTokenizerJsonBytes(bytes)!;
 * ```
 */
export interface ScannedTokenizerJsonBytes {
  /** The text with `model.vocab` replaced by `{}` and `model.merges` by `[]`, for `JSON.parse`. */
  rest: string;
  vocab: ScannedVocab | null;
  merges: ScannedMerges | null;
}

const Q = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const SPACE = 32;

const lenient = new TextDecoder('utf-8', { ignoreBOM: true });
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/**
 * Reads `model.vocab` (a `{token: id}` object) and `model.merges` of a `tokenizer.json` straight from its
 * UTF-8 bytes, in one pass and without decoding the file: each token is hashed while it is copied into one
 * compact buffer (decoded at once into the token strings), and each merge is looked up in that hash index
 * as it is read — its parts and their concatenation — so the merge rules exist when the scan ends. Only
 * the rest of the file (a few kilobytes to a few megabytes of added tokens and settings) becomes text, for
 * `JSON.parse`. Returns `null` for anything unexpected — invalid UTF-8, a Unigram vocabulary, merges before
 * the vocabulary, a merge whose parts are not tokens (a continuing-subword prefix, or an error to report) —
 * and the caller reads the text the slower way, which also names what is wrong.
 *
 * @example
 * ```ts
 * const s = scanTokenizerJsonBytes(new TextEncoder().encode('{"model":{"vocab":{"a":0,"b":1,"ab":2},"merges":["a b"]}}'));
 * s?.vocab?.tokens; // ['a', 'b', 'ab']
 * s?.merges?.rules.result[0]; // 2
 * ```
 */
export function scanTokenizerJsonBytes(bytes: Uint8Array): ScannedTokenizerJsonBytes | null {
  try {
    // a Node Buffer is a Uint8Array subclass, slower to index before the code is optimized
    const plain =
      bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    return new ByteScanner(plain).run();
  } catch (e) {
    if (e instanceof Unexpected || e instanceof SyntaxError) return null;
    throw e;
  }
}

/** A cursor over the bytes for the file's structure; the vocabulary and merges go through the loops of `json-bytes-loops`. */
class ByteScanner {
  private i = 0;
  private tokens: (string | undefined)[] | null = null;
  private index: ByteVocabIndex | null = null;
  private vocab: ScannedVocab | null = null;
  private merges: ScannedMerges | null = null;
  private readonly ids = new Int32Array(3);

  constructor(private readonly b: Uint8Array) {}

  run(): ScannedTokenizerJsonBytes | null {
    const b = this.b;
    const cuts: [number, number, string][] = [];
    let sawModel = false;
    this.ws();
    this.expect(OPEN_BRACE);
    this.members((key) => {
      if (key !== 'model' || sawModel || b[this.i] !== OPEN_BRACE) return this.skipValue();
      sawModel = true;
      this.i++;
      this.members((k) => {
        const c = b[this.i];
        const s = this.i;
        if (k === 'vocab' && c === OPEN_BRACE && this.vocab === null) {
          this.readVocab();
          cuts.push([s, this.i, '{}']);
        } else if (k === 'vocab' && c === OPEN_BRACKET) {
          throw new Unexpected(); // Unigram: read from the text
        } else if (k === 'merges' && c === OPEN_BRACKET && this.merges === null) {
          if (this.index === null) throw new Unexpected(); // merges before the vocabulary
          this.readMerges();
          cuts.push([s, this.i, '[]']);
        } else this.skipValue();
      });
    });
    if (this.vocab === null) return null;
    let rest = '';
    let at = 0;
    for (const [s, e, put] of cuts) {
      rest += lenient.decode(b.subarray(at, s)) + put;
      at = e;
    }
    rest += lenient.decode(b.subarray(at));
    return { rest, vocab: this.vocab, merges: this.merges };
  }

  private ws(): void {
    const b = this.b;
    let i = this.i;
    for (let c = b[i]; c === SPACE || c === 10 || c === 13 || c === 9; c = b[++i]);
    this.i = i;
  }

  private expect(c: number): void {
    if (this.b[this.i] !== c) throw new Unexpected();
    this.i++;
  }

  /** `"key": value` members up to `}`; `onValue(key)` must consume the value. */
  private members(onValue: (key: string) => void): void {
    this.ws();
    if (this.b[this.i] === CLOSE_BRACE) {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      const s = this.i;
      const e = this.stringEnd();
      const key = JSON.parse(lenient.decode(this.b.subarray(s, e + 1))) as string;
      this.i = e + 1;
      this.ws();
      this.expect(COLON);
      this.ws();
      onValue(key);
      this.ws();
      const c = this.b[this.i++];
      if (c === CLOSE_BRACE) return;
      if (c !== COMMA) throw new Unexpected();
    }
  }

  /** Index of the closing quote of the string literal at the position. */
  private stringEnd(): number {
    const b = this.b;
    let i = this.i;
    if (b[i] !== Q) throw new Unexpected();
    for (let c = b[++i]; c !== Q; c = b[++i]) {
      if (c === BACKSLASH) i++;
      else if (c === undefined) throw new Unexpected();
    }
    return i;
  }

  private skipValue(): void {
    const b = this.b;
    const c = b[this.i];
    if (c === Q) {
      this.i = this.stringEnd() + 1;
      return;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      let depth = 0;
      for (;;) {
        const d = b[this.i];
        if (d === Q) {
          this.i = this.stringEnd() + 1;
          continue;
        }
        if (d === undefined) throw new Unexpected();
        this.i++;
        if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
        else if ((d === CLOSE_BRACE || d === CLOSE_BRACKET) && --depth === 0) return;
      }
    }
    const s = this.i; // number, true, false, null
    for (
      let d = b[this.i];
      d !== undefined && d > SPACE && d !== COMMA && d !== CLOSE_BRACE && d !== CLOSE_BRACKET;
      d = b[++this.i]
    );
    if (this.i === s) throw new Unexpected();
  }

  /** `{"token": id, …}`: tokens hashed and copied into one buffer by {@link vocabLoop}, decoded at once, indexed. */
  private readVocab(): void {
    const b = this.b;
    this.i++;
    this.ws();
    const st = new VocabState(b, this.i);
    if (b[this.i] === CLOSE_BRACE) st.i++;
    else {
      for (;;) {
        const code = vocabLoop(st);
        if (code === DONE) break;
        if (code === BATCH) continue;
        if (code === FULL) st.grow();
        else if (this.escapedKey(st)) break;
      }
    }
    this.i = st.i;
    let text: string;
    try {
      text = strict.decode(st.keys.subarray(0, st.kn));
    } catch {
      throw new Unexpected(); // invalid UTF-8: the text path decodes it as a text decoder does
    }
    const parts = text.split('\0'); // one native call for all the token strings
    if (parts.length !== st.n + 1) throw new Unexpected();
    parts.length = st.n;
    const owner = new Int32Array(st.maxId + 1);
    const tokens = placeTokens(parts, st.ids, st.n, st.maxId, owner);
    const index = ByteVocabIndex.build(st.keys.slice(0, st.kn), st.start, st.ids, st.hashes, st.n, owner);
    setByteLookup(tokens, index);
    this.tokens = tokens;
    this.index = index;
    this.vocab = new ScannedVocab(tokens);
  }

  /** The entry with an escaped token at the position (see {@link ESCAPE}); returns whether the object ended. */
  private escapedKey(st: VocabState): boolean {
    this.i = st.i;
    const token = this.string();
    if (!isWellFormed(token) || token.includes('\0')) throw new Unexpected();
    const w = encoder.encodeInto(token, st.keys.subarray(st.kn)).written;
    const h = hashBytes(st.keys, st.kn, st.kn + w, BYTE_SEED);
    st.kn += w;
    this.ws();
    this.expect(COLON);
    this.ws();
    const s = this.i;
    let id = 0;
    for (let c = this.b[s]; c !== undefined && c >= 48 && c <= 57; c = this.b[++this.i])
      id = id * 10 + (c - 48);
    if (this.i === s || this.i - s > 10 || (this.b[s] === 48 && this.i - s > 1)) throw new Unexpected();
    st.add(id, h);
    return this.separator(CLOSE_BRACE, st);
  }

  /** `,` or `close` after an entry, `st.i` moved past it; returns whether it was `close`. */
  private separator(close: number, st: { i: number }): boolean {
    this.ws();
    const c = this.b[this.i++];
    st.i = this.i;
    if (c === close) return true;
    if (c !== COMMA) throw new Unexpected();
    return false;
  }

  /** `["a b", …]` or `[["a", "b"], …]` by {@link mergesLoop}: the rules exist when the array ends. */
  private readMerges(): void {
    this.i++;
    this.ws();
    const st = new MergesState(this.b, this.i, this.index!, 2 * this.tokens!.length);
    if (this.b[this.i] === CLOSE_BRACKET) st.i++;
    else {
      for (;;) {
        const code = mergesLoop(st);
        if (code === DONE) break;
        if (code === BATCH) continue;
        if (code === FULL) st.grow();
        else {
          this.i = st.i;
          this.escapedMerge();
          st.add(this.ids[0]!, this.ids[1]!, this.ids[2]!);
          if (this.separator(CLOSE_BRACKET, st)) break;
        }
      }
    }
    this.i = st.i;
    const ranks = PairMap.fromTable(st.keysA, st.keysB, st.vals, st.size);
    this.merges = new ScannedMerges(this.tokens!, ranks, st.left, st.right, st.result, st.n);
  }

  /** A merge with JSON escapes, in either form, at the position: its three ids into `this.ids`. */
  private escapedMerge(): void {
    const b = this.b;
    let a: string;
    let r: string;
    if (b[this.i] === Q) {
      const s = this.i;
      const e = this.stringEnd();
      const m = JSON.parse(lenient.decode(b.subarray(s, e + 1))) as string;
      const sp = m.indexOf(' ', 1);
      if (sp < 0 || m.indexOf(' ', sp + 1) >= 0) throw new Unexpected();
      a = m.slice(0, sp);
      r = m.slice(sp + 1);
      this.i = e + 1;
    } else {
      this.i++;
      this.ws();
      a = this.string();
      this.ws();
      this.expect(COMMA);
      this.ws();
      r = this.string();
      this.ws();
      this.expect(CLOSE_BRACKET);
    }
    if (!isWellFormed(a) || !isWellFormed(r)) throw new Unexpected();
    const x = encoder.encode(a);
    const y = encoder.encode(r);
    const ha = hashBytes(x, 0, x.length, BYTE_SEED);
    const index = this.index!;
    this.ids[0] = index.find(ha, x, 0, x.length);
    this.ids[1] = index.find(hashBytes(y, 0, y.length, BYTE_SEED), y, 0, y.length);
    this.ids[2] = index.findConcat(hashBytes(y, 0, y.length, ha), x, 0, x.length, y, 0, y.length);
  }

  private string(): string {
    const s = this.i;
    const e = this.stringEnd();
    this.i = e + 1;
    return JSON.parse(lenient.decode(this.b.subarray(s, e + 1))) as string;
  }
}

/**
 * The token list from the tokens in file order: that list itself when entry `k` has id `k` (the usual
 * file), else a list by id. `owner[id]` = the last entry that named `id`.
 */
function placeTokens(
  parts: string[],
  ids: Int32Array,
  n: number,
  maxId: number,
  owner: Int32Array,
): (string | undefined)[] {
  let inOrder = maxId === n - 1;
  for (let k = 0; k < n; k++) {
    const id = ids[k]!;
    owner[id] = k;
    if (id !== k) inOrder = false;
  }
  if (inOrder) return parts;
  const tokens = new Array<string | undefined>(maxId + 1);
  for (let k = 0; k < n; k++) tokens[ids[k]!] = parts[k];
  return tokens;
}
