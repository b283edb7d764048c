import { describe, expect, it } from 'vitest';
import { useBackend } from '../backend/backend';
import { ArgumentError, GlossaError } from '../errors';
import { Linear } from '../layers/linear';
import { ModuleDict } from './module-dict';

describe('ModuleDict', () => {
  it('names children by key, in insertion order, with Map-like access', async () => {
    await useBackend('cpu', { verbose: false });
    const cls = new Linear({ inFeatures: 4, outFeatures: 3 });
    const d = new ModuleDict({ cls, reg: new Linear({ inFeatures: 4, outFeatures: 1, bias: false }) });
    expect(Object.keys(d.stateDict())).toEqual(['cls.weight', 'cls.bias', 'reg.weight']);
    expect(d.get('cls')).toBe(cls);
    expect(d.has('reg')).toBe(true);
    expect(d.has('x')).toBe(false);
    expect(d.size).toBe(2);
    expect([...d.keys()]).toEqual(['cls', 'reg']);
    expect([...d].map(([k]) => k)).toEqual(['cls', 'reg']);
    d.set('tag', new Linear({ inFeatures: 4, outFeatures: 2 }));
    expect([...d.values()].length).toBe(3);
    expect(() => d.get('nope')).toThrow(
      /ModuleDict.get\(key\): expected one of cls, reg, tag, received "nope"/,
    );
    expect(() => d.set('cls', cls)).toThrow(/expected a name not yet used in this ModuleDict/);
    expect(() => d.forward()).toThrow(GlossaError);
    const fromPairs = new ModuleDict([['a', new Linear({ inFeatures: 1, outFeatures: 1 })]]);
    expect(Object.keys(fromPairs.stateDict())).toEqual(['a.weight', 'a.bias']);
    expect(() => new ModuleDict({ '': cls })).toThrow(ArgumentError);
    d.dispose();
    fromPairs.dispose();
  });
});
