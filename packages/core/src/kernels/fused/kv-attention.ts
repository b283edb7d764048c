/**
 * Kernels for decoding with a preallocated KV cache (`[B, H, capacity, D]` buffers, rows written in
 * place instead of concatenated every step), registered for wasm (SIMD, assembly/simd.ts) and cpu:
 *
 * - `GlossaKVWrite` copies new keys or values `[B, H, T, D]` into a buffer at a position;
 * - `GlossaAttendOne` is one decoding step of multi-head attention: it writes the new token's key and
 *   value (from the fused q/k/v projection `[B, 3·H·D]`) into the buffers, then computes
 *   softmax(scale·q·Kᵀ)·V over the cached positions for every row and head — one kernel per layer
 *   instead of the ~12 of split, reshapes, concatenations, two products and a softmax.
 *
 * Both update an input in place (the buffer is *donated*): they return the buffer again as an output
 * that shares its memory (as `Identity` does), and the caller drops the input. tfjs tensors are
 * otherwise immutable, so only an owner that never lends its buffer out (`@glossa/attention`'s
 * `KVCache`) may call them. Backends without them (webgpu) use the composite ops of
 * functional/kv-cache-ops.ts. No gradients: this is inference only.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { simdFor } from '../wasm/simd-module';
import { disposeIntermediate, heapOffset, type WasmBackend } from '../wasm/wasm-backend';
import type { CpuBackend } from './fused-kernels';

export const KV_WRITE = 'GlossaKVWrite';
export const ATTEND_ONE = 'GlossaAttendOne';

type Shared = { incRef(dataId: object): void };
type Args = { inputs: Record<string, TensorInfo>; backend: unknown; attrs: Record<string, number> };

/** Copies `src` `[B, H, T, D]` into `buf` `[B, H, cap, D]` at positions `offset…offset+T−1`. */
export function kvWriteArrays(
  buf: Float32Array,
  src: Float32Array,
  bh: number,
  cap: number,
  t: number,
  d: number,
  offset: number,
) {
  for (let i = 0; i < bh; i++) buf.set(src.subarray(i * t * d, (i + 1) * t * d), (i * cap + offset) * d);
}

/**
 * `GlossaAttendOne` on flat arrays, as the SIMD kernel computes it: writes the keys and values of
 * `qkv` at position `t`, then per row and head out = Σⱼ e^(sⱼ − max)·Vⱼ / Σⱼ e^(sⱼ − max) with
 * sⱼ = scale·q·Kⱼ over j = 0…t.
 */
export function attendOneArrays(
  a: { qkv: Float32Array; kc: Float32Array; vc: Float32Array; out: Float32Array },
  dims: { batch: number; heads: number; dim: number; cap: number; t: number; scale: number },
): void {
  const { qkv, kc, vc, out } = a;
  const { batch, heads, dim: D, cap, t, scale } = dims;
  const C = heads * D;
  const s = new Float32Array(t + 1);
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      const q = b * 3 * C + h * D;
      const base = (b * heads + h) * cap * D;
      kc.set(qkv.subarray(q + C, q + C + D), base + t * D);
      vc.set(qkv.subarray(q + 2 * C, q + 2 * C + D), base + t * D);
      let mx = Number.NEGATIVE_INFINITY;
      for (let j = 0; j <= t; j++) {
        let dot = 0;
        for (let p = 0; p < D; p++) dot += (qkv[q + p] as number) * (kc[base + j * D + p] as number);
        s[j] = dot * scale;
        mx = Math.max(mx, s[j] as number);
      }
      let sum = 0;
      for (let j = 0; j <= t; j++) {
        s[j] = Math.exp((s[j] as number) - mx);
        sum += s[j] as number;
      }
      const o = b * C + h * D;
      for (let p = 0; p < D; p++) {
        let acc = 0;
        for (let j = 0; j <= t; j++) acc += (s[j] as number) * (vc[base + j * D + p] as number);
        out[o + p] = acc / sum;
      }
    }
  }
}

/** The dimensions of a write: `[B·H, cap, T, D]`. */
function writeDims(buffer: TensorInfo, src: TensorInfo) {
  const [B, H, cap, D] = buffer.shape as [number, number, number, number];
  return { bh: B * H, cap, t: src.shape[2] as number, d: D };
}

const alias = (backend: unknown, t: TensorInfo): TensorInfo => {
  (backend as Shared).incRef(t.dataId);
  return { dataId: t.dataId, shape: t.shape, dtype: t.dtype };
};

function wasmWrite({ inputs, backend, attrs }: Args): TensorInfo {
  const b = backend as WasmBackend;
  const { buffer, src } = inputs as Record<'buffer' | 'src', TensorInfo>;
  const { bh, cap, t, d } = writeDims(buffer, src);
  const heap = b.wasm.HEAPU8;
  const [dst0, src0] = [heapOffset(b, buffer), heapOffset(b, src)];
  const run = t * d * 4;
  for (let i = 0; i < bh; i++) {
    const from = src0 + i * run;
    heap.copyWithin(dst0 + (i * cap + attrs.offset!) * d * 4, from, from + run);
  }
  return alias(b, buffer);
}

function cpuWrite({ inputs, backend, attrs }: Args): TensorInfo {
  const b = backend as CpuBackend;
  const { buffer, src } = inputs as Record<'buffer' | 'src', TensorInfo>;
  const { bh, cap, t, d } = writeDims(buffer, src);
  kvWriteArrays(
    b.data.get(buffer.dataId).values,
    b.data.get(src.dataId).values,
    bh,
    cap,
    t,
    d,
    attrs.offset!,
  );
  return alias(b, buffer);
}

function attendDims(inputs: Record<string, TensorInfo>, attrs: Record<string, number>) {
  const [batch, heads, cap, dim] = inputs.keys!.shape as [number, number, number, number];
  return { batch, heads, dim, cap, t: attrs.length!, scale: attrs.scale! };
}

function wasmAttend({ inputs, backend, attrs }: Args): TensorInfo[] {
  const b = backend as WasmBackend;
  const { qkv, keys, values } = inputs as Record<'qkv' | 'keys' | 'values', TensorInfo>;
  const d = attendDims(inputs, attrs);
  const out = b.makeOutput([d.batch, d.heads * d.dim], 'float32');
  const simd = simdFor(b);
  if (simd && d.dim % 4 === 0) {
    const scores = b.makeOutput([d.t + 4], 'float32');
    const p = (t: TensorInfo) => heapOffset(b, t);
    simd.attendOne(
      p(qkv),
      p(keys),
      p(values),
      p(out),
      p(scores),
      d.batch,
      d.heads,
      d.dim,
      d.cap,
      d.t,
      d.scale,
    );
    disposeIntermediate(b, scores);
  } else {
    const v = (t: TensorInfo) => b.typedArrayFromHeap(t) as Float32Array;
    attendOneArrays({ qkv: v(qkv), kc: v(keys), vc: v(values), out: v(out) }, d);
  }
  return [out, alias(b, keys), alias(b, values)];
}

function cpuAttend({ inputs, backend, attrs }: Args): TensorInfo[] {
  const b = backend as CpuBackend;
  const { qkv, keys, values } = inputs as Record<'qkv' | 'keys' | 'values', TensorInfo>;
  const d = attendDims(inputs, attrs);
  const out = new Float32Array(d.batch * d.heads * d.dim);
  const v = (t: TensorInfo) => b.data.get(t.dataId).values;
  attendOneArrays({ qkv: v(qkv), kc: v(keys), vc: v(values), out }, d);
  return [b.makeTensorInfo([d.batch, d.heads * d.dim], 'float32', out), alias(b, keys), alias(b, values)];
}

/** The kernel configs for one backend. */
export function kvAttentionKernels(backendName: 'wasm' | 'cpu'): KernelConfig[] {
  const wasm = backendName === 'wasm';
  return [
    { kernelName: KV_WRITE, backendName, kernelFunc: (wasm ? wasmWrite : cpuWrite) as unknown as KernelFunc },
    {
      kernelName: ATTEND_ONE,
      backendName,
      kernelFunc: (wasm ? wasmAttend : cpuAttend) as unknown as KernelFunc,
    },
  ];
}

/** Whether the in-place kernels run on the current backend. */
export function kvKernelsAvailable(): boolean {
  return tf.getKernel(ATTEND_ONE, tf.getBackend()) !== undefined;
}
