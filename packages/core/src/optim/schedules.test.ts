import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/fixtures/load';
import { ArgumentError } from '../errors';
import {
  applySchedule,
  constantSchedule,
  cosineWithWarmup,
  inverseSqrtSchedule,
  linearDecay,
  linearWarmup,
} from './schedules';

const fx = loadFixture('optim.torch.json').schedules as Array<{
  kind: string;
  options: any;
  lrs: number[];
  notes?: string;
}>;
const factories: Record<string, (o: any) => (s: number) => number> = {
  constant: constantSchedule,
  linearWarmup,
  inverseSqrt: inverseSqrtSchedule,
  cosineWithWarmup,
  linearDecay,
};

describe('learning-rate schedules', () => {
  for (const c of fx) {
    it(`${c.kind} ${JSON.stringify(c.options)} matches PyTorch ${c.notes ?? 'LambdaLR'}`, () => {
      const s = factories[c.kind]!(c.options);
      for (const [step, lr] of c.lrs.entries()) expect(Math.abs(s(step) - lr)).toBeLessThan(1e-10);
    });
  }

  it('inverseSqrt peaks at the end of warmup (Transformer base: 512, 4000)', () => {
    const s = inverseSqrtSchedule({ dModel: 512, warmupSteps: 4000 });
    expect(s(3999)).toBeCloseTo(512 ** -0.5 * 4000 ** -0.5, 12);
    expect(s(3998)).toBeLessThan(s(3999));
    expect(s(4000)).toBeLessThan(s(3999));
  });

  it('applySchedule sets the optimizer learning rate for its next step', () => {
    const opt = { lr: 1, stepCount: 5 };
    expect(applySchedule(opt, linearWarmup({ lr: 1e-3, warmupSteps: 10 }))).toBeCloseTo(5e-4, 15);
    expect(opt.lr).toBeCloseTo(5e-4, 15);
  });

  it('rejects bad options', () => {
    expect(() => cosineWithWarmup({ lr: 1, warmupSteps: 10, totalSteps: 5 })).toThrow(ArgumentError);
    expect(() => linearWarmup({ lr: 1, warmupSteps: 1.5 })).toThrow(
      /warmupSteps\): expected a non-negative integer, received 1.5/,
    );
    expect(() => inverseSqrtSchedule({ dModel: 0, warmupSteps: 10 })).toThrow(/dModel/);
    expect(() => constantSchedule({ lr: -1 })).toThrow(ArgumentError);
  });
});
