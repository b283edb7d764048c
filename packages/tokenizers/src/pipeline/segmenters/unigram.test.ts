import { describe, expect, it } from 'vitest';
import { VocabularyError } from '../../errors';
import { fromTokenizerJson } from '../tokenizer-json';
import type { TokenSink } from './segmenter';
import { UnigramSegmenter } from './unigram';

function run(seg: UnigramSegmenter, piece: string): { tokens: string[]; ids: number[]; offsets: number[][] } {
  const out: TokenSink = { ids: [], starts: [], ends: [] };
  seg.tokenize(piece, out);
  return {
    ids: out.ids,
    tokens: out.ids.map((id) => seg.idToToken(id)!),
    offsets: out.ids.map((_, i) => [out.starts[i]!, out.ends[i]!]),
  };
}

const VOCAB: [string, number][] = [
  ['<unk>', 0],
  ['▁', -3],
  ['▁he', -2],
  ['llo', -2.5],
  ['▁hello', -4],
  ['h', -5],
  ['e', -5],
  ['l', -5],
  ['o', -5],
  ['▁hel', -3.5],
  ['lo', -1],
  ['a', -1],
  ['b', -1],
  ['ab', -2],
  ['<0x78>', -20],
];

describe('UnigramSegmenter (Viterbi, hand-checked)', () => {
  const seg = new UnigramSegmenter(VOCAB, { unkId: 0 });

  it('takes the best-scoring path', () => {
    // ▁hello −4 beats ▁he + llo −4.5, ▁hel + lo −4.5 and anything through single chars
    expect(run(seg, '▁hello').tokens).toEqual(['▁hello']);
    expect(run(seg, '▁hellolo').tokens).toEqual(['▁hello', 'lo']);
  });

  it('keeps the first candidate on a tie (ab −2 found before a + b −2)', () => {
    expect(run(seg, 'ab').tokens).toEqual(['ab']);
    expect(run(seg, 'abab').tokens).toEqual(['ab', 'ab']);
  });

  it('fuses adjacent unknown chars into one unknown token (min score − 10 each)', () => {
    expect(run(seg, 'ab漢字😀ab')).toEqual({
      ids: [13, 0, 13],
      tokens: ['ab', '<unk>', 'ab'],
      offsets: [
        [0, 2],
        [2, 6],
        [6, 8],
      ],
    });
  });

  it('with byte fallback an unknown run becomes its bytes, if all of them are tokens', () => {
    const bytes = new UnigramSegmenter(VOCAB, { unkId: 0, byteFallback: true });
    expect(run(bytes, 'axa').tokens).toEqual(['a', '<0x78>', 'a']);
    expect(run(bytes, 'aya').tokens).toEqual(['a', '<unk>', 'a']); // <0x79> is missing
  });

  it('without an unknown token, an unknown char is a VocabularyError', () => {
    expect(() => run(new UnigramSegmenter(VOCAB.slice(1)), 'aqa')).toThrow(VocabularyError);
  });

  it('loads from tokenizer.json and saves back', () => {
    const tok = fromTokenizerJson({
      model: { type: 'Unigram', unk_id: 0, vocab: VOCAB, byte_fallback: false },
      pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
      decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    });
    expect(tok.segmenter.type).toBe('Unigram');
    expect(tok.encode('hello lo').tokens).toEqual(['▁hello', '▁', 'lo']);
    expect(tok.decode(tok.encode('hello lo').ids)).toBe('hello lo');
    const again = fromTokenizerJson(tok.toTokenizerJson());
    expect(again.encode('hello abab').ids).toEqual(tok.encode('hello abab').ids);
  });
});
