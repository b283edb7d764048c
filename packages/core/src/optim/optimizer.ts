import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, FormatError } from '../errors';
import { Module } from '../module';

/** What an optimizer updates: a module (its trainable parameters, by PyTorch name) or a record of variables. */
export type ParamSource = Module | Record<string, tf.Variable>;

/** Gradients by parameter name (PyTorch name, or a tf.Variable's `name` as `tf.variableGrads` returns). */
export type Gradients = Record<string, tf.Tensor>;

/** Options shared by every optimizer. */
export interface OptimizerOptions {
  /** Learning rate. */
  lr?: number;
  /**
   * The parameters, so that `step` accepts PyTorch names and the state is saved under them (needed for
   * checkpoints). Without it, `step` looks variables up by their tfjs name.
   */
  params?: ParamSource;
}

/** Serializable optimizer state: hyperparameters, step counts and per-parameter slots. */
export interface OptimizerState {
  /** Optimizer class name, checked on load. */
  type: string;
  /** Optimizer steps taken. */
  step: number;
  /** Current learning rate and other numeric hyperparameters. */
  hyper: Record<string, number | boolean | number[]>;
  /** `<param name>.<slot>` (e.g. `fc.weight.exp_avg`) → tensor. Live tensors: clone to snapshot. */
  tensors: Record<string, tf.Tensor>;
  /** Per-parameter step counts. */
  paramSteps: Record<string, number>;
}

/** While set, called with each optimizer at the start of its `step` (`precompile` snapshots their state). */
let beforeStep: ((optimizer: Optimizer) => void) | undefined;

/** Sets the `step` observer; returns the previous one (internal: `train/precompile.ts`). */
export function observeOptimizerSteps(
  f: ((optimizer: Optimizer) => void) | undefined,
): ((optimizer: Optimizer) => void) | undefined {
  const previous = beforeStep;
  beforeStep = f;
  return previous;
}

/**
 * Base class of the optimizers: resolves gradients to variables, keeps per-parameter state
 * slots, counts steps and saves/loads its state. Subclasses implement `update`.
 *
 * @example
 * ```ts
 * const opt = new Adam({ lr: 1e-3, params: model });
 * const { value, grads } = tf.variableGrads(() => loss(model));
 * opt.step(grads); // grads keyed by tfjs variable names or PyTorch names
 * tf.dispose([value, ...Object.values(grads)]);
 * ```
 */
export abstract class Optimizer {
  /**
   * The optimizer's name in saved state and messages, set from a string by each subclass so that
   * minified builds (which rename classes) still read and write the same checkpoints.
   */
  static readonly typeName: string = 'Optimizer';
  /** Learning rate used by the next `step` (schedules set it). */
  lr: number;
  /** Number of `step` calls so far. */
  stepCount = 0;
  protected readonly params: ParamSource | undefined;
  private readonly slots = new Map<string, Map<string, tf.Tensor>>();
  private readonly paramSteps = new Map<string, number>();
  /** PyTorch name → variable and tfjs variable name → PyTorch name, built on first use. */
  private names: { byName: Record<string, tf.Variable>; byVar: Map<string, string> } | undefined;

  constructor(options: OptimizerOptions, defaultLr: number) {
    const lr = options?.lr ?? defaultLr;
    if (!(lr >= 0))
      throw new ArgumentError(
        `${(new.target as typeof Optimizer).typeName}(lr)`,
        'a non-negative number',
        lr,
      );
    this.lr = lr;
    this.params = options?.params;
  }

  /** {@link Optimizer.typeName} of this instance's class. */
  get typeName(): string {
    return (this.constructor as typeof Optimizer).typeName;
  }

  /** Whether `step` accepts PyTorch parameter names (the optimizer was given `params`). */
  get acceptsParameterNames(): boolean {
    return this.params !== undefined;
  }

  /** Numeric hyperparameters saved with the state (besides `lr`). */
  protected abstract hyper(): Record<string, number | boolean | number[]>;

  /** Applies one update to `param` given `grad`; `t` is this parameter's 1-based step. Runs inside `tf.tidy`. */
  protected abstract update(name: string, param: tf.Variable, grad: tf.Tensor, t: number): void;

  /** A state slot of `name` (e.g. `exp_avg`), created by `init` on first use. */
  private slotsOf(name: string): Map<string, tf.Tensor> {
    let m = this.slots.get(name);
    if (!m) {
      m = new Map();
      this.slots.set(name, m);
    }
    return m;
  }

  protected slot(name: string, slot: string, init: () => tf.Tensor): tf.Tensor {
    const m = this.slotsOf(name);
    let v = m.get(slot);
    if (!v) {
      v = tf.keep(init());
      m.set(slot, v);
    }
    return v;
  }

  /** Replaces a state slot (the old tensor is disposed, the new one kept). */
  protected setSlot(name: string, slot: string, value: tf.Tensor): void {
    const m = this.slotsOf(name);
    m.get(slot)?.dispose();
    m.set(slot, tf.keep(value));
  }

  private buildNames(): { byName: Record<string, tf.Variable>; byVar: Map<string, string> } {
    const params = this.params!;
    const byName = params instanceof Module ? Object.fromEntries(params.namedParameters()) : params;
    const byVar = new Map<string, string>();
    for (const [k, v] of Object.entries(byName)) byVar.set(v.name, k);
    return { byName, byVar };
  }

  /**
   * The parameter a gradient key names: a PyTorch name (what `fit` passes), or a tfjs variable name
   * (what `tf.variableGrads` returns). The name maps are built once and rebuilt only when a key is
   * not in them (a parameter registered after the optimizer was made).
   */
  private lookup(key: string): [string, tf.Variable] | undefined {
    const find = (n: { byName: Record<string, tf.Variable>; byVar: Map<string, string> }) => {
      const v = n.byName[key];
      if (v) return [key, v] as [string, tf.Variable];
      const name = n.byVar.get(key);
      return name === undefined ? undefined : ([name, n.byName[name]!] as [string, tf.Variable]);
    };
    this.names ??= this.buildNames();
    const hit = find(this.names);
    if (hit) return hit;
    this.names = this.buildNames();
    return find(this.names);
  }

  /**
   * Updates every parameter that has a gradient in `grads` (frozen parameters are skipped). The
   * gradients are not disposed.
   */
  step(grads: Gradients): void {
    if (grads === null || typeof grads !== 'object') {
      throw new ArgumentError(`${this.typeName}.step(grads)`, 'a record of name → tensor', grads);
    }
    beforeStep?.(this);
    const resolved = this.params !== undefined;
    const registered = tf.engine().registeredVariables;
    const work: Array<[string, tf.Variable, tf.Tensor]> = [];
    for (const [key, g] of Object.entries(grads)) {
      if (!g) continue;
      const [name, v] = resolved ? (this.lookup(key) ?? [key, undefined]) : [key, registered[key]];
      if (!v) {
        throw new ArgumentError(
          `${this.typeName}.step(grads)`,
          resolved
            ? `keys that name parameters or variables of params ('${key}' is not a parameter name or variable of params)`
            : `keys that name registered tf.Variables ('${key}' is not a registered tf.Variable name; pass options.params to use PyTorch names)`,
          key,
        );
      }
      if (!v.trainable) continue;
      if (g.size !== v.size) {
        throw new ArgumentError(
          `${this.typeName}.step(grads['${key}'])`,
          `a tensor of shape [${v.shape.join(', ')}]`,
          g,
        );
      }
      work.push([name, v, g]);
    }
    this.stepCount += 1;
    for (const [name, v, g] of work) {
      const t = (this.paramSteps.get(name) ?? 0) + 1;
      this.paramSteps.set(name, t);
      tf.tidy(() => this.update(name, v, g, t));
    }
  }

  /**
   * The state for checkpoints: hyperparameters, step counts and slot tensors named
   * `<param>.<slot>`. The tensors are live; `loadStateDict` copies what it is given.
   */
  stateDict(): OptimizerState {
    const tensors: Record<string, tf.Tensor> = {};
    for (const [p, m] of this.slots) for (const [s, t] of m) tensors[`${p}.${s}`] = t;
    return {
      type: this.typeName,
      step: this.stepCount,
      hyper: { lr: this.lr, ...this.hyper() },
      tensors,
      paramSteps: Object.fromEntries(this.paramSteps),
    };
  }

  /** Restores a state from `stateDict()` (tensors are copied). Hyperparameters other than `lr` are not changed. */
  loadStateDict(state: OptimizerState): void {
    if (!state || state.type !== this.typeName) {
      throw new FormatError(
        `${this.typeName}.loadStateDict(state): expected state of a ${this.typeName}, received ${state ? `'${state.type}'` : String(state)}`,
      );
    }
    this.disposeState();
    this.stepCount = state.step;
    if (typeof state.hyper?.lr === 'number') this.lr = state.hyper.lr;
    for (const [k, n] of Object.entries(state.paramSteps ?? {})) this.paramSteps.set(k, n);
    for (const [key, t] of Object.entries(state.tensors)) {
      const dot = key.lastIndexOf('.');
      if (dot <= 0)
        throw new FormatError(`${this.typeName}.loadStateDict: tensor key '${key}' is not '<param>.<slot>'`);
      this.slotsOf(key.slice(0, dot)).set(key.slice(dot + 1), tf.keep(t.clone()));
    }
  }

  private disposeState(): void {
    for (const m of this.slots.values()) for (const t of m.values()) t.dispose();
    this.slots.clear();
    this.paramSteps.clear();
  }

  /** Releases the state tensors. */
  dispose(): void {
    this.disposeState();
  }
}

/** Throws unless `v` is a number in [lo, hi) (or [lo, hi] with `inclusive`). */
export function checkRange(what: string, v: number, lo: number, hi: number, inclusive = false): void {
  if (typeof v !== 'number' || !(v >= lo && (inclusive ? v <= hi : v < hi))) {
    throw new ArgumentError(what, `a number in [${lo}, ${hi}${inclusive ? ']' : ')'}`, v);
  }
}
