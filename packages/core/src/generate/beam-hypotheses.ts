/** A finished beam-search hypothesis: its new tokens (EOS included) and length-penalised score. */
export interface Hypothesis {
  tokens: number[];
  score: number;
}

/**
 * The finished hypotheses of one prompt — HF's `BeamHypotheses` / the `sequences` +
 * `beam_scores` pair of its vectorised beam search: at most `numBeams`, the best by score; a new
 * one enters when there is room or when it beats the worst (on equal scores the older one stays).
 *
 * @example
 * ```ts
 * const done = new BeamHypotheses(2);
 * done.add([4, 2], -1.2); done.add([5, 2], -0.7); done.add([6, 2], -3);
 * done.best(2).map((h) => h.score); // [-0.7, -1.2]
 * ```
 */
export class BeamHypotheses {
  private readonly hyps: Hypothesis[] = [];

  constructor(readonly numBeams: number) {}

  get size(): number {
    return this.hyps.length;
  }

  /** Whether `numBeams` hypotheses are finished. */
  get full(): boolean {
    return this.hyps.length >= this.numBeams;
  }

  /** The lowest score kept (`-Infinity` while not full). */
  get worst(): number {
    return this.full ? this.hyps[this.hyps.length - 1]!.score : Number.NEGATIVE_INFINITY;
  }

  /** Adds a hypothesis if it makes the cut; returns whether it did. */
  add(tokens: number[], score: number): boolean {
    if (!(score > Number.NEGATIVE_INFINITY)) return false;
    if (this.full && !(score > this.worst)) return false;
    let at = this.hyps.length;
    while (at > 0 && this.hyps[at - 1]!.score < score) at--;
    this.hyps.splice(at, 0, { tokens, score });
    if (this.hyps.length > this.numBeams) this.hyps.pop();
    return true;
  }

  /** The best `n` hypotheses, best first. */
  best(n: number): Hypothesis[] {
    return this.hyps.slice(0, n);
  }
}
