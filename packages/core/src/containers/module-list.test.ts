import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../backend/backend';
import { ArgumentError, GlossaError } from '../errors';
import { Linear } from '../layers/linear';
import { Module } from '../module';
import { ModuleList } from './module-list';

describe('ModuleList', () => {
  it('holds modules named 0, 1, … for the parent (blocks.1.weight), indexable, iterable, appendable', async () => {
    await useBackend('cpu', { verbose: false });
    const mk = () => new Linear({ inFeatures: 2, outFeatures: 2 });
    class Stack extends Module {
      blocks = this.registerModule('blocks', new ModuleList([mk(), mk()]));
      forward(x: tf.Tensor) {
        return tf.tidy(() => {
          let h = x;
          for (const b of this.blocks) h = b.forward(h);
          return h;
        });
      }
    }
    const s = new Stack();
    expect(Object.keys(s.stateDict())).toEqual([
      'blocks.0.weight',
      'blocks.0.bias',
      'blocks.1.weight',
      'blocks.1.bias',
    ]);
    const extra = mk();
    s.blocks.append(extra).extend([mk()]);
    expect(s.blocks.length).toBe(4);
    expect(s.blocks.at(2)).toBe(extra);
    expect(s.blocks.at(-2)).toBe(extra);
    expect(s.blocks.toArray()[2]).toBe(extra);
    expect(Object.keys(s.stateDict()).slice(-2)).toEqual(['blocks.3.weight', 'blocks.3.bias']);
    expect(() => s.blocks.at(4)).toThrow(ArgumentError);
    const x = tf.ones([1, 2]);
    const y = s.forward(x);
    expect(y.shape).toEqual([1, 2]);
    expect(() => s.blocks.forward()).toThrow(GlossaError);
    expect(() => s.blocks.append({} as Linear)).toThrow(/ModuleList\("4"\): expected a Module/);
    tf.dispose([x, y]);
    s.dispose();
  });
});
