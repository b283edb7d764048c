import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../backend/backend';
import { ArgumentError } from '../errors';
import { ReLU } from '../layers/activations';
import { Dropout } from '../layers/dropout';
import { Linear } from '../layers/linear';
import { Module } from '../module';
import { Generator } from '../random';
import { Sequential } from './sequential';

const lin = (i: number, o: number) =>
  new Linear({ inFeatures: i, outFeatures: o, generator: new Generator(i * 10 + o) });

describe('Sequential', () => {
  it('chains forward, releases intermediates and names children 0, 1, … (nested: layers.0.weight)', async () => {
    await useBackend('cpu', { verbose: false });
    const a = lin(4, 8);
    const c = lin(8, 2);
    const seq = new Sequential(a, new ReLU(), c);
    const x = tf.randomNormal([3, 4], 0, 1, 'float32', 1);
    const before = tf.memory().numTensors;
    const y = seq.forward(x);
    expect(tf.memory().numTensors).toBe(before + 1);
    const ref = tf.tidy(() => c.forward(tf.relu(a.forward(x))));
    expect(Array.from(await y.data())).toEqual(Array.from(await ref.data()));
    expect(Object.keys(seq.stateDict())).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    class Model extends Module {
      layers = this.registerModule('layers', seq);
      forward(v: tf.Tensor) {
        return this.layers.forward(v);
      }
    }
    expect(Object.keys(new Model().stateDict())).toEqual([
      'layers.0.weight',
      'layers.0.bias',
      'layers.2.weight',
      'layers.2.bias',
    ]);
    tf.dispose([x, y, ref]);
    seq.dispose();
  });

  it('is indexable (negative from the end), iterable, appendable, and takes a record of names', async () => {
    await useBackend('cpu', { verbose: false });
    const first = lin(2, 3);
    const seq = new Sequential(first, new ReLU());
    expect(seq.length).toBe(2);
    expect(seq.at(0)).toBe(first);
    expect(seq.at(-2)).toBe(first);
    expect(() => seq.at(2)).toThrow(/Sequential.at\(index\): expected an integer in \[-2, 1\], received 2/);
    const last = lin(3, 1);
    expect(seq.append(last).at(-1)).toBe(last);
    expect([...seq].length).toBe(3);
    expect(Object.keys(seq.stateDict())).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    const named = new Sequential({ fc: lin(2, 2), drop: new Dropout({ p: 0.1 }), act: new ReLU() });
    expect(Object.keys(named.stateDict())).toEqual(['fc.weight', 'fc.bias']);
    expect(named.namedChildren().map(([n]) => n)).toEqual(['fc', 'drop', 'act']);
    named.append(lin(2, 2));
    expect(named.namedChildren().map(([n]) => n)).toEqual(['fc', 'drop', 'act', '3']);
    named.eval();
    expect((named.at(1) as Dropout).training).toBe(false);
    seq.dispose();
    named.dispose();
  });

  it('with no modules returns a copy of its input; rejects non-modules and bad names', async () => {
    await useBackend('cpu', { verbose: false });
    const x = tf.tensor1d([1, 2]);
    const y = new Sequential().forward(x);
    expect(y).not.toBe(x);
    expect(Array.from(await y.data())).toEqual([1, 2]);
    expect(() => new Sequential(lin(1, 1), {} as Module)).toThrow(ArgumentError);
    expect(() => new Sequential({ 'a.b': lin(1, 1) })).toThrow(
      /Sequential\(name\): expected a non-empty name without '.'/,
    );
    expect(() => new Sequential({ fc: 3 as unknown as Module })).toThrow(
      /Sequential\("fc"\): expected a Module/,
    );
    tf.dispose([x, y]);
  });
});
