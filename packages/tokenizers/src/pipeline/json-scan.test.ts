import { describe, expect, it } from 'vitest';
import { ScannedUnigramVocab, ScannedVocab, scanTokenizerJson } from './json-scan';
import { mergePairs } from './segmenters/merge-rules';

describe('scanTokenizerJson', () => {
  it('reads model.vocab and model.merges (both forms, with escapes) and leaves the rest to JSON.parse', () => {
    const json = {
      added_tokens: [{ id: 5, content: '"q"', special: true }],
      model: {
        type: 'BPE',
        vocab: { a: 0, b: 1, ab: 2, '"': 3, '"a': 4, 'é\\': 6 },
        merges: ['a b', '" a'],
        dropout: null,
      },
      decoder: { type: 'ByteLevel' },
    };
    for (const text of [JSON.stringify(json), JSON.stringify(json, null, 2)]) {
      const s = scanTokenizerJson(text)!;
      expect(s.vocab).toBeInstanceOf(ScannedVocab);
      expect((s.vocab as ScannedVocab).tokens).toEqual(['a', 'b', 'ab', '"', '"a', undefined, 'é\\']);
      expect(mergePairs(s.merges!)).toEqual([
        ['a', 'b'],
        ['"', 'a'],
      ]);
      expect(JSON.parse(s.rest)).toEqual({ ...json, model: { ...json.model, vocab: {}, merges: [] } });
    }
    const pairs = scanTokenizerJson(
      JSON.stringify({
        model: {
          vocab: { x: 0 },
          merges: [
            ['a', 'b'],
            ['\\n', 'c'],
          ],
        },
      }),
    )!;
    expect(mergePairs(pairs.merges!)).toEqual([
      ['a', 'b'],
      ['\\n', 'c'],
    ]);
  });

  it('reads a Unigram vocabulary with its scores', () => {
    const s = scanTokenizerJson(
      '{"model":{"type":"Unigram","unk_id":0,"vocab":[["<unk>",0.0],["▁a",-2.5e0]]}}',
    )!;
    expect(s.vocab).toBeInstanceOf(ScannedUnigramVocab);
    expect((s.vocab as ScannedUnigramVocab).pieces).toEqual([
      ['<unk>', 0],
      ['▁a', -2.5],
    ]);
    expect(JSON.parse(s.rest).model.vocab).toEqual([]);
  });

  it('returns null for what it does not expect (the caller parses the whole text)', () => {
    expect(scanTokenizerJson('{"model":{"vocab":{"a":1.5}}}')).toBeNull();
    expect(scanTokenizerJson('{"model":{"vocab":{"a":-1}}}')).toBeNull();
    expect(scanTokenizerJson('{"model":{"merges":["a b c"]}}')).toBeNull();
    expect(scanTokenizerJson('{"model":{"merges":["a b"]')).toBeNull();
    expect(scanTokenizerJson('{"normalizer":null}')).toBeNull();
    expect(scanTokenizerJson('[1, 2]')).toBeNull();
  });
});
