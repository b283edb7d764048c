/**
 * Where a pipeline writes the tokens of one sequence: ids, UTF-16 `[start, end)` offsets in the input,
 * and the word (pre-tokenizer piece) of each token. `word` is the index of the next word. Fast encoders
 * write only `ids` when `record` is false (offsets are then made by a second, recording pass if asked for).
 *
 * @example
 * ```ts
 * const sink: SequenceSink = { ids: [], starts: [], ends: [], words: [], word: 0, record: true };
 * ```
 */
export interface SequenceSink {
  ids: number[];
  starts: number[];
  ends: number[];
  words: number[];
  word: number;
  record: boolean;
}

/**
 * A specialised encoder for one common `tokenizer.json` shape (byte-level BPE, SentencePiece BPE) that
 * does the normalizer, pre-tokenizer and segmenter stages in one pass over the input, with the same
 * result as the general pipeline.
 *
 * @example
 * ```ts
 * if (!fast.encode(text, 0, text.length, sink)) generalPath(text);
 * ```
 */
export interface FastEncoder {
  /**
   * Appends the tokens of `text[start, end)` (a run without added tokens) to `sink`; returns `false`,
   * having written nothing, when this run needs the general pipeline (e.g. NFC would change it).
   */
  encode(text: string, start: number, end: number, sink: SequenceSink): boolean;
  /** Whether the pipeline's normalizer leaves every run that {@link encode} accepts unchanged. */
  readonly identityNormalizer: boolean;
  /** What it encodes, for `PipelineTokenizer.fastPath`: `'byte-level BPE'` or `'SentencePiece BPE'`. */
  readonly kind: string;
}

/**
 * `text` with each lone surrogate replaced by U+FFFD (one UTF-16 unit each, so offsets do not move):
 * what Hugging Face tokenizers receives from JS strings, and what UTF-8 can carry.
 *
 * @example
 * ```ts
 * wellFormed('a\ud800b'); // 'a\ufffdb'
 * ```
 */
export function wellFormed(text: string): string {
  const s = text as string & { isWellFormed?: () => boolean; toWellFormed?: () => string };
  if (typeof s.isWellFormed === 'function') return s.isWellFormed() ? text : s.toWellFormed!();
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
