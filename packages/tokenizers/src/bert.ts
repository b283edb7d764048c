import { ArgumentError, FormatError } from './errors';
import type { AddedToken } from './pipeline/added-tokens';
import { WordPieceDecoder } from './pipeline/decoders';
import { BertNormalizer } from './pipeline/normalizers';
import { PipelineTokenizer } from './pipeline/pipeline-tokenizer';
import { TemplateProcessing } from './pipeline/post-processors';
import { BertPreTokenizer } from './pipeline/pre-tokenizers';
import { WordPieceSegmenter } from './pipeline/segmenters/wordpiece';

/** Options of {@link fromBertVocab}. */
export interface BertVocabOptions {
  /** Lowercase and strip accents (the `*-uncased` models). Default `true`. */
  lowercase?: boolean;
  /** Longer words become `[UNK]`. Default 100. */
  maxInputCharsPerWord?: number;
}

const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

/**
 * A BERT tokenizer from a WordPiece `vocab.txt` (one token per line, id = line number): BERT's
 * normalizer and pre-tokenizer, greedy longest-match WordPiece with `##` continuations,
 * `[CLS] A [SEP] (B [SEP])` with type ids, and a decoder that glues `##` pieces back.
 *
 * @example
 * ```ts
 * const bert = fromBertVocab(await (await fetch('/bert-base-uncased/vocab.txt')).text());
 * bert.encode('Hello, World!').tokens; // ['[CLS]', 'hello', ',', 'world', '!', '[SEP]']
 * ```
 */
export function fromBertVocab(vocab: string, options: BertVocabOptions = {}): PipelineTokenizer {
  if (typeof vocab !== 'string')
    throw new ArgumentError('fromBertVocab(vocab)', 'the text of vocab.txt', vocab);
  const lines = vocab.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const map = new Map<string, number>();
  lines.forEach((t, i) => {
    if (t.length === 0) throw new FormatError(`vocab.txt line ${i + 1}: empty token`, { line: i + 1 });
    if (map.has(t)) {
      throw new FormatError(
        `vocab.txt line ${i + 1}: ${JSON.stringify(t)} already on line ${map.get(t)! + 1}`,
        { line: i + 1 },
      );
    }
    map.set(t, i);
  });
  for (const s of ['[UNK]', '[CLS]', '[SEP]']) {
    if (!map.has(s))
      throw new FormatError(`vocab.txt: ${s} is missing (a BERT vocabulary has [UNK], [CLS] and [SEP])`);
  }
  const lower = options.lowercase ?? true;
  const added: AddedToken[] = SPECIALS.filter((s) => map.has(s)).map((content) => ({
    id: map.get(content)!,
    content,
    special: true,
  }));
  const cls = map.get('[CLS]')!;
  const sep = map.get('[SEP]')!;
  return new PipelineTokenizer({
    normalizer: new BertNormalizer(true, true, null, lower),
    preTokenizer: new BertPreTokenizer(),
    segmenter: new WordPieceSegmenter(map, '[UNK]', '##', options.maxInputCharsPerWord ?? 100),
    postProcessor: new TemplateProcessing('[CLS] $A [SEP]', '[CLS] $A [SEP] $B:1 [SEP]:1', [
      { id: '[CLS]', ids: [cls], tokens: ['[CLS]'] },
      { id: '[SEP]', ids: [sep], tokens: ['[SEP]'] },
    ]),
    decoder: new WordPieceDecoder('##', true),
    addedTokens: added,
  });
}
