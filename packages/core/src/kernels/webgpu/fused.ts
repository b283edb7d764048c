/**
 * glossa's fused layer norm and exact GELU on webgpu, as WGSL programs run by tfjs-backend-webgpu
 * (`runWebGPUProgram`): `GlossaGelu` and `GlossaGeluGrad` one dispatch each (element-wise, the erf
 * approximation of the wasm/cpu kernels); `GlossaLayerNorm` three (row means, row 1/σ, then y) and
 * `GlossaLayerNormGrad` four (row sums of dy·γ and dy·γ·x̂, dx, then dγ and dβ as column sums) —
 * instead of the ~13 and ~24 element-wise and reduction dispatches of the composite ops. Row and
 * column loops run one invocation per row or column (widths of a model's hidden size: short loops).
 * Pipelines are compiled once per shape by tfjs (its pipeline cache).
 */
import type { KernelConfig, KernelFunc, NamedTensorMap, TensorInfo } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { GELU, GELU_GRAD } from '../fused/gelu';
import { LAYER_NORM, LAYER_NORM_GRAD } from '../fused/layer-norm';

type Uniform = { type: 'int32' | 'float32'; data: number[] };
type Backend = {
  runWebGPUProgram(
    program: Program,
    inputs: TensorInfo[],
    dtype: 'float32',
    uniforms?: Uniform[],
  ): TensorInfo;
};

const WG = 64;

/** A flat-dispatch program over `size` invocations (tfjs's WebGPUProgram shape). */
class Program {
  readonly workgroupSize: [number, number, number] = [WG, 1, 1];
  readonly dispatchLayout: { x: number[] };
  readonly dispatch: [number, number, number];
  readonly size = true;
  uniforms?: string;
  constructor(
    readonly shaderKey: string,
    readonly variableNames: string[],
    readonly outputShape: number[],
    private readonly body: string,
    uniforms?: string,
  ) {
    this.dispatchLayout = { x: outputShape.map((_, i) => i) };
    const groups = Math.ceil(tf.util.sizeFromShape(outputShape) / WG);
    // At most 65535 workgroups per dimension: larger outputs use a square grid (tfjs's flat index).
    const side = groups > 65535 ? Math.ceil(Math.sqrt(groups)) : groups;
    this.dispatch = [side, groups > 65535 ? side : 1, 1];
    if (uniforms) this.uniforms = uniforms;
  }
  getUserCode(): string {
    return `${ERF}
      fn main(index : i32) {
        if (index < uniforms.size) {
          ${this.body}
        }
      }`;
  }
}

// erf as the SIMD kernel computes it: x·P(x²)/Q(x²) on [−4, 4] (|error| ≤ 5e-7).
const ERF = `
  fn glossaErf(x : f32) -> f32 {
    let c = clamp(x, -4.0, 4.0);
    let x2 = c * c;
    var p = -2.72614225801306e-10;
    p = p * x2 + 2.77068142495902e-8;
    p = p * x2 - 2.10102402082508e-6;
    p = p * x2 - 5.69250639462346e-5;
    p = p * x2 - 7.34990630326855e-4;
    p = p * x2 - 2.95459980854025e-3;
    p = p * x2 - 1.60960333262415e-2;
    var q = -1.45660718464996e-5;
    q = q * x2 - 2.13374055278905e-4;
    q = q * x2 - 1.68282697438203e-3;
    q = q * x2 - 7.37332916720468e-3;
    q = q * x2 - 1.42647390514189e-2;
    return clamp(c * p / q, -1.0, 1.0);
  }`;

type Args = { inputs: NamedTensorMap; backend: unknown; attrs: { eps: number } };
const infos = (inputs: NamedTensorMap) => inputs as unknown as Record<string, TensorInfo>;

function geluForward({ inputs, backend }: Args): TensorInfo {
  const { x } = infos(inputs) as { x: TensorInfo };
  const p = new Program(
    'glossaGelu',
    ['x'],
    x.shape,
    'let v = x[index]; setOutputAtIndex(index, 0.5 * v * (1.0 + glossaErf(v * 0.70710678118654752)));',
  );
  return (backend as Backend).runWebGPUProgram(p, [x], 'float32');
}

function geluBackward({ inputs, backend }: Args): TensorInfo {
  const { dy, x } = infos(inputs) as { dy: TensorInfo; x: TensorInfo };
  const p = new Program(
    'glossaGeluGrad',
    ['dy', 'x'],
    x.shape,
    `let v = x[index];
     let cdf = 0.5 * (1.0 + glossaErf(v * 0.70710678118654752));
     let pdf = 0.3989422804014327 * exp(-0.5 * v * v);
     setOutputAtIndex(index, dy[index] * (cdf + v * pdf));`,
  );
  return (backend as Backend).runWebGPUProgram(p, [dy, x], 'float32');
}

function layerNormForward({ inputs, backend, attrs }: Args): TensorInfo[] {
  const b = backend as Backend;
  const { x, gamma, beta } = infos(inputs) as Record<'x' | 'gamma' | 'beta', TensorInfo>;
  const width = tf.util.sizeFromShape(gamma.shape);
  const rows = width === 0 ? 0 : tf.util.sizeFromShape(x.shape) / width;
  const w = [{ type: 'int32', data: [width] }] as Uniform[];
  const mean = b.runWebGPUProgram(
    new Program(
      'glossaLnMean',
      ['x'],
      [rows],
      `var s = 0.0;
       for (var j = 0; j < uniforms.width; j++) { s += x[index * uniforms.width + j]; }
       setOutputAtIndex(index, s / f32(uniforms.width));`,
      'width : i32,',
    ),
    [x],
    'float32',
    w,
  );
  const rstd = b.runWebGPUProgram(
    new Program(
      'glossaLnRstd',
      ['x', 'mean'],
      [rows],
      `let m = mean[index];
       var s = 0.0;
       for (var j = 0; j < uniforms.width; j++) { let d = x[index * uniforms.width + j] - m; s += d * d; }
       setOutputAtIndex(index, inverseSqrt(s / f32(uniforms.width) + uniforms.eps));`,
      'width : i32, eps : f32,',
    ),
    [x, mean],
    'float32',
    [...w, { type: 'float32', data: [attrs.eps] }],
  );
  const y = b.runWebGPUProgram(
    new Program(
      'glossaLnY',
      ['x', 'gamma', 'beta', 'mean', 'rstd'],
      x.shape,
      `let r = index / uniforms.width;
       let j = index - r * uniforms.width;
       setOutputAtIndex(index, (x[index] - mean[r]) * rstd[r] * gamma[j] + beta[j]);`,
      'width : i32,',
    ),
    [x, gamma, beta, mean, rstd],
    'float32',
    w,
  );
  return [y, mean, rstd];
}

function layerNormBackward({ inputs, backend }: Args): TensorInfo[] {
  const b = backend as Backend;
  const { dy, x, gamma, mean, rstd } = infos(inputs) as Record<
    'dy' | 'x' | 'gamma' | 'mean' | 'rstd',
    TensorInfo
  >;
  const width = tf.util.sizeFromShape(gamma.shape);
  const rows = width === 0 ? 0 : tf.util.sizeFromShape(x.shape) / width;
  const w = [{ type: 'int32', data: [width] }] as Uniform[];
  const wr = [...w, { type: 'int32', data: [rows] }] as Uniform[];
  // Per row: c1 = mean(dy·γ), c2 = mean(dy·γ·x̂), packed [rows, 2].
  const c = b.runWebGPUProgram(
    new Program(
      'glossaLnGradRows',
      ['dy', 'x', 'gamma', 'mean', 'rstd'],
      [rows, 2],
      `let r = index / 2;
       let m = mean[r];
       let rs = rstd[r];
       var s = 0.0;
       for (var j = 0; j < uniforms.width; j++) {
         let o = r * uniforms.width + j;
         let g = dy[o] * gamma[j];
         if (index % 2 == 0) { s += g; } else { s += g * (x[o] - m) * rs; }
       }
       setOutputAtIndex(index, s / f32(uniforms.width));`,
      'width : i32,',
    ),
    [dy, x, gamma, mean, rstd],
    'float32',
    w,
  );
  const dx = b.runWebGPUProgram(
    new Program(
      'glossaLnGradX',
      ['dy', 'x', 'gamma', 'mean', 'rstd', 'c'],
      x.shape,
      `let r = index / uniforms.width;
       let j = index - r * uniforms.width;
       let rs = rstd[r];
       let xh = (x[index] - mean[r]) * rs;
       setOutputAtIndex(index, rs * (dy[index] * gamma[j] - c[2 * r] - xh * c[2 * r + 1]));`,
      'width : i32,',
    ),
    [dy, x, gamma, mean, rstd, c],
    'float32',
    w,
  );
  (backend as { disposeData(id: object): void }).disposeData(c.dataId);
  // Column sums over rows: dγ = Σ dy·x̂, dβ = Σ dy. (A program binds only the inputs its shader
  // reads: the pipeline layout is derived from the shader.)
  const column = (key: string, names: string[], ins: TensorInfo[], term: string) =>
    b.runWebGPUProgram(
      new Program(
        key,
        names,
        gamma.shape,
        `var s = 0.0;
         for (var r = 0; r < uniforms.rows; r++) {
           let o = r * uniforms.width + index;
           s += ${term};
         }
         setOutputAtIndex(index, s);`,
        'width : i32, rows : i32,',
      ),
      ins,
      'float32',
      wr,
    );
  const dgamma = column(
    'glossaLnGradGamma',
    ['dy', 'x', 'mean', 'rstd'],
    [dy, x, mean, rstd],
    'dy[o] * (x[o] - mean[r]) * rstd[r]',
  );
  return [dx, dgamma, column('glossaLnGradBeta', ['dy'], [dy], 'dy[o]')];
}

const kernel = (kernelName: string, f: unknown): KernelConfig => ({
  kernelName,
  backendName: 'webgpu',
  kernelFunc: f as KernelFunc,
});

/** The fused layer norm and GELU kernels for webgpu. */
export function webgpuFusedKernels(): KernelConfig[] {
  return [
    kernel(GELU, geluForward),
    kernel(GELU_GRAD, geluBackward),
    kernel(LAYER_NORM, layerNormForward),
    kernel(LAYER_NORM_GRAD, layerNormBackward),
  ];
}
