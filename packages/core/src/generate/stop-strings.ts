/**
 * Stop strings, as HF's `StopStringCriteria`: a sequence stops when a stop string ends inside the
 * text of its newest token (the string may start in earlier tokens, the prompt's included, and the
 * token may run past its end). Only a window of the last tokens is decoded — enough to hold the
 * longest stop string — twice per check (with and without the newest token), so the cost per step
 * does not grow with the sequence.
 *
 * @example
 * ```ts
 * const stop = new StopStrings(['\n\n'], (ids) => ids.map((i) => vocab[i]).join(''));
 * stop.hit([12, 7, 7]); // true if the text of token 7 completes "\n\n"
 * ```
 */
export class StopStrings {
  private readonly window: number;

  constructor(
    readonly strings: readonly string[],
    private readonly decode: (ids: number[]) => string,
  ) {
    // Tokens of at least one character each: a stop string of n characters spans at most n tokens.
    // A few more absorb tokens that decode to nothing and decoders that trim the first token.
    this.window = Math.max(0, ...strings.map((s) => s.length)) + 4;
  }

  /** Whether the newest token of `tokens` (the whole sequence, prompt included) completes a stop string. */
  hit(tokens: readonly number[]): boolean {
    if (this.strings.length === 0 || tokens.length === 0) return false;
    const tail = tokens.slice(Math.max(0, tokens.length - this.window));
    const text = this.decode(tail);
    const before = this.decode(tail.slice(0, -1)).length;
    for (const s of this.strings) {
      const at = text.lastIndexOf(s);
      if (at >= 0 && at + s.length > before) return true;
    }
    return false;
  }
}
