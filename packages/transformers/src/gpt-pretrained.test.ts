// GPT.fromPretrained / savePretrained: the Hugging Face GPT-2 folder layout both ways (and glossa's own
// stateDict layout on the way in), through core's loadPretrained / savePretrained.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Generator, loadSafetensors, saveModelPretrained } from '@glossa/core';
import { backendsUnderTest, maxAbsDiff, withBackend } from '@glossa/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { type FixtureTensor, loadFixture, tensor, tolerance, values } from '../test/helpers';
import { GPT, type GPTConfigOptions } from './gpt';

const FOLDER = fileURLToPath(new URL('../test/fixtures/gpt2-tiny', import.meta.url));
const ref = loadFixture<{ inputIds: FixtureTensor; logits: FixtureTensor }>('gpt2.torch.json');
const scratch = mkdtempSync(join(tmpdir(), 'glossa-gpt-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A seeded GPT with weights well away from the init, so that a wrong layout shows in the logits. */
function randomGPT(options: GPTConfigOptions): GPT {
  const gpt = new GPT(options, { generator: new Generator(11) });
  for (const [i, p] of gpt.parameters().entries()) {
    const v = tf.tidy(() => tf.add(p, tf.randomNormal(p.shape, 0, 0.2, 'float32', 100 + i)));
    p.assign(v);
    v.dispose();
  }
  return gpt.eval();
}

const ids = () =>
  tf.tensor2d(
    [
      [3, 1, 4, 1, 5, 9, 2, 6],
      [2, 7, 1, 8, 2, 8, 1, 8],
    ],
    [2, 8],
    'int32',
  );

/** Max |logits(a) − logits(b)| on the same ids. */
async function logitsDiff(a: GPT, b: GPT): Promise<number> {
  const x = ids();
  const la = a.forward(x).logits;
  const lb = b.forward(x).logits;
  const d = await maxAbsDiff(la, await lb.data());
  tf.dispose([x, la, lb]);
  return d;
}

for (const b of await backendsUnderTest()) {
  describe.skipIf(!b.available)(
    `GPT pretrained files on ${b.name}${b.available ? '' : ` (skipped: ${b.reason})`}`,
    () => {
      it('fromPretrained reads the gpt2-tiny HF folder: PyTorch logits to 1e-4, eval mode', () =>
        withBackend(b.name, async () => {
          const gpt = await GPT.fromPretrained(FOLDER);
          expect(gpt.training).toBe(false);
          expect(gpt.config.activation).toBe('gelu_tanh'); // gelu_new
          const x = tensor(ref.inputIds);
          const { logits } = gpt.forward(x);
          expect(await maxAbsDiff(logits, values(ref.logits))).toBeLessThan(tolerance(b.name, 1e-4));
          tf.dispose([x, logits]);
          gpt.dispose();
        }));

      it('savePretrained writes the HF GPT-2 layout; fromPretrained reads it back with identical logits', () =>
        withBackend(b.name, async () => {
          const dir = join(scratch, `hf-${b.name}`);
          const gpt = randomGPT({
            vocabSize: 50,
            blockSize: 16,
            nLayer: 3,
            nHead: 2,
            nEmbd: 24,
            activation: 'gelu_tanh',
            bias: false,
          });
          const saved = await gpt.savePretrained(dir);
          expect(saved.files.sort()).toEqual(['config.json', 'model.safetensors']);
          const cfg = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
          expect(cfg).toMatchObject({
            model_type: 'gpt2',
            n_embd: 24,
            n_layer: 3,
            n_head: 2,
            n_positions: 16,
            activation_function: 'gelu_new',
          });
          const { tensors, metadata } = loadSafetensors(readFileSync(join(dir, 'model.safetensors')));
          expect(metadata).toMatchObject({ format: 'pt' });
          expect(Object.keys(tensors).every((k) => k.startsWith('transformer.'))).toBe(true);
          expect(tensors['transformer.h.0.attn.c_attn.weight']!.shape).toEqual([24, 72]); // Conv1D [in, out]
          expect(tensors['transformer.h.0.mlp.c_fc.bias']!.shape).toEqual([96]); // zeros for bias: false
          expect('lm_head.weight' in tensors).toBe(false);
          tf.dispose(Object.values(tensors));
          const again = await GPT.fromPretrained(dir);
          expect(await logitsDiff(gpt, again)).toBeLessThan(1e-5);
          gpt.dispose();
          again.dispose();
        }));

      it("reads glossa's own layout (GPTConfig names, Linear [out, in]) and an untied lm_head", () =>
        withBackend(b.name, async () => {
          const dir = join(scratch, `glossa-${b.name}`);
          const gpt = randomGPT({
            vocabSize: 30,
            blockSize: 12,
            nLayer: 2,
            nHead: 2,
            nEmbd: 16,
            tieWeights: false,
          });
          await saveModelPretrained(dir, gpt, { config: { ...gpt.config } });
          const again = await GPT.fromPretrained(dir);
          expect({ ...again.config }).toEqual({ ...gpt.config });
          expect(await logitsDiff(gpt, again)).toBe(0);
          // The HF layout keeps the untied head too.
          await gpt.savePretrained(dir);
          const hf = await GPT.fromPretrained(dir);
          expect(hf.lm_head).not.toBeNull();
          expect(await logitsDiff(gpt, hf)).toBeLessThan(1e-5);
          for (const m of [gpt, again, hf]) m.dispose();
        }));
    },
  );
}

describe('GPT.fromPretrained errors', () => {
  it('names the config key that does not fit, and disposes what it loaded', () =>
    withBackend('cpu', async () => {
      const dir = join(scratch, 'bad');
      const gpt = new GPT({ vocabSize: 10, blockSize: 4, nLayer: 1, nHead: 1, nEmbd: 4 });
      await saveModelPretrained(dir, gpt, { config: { ...gpt.config, nEmbd: '4' } });
      await expect(GPT.fromPretrained(dir)).rejects.toThrow(/GPT\.fromPretrained\(config\)\.nEmbd/);
      await saveModelPretrained(dir, gpt, { config: { ...gpt.config, nLayer: 2 } });
      await expect(GPT.fromPretrained(dir)).rejects.toThrow(/h\.1\./); // StateDictError: missing keys
      await expect(GPT.fromPretrained(join(scratch, 'none'))).rejects.toThrow(/config\.json/);
      gpt.dispose();
    }));
});
