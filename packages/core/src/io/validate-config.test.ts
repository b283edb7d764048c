import { describe, expect, expectTypeOf, it } from 'vitest';
import { ArgumentError } from '../errors';
import { validateConfig } from './validate-config';

const SCHEMA = {
  vocab_size: 'integer',
  n_embd: 'integer',
  dropout: 'number?',
  activation: ['gelu', 'relu'],
  tie_word_embeddings: 'boolean?',
  architectures: 'array?',
} as const;

describe('validateConfig', () => {
  it('returns the config typed, keeping fields the schema does not name', () => {
    const raw: unknown = {
      vocab_size: 50257,
      n_embd: 768,
      activation: 'gelu',
      dropout: null,
      model_type: 'gpt2',
    };
    const c = validateConfig(raw, SCHEMA);
    expect(c.n_embd).toBe(768);
    expect(c.model_type).toBe('gpt2');
    expectTypeOf(c.n_embd).toEqualTypeOf<number>();
    expectTypeOf(c.activation).toEqualTypeOf<'gelu' | 'relu'>();
    expectTypeOf(c.dropout).toEqualTypeOf<number | undefined>();
  });

  it('names the key, what it expected and what it received', () => {
    const base = { vocab_size: 10, n_embd: 4, activation: 'relu' };
    const cases: Array<[unknown, string]> = [
      [[1], 'config: expected a JSON object, received an array of length 1'],
      [{ ...base, n_embd: '768' }, 'config.n_embd: expected an integer, received "768" (string)'],
      [{ ...base, n_embd: 7.5 }, 'config.n_embd: expected an integer, received 7.5 (number)'],
      [
        { vocab_size: 10, activation: 'relu' },
        'config.n_embd: expected an integer (required), received undefined',
      ],
      [{ ...base, vocab_size: null }, 'config.vocab_size: expected an integer (required), received null'],
      [
        { ...base, activation: 'tanh' },
        'config.activation: expected one of "gelu", "relu", received "tanh" (string)',
      ],
      [{ ...base, dropout: Number.NaN }, 'config.dropout: expected a finite number, received NaN (number)'],
      [
        { ...base, tie_word_embeddings: 1 },
        'config.tie_word_embeddings: expected a boolean, received 1 (number)',
      ],
      [
        { ...base, architectures: 'GPT2' },
        'config.architectures: expected an array, received "GPT2" (string)',
      ],
    ];
    for (const [config, message] of cases) {
      expect(() => validateConfig(config, SCHEMA)).toThrow(ArgumentError);
      expect(() => validateConfig(config, SCHEMA)).toThrow(message);
    }
    expect(() => validateConfig({}, { d_model: 'integer' }, 'T5Config')).toThrow(/^T5Config\.d_model: /);
  });
});
