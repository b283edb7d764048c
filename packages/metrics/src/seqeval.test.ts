import { describe, expect, it } from 'vitest';
import { LengthMismatchError } from './errors';
import { entityScores, entitySpans, tokenScores } from './seqeval';

describe('entity-level scores (seqeval)', () => {
  it("reproduces seqeval's README example", () => {
    const yTrue = [
      ['O', 'O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'O'],
      ['B-PER', 'I-PER', 'O'],
    ];
    const yPred = [
      ['O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'I-MISC', 'O'],
      ['B-PER', 'I-PER', 'O'],
    ];
    const r = entityScores(yTrue, yPred);
    expect(r.micro).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(r.tokenAccuracy).toBe(0.8);
    expect(r.perType.get('MISC')).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(r.perType.get('PER')).toEqual({ precision: 1, recall: 1, f1: 1, support: 1 });
    expect(r.macro.f1).toBe(0.5);
  });
  it('reads spans like conlleval, or strictly', () => {
    expect(entitySpans(['I-PER', 'I-PER', 'B-PER', 'I-LOC', 'O'])).toEqual([
      { type: 'PER', start: 0, end: 1 },
      { type: 'PER', start: 2, end: 2 },
      { type: 'LOC', start: 3, end: 3 },
    ]);
    expect(entitySpans(['I-PER', 'I-PER', 'B-PER', 'I-LOC', 'O'], 'strict')).toEqual([
      { type: 'PER', start: 2, end: 2 },
    ]);
    expect(entitySpans(['S-LOC', 'B-PER', 'E-PER'])).toEqual([
      { type: 'LOC', start: 0, end: 0 },
      { type: 'PER', start: 1, end: 2 },
    ]);
  });
  it('strict mode changes the score of an I- without B-', () => {
    const yTrue = [['B-PER', 'I-PER', 'O']];
    const yPred = [['I-PER', 'I-PER', 'O']];
    expect(entityScores(yTrue, yPred).micro.f1).toBe(1);
    expect(entityScores(yTrue, yPred, { mode: 'strict' }).micro.f1).toBe(0);
  });
  it('checks sentence lengths', () => {
    expect(() => entityScores([['O', 'O']], [['O']])).toThrow(LengthMismatchError);
    expect(() => entityScores([['O', 'O']], [['O']])).toThrow(/yPred\[0\]/);
  });
});

describe('token-level scores', () => {
  it('treat each tag as a sample', () => {
    const r = tokenScores([['B-PER', 'I-PER', 'O', 'O']], [['B-PER', 'O', 'O', 'O']]);
    expect(r.accuracy).toBe(0.75);
    expect(r.perClass.get('I-PER')).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(r.perClass.get('O')?.precision).toBeCloseTo(2 / 3, 12);
  });
});
