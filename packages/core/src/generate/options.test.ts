import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomTable, TableModel } from '../../test/generation-models';
import { useBackend } from '../backend/backend';
import { ArgumentError, ShapeError } from '../errors';
import { withBackend } from '../testing';
import { generate, generateStream } from './generate';
import type { GenerateOptions } from './options';

const table = randomTable(5, 3);
const ids = () => tf.tensor2d([[1, 2]], [1, 2], 'int32');

async function attempt(options: GenerateOptions, x = ids(), model: unknown = new TableModel(5, table)) {
  try {
    const y = await generate(model as TableModel, x, options);
    y.dispose();
    return null;
  } catch (e) {
    return e as Error;
  } finally {
    x.dispose();
  }
}

describe('generate: bad input gets typed errors naming the argument', () => {
  beforeAll(() => useBackend('cpu', { verbose: false }));
  afterEach(() => vi.restoreAllMocks());

  const cases: Array<[GenerateOptions, string]> = [
    [{ numBeams: 0 }, 'generate(numBeams): expected an integer >= 1, received 0 (number)'],
    [{ numBeams: 2.5 }, 'generate(numBeams): expected an integer >= 1, received 2.5 (number)'],
    [{ topP: 0, doSample: true }, 'generate(topP): expected a number in (0, 1], received 0 (number)'],
    [{ topP: 1.5, doSample: true }, 'generate(topP): expected a number in (0, 1], received 1.5 (number)'],
    [{ minP: -0.1, doSample: true }, 'generate(minP): expected a number in [0, 1]'],
    [{ topK: -1, doSample: true }, 'generate(topK): expected an integer >= 0'],
    [
      { temperature: 0, doSample: true },
      'generate(temperature): expected a finite number > 0, received 0 (number)',
    ],
    [{ repetitionPenalty: 0 }, 'generate(repetitionPenalty): expected a finite number > 0'],
    [{ maxNewTokens: 0 }, 'generate(maxNewTokens): expected an integer >= 1'],
    [{ noRepeatNgramSize: -1 }, 'generate(noRepeatNgramSize): expected an integer >= 0'],
    [{ numBeams: 2, numReturnSequences: 3 }, 'generate(numReturnSequences): expected at most numBeams (2)'],
    [{ numReturnSequences: 2 }, 'generate(numReturnSequences): expected 1 with greedy decoding'],
    [
      { stopStrings: ['\n'] },
      'generate(decode): expected a function (ids: number[]) => string, required with stopStrings',
    ],
    [{ stopStrings: [''], decode: String }, 'generate(stopStrings): expected a non-empty string or an array'],
    [{ eosTokenId: [] }, 'generate(eosTokenId): expected a token id'],
    [{ eosTokenId: -1 }, 'generate(eosTokenId): expected a token id'],
    [{ earlyStopping: 'always' as never }, "generate(earlyStopping): expected true, false or 'never'"],
    [
      { numBeams: 2, onToken: () => {} },
      'generate(onToken): expected no streaming callback with beam search',
    ],
    [
      { max_new_tokens: 5 } as never,
      'generate(options): expected known option names (attentionMask, maxNewTokens,',
    ],
    [{ signal: {} as never }, 'generate(signal): expected an AbortSignal'],
  ];
  for (const [options, message] of cases) {
    it(message.split(':')[0]!.concat(` (${JSON.stringify(options)})`), async () => {
      const e = await attempt(options);
      expect(e).toBeInstanceOf(ArgumentError);
      expect(e!.message).toContain(message);
    });
  }

  it('inputIds must be an int32 [B, T] tensor; the attention mask left padding of the same shape', async () => {
    const e1 = await attempt({}, tf.tensor2d([[1, 2]]));
    expect(e1).toBeInstanceOf(ArgumentError);
    expect(e1!.message).toBe(
      "generate(inputIds): expected an int32 tensor [B, T] (tf.tensor2d(ids, shape, 'int32')), received a float32 tensor of shape [1, 2]",
    );
    const e2 = await attempt({}, tf.tensor1d([1, 2], 'int32') as never);
    expect(e2).toBeInstanceOf(ShapeError);
    const right = tf.tensor2d([[1, 0]], [1, 2], 'int32');
    const e3 = await attempt({ attentionMask: right });
    expect(e3).toBeInstanceOf(ArgumentError);
    expect(e3!.message).toContain('generate(attentionMask): expected left padding');
    const wide = tf.ones([1, 3], 'int32') as tf.Tensor2D;
    expect(await attempt({ attentionMask: wide })).toBeInstanceOf(ShapeError);
    tf.dispose([right, wide]);
    const e4 = await attempt({}, ids(), { step: () => {} });
    expect(e4!.message).toContain(
      'generate(model): expected a GenerationModel (missing initState, reorderState, disposeState)',
    );
  });

  it('temperature/topK/topP/minP without doSample warn and are ignored (HF)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const x = ids();
    const greedy = await generate(new TableModel(5, table), x, { maxNewTokens: 6 });
    const warned = await generate(new TableModel(5, table), x, {
      maxNewTokens: 6,
      temperature: 0.1,
      topP: 0.2,
    });
    expect(await warned.array()).toEqual(await greedy.array());
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toContain('temperature, topP only act when sampling (doSample: true)');
    tf.dispose([x, greedy, warned]);
  });

  it('generateStream refuses beams at the first next()', async () => {
    const x = ids();
    const it = generateStream(new TableModel(5, table), x, { numBeams: 2 });
    await expect(it.next()).rejects.toThrow(
      'generateStream(numBeams): expected 1 (beam search cannot stream',
    );
    x.dispose();
  });

  it('a model that fails or returns wrong logits: typed error, state disposed, no leak', () =>
    withBackend('cpu', async () => {
      const bad = new TableModel(5, table);
      const step = bad.step.bind(bad);
      bad.step = async (input, state) => {
        const out = await step(input, state);
        if (bad.steps < 3) return out;
        out.logits.dispose();
        return { ...out, logits: tf.zeros([1, 4]) as tf.Tensor2D };
      };
      const e = await attempt({ maxNewTokens: 5 }, ids(), bad);
      expect(e).toBeInstanceOf(ShapeError);
      expect(e!.message).toBe('model.step(logits): expected shape [1, 5], received [1, 4]');
      expect(bad.disposed).toBe(1);
      const throwing = new TableModel(5, table);
      throwing.onStep = (s) => {
        if (s === 2) throw new Error('boom');
      };
      expect((await attempt({ maxNewTokens: 5 }, ids(), throwing))!.message).toBe('boom');
      expect(throwing.disposed).toBe(1);
    }));
});
