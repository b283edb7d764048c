// The reference Transformer LM of issue 8 written directly with tfjs ops (bench support, not a
// *.bench.mjs entry): decoder-only, vocab 256, d_model 128, 4 heads, 2 layers, feed-forward 512,
// learned positions, pre-norm, exact GELU, untied head; ~479k parameters. Same as python/core_lm.py.
import { gelu as glossaGelu, layerNorm } from '@glossa/core';

export const CONFIG = { vocab: 256, d: 128, heads: 4, layers: 2, ff: 512, seq: 128, batch: 16 };

export function buildLm(tf, cfg = CONFIG) {
  const { vocab, d, heads, layers, ff, seq } = cfg;
  let seed = 1;
  const w = (shape, std = 0.02) => tf.variable(tf.randomNormal(shape, 0, std, 'float32', seed++));
  const zeros = (shape) => tf.variable(tf.zeros(shape));
  const ones = (shape) => tf.variable(tf.ones(shape));
  const p = {
    tok: w([vocab, d]),
    pos: w([seq, d]),
    lnfG: ones([d]),
    lnfB: zeros([d]),
    head: w([d, vocab]),
    headB: zeros([vocab]),
    blocks: [],
  };
  for (let l = 0; l < layers; l++) {
    p.blocks.push({
      ln1G: ones([d]),
      ln1B: zeros([d]),
      qkv: w([d, 3 * d]),
      qkvB: zeros([3 * d]),
      o: w([d, d]),
      oB: zeros([d]),
      ln2G: ones([d]),
      ln2B: zeros([d]),
      w1: w([d, ff]),
      b1: zeros([ff]),
      w2: w([ff, d]),
      b2: zeros([d]),
    });
  }
  const vars = [p.tok, p.pos, p.lnfG, p.lnfB, p.head, p.headB, ...p.blocks.flatMap((b) => Object.values(b))];
  const params = vars.reduce((s, v) => s + v.size, 0);
  const mask = tf.tidy(() => tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([seq, seq]), -1, 0)), -1e9));
  const hd = d / heads;
  // glossa's layerNorm and gelu: one fused kernel each way on wasm/cpu (with fastKernels: false, the
  // same composite ops as before).
  const ln = (x, g, b) => layerNorm(x, d, g, b, 1e-5);
  const gelu = (x) => glossaGelu(x); // exact GELU: fused on wasm/cpu, composite in the stock run
  /** Mean cross-entropy of next-token prediction; ids/targets int32 [B, T]. */
  function loss(ids, targets) {
    const B = ids.shape[0];
    const T = ids.shape[1];
    let x = tf.reshape(tf.add(tf.reshape(tf.gather(p.tok, tf.reshape(ids, [-1])), [B, T, d]), p.pos), [
      B * T,
      d,
    ]);
    for (const b of p.blocks) {
      const h = ln(x, b.ln1G, b.ln1B);
      const qkv = tf.add(tf.matMul(h, b.qkv), b.qkvB); // [B·T, 3d]: split in 2-D (fast), then reshape
      const [q, k, v] = tf
        .split(qkv, 3, 1)
        .map((t) => tf.transpose(tf.reshape(t, [B, T, heads, hd]), [0, 2, 1, 3]));
      const att = tf.softmax(tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(hd)), mask));
      const y = tf.reshape(tf.transpose(tf.matMul(att, v), [0, 2, 1, 3]), [B * T, d]);
      x = tf.add(x, tf.add(tf.matMul(y, b.o), b.oB));
      const h2 = ln(x, b.ln2G, b.ln2B);
      x = tf.add(x, tf.add(tf.matMul(gelu(tf.add(tf.matMul(h2, b.w1), b.b1)), b.w2), b.b2));
    }
    const logits = tf.add(tf.matMul(ln(x, p.lnfG, p.lnfB), p.head), p.headB);
    const onehot = tf.oneHot(tf.reshape(targets, [-1]), vocab);
    return tf.neg(tf.mean(tf.sum(tf.mul(onehot, tf.logSoftmax(logits)), -1)));
  }
  const opt = tf.train.adam(1e-3);
  const step = (ids, targets) => {
    const l = opt.minimize(() => loss(ids, targets), true, vars);
    return l;
  };
  return { step, params, vars, opt };
}

/** A deterministic batch of byte ids and their next-token targets. */
export function batchOf(tf, cfg = CONFIG, seed = 7) {
  const n = cfg.batch * (cfg.seq + 1);
  const data = new Int32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = (s >>> 16) % cfg.vocab;
  }
  const all = tf.tensor2d(data, [cfg.batch, cfg.seq + 1], 'int32');
  const ids = tf.slice(all, [0, 0], [cfg.batch, cfg.seq]);
  const targets = tf.slice(all, [0, 1], [cfg.batch, cfg.seq]);
  all.dispose();
  return { ids, targets };
}
