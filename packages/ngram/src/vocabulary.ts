import { ArgumentError } from './errors';

/** Options of {@link Vocabulary.fromSentences}. */
export interface VocabularyOptions {
  /** Words seen fewer than `minCount` times in training are mapped to `unk`. Default 1 (keep every word). */
  minCount?: number;
  /** Sentence-start token. Default `'<s>'`. */
  bos?: string;
  /** Sentence-end token. Default `'</s>'`. */
  eos?: string;
  /** Unknown-word token. Default `'<unk>'`. */
  unk?: string;
}

/**
 * Interns tokens to integer ids. Ids 0, 1, 2 are always `<s>`, `</s>` and `<unk>`; the other words follow in
 * order of first occurrence. Unknown words (and words under the `minCount` threshold) map to `<unk>`.
 * `<s>` is only ever a context, never predicted, so models distribute probability over `size - 1` tokens.
 *
 * @example
 * ```ts
 * const vocab = Vocabulary.fromSentences([['a', 'b'], ['a']], { minCount: 2 });
 * vocab.id('a'); // 3
 * vocab.id('b'); // 2 (<unk>)
 * ```
 */
export class Vocabulary {
  static readonly BOS = 0;
  static readonly EOS = 1;
  static readonly UNK = 2;
  readonly bos: string;
  readonly eos: string;
  readonly unk: string;
  private readonly ids = new Map<string, number>();
  private readonly tokens: string[] = [];

  /**
   * Builds a vocabulary from special tokens and a list of words (duplicates and specials are ignored).
   *
   * @example
   * ```ts
   * const v = new Vocabulary(['the', 'cat']); // size 5
   * ```
   */
  constructor(words: Iterable<string> = [], specials: Omit<VocabularyOptions, 'minCount'> = {}) {
    this.bos = specials.bos ?? '<s>';
    this.eos = specials.eos ?? '</s>';
    this.unk = specials.unk ?? '<unk>';
    if (new Set([this.bos, this.eos, this.unk]).size !== 3) {
      throw new ArgumentError('specials', 'three distinct tokens for bos, eos and unk', [
        this.bos,
        this.eos,
        this.unk,
      ]);
    }
    for (const t of [this.bos, this.eos, this.unk]) this.add(t);
    for (const w of words) this.add(w);
  }

  /**
   * Counts words in pre-tokenised sentences and keeps those seen at least `minCount` times.
   *
   * @example
   * ```ts
   * Vocabulary.fromSentences([['to', 'be'], ['to']], { minCount: 2 }).size; // 4: <s> </s> <unk> to
   * ```
   */
  static fromSentences(sentences: Iterable<readonly string[]>, options: VocabularyOptions = {}): Vocabulary {
    const minCount = options.minCount ?? 1;
    if (!Number.isInteger(minCount) || minCount < 1) {
      throw new ArgumentError('options.minCount', 'an integer >= 1', minCount);
    }
    const counts = new Map<string, number>();
    for (const s of sentences) for (const w of s) counts.set(w, (counts.get(w) ?? 0) + 1);
    const kept: string[] = [];
    for (const [w, c] of counts) if (c >= minCount) kept.push(w);
    return new Vocabulary(kept, options);
  }

  private add(token: string): void {
    if (typeof token !== 'string') throw new ArgumentError('token', 'a string', token);
    if (this.ids.has(token)) return;
    this.ids.set(token, this.tokens.length);
    this.tokens.push(token);
  }

  /** Number of tokens including `<s>`, `</s>` and `<unk>`. @example `new Vocabulary(['a']).size // 4` */
  get size(): number {
    return this.tokens.length;
  }

  /** Id of `token`, or the id of `<unk>` when it is not in the vocabulary. @example `vocab.id('zzz') // 2` */
  id(token: string): number {
    return this.ids.get(token) ?? Vocabulary.UNK;
  }

  /** Whether `token` is in the vocabulary. @example `vocab.has('<s>') // true` */
  has(token: string): boolean {
    return this.ids.has(token);
  }

  /** Token with id `id`. @example `vocab.token(1) // '</s>'` */
  token(id: number): string {
    const t = this.tokens[id];
    if (t === undefined) throw new ArgumentError('id', `an integer in [0, ${this.tokens.length})`, id);
    return t;
  }

  /** All tokens in id order. @example `vocab.list() // ['<s>', '</s>', '<unk>', ...]` */
  list(): readonly string[] {
    return this.tokens;
  }
}
