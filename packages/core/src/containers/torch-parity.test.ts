// A model built from Sequential (nested, and the record form), ModuleList and ModuleDict has the
// same state-dict names, in the same order, as the same structure in PyTorch, and the same outputs.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type FixtureTensor, loadFixture } from '../../test/fixtures/load';
import { GELU, ReLU, Tanh } from '../layers/activations';
import { Conv1d } from '../layers/conv1d';
import { Embedding } from '../layers/embedding';
import { LayerNorm } from '../layers/layer-norm';
import { Linear } from '../layers/linear';
import { Module } from '../module';
import { backendsUnderTest, maxAbsDiff, withBackend } from '../testing';
import { ModuleDict } from './module-dict';
import { ModuleList } from './module-list';
import { Sequential } from './sequential';

const fx = loadFixture('containers.torch.json') as {
  state_dict_keys: string[];
  params: Record<string, FixtureTensor>;
  ids: FixtureTensor;
  outputs: Record<'cls' | 'tag' | 'conv', FixtureTensor>;
};

class Net extends Module {
  embed = this.registerModule('embed', new Embedding({ numEmbeddings: 10, embeddingDim: 6 }));
  layers = this.registerModule(
    'layers',
    new Sequential(
      new Linear({ inFeatures: 6, outFeatures: 8 }),
      new ReLU(),
      new Sequential(new Linear({ inFeatures: 8, outFeatures: 8 }), new Tanh()),
      new LayerNorm({ normalizedShape: 8 }),
    ),
  );
  blocks = this.registerModule(
    'blocks',
    new ModuleList([
      new Linear({ inFeatures: 8, outFeatures: 8 }),
      new Linear({ inFeatures: 8, outFeatures: 8 }),
    ]),
  );
  heads = this.registerModule(
    'heads',
    new ModuleDict({
      cls: new Linear({ inFeatures: 8, outFeatures: 3 }),
      tag: new Linear({ inFeatures: 8, outFeatures: 5 }),
    }),
  );
  conv = this.registerModule(
    'conv',
    new Sequential({
      conv: new Conv1d({ inChannels: 8, outChannels: 4, kernelSize: 3, padding: 1 }),
      act: new GELU(),
    }),
  );

  forward(ids: tf.Tensor): tf.Tensor[] {
    return tf.tidy(() => {
      let h = this.layers.forward(this.embed.forward(ids));
      for (const block of this.blocks) h = tf.relu(block.forward(h));
      const c = this.conv.forward(tf.transpose(h, [0, 2, 1]));
      return [this.heads.get('cls').forward(h), this.heads.get('tag').forward(h), c];
    });
  }
}

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `containers on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('name parameters as PyTorch does for the same structure, load its state dict and match its outputs', () =>
        withBackend(b.name, async () => {
          const net = new Net();
          expect(Object.keys(net.stateDict())).toEqual(fx.state_dict_keys);
          net.loadStateDict(fx.params);
          const ids = tf.tensor(fx.ids.data, fx.ids.shape, 'int32');
          const [cls, tag, conv] = net.forward(ids) as [tf.Tensor, tf.Tensor, tf.Tensor];
          expect(await maxAbsDiff(cls, fx.outputs.cls.data)).toBeLessThan(1e-5);
          expect(await maxAbsDiff(tag, fx.outputs.tag.data)).toBeLessThan(1e-5);
          expect(conv.shape).toEqual(fx.outputs.conv.shape);
          expect(await maxAbsDiff(conv, fx.outputs.conv.data)).toBeLessThan(1e-5);
          tf.dispose([ids, cls, tag, conv]);
          net.dispose();
        }));
    },
  );
}
