import { describe, expect, it } from 'vitest';
import { serdeJsonNumber } from './serde-number';

describe('serdeJsonNumber (serde_json without float_roundtrip)', () => {
  it('reads some literals one unit in the last place away from JSON.parse, as Hugging Face does', () => {
    // both values checked against native tokenizers 0.23 (it saves back what it read)
    expect(serdeJsonNumber('-7.2428690661919735')).toBe(-7.242869066191973);
    expect(JSON.parse('-7.2428690661919735')).toBe(-7.2428690661919735);
    expect(serdeJsonNumber('-7.3619243426613945')).toBe(-7.361924342661395);
  });

  it('agrees with JSON.parse where the arithmetic is exact, and rejects what is not a JSON number', () => {
    for (const s of ['0', '-0', '12', '-7.5', '0.25', '1e5', '1.5E-3', '2.5e+2', '18446744073709551615']) {
      expect(serdeJsonNumber(s), s).toBe(JSON.parse(s));
    }
    for (const s of ['', '-', '01', '1.', '.5', '1e', 'abc', '1.5x']) expect(serdeJsonNumber(s), s).toBeNaN();
    // past u64 the remaining digits become a power of ten
    expect(serdeJsonNumber('123456789012345678901234') / 1e23).toBeCloseTo(1.2345678901234, 12);
  });
});
