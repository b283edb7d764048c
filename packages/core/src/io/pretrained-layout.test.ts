import { describe, expect, it } from 'vitest';
import { ArgumentError, FormatError } from '../errors';
import {
  formatIndex,
  isWeightFile,
  parseByteSize,
  parseIndex,
  planShards,
  shardFileName,
} from './pretrained-layout';

describe('the Hugging Face folder layout', () => {
  it('names shards and recognises weight files', () => {
    expect(shardFileName(1, 3)).toBe('model-00001-of-00003.safetensors');
    expect(shardFileName(12, 120)).toBe('model-00012-of-00120.safetensors');
    for (const f of [
      'model.safetensors',
      'model-00002-of-00003.safetensors',
      'model.safetensors.index.json',
    ]) {
      expect(isWeightFile(f), f).toBe(true);
    }
    for (const f of ['config.json', 'tokenizer.json', 'model.safetensors.tmp-1-2', 'other.safetensors']) {
      expect(isWeightFile(f), f).toBe(false);
    }
  });

  it('parses shard sizes: bytes, KB/MB/GB (10^3) and KiB/MiB/GiB (2^10)', () => {
    expect(parseByteSize(1000, 'x')).toBe(1000);
    expect(parseByteSize('5GB', 'x')).toBe(5e9);
    expect(parseByteSize('500mb', 'x')).toBe(5e8);
    expect(parseByteSize('1.5GiB', 'x')).toBe(1.5 * 2 ** 30);
    expect(parseByteSize('64', 'x')).toBe(64);
    for (const bad of [0, -1, 1.5, '2 parsecs', '', 'GB', Number.NaN]) {
      expect(() => parseByteSize(bad, 'savePretrained(maxShardSize)')).toThrow(ArgumentError);
    }
    expect(() => parseByteSize('2 parsecs', 'savePretrained(maxShardSize)')).toThrow(
      /savePretrained\(maxShardSize\): expected a positive number of bytes/,
    );
  });

  it('splits like huggingface_hub: in order, a new shard before an overflow, oversized tensors alone', () => {
    expect(
      planShards(
        [
          ['a', 6],
          ['b', 6],
          ['c', 3],
        ],
        10,
      ),
    ).toEqual([['a'], ['b', 'c']]);
    expect(
      planShards(
        [
          ['a', 4],
          ['big', 25],
          ['b', 4],
          ['c', 4],
        ],
        10,
      ),
    ).toEqual([['big'], ['a', 'b'], ['c']]);
    expect(planShards([['a', 10]], 10)).toEqual([['a']]);
    expect(planShards([], 10)).toEqual([[]]);
  });

  it('writes the index as Hugging Face does (sorted keys, indent 2, newline)', () => {
    const text = formatIndex(
      { 'b.weight': 'model-00002-of-00002.safetensors', 'a.weight': 'model-00001-of-00002.safetensors' },
      24,
    );
    expect(text).toBe(
      '{\n  "metadata": {\n    "total_size": 24\n  },\n  "weight_map": {\n    "a.weight": "model-00001-of-00002.safetensors",\n    "b.weight": "model-00002-of-00002.safetensors"\n  }\n}\n',
    );
    expect(parseIndex(text, 'i.json').weight_map['b.weight']).toBe('model-00002-of-00002.safetensors');
  });

  it('rejects malformed indexes with FormatErrors naming the file and the field', () => {
    const cases: Array<[string, RegExp, string | undefined]> = [
      ['{"weight_map": ', /i\.json: not valid JSON/, undefined],
      ['[]', /expected a JSON object/, undefined],
      ['{"metadata": {}}', /expected "weight_map"/, 'weight_map'],
      ['{"weight_map": {}}', /"weight_map" is empty/, 'weight_map'],
      ['{"weight_map": {"a": 3}}', /weight_map\['a'\] must name a \.safetensors file/, 'weight_map.a'],
      ['{"weight_map": {"a": "../../etc/x.safetensors"}}', /in the same folder/, 'weight_map.a'],
      ['{"weight_map": {"a": "m.bin"}}', /received "m.bin"/, 'weight_map.a'],
      [
        '{"metadata": {"total_size": "9"}, "weight_map": {"a": "m.safetensors"}}',
        /total_size must be/,
        'metadata.total_size',
      ],
    ];
    for (const [text, msg, field] of cases) {
      let err: unknown;
      try {
        parseIndex(text, 'i.json');
      } catch (e) {
        err = e;
      }
      expect(err, text).toBeInstanceOf(FormatError);
      expect((err as FormatError).message, text).toMatch(msg);
      expect((err as FormatError).field, text).toBe(field);
    }
  });
});
