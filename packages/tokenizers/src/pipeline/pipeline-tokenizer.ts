import { Encoding, truncateEncoding } from '../encoding';
import { ArgumentError, VocabularyError } from '../errors';
import type { AllowedSpecial } from '../special-tokens';
import { type DecodeOptions, type EncodeOptions, Tokenizer, truncationLimit } from '../tokenizer';
import { type AddedToken, AddedVocabulary } from './added-tokens';
import type { Decoder } from './decoders';
import { fastEncoderFor } from './fast-path';
import type { JsonObject } from './json';
import { NormalizedString } from './normalized-string';
import type { Normalizer } from './normalizers';
import type { PostProcessor } from './post-processors';
import type { PreTokenizer } from './pre-tokenizer';
import type { Segmenter } from './segmenters/segmenter';
import { SequenceEncoder } from './sequence-encoder';

/**
 * The stages of a {@link PipelineTokenizer} (the layout of a Hugging Face `tokenizer.json`).
 *
 * @example
 * ```ts
 * const parts: PipelineParts = {
 *   preTokenizer: new WhitespaceSplit(),
 *   segmenter: new WordLevelSegmenter(new Map([['[UNK]', 0], ['hi', 1]]), '[UNK]'),
 * };
 * new PipelineTokenizer(parts).encode('hi there').ids; // [1, 0]
 * ```
 */
export interface PipelineParts {
  normalizer?: Normalizer | null;
  preTokenizer?: PreTokenizer | null;
  /** The vocabulary algorithm (BPE, WordLevel, WordPiece): `tokenizer.json`'s `model`. */
  segmenter: Segmenter;
  postProcessor?: PostProcessor | null;
  decoder?: Decoder | null;
  addedTokens?: AddedToken[];
  /** Read special tokens in the text as plain text by default (see {@link PipelineTokenizer.splitSpecialTokens}). */
  splitSpecialTokens?: boolean;
  /**
   * Encode byte-level and SentencePiece-style BPE pipelines with their specialised one-pass encoders
   * (same ids and offsets, several times faster). Default `true`; `false` always runs the stages one by one.
   */
  fastPaths?: boolean;
}

/**
 * {@link PipelineParts} as they were before the segmenter was called so: with `model` for `segmenter`.
 *
 * @deprecated Pass `segmenter` instead of `model`.
 */
type LegacyPipelineParts = Omit<PipelineParts, 'segmenter'> & { model: Segmenter };

/** OOV statistics of a text. */
export interface OovReport {
  /** Tokens that became the unknown token. */
  unknown: number;
  /** All tokens from the text (special tokens excluded). */
  total: number;
  /** `unknown / total` (0 for an empty text). */
  rate: number;
}

const ROLE_NAMES: Record<string, string[]> = {
  pad: ['[PAD]', '<pad>', '<|pad|>', '<PAD>'],
  unk: ['[UNK]', '<unk>', '<|unk|>', '<UNK>'],
  bos: ['[BOS]', '<s>', '<|begin_of_text|>', '<bos>', '<BOS>', '<|startoftext|>'],
  eos: ['[EOS]', '</s>', '<|end_of_text|>', '<|endoftext|>', '<eos>', '<EOS>'],
  mask: ['[MASK]', '<mask>', '<MASK>'],
  cls: ['[CLS]', '<s>'],
  sep: ['[SEP]', '</s>'],
};

/**
 * normalizer → pre-tokenizer → segmenter (`tokenizer.json`'s `model`) → post-processor, with a decoder and added tokens: the
 * tokenizer behind `fromTokenizerJson`, the trained BPE tokenizers, and the word / character
 * tokenizers. Offsets are tracked through every stage.
 */
export class PipelineTokenizer extends Tokenizer {
  readonly normalizer: Normalizer | null;
  readonly preTokenizer: PreTokenizer | null;
  /** The vocabulary algorithm (BPE, WordLevel, WordPiece): `tokenizer.json`'s `model`. */
  readonly segmenter: Segmenter;
  readonly postProcessor: PostProcessor | null;
  readonly decoder: Decoder | null;
  readonly added: AddedVocabulary;
  /**
   * Read special tokens in `encode`'s text as plain text by default (Hugging Face's
   * `split_special_tokens`): for untrusted input. `false` (the default) matches them, as Hugging Face
   * does; `encode(text, { splitSpecialTokens })` decides per call.
   */
  splitSpecialTokens: boolean;
  private readonly specials: Map<string, number>;
  private readonly size: number;
  private readonly sequences: SequenceEncoder;

  constructor(parts: PipelineParts | LegacyPipelineParts) {
    super();
    const given = parts as (Partial<PipelineParts> & { model?: Segmenter }) | undefined;
    const segmenter = given?.segmenter ?? given?.model;
    if (!segmenter) {
      throw new ArgumentError('parts.segmenter', 'a segmenter (BPE, WordLevel or WordPiece)', segmenter);
    }
    this.normalizer = parts.normalizer ?? null;
    this.preTokenizer = parts.preTokenizer ?? null;
    this.segmenter = segmenter;
    this.postProcessor = parts.postProcessor ?? null;
    this.decoder = parts.decoder ?? null;
    const normalizer = this.normalizer;
    this.added = new AddedVocabulary(
      parts.addedTokens ?? [],
      normalizer ? (t) => normalizer.normalize(new NormalizedString(t)).text : null,
    );
    this.splitSpecialTokens = parts.splitSpecialTokens ?? false;
    const fast = parts.fastPaths === false ? null : fastEncoderFor(this);
    this.sequences = new SequenceEncoder(this, fast);
    this.specials = new Map(this.added.tokens.filter((t) => t.special).map((t) => [t.content, t.id]));
    let size = this.segmenter.vocabSize;
    for (const t of this.added.tokens) size = Math.max(size, t.id + 1);
    this.size = size;
    for (const [role, names] of Object.entries(ROLE_NAMES)) {
      const hit = names.find((n) => this.specials.has(n));
      if (hit) (this.roles as Record<string, string>)[role] = hit;
    }
    if (this.segmenter.unkToken !== null && this.segmenter.tokenToId(this.segmenter.unkToken) !== undefined)
      this.roles.unk = this.segmenter.unkToken;
  }

  /**
   * The segmenter under its old name.
   *
   * @deprecated Use {@link PipelineTokenizer.segmenter}.
   */
  get model(): Segmenter {
    return this.segmenter;
  }

  get vocabSize(): number {
    return this.size;
  }

  get specialTokens(): ReadonlyMap<string, number> {
    return this.specials;
  }

  tokenToId(token: string): number | undefined {
    return this.added.byContent.get(token)?.id ?? this.segmenter.tokenToId(token);
  }

  idToToken(id: number): string | undefined {
    return this.added.byId.get(id)?.content ?? this.segmenter.idToToken(id);
  }

  /** Vocabulary (segmenter tokens and added tokens) as token → id. */
  getVocab(): Map<string, number> {
    const v = this.segmenter.getVocab();
    for (const t of this.added.tokens) v.set(t.content, t.id);
    return v;
  }

  /** Which special tokens may match in `encode`'s text under `options`. */
  private allowedFor(options: EncodeOptions | undefined): AllowedSpecial {
    const split = options?.splitSpecialTokens;
    if (split === true) return 'none';
    if (options?.allowedSpecial !== undefined) return options.allowedSpecial;
    if (split === false) return 'all';
    return this.splitSpecialTokens ? 'none' : 'all';
  }

  /** Encodes one sequence without post-processing (type id `typeId`). */
  private encodeSequence(input: string, options: EncodeOptions | undefined, typeId: number): Encoding {
    if (typeof input !== 'string') throw new ArgumentError('encode(text)', 'a string', input);
    return this.sequences.encode(input, this.allowedFor(options), typeId, (id) => this.idToToken(id));
  }

  /**
   * The one-pass encoder this pipeline runs on — `'byte-level BPE'` (GPT-2, Llama 3, Qwen shapes) or
   * `'SentencePiece BPE'` (Llama 2, Gemma shapes) — or `null` when the stages run one by one.
   */
  get fastPath(): string | null {
    return this.sequences.fast?.kind ?? null;
  }

  /**
   * Encodes text (and optionally a second sequence), adds the post-processor's special tokens and
   * truncates to `maxLength` (longest sequence first for pairs).
   *
   * @example
   * ```ts
   * const bert = fromTokenizerJson(json);
   * const e = bert.encode('Hello!', { pair: 'Hi.' });
   * e.tokens;  // ['[CLS]', 'hello', '!', '[SEP]', 'hi', '.', '[SEP]']
   * e.typeIds; // [0, 0, 0, 0, 1, 1, 1]
   * ```
   */
  encode(text: string, options?: EncodeOptions): Encoding {
    let a = this.encodeSequence(text, options, 0);
    let b = options?.pair === undefined ? null : this.encodeSequence(options.pair, options, 1);
    const add = options?.addSpecialTokens !== false;
    const limit = truncationLimit(options);
    if (limit !== undefined) {
      const extra = add && this.postProcessor ? this.postProcessor.addedTokens(b !== null) : 0;
      const budget = Math.max(0, limit - extra);
      if (b === null) a = truncateEncoding(a, budget, options?.truncationSide, options?.stride ?? 0);
      else {
        let la = a.length;
        let lb = b.length;
        while (la + lb > budget) {
          if (la >= lb && la > 0) la--;
          else lb--;
        }
        a = truncateEncoding(a, la, options?.truncationSide);
        b = truncateEncoding(b, lb, options?.truncationSide);
      }
    }
    if (this.postProcessor) return this.postProcessor.process(a, b, add);
    return b ? Encoding.merge([a, b]) : a;
  }

  /** Decodes ids; unknown ids are a {@link VocabularyError}. */
  decode(ids: ArrayLike<number>, options?: DecodeOptions): string {
    const tokens: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const added = this.added.byId.get(id);
      if (added) {
        if (added.special && options?.skipSpecialTokens) continue;
        tokens.push(added.content);
        continue;
      }
      const t = this.segmenter.idToToken(id);
      if (t === undefined) this.badId(id);
      tokens.push(t);
    }
    if (this.decoder) return this.decoder.decodeChain(tokens).join('');
    return tokens.join(' ');
  }

  /**
   * How much of `text` falls outside the vocabulary: the share of tokens that became the
   * unknown token (for a word tokenizer, the out-of-vocabulary word rate).
   */
  oovRate(text: string): OovReport {
    const unk =
      this.segmenter.unkToken === null ? undefined : this.segmenter.tokenToId(this.segmenter.unkToken);
    const e = this.encode(text, { addSpecialTokens: false });
    let unknown = 0;
    let total = 0;
    for (let i = 0; i < e.ids.length; i++) {
      if (e.specialTokensMask[i]) continue;
      total++;
      if (e.ids[i] === unk) unknown++;
    }
    return { unknown, total, rate: total ? unknown / total : 0 };
  }

  /** The Hugging Face `tokenizer.json` object of this tokenizer. */
  toJSON(): JsonObject {
    return {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: this.added.toJSON(),
      normalizer: this.normalizer?.toJSON() ?? null,
      pre_tokenizer: this.preTokenizer?.toJSON() ?? null,
      post_processor: this.postProcessor?.toJSON() ?? null,
      decoder: this.decoder?.toJSON() ?? null,
      model: this.segmenter.toJSON(),
    };
  }

  /** `tokenizer.json` text (read back by `fromTokenizerJson`). */
  toTokenizerJson(indent?: number): string {
    return JSON.stringify(this.toJSON(), null, indent);
  }

  /** Throws unless `id` is an id of this tokenizer. */
  checkId(id: number): void {
    if (this.idToToken(id) === undefined) throw new VocabularyError(`id ${id} is not in the vocabulary`, id);
  }
}
