import {
  ArgumentError,
  fmtShape,
  type Generator,
  getDefaultGenerator,
  init,
  Linear,
  Module,
  ShapeError,
} from '@glossa/core';
import { assertBroadcastable } from '@glossa/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import { alibiBias } from './alibi';
import { CrossAttentionCache } from './cross-attention-cache';
import type { KVCache } from './kv-cache';
import { causalMask, combineMasks, slidingWindowMask, toBooleanMask } from './masks';
import { assertShapeEq, projectAlongTime, projectInputs, projectQuery, splitHeads } from './mha-projections';
import { applyRotaryEmbedding } from './rotary';
import { scaledDotProductAttention } from './scaled-dot-product-attention';
import { slidingWindowAttention } from './sliding-window-attention';

/** Options of {@link MultiHeadAttention}. */
export interface MultiHeadAttentionOptions {
  /** Model dimension `E` (queries and output). */
  embedDim: number;
  /** Number of heads `H`; must divide `embedDim`. */
  numHeads: number;
  /** Key feature size. Default `embedDim`. */
  kdim?: number;
  /** Value feature size. Default `embedDim`. */
  vdim?: number;
  /** Learn the input and output projection biases. Default `true`. */
  bias?: boolean;
  /** Dropout on the attention weights (training mode only). Default 0. */
  dropout?: number;
  /** Randomness for initialisation and dropout. Default: core's default generator. */
  generator?: Generator;
  /** Rotary position embedding on queries and keys (`true` = base 10000). Default off. */
  rope?: boolean | { base?: number };
  /** Add ALiBi biases to the scores. Default `false`. */
  alibi?: boolean;
  /**
   * Sliding-window (local) attention: each query sees keys with `|i − j| < window` (and only the
   * past with `causal: true`). With `needWeights: false` and no cache or `attnMask`, self-attention
   * runs in O(T·window) memory. Default off.
   */
  slidingWindow?: { window: number; causal?: boolean };
  /**
   * Linformer (Wang et al. 2020): project keys and values along time from at most `maxSeqLen`
   * positions to `projectedLength` with learned `linformer_e` / `linformer_f` `[k, maxSeqLen]`
   * matrices, making attention O(T·k). No `attnMask`, causal mask or cache. Default off.
   */
  linformer?: { maxSeqLen: number; projectedLength: number };
}

/** Arguments of {@link MultiHeadAttention.forward}. */
export interface MultiHeadAttentionArgs {
  /** `[B, Tq, E]`. */
  query: tf.Tensor;
  /** `[B, Tk, kdim]`. Default: `query` (self-attention). */
  key?: tf.Tensor;
  /** `[B, Tk, vdim]`. Default: `key`. */
  value?: tf.Tensor;
  /** `[Tq, Tk]`, `[B·H, Tq, Tk]` or `[B, H, Tq, Tk]`; boolean (`true` = masked) or additive float. */
  attnMask?: tf.Tensor;
  /** `[B, Tk]`; boolean (`true` = padding) or additive float. With a cache, covers the whole prefix. */
  keyPaddingMask?: tf.Tensor;
  /** Add a causal mask (offset by the cache length). Default `false`. */
  isCausal?: boolean;
  /** Return the attention weights. Default `true` (as PyTorch). */
  needWeights?: boolean;
  /** Average the weights over heads (`[B, Tq, Tk]`) or keep them per head (`[B, H, Tq, Tk]`). Default `true`. */
  averageAttnWeights?: boolean;
  /**
   * A `KVCache` for incremental self-attention (new keys/values are appended, attention covers the
   * prefix), or a `CrossAttentionCache` for cross-attention: the first call projects `key`/`value`
   * and stores them, later calls omit `key`/`value` and reuse the stored projections.
   */
  cache?: KVCache | CrossAttentionCache;
}

/**
 * Multi-head attention with PyTorch `nn.MultiheadAttention` semantics and parameter layout
 * (batch first): `in_proj_weight` `[3E, E]` = [Wq; Wk; Wv] (or `q_proj_weight` `[E, E]`,
 * `k_proj_weight` `[E, kdim]`, `v_proj_weight` `[E, vdim]` when kdim/vdim ≠ E), `in_proj_bias`
 * `[3E]`, `out_proj.weight` `[E, E]`, `out_proj.bias` `[E]`. Options add RoPE, ALiBi, sliding-window
 * and Linformer attention and a KV cache for decoding.
 *
 * @example
 * ```ts
 * const attn = new MultiHeadAttention({ embedDim: 16, numHeads: 4 });
 * attn.loadStateDict(torchState); // PyTorch names
 * const x = tf.randomNormal([2, 5, 16]); // [B, T, E]
 * const { output, weights } = attn.forward({ query: x, key: x, value: x, attnMask: causalMask(5) });
 * // output [2, 5, 16], weights [2, 5, 5]
 * ```
 */
export class MultiHeadAttention extends Module {
  readonly embedDim: number;
  readonly numHeads: number;
  readonly headDim: number;
  readonly kdim: number;
  readonly vdim: number;
  readonly dropout: number;
  readonly options: Readonly<MultiHeadAttentionOptions>;
  /** `[3E, E]` when kdim = vdim = E, else `null`. */
  readonly inProjWeight: tf.Variable | null = null;
  readonly qProjWeight: tf.Variable | null = null;
  readonly kProjWeight: tf.Variable | null = null;
  readonly vProjWeight: tf.Variable | null = null;
  /** `[3E]` or `null` with `bias: false`. */
  readonly inProjBias: tf.Variable | null = null;
  readonly outProj: Linear;
  readonly linformerE: tf.Variable | null = null;
  readonly linformerF: tf.Variable | null = null;
  private readonly generator: Generator;

  constructor(options: MultiHeadAttentionOptions) {
    super();
    const { embedDim, numHeads, bias = true, dropout = 0, generator = getDefaultGenerator() } = options ?? {};
    for (const [name, v] of Object.entries({ embedDim, numHeads })) {
      if (!Number.isInteger(v) || v < 1) {
        throw new ArgumentError(`MultiHeadAttention(${name})`, 'an integer >= 1', v);
      }
    }
    if (embedDim % numHeads !== 0) {
      throw new ArgumentError(
        'MultiHeadAttention(numHeads)',
        `a divisor of embedDim (${embedDim})`,
        numHeads,
      );
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new ArgumentError('MultiHeadAttention(dropout)', 'a probability in [0, 1)', dropout);
    }
    this.options = { ...options };
    this.embedDim = embedDim;
    this.numHeads = numHeads;
    this.headDim = embedDim / numHeads;
    this.kdim = options.kdim ?? embedDim;
    this.vdim = options.vdim ?? embedDim;
    this.dropout = dropout;
    this.generator = generator;
    if (options.rope && this.headDim % 2 !== 0) {
      throw new ArgumentError(
        'MultiHeadAttention(embedDim / numHeads)',
        'an even head dimension (rope rotates pairs of features)',
        this.headDim,
      );
    }
    const E = embedDim;
    // PyTorch: xavier_uniform_ on the projection weights, zero projection biases.
    if (this.kdim === E && this.vdim === E) {
      this.inProjWeight = this.registerParameter(
        'in_proj_weight',
        init.xavierUniform([3 * E, E], { generator }),
      );
    } else {
      this.qProjWeight = this.registerParameter('q_proj_weight', init.xavierUniform([E, E], { generator }));
      this.kProjWeight = this.registerParameter(
        'k_proj_weight',
        init.xavierUniform([E, this.kdim], { generator }),
      );
      this.vProjWeight = this.registerParameter(
        'v_proj_weight',
        init.xavierUniform([E, this.vdim], { generator }),
      );
    }
    if (bias) this.inProjBias = this.registerParameter('in_proj_bias', tf.zeros([3 * E]));
    this.outProj = this.registerModule(
      'out_proj',
      new Linear({ inFeatures: E, outFeatures: E, bias, generator }),
    );
    if (bias) tf.tidy(() => this.outProj.bias!.assign(tf.zerosLike(this.outProj.bias!)));
    if (options.linformer) {
      const { maxSeqLen, projectedLength } = options.linformer;
      for (const [name, v] of Object.entries({ maxSeqLen, projectedLength })) {
        if (!Number.isInteger(v) || v < 1) {
          throw new ArgumentError(`MultiHeadAttention(linformer.${name})`, 'an integer >= 1', v);
        }
      }
      const std = 1 / Math.sqrt(projectedLength);
      this.linformerE = this.registerParameter(
        'linformer_e',
        init.normal([projectedLength, maxSeqLen], { std, generator }),
      );
      this.linformerF = this.registerParameter(
        'linformer_f',
        init.normal([projectedLength, maxSeqLen], { std, generator }),
      );
    }
  }

  /**
   * @returns `output` `[B, Tq, E]` and `weights` (`[B, Tq, Tk]` averaged or `[B, H, Tq, Tk]`
   * per head; `null` with `needWeights: false`). Rows whose keys are all masked get zero weights.
   */
  forward(args: MultiHeadAttentionArgs): { output: tf.Tensor; weights: tf.Tensor | null } {
    const { query, cache, needWeights = true, averageAttnWeights = true, isCausal = false } = args;
    const cross = cache instanceof CrossAttentionCache ? cache : undefined;
    const selfCache = cross ? undefined : (cache as KVCache | undefined);
    const key = args.key ?? query;
    const value = args.value ?? key;
    const E = this.embedDim;
    const H = this.numHeads;
    const [B, Tq] = this.checkInput('query', query, E);
    let Tnew = cross?.length ?? 0;
    if (cross?.filled) assertShapeEq('MultiHeadAttention.forward(cache)', [cross.keys!.shape[0]], [B]);
    else {
      [, Tnew] = this.checkInput('key', key, this.kdim, B);
      this.checkInput('value', value, this.vdim, B, Tnew);
    }
    const offset = selfCache ? selfCache.length : 0;
    const Tk = offset + Tnew;
    const { linformer, slidingWindow, rope, alibi } = this.options;
    if (linformer && (args.attnMask || isCausal || cache || slidingWindow)) {
      const [what, v]: [string, unknown] = args.attnMask
        ? ['.forward(attnMask)', args.attnMask]
        : isCausal
          ? ['.forward(isCausal)', isCausal]
          : cache
            ? ['.forward(cache)', cache]
            : ['(slidingWindow)', slidingWindow];
      throw new ArgumentError(
        `MultiHeadAttention${what}`,
        'none with linformer, which supports keyPaddingMask only (no attnMask, isCausal, cache or slidingWindow)',
        v,
      );
    }
    if (linformer && Tk > linformer.maxSeqLen) {
      throw new ShapeError(
        `MultiHeadAttention.forward(key): linformer expects at most ${linformer.maxSeqLen} time steps, received ${fmtShape(key.shape)}`,
        [B, linformer.maxSeqLen, this.kdim],
        key.shape,
      );
    }
    if (args.attnMask) this.checkAttnMask(args.attnMask, B, Tq, Tk);
    if (args.keyPaddingMask)
      assertShapeEq('MultiHeadAttention.forward(keyPaddingMask)', args.keyPaddingMask.shape, [B, Tk]);
    const training = this.training && this.dropout > 0;
    const result = tf.tidy((): { output: tf.Tensor; weights?: tf.Tensor } => {
      const m = args.attnMask;
      const attnMask = m && m.rank === 3 ? tf.reshape(m, [B, H, Tq, Tk]) : m;
      const reuse = cross?.filled;
      let [q, k, v] = reuse
        ? [projectQuery(this, query), cross!.keys!, cross!.values!]
        : projectInputs(this, query, key, value);
      if (linformer) [k, v] = projectAlongTime(k, v, this.linformerE!, this.linformerF!, args.keyPaddingMask);
      q = splitHeads(q, B, H);
      if (!reuse) [k, v] = [splitHeads(k, B, H), splitHeads(v, B, H)];
      if (rope) {
        const base = typeof rope === 'object' ? rope.base : undefined;
        q = applyRotaryEmbedding(q, { offset, base });
        if (!reuse) k = applyRotaryEmbedding(k, { offset, base });
      }
      if (selfCache) ({ keys: k, values: v } = selfCache.append(k as tf.Tensor4D, v as tf.Tensor4D));
      if (cross && !reuse) cross.set(k as tf.Tensor4D, v as tf.Tensor4D);
      const band =
        slidingWindow && !needWeights && !cache && !attnMask && !alibi && !isCausal && Tq === Tk && !training;
      let out: tf.Tensor;
      let weights: tf.Tensor | undefined;
      if (band) {
        const kpm = args.keyPaddingMask;
        out = slidingWindowAttention({
          query: q as tf.Tensor4D,
          key: k as tf.Tensor4D,
          value: v as tf.Tensor4D,
          window: slidingWindow.window,
          causal: slidingWindow.causal,
          keyPaddingMask: kpm ? toBooleanMask(kpm as tf.Tensor2D) : undefined,
        });
      } else {
        const masks: Array<tf.Tensor | undefined> = [attnMask];
        if (args.keyPaddingMask && !linformer) masks.push(tf.reshape(args.keyPaddingMask, [B, 1, 1, Tk]));
        if (isCausal) masks.push(causalMask(Tq, Tk, Tk - Tq));
        if (slidingWindow) masks.push(slidingWindowMask(Tq, { ...slidingWindow, tk: Tk, offset: Tk - Tq }));
        const kLen = k.shape[2]!;
        const r = scaledDotProductAttention({
          query: q,
          key: k,
          value: v,
          attnMask: combineMasks(...masks),
          bias: alibi ? alibiBias(H, Tq, kLen, kLen - Tq) : undefined,
          dropout: this.dropout,
          training: this.training,
          generator: this.generator,
        });
        out = r.output;
        if (needWeights) weights = averageAttnWeights ? tf.mean(r.weights, 1) : r.weights;
      }
      const merged = tf.reshape(tf.transpose(out, [0, 2, 1, 3]), [B * Tq, E]);
      const output = tf.reshape(this.outProj.forward(merged), [B, Tq, E]);
      return weights ? { output, weights } : { output };
    });
    return { output: result.output, weights: result.weights ?? null };
  }

  private checkInput(what: string, x: tf.Tensor, dim: number, b?: number, t?: number): [number, number] {
    const expected = [b ?? null, t ?? null, dim];
    if (
      x.rank !== 3 ||
      x.shape[2] !== dim ||
      (b !== undefined && x.shape[0] !== b) ||
      (t !== undefined && x.shape[1] !== t)
    ) {
      throw new ShapeError(
        `MultiHeadAttention.forward(${what}): expected shape ${fmtShape(expected)}, received ${fmtShape(x.shape)}`,
        expected,
        x.shape,
      );
    }
    return [x.shape[0]!, x.shape[1]!];
  }

  private checkAttnMask(mask: tf.Tensor, B: number, Tq: number, Tk: number): void {
    const what = 'MultiHeadAttention.forward(attnMask)';
    if (mask.rank === 3) assertShapeEq(what, mask.shape, [B * this.numHeads, Tq, Tk]);
    else if (mask.rank === 2) assertShapeEq(what, mask.shape, [Tq, Tk]);
    else assertBroadcastable(what, mask.shape, [B, this.numHeads, Tq, Tk]);
  }
}
