/** Char codes the JSON scanners look for. */
export const C = {
  Quote: 34,
  Backslash: 92,
  Colon: 58,
  Comma: 44,
  OpenBrace: 123,
  CloseBrace: 125,
  OpenBracket: 91,
  CloseBracket: 93,
  Space: 32,
} as const;

/** Thrown by a {@link JsonCursor} when the text is not what it expects; callers fall back to `JSON.parse`. */
export class Unexpected extends Error {}

/**
 * A position in JSON text with the few moves a hand-written reader needs — skip whitespace, expect a char,
 * walk an object's members, find a string's end (by `indexOf`, escapes only where a backslash falls inside),
 * skip a value — throwing {@link Unexpected} on anything else. Used to read `tokenizer.json`'s vocabulary and
 * merges without building them as JSON values.
 *
 * @example
 * ```ts
 * const c = new JsonCursor('{"a": [1, 2], "b": "x"}');
 * c.expect(C.OpenBrace);
 * c.members(C.CloseBrace, (key) => (key === 'b' ? console.log(c.string()) : c.skipValue())); // x
 * ```
 */
export class JsonCursor {
  /** The current position. */
  i = 0;
  /** Whether the last string literal seen by {@link stringEnd} has escapes. */
  esc = false;
  /** Position of the next backslash at or after the last string start (text length: none). */
  private nextBackslash = -1;
  constructor(readonly t: string) {}

  /** Skips JSON whitespace. */
  ws(): void {
    const t = this.t;
    let i = this.i;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
    this.i = i;
  }

  /** Steps over the char `c`, or throws {@link Unexpected}. */
  expect(c: number): void {
    if (this.t.charCodeAt(this.i) !== c) throw new Unexpected();
    this.i++;
  }

  /** `"key": value` members up to `close`; `onValue(key)` is called at each value and must consume it. */
  members(close: number, onValue: (key: string) => void): void {
    this.ws();
    if (this.t.charCodeAt(this.i) === close) {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      const key = this.string();
      this.ws();
      this.expect(C.Colon);
      this.ws();
      onValue(key);
      this.ws();
      const c = this.t.charCodeAt(this.i++);
      if (c === close) return;
      if (c !== C.Comma) throw new Unexpected();
    }
  }

  /** End (index of the closing quote) of the string literal at `this.i`; `this.esc` tells whether it has escapes. */
  stringEnd(): number {
    const t = this.t;
    const j = this.i;
    if (t.charCodeAt(j) !== C.Quote) throw new Unexpected();
    // the closing quote by indexOf (native); escapes only where the next backslash falls inside
    let end = t.indexOf('"', j + 1);
    if (end < 0) throw new Unexpected();
    if (this.nextBackslash < j) {
      const b = t.indexOf('\\', j);
      this.nextBackslash = b < 0 ? t.length : b;
    }
    if (this.nextBackslash > end) {
      this.esc = false;
      return end;
    }
    let k = j + 1;
    for (; ; k++) {
      const c = t.charCodeAt(k);
      if (c === C.Quote) break;
      if (c === C.Backslash) k++;
      else if (Number.isNaN(c)) throw new Unexpected();
    }
    end = k;
    this.esc = true;
    return end;
  }

  /** The string literal at the position (unescaped), stepping over it. */
  string(): string {
    const s = this.i;
    const e = this.stringEnd();
    this.i = e + 1;
    return this.esc ? (JSON.parse(this.t.slice(s, e + 1)) as string) : this.t.slice(s + 1, e);
  }

  /** Steps over the value at the position (string, object, array, number or literal). */
  skipValue(): void {
    const t = this.t;
    const c = t.charCodeAt(this.i);
    if (c === C.Quote) {
      this.i = this.stringEnd() + 1;
      return;
    }
    if (c === C.OpenBrace || c === C.OpenBracket) {
      let depth = 0;
      for (;;) {
        const d = t.charCodeAt(this.i);
        if (d === C.Quote) {
          this.i = this.stringEnd() + 1;
          continue;
        }
        if (Number.isNaN(d)) throw new Unexpected();
        this.i++;
        if (d === C.OpenBrace || d === C.OpenBracket) depth++;
        else if (d === C.CloseBrace || d === C.CloseBracket) {
          if (--depth === 0) return;
        }
      }
    }
    // number, true, false, null
    const s = this.i;
    for (;;) {
      const d = t.charCodeAt(this.i);
      if (Number.isNaN(d) || d === C.Comma || d === C.CloseBrace || d === C.CloseBracket || d <= 32) break;
      this.i++;
    }
    if (this.i === s) throw new Unexpected();
  }
}
