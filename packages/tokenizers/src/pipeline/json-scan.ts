import { C, JsonCursor, Unexpected } from './json-cursor';
import type { MergeRanges } from './segmenters/merge-rules';
import { serdeJsonNumber } from './serde-number';

/**
 * A `model.vocab` object read straight from `tokenizer.json` text: the token of each id.
 *
 * @example
 * ```ts
 * new ScannedVocab(['a', 'b']).tokens[1]; // 'b'
 * ```
 */
export class ScannedVocab {
  constructor(readonly tokens: (string | undefined)[]) {}
}

/**
 * A Unigram `model.vocab` (`[[piece, score], …]`) read straight from `tokenizer.json` text, each score read
 * from its literal as Hugging Face's JSON parser reads it ({@link serdeJsonNumber}).
 *
 * @example
 * ```ts
 * new ScannedUnigramVocab([['<unk>', 0], ['▁a', -2.5]]).pieces[1]; // ['▁a', -2.5]
 * ```
 */
export class ScannedUnigramVocab {
  constructor(readonly pieces: [string, number][]) {}
}

/**
 * What {@link scanTokenizerJson} found.
 *
 * @example
 * ```ts
 * const { rest, vocab, merges }: ScannedTokenizerJson = scanTokenizerJson(text)!;
 * ```
 */
export interface ScannedTokenizerJson {
  /** The text with `model.vocab` and `model.merges` replaced by `{}` (`[]` for an array) and `[]`, for `JSON.parse`. */
  rest: string;
  vocab: ScannedVocab | ScannedUnigramVocab | null;
  merges: MergeRanges | null;
}

/** Control chars that cannot appear raw in JSON, even between tokens. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: raw control chars are what it looks for
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

/**
 * Reads `model.vocab` (a `{token: id}` object) and `model.merges` of a `tokenizer.json` text in one pass,
 * without `JSON.parse` building a 100,000-key object and hundreds of thousands of merge strings: the
 * vocabulary becomes an id → token array and the merges become ranges of the text (strings only where
 * JSON escapes need decoding). Returns `null` for anything unexpected (the caller then parses the whole
 * text, which also reports syntax errors with their line).
 *
 * @example
 * ```ts
 * const s = scanTokenizerJson('{"model":{"type":"BPE","vocab":{"a":0,"b":1,"ab":2},"merges":["a b"]}}');
 * s?.vocab?.tokens; // ['a', 'b', 'ab']
 * JSON.parse(s!.rest); // { model: { type: 'BPE', vocab: {}, merges: [] } }
 * ```
 */
export function scanTokenizerJson(text: string): ScannedTokenizerJson | null {
  try {
    return new Scanner(text).run();
  } catch (e) {
    // A malformed string literal (JSON.parse of an escape) is handled like any other surprise: the
    // caller falls back to JSON.parse of the whole text, whose error names the line and column.
    if (e instanceof Unexpected || e instanceof SyntaxError) return null;
    throw e;
  }
}

/** Reads the model's vocabulary and merges through a {@link JsonCursor}. */
class Scanner extends JsonCursor {
  private side = '';

  run(): ScannedTokenizerJson | null {
    const t = this.t;
    this.ws();
    this.expect(C.OpenBrace);
    let vocab: ScannedVocab | ScannedUnigramVocab | null = null;
    let merges: MergeRanges | null = null;
    let vocabRange: [number, number] | null = null;
    let mergesRange: [number, number] | null = null;
    let sawModel = false;
    this.members(C.CloseBrace, (key) => {
      if (key !== 'model' || sawModel || t.charCodeAt(this.i) !== C.OpenBrace) {
        this.skipValue();
        return;
      }
      sawModel = true;
      this.i++;
      this.members(C.CloseBrace, (k) => {
        const c = t.charCodeAt(this.i);
        const start = this.i;
        if (k === 'vocab' && c === C.OpenBrace && vocab === null) {
          vocab = this.vocab();
          vocabRange = [start, this.i];
        } else if (k === 'vocab' && c === C.OpenBracket && vocab === null) {
          vocab = this.unigramVocab();
          vocabRange = [start, this.i];
        } else if (k === 'merges' && c === C.OpenBracket && merges === null) {
          merges = this.merges();
          mergesRange = [start, this.i];
        } else this.skipValue();
      });
    });
    if (vocab === null && merges === null) return null;
    // a raw control char inside a string is invalid JSON (the fast string scan does not look at each char)
    for (const r of [vocabRange, mergesRange] as ([number, number] | null)[]) {
      if (r && CONTROL.test(t.slice(r[0], r[1]))) return null;
    }
    const cuts: [number, number, string][] = [];
    const scanned = vocab as ScannedVocab | ScannedUnigramVocab | null;
    if (vocabRange)
      cuts.push([...(vocabRange as [number, number]), scanned instanceof ScannedVocab ? '{}' : '[]']);
    if (mergesRange) cuts.push([...(mergesRange as [number, number]), '[]']);
    cuts.sort((a, b) => a[0] - b[0]);
    let rest = '';
    let at = 0;
    for (const [s, e, put] of cuts) {
      rest += t.slice(at, s) + put;
      at = e;
    }
    rest += t.slice(at);
    return { rest, vocab, merges };
  }

  private vocab(): ScannedVocab {
    const t = this.t;
    const tokens: (string | undefined)[] = [];
    let count = 0;
    this.i++;
    this.members(C.CloseBrace, (key) => {
      let id = 0;
      let j = this.i;
      const s = j;
      for (let c = t.charCodeAt(j); c >= 48 && c <= 57; c = t.charCodeAt(++j)) id = id * 10 + (c - 48);
      // a non-integer or far-apart id: let the object path report or handle it
      if (j === s || j - s > 10 || id > 4 * ++count + 65536) throw new Unexpected();
      this.i = j;
      tokens[id] = key;
    });
    return new ScannedVocab(tokens);
  }

  private unigramVocab(): ScannedUnigramVocab {
    const t = this.t;
    const pieces: [string, number][] = [];
    this.i++;
    this.ws();
    if (t.charCodeAt(this.i) === C.CloseBracket) {
      this.i++;
      return new ScannedUnigramVocab(pieces);
    }
    for (;;) {
      this.ws();
      this.expect(C.OpenBracket);
      this.ws();
      const piece = this.string();
      this.ws();
      this.expect(C.Comma);
      this.ws();
      const s = this.i;
      this.skipValue();
      const score = serdeJsonNumber(t.slice(s, this.i));
      if (Number.isNaN(score)) throw new Unexpected();
      this.ws();
      this.expect(C.CloseBracket);
      pieces.push([piece, score]);
      this.ws();
      const d = t.charCodeAt(this.i++);
      if (d === C.CloseBracket) break;
      if (d !== C.Comma) throw new Unexpected();
    }
    return new ScannedUnigramVocab(pieces);
  }

  private merges(): MergeRanges {
    const t = this.t;
    const base = t.length;
    let bounds = new Int32Array(4096);
    let n = 0;
    this.i++;
    this.ws();
    if (t.charCodeAt(this.i) === C.CloseBracket) this.i++;
    else {
      for (;;) {
        if (bounds.length < 4 * n + 4) {
          const b = new Int32Array(bounds.length * 2);
          b.set(bounds);
          bounds = b;
        }
        this.ws();
        const c = t.charCodeAt(this.i);
        if (c === C.Quote) {
          const s = this.i + 1;
          const e = this.stringEnd();
          this.i = e + 1;
          let src = t;
          let off = 0;
          let from = s;
          let to = e;
          if (this.esc) {
            const str = JSON.parse(t.slice(s - 1, e + 1)) as string;
            off = base + this.side.length;
            this.side += str;
            src = str;
            from = 0;
            to = str.length;
          }
          const sp = src.indexOf(' ', from + 1);
          // no space, or a second one ("a b c"): the object path reports it
          if (sp < 0 || sp >= to) throw new Unexpected();
          const second = src.indexOf(' ', sp + 1);
          if (second >= 0 && second < to) throw new Unexpected();
          bounds[4 * n] = off + from;
          bounds[4 * n + 1] = off + sp;
          bounds[4 * n + 2] = off + sp + 1;
          bounds[4 * n + 3] = off + to;
        } else if (c === C.OpenBracket) {
          this.i++;
          this.ws();
          const as = this.i + 1;
          const ae = this.stringEnd();
          const aEsc = this.esc;
          this.i = ae + 1;
          this.ws();
          this.expect(C.Comma);
          this.ws();
          const bs = this.i + 1;
          const be = this.stringEnd();
          const bEsc = this.esc;
          this.i = be + 1;
          this.ws();
          this.expect(C.CloseBracket);
          if (aEsc || bEsc) {
            const a = JSON.parse(t.slice(as - 1, ae + 1)) as string;
            const b = JSON.parse(t.slice(bs - 1, be + 1)) as string;
            const off = base + this.side.length;
            this.side += a + b;
            bounds[4 * n] = off;
            bounds[4 * n + 1] = off + a.length;
            bounds[4 * n + 2] = off + a.length;
            bounds[4 * n + 3] = off + a.length + b.length;
          } else {
            bounds[4 * n] = as;
            bounds[4 * n + 1] = ae;
            bounds[4 * n + 2] = bs;
            bounds[4 * n + 3] = be;
          }
        } else throw new Unexpected();
        n++;
        this.ws();
        const d = t.charCodeAt(this.i++);
        if (d === C.CloseBracket) break;
        if (d !== C.Comma) throw new Unexpected();
      }
    }
    return { text: t, side: this.side, bounds: bounds.subarray(0, 4 * n), count: n };
  }
}
