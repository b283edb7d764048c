// Measurement bodies for recurrent.bench.mjs (one per child process: kernel registrations and the wasm
// thread count are process-wide). Not a *.bench.mjs entry.
import { Generator, useBackend } from '@glossa/core';
import { LSTM } from '@glossa/recurrent';
import * as tf from '@tensorflow/tfjs-core';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * `mode`: 'fused' (glossa's defaults), 'composite' (the fused LSTM cell kernels unregistered, so the
 * cell runs as tfjs ops), 'rowMajor' (fused cell, products not split by gate: the loop before the
 * gate-block products), '1thread' and 'rowMajor1thread' (the same on one wasm thread).
 */
export async function runWorker({ backend, layers, mode, B, I, H, T, reps, profile }) {
  const info = await useBackend(backend, {
    verbose: false,
    ...(mode.endsWith('1thread') ? { threads: 1 } : {}),
  });
  const lstm = new LSTM({ inputSize: I, hiddenSize: H, numLayers: layers, generator: new Generator(0) });
  // 'composite': the fused LSTM kernels removed (the cell as tfjs ops, products unbatched); 'rowMajor':
  // only the gate-major kernel removed, so the loop runs its plain [·, 4H] products (the layout before
  // the gate-block products). Registers the provider (first use), then unregisters for this backend.
  const drop = {
    rowMajor1thread: ['GlossaLstmCellGateMajor'],
    composite: ['GlossaLstmCell', 'GlossaLstmCellGrad', 'GlossaLstmCellGateMajor'],
    rowMajor: ['GlossaLstmCellGateMajor'],
  }[mode];
  if (drop) {
    lstm.forward(tf.zeros([1, 1, I])).output.dispose();
    for (const k of drop) if (tf.getKernel(k, backend)) tf.unregisterKernel(k, backend);
  }
  const g = new Generator(1);
  const x = tf.variable(tf.tensor(g.fillNormal(new Float32Array(B * T * I)), [B, T, I]));
  const vars = [x, ...Object.values(lstm.trainableParameters())];
  const step = async () => {
    const { value, grads } = tf.variableGrads(() => tf.sum(lstm.forward(x).output), vars);
    await value.data(); // a training step reads its loss (as PyTorch's .item()); syncs webgpu
    tf.dispose([value, ...Object.values(grads)]);
  };
  const fwd = async () => {
    const r = lstm.forward(x);
    await r.output.data();
    tf.dispose([r.output, r.hN, r.cN]);
  };
  const out = { backend, threads: info.threads ?? null, layers, mode };
  for (const [name, fn] of [
    ['fwdBwd', step],
    ['fwd', fwd],
  ]) {
    await fn();
    const times = [];
    const cpu = [];
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await fn();
      const c = process.cpuUsage(c0);
      times.push(performance.now() - t0);
      cpu.push((c.user + c.system) / 1000);
    }
    const ms = median(times);
    // CPU time (all threads of this process): what the step costs regardless of other processes' load.
    const cpuMs = median(cpu);
    out[name] = { ms, tokensPerS: (B * T * 1000) / ms, cpuMs, cpuTokensPerS: (B * T * 1000) / cpuMs };
  }
  if (profile) {
    const p = await tf.profile(step);
    const agg = new Map();
    for (const k of p.kernels) {
      const a = agg.get(k.name) ?? { calls: 0, ms: 0 };
      a.calls++;
      a.ms += k.kernelTimeMs;
      agg.set(k.name, a);
    }
    // Kernels run inside the BPTT op (customGrad) are profiled as their own entries too; the op's own
    // entry ('unnamed scope') includes them, so it is left out of the shares.
    const rows = [...agg].filter(([n]) => n !== 'unnamed scope');
    const total = rows.reduce((s, [, a]) => s + a.ms, 0);
    out.profile = rows
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, 10)
      .map(([name, a]) => ({ name, calls: a.calls, ms: a.ms, share: a.ms / total }));
  }
  tf.dispose(vars.slice(0, 1));
  lstm.dispose();
  return out;
}
