import { PairMap } from '../bpe/pair-table';
import { WasmLoad } from './json-bytes-wasm';
import { Unexpected } from './json-cursor';
import { ScannedVocab } from './json-scan';
import { ByteVocabIndex, ScannedMerges, setByteLookup } from './segmenters/byte-vocab';

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

/** A cursor over the bytes for the file's structure; the vocabulary and merges go through the WebAssembly loops of `json-bytes-wasm`. */
class ByteScanner {
  private i = 0;
  private load: WasmLoad | null = null;
  private tokens: (string | undefined)[] | null = null;
  private sawMerges = false;

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
        if (k === 'vocab' && c === OPEN_BRACE && this.tokens === null) {
          this.readVocab();
          cuts.push([s, this.i, '{}']);
        } else if (k === 'vocab' && c === OPEN_BRACKET) {
          throw new Unexpected(); // Unigram: read from the text
        } else if (k === 'merges' && c === OPEN_BRACKET && !this.sawMerges) {
          if (this.tokens === null) throw new Unexpected(); // merges before the vocabulary
          this.readMerges();
          cuts.push([s, this.i, '[]']);
        } else this.skipValue();
      });
    });
    const tokens = this.tokens;
    if (tokens === null) return null;
    const { vocab: v, merges: m } = this.load!.finish();
    setByteLookup(tokens, ByteVocabIndex.of(v.keys, v.start, v.ids, v.hashes, v.slots));
    const merges =
      m &&
      new ScannedMerges(
        tokens,
        PairMap.fromTable(m.keysA, m.keysB, m.vals, m.size),
        m.left,
        m.right,
        m.result,
        m.count,
      );
    let rest = '';
    let at = 0;
    for (const [s, e, put] of cuts) {
      rest += lenient.decode(b.subarray(at, s)) + put;
      at = e;
    }
    rest += lenient.decode(b.subarray(at));
    return { rest, vocab: new ScannedVocab(tokens), merges };
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

  /** `{"token": id, …}`: tokens hashed and copied by the WebAssembly loop, decoded at once. */
  private readVocab(): void {
    const load = WasmLoad.open(this.b);
    // no WebAssembly, or bytes the text path reads (and names if wrong)
    if (load === null || !load.vocab(this.i + 1)) throw new Unexpected();
    this.load = load;
    this.i = load.pos;
    let text: string;
    try {
      text = strict.decode(load.tokenBytes());
    } catch {
      throw new Unexpected(); // invalid UTF-8: the text path decodes it as a text decoder does
    }
    const parts = text.split('\0'); // one native call for all the token strings
    if (parts.length !== load.tokenIds().length + 1) throw new Unexpected();
    parts.pop();
    this.tokens = load.inOrder ? parts : placeTokens(parts, load.tokenIds(), load.maxId());
  }

  /** `["a b", …]` or `[["a", "b"], …]` by the WebAssembly loop, looked up in the vocabulary's byte index. */
  private readMerges(): void {
    if (!this.load!.merges(this.i + 1, 2 * this.tokens!.length)) throw new Unexpected();
    this.i = this.load!.pos;
    this.sawMerges = true;
  }
}

/** The token list by id from the tokens in file order (`ids[k]` is token k's id; a later entry wins). */
function placeTokens(parts: string[], ids: Int32Array, maxId: number): (string | undefined)[] {
  const tokens = new Array<string | undefined>(maxId + 1);
  for (let k = 0; k < parts.length; k++) tokens[ids[k]!] = parts[k];
  return tokens;
}
