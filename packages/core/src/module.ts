import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, fmtShape, ShapeError, StateDictError } from './errors';

/** A plain serialized tensor, as in the fixtures: flat row-major `data` and a `shape`. */
export interface PlainTensor {
  shape: readonly number[];
  data: ArrayLike<number> | ArrayLike<bigint>;
  dtype?: 'float32' | 'int32' | 'bool';
}

/** What `loadStateDict` accepts for each key: a tensor or a `{ shape, data }` object. */
export type StateValue = tf.Tensor | PlainTensor;

/** A record of PyTorch-style names (`encoder.layers.0.linear1.weight`) to values. */
export type StateDict = Record<string, StateValue>;

export interface LoadStateDictOptions {
  /** Only keys starting with this prefix are read, with the prefix removed. Default `''`. */
  prefix?: string;
  /**
   * `true` (default): every parameter and buffer must be present and no other key may be
   * (under `prefix`). `false`: load what matches; missing and unexpected keys are returned.
   */
  strict?: boolean;
}

/** Converts a `StateValue` to a new tensor (float32 unless the value says otherwise). */
export function toTensor(value: StateValue, what = 'value'): tf.Tensor {
  if (value instanceof tf.Tensor) return value.clone();
  if (value && typeof value === 'object' && Array.isArray(value.shape) && value.data !== undefined) {
    const size = value.shape.reduce((a, b) => a * b, 1);
    if (value.data.length !== size) {
      throw new ShapeError(
        `${what}: data has ${value.data.length} elements but shape ${fmtShape(value.shape)} needs ${size}`,
        value.shape,
        [value.data.length],
      );
    }
    const data = Array.from(value.data as ArrayLike<number | bigint>, Number);
    return tf.tensor(data, [...value.shape], value.dtype ?? 'float32');
  }
  throw new ArgumentError(what, 'a tf.Tensor or { shape, data }', value);
}

interface ParamEntry {
  variable: tf.Variable;
}

/**
 * Base class of every layer and model: named parameters, buffers and child modules, a
 * training flag, freezing, and PyTorch-compatible `stateDict()` / `loadStateDict()`.
 *
 * Subclasses register what they own in the constructor and implement `forward`.
 *
 * @example
 * ```ts
 * class TwoLayer extends Module {
 *   fc1 = this.registerModule('fc1', new Linear({ inFeatures: 4, outFeatures: 8 }));
 *   fc2 = this.registerModule('fc2', new Linear({ inFeatures: 8, outFeatures: 2 }));
 *   forward(x: tf.Tensor2D) { return tf.tidy(() => this.fc2.forward(tf.relu(this.fc1.forward(x)))); }
 * }
 * const m = new TwoLayer();
 * m.namedParameters().map(([n]) => n); // ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']
 * ```
 */
export abstract class Module {
  /** `true` in training mode (dropout active), `false` after `eval()`. */
  training = true;
  private readonly _params = new Map<string, ParamEntry>();
  private readonly _buffers = new Map<string, tf.Tensor>();
  private readonly _children = new Map<string, Module>();

  /** The module's computation. Each subclass declares its own typed signature. */
  abstract forward(...args: any[]): any;

  /**
   * Registers a trainable parameter. The tensor is kept (wrapped in a `tf.Variable`); pass a
   * fresh tensor. Returns the variable.
   */
  protected registerParameter(name: string, init: tf.Tensor, trainable = true): tf.Variable {
    this.checkName(name);
    const variable = tf.variable(init, trainable);
    init.dispose();
    this._params.set(name, { variable });
    return variable;
  }

  /** Registers a persistent non-trainable tensor (saved in `stateDict`, e.g. running statistics). */
  protected registerBuffer(name: string, value: tf.Tensor): tf.Tensor {
    this.checkName(name);
    tf.keep(value);
    this._buffers.set(name, value);
    return value;
  }

  /** Registers a child module under `name` (its parameters appear as `name.<param>`). */
  protected registerModule<M extends Module>(name: string, module: M): M {
    this.checkName(name);
    this._children.set(name, module);
    return module;
  }

  private checkName(name: string): void {
    if (!name || name.includes('.')) {
      throw new ArgumentError('register(name)', "a non-empty name without '.'", name);
    }
    if (this._params.has(name) || this._buffers.has(name) || this._children.has(name)) {
      throw new ArgumentError(
        'register(name)',
        `a name not yet registered on this ${this.constructor.name}`,
        name,
      );
    }
  }

  /** Direct children, in registration order. */
  namedChildren(): Array<[string, Module]> {
    return [...this._children];
  }

  /** This module and every descendant, with dotted names (`''` for this one). */
  namedModules(prefix = ''): Array<[string, Module]> {
    const out: Array<[string, Module]> = [[prefix, this]];
    for (const [name, child] of this._children) out.push(...child.namedModules(join(prefix, name)));
    return out;
  }

  /** Every parameter (trainable or frozen) with its PyTorch-style dotted name. */
  namedParameters(prefix = ''): Array<[string, tf.Variable]> {
    const out: Array<[string, tf.Variable]> = [];
    for (const [name, p] of this._params) out.push([join(prefix, name), p.variable]);
    for (const [name, child] of this._children) out.push(...child.namedParameters(join(prefix, name)));
    return out;
  }

  /** Every parameter (trainable or frozen). */
  parameters(): tf.Variable[] {
    return this.namedParameters().map(([, v]) => v);
  }

  /** Parameters that an optimizer should update (not frozen), as a name → variable record. */
  trainableParameters(): Record<string, tf.Variable> {
    const out: Record<string, tf.Variable> = {};
    for (const [name, v] of this.namedParameters()) if (v.trainable) out[name] = v;
    return out;
  }

  /** Every buffer with its dotted name. */
  namedBuffers(prefix = ''): Array<[string, tf.Tensor]> {
    const out: Array<[string, tf.Tensor]> = [];
    for (const [name, b] of this._buffers) out.push([join(prefix, name), b]);
    for (const [name, child] of this._children) out.push(...child.namedBuffers(join(prefix, name)));
    return out;
  }

  /** Number of scalar parameters (all, or trainable only). */
  numParameters(trainableOnly = false): number {
    return this.parameters()
      .filter((v) => !trainableOnly || v.trainable)
      .reduce((n, v) => n + v.size, 0);
  }

  /** Sets training mode on this module and all descendants. */
  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

  /** Sets evaluation mode (dropout off) on this module and all descendants. */
  eval(): this {
    return this.train(false);
  }

  /** Freezes (or with `false` unfreezes) every parameter of this sub-tree, e.g. for fine-tuning. */
  freeze(frozen = true): this {
    for (const v of this.parameters()) v.trainable = !frozen;
    return this;
  }

  /** Unfreezes every parameter of this sub-tree. */
  unfreeze(): this {
    return this.freeze(false);
  }

  /**
   * Parameters and buffers by PyTorch `state_dict()` name. The values are the live tensors:
   * clone them if you need a snapshot that survives further training.
   */
  stateDict(prefix = ''): Record<string, tf.Tensor> {
    const out: Record<string, tf.Tensor> = {};
    for (const [name, v] of this.namedParameters(prefix)) out[name] = v;
    for (const [name, b] of this.namedBuffers(prefix)) out[name] = b;
    return out;
  }

  /**
   * Loads values by PyTorch name, validating every key and shape before changing anything.
   * Throws `StateDictError` listing missing, unexpected and mis-shaped keys (strict mode).
   * Returns the missing and unexpected keys (useful with `strict: false`).
   */
  loadStateDict(
    state: StateDict,
    options: LoadStateDictOptions = {},
  ): { missing: string[]; unexpected: string[] } {
    const { prefix = '', strict = true } = options;
    if (state === null || typeof state !== 'object') {
      throw new ArgumentError('loadStateDict(state)', 'a record of name → tensor', state);
    }
    type Target = {
      shape: number[];
      dtype: tf.DataType;
      keepsTensor: boolean;
      assign: (t: tf.Tensor) => void;
    };
    const own = new Map<string, Target>();
    for (const [name, v] of this.namedParameters()) {
      own.set(name, { shape: v.shape, dtype: v.dtype, keepsTensor: false, assign: (t) => v.assign(t) });
    }
    for (const [owner, m] of this.namedModules()) {
      for (const [bname, b] of m._buffers) {
        own.set(join(owner, bname), {
          shape: b.shape,
          dtype: b.dtype,
          keepsTensor: true,
          assign: (t) => {
            tf.keep(t);
            m._buffers.set(bname, t);
            b.dispose();
          },
        });
      }
    }
    const given = new Map<string, StateValue>();
    for (const [k, v] of Object.entries(state))
      if (k.startsWith(prefix)) given.set(k.slice(prefix.length), v);
    const missing = [...own.keys()].filter((k) => !given.has(k));
    const unexpected = [...given.keys()].filter((k) => !own.has(k));
    const mismatched: Array<{ key: string; expected: number[]; received: number[] }> = [];
    for (const [k, target] of own) {
      const v = given.get(k);
      if (v === undefined) continue;
      const shape = v instanceof tf.Tensor ? v.shape : [...(v as PlainTensor).shape];
      if (shape.length !== target.shape.length || shape.some((d, i) => d !== target.shape[i])) {
        mismatched.push({ key: prefix + k, expected: target.shape, received: shape });
      }
    }
    if (mismatched.length || (strict && (missing.length || unexpected.length))) {
      const parts: string[] = [];
      if (missing.length) parts.push(`missing keys: ${missing.map((k) => prefix + k).join(', ')}`);
      if (unexpected.length) parts.push(`unexpected keys: ${unexpected.map((k) => prefix + k).join(', ')}`);
      for (const m of mismatched) {
        parts.push(`'${m.key}' has shape ${fmtShape(m.received)}, expected ${fmtShape(m.expected)}`);
      }
      throw new StateDictError(
        `loadStateDict(${this.constructor.name}): ${parts.join('; ')}`,
        missing.map((k) => prefix + k),
        unexpected.map((k) => prefix + k),
        mismatched,
      );
    }
    for (const [k, target] of own) {
      const v = given.get(k);
      if (v === undefined) continue;
      const t = toTensor(v, `state['${prefix + k}']`);
      const cast = t.dtype === target.dtype ? t : tf.cast(t, target.dtype);
      if (cast !== t) t.dispose();
      target.assign(cast);
      // Parameters copy the value into their variable; buffers keep the tensor itself.
      if (!target.keepsTensor) cast.dispose();
    }
    return { missing: missing.map((k) => prefix + k), unexpected: unexpected.map((k) => prefix + k) };
  }

  /** Releases every parameter and buffer of this sub-tree. The module is unusable afterwards. */
  dispose(): void {
    for (const p of this._params.values()) p.variable.dispose();
    for (const b of this._buffers.values()) b.dispose();
    for (const c of this._children.values()) c.dispose();
  }
}

function join(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}
