import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError } from '../errors';
import { Module } from '../module';
import { checkChildName, resolveIndex } from './names';

/**
 * Modules applied one after another: `forward(x)` returns `mₙ(…m₁(m₀(x)))`, releasing the
 * intermediate tensors. Like `torch.nn.Sequential`: children are named `0`, `1`, … (or by the keys of
 * a record, PyTorch's `OrderedDict` form), so a `Sequential` registered as `layers` gives state-dict
 * names `layers.0.weight`, exactly as PyTorch does for the same structure.
 *
 * Every module but the first must take one input (the previous output); the first may take more.
 *
 * @example
 * ```ts
 * const mlp = new Sequential(
 *   new Linear({ inFeatures: 4, outFeatures: 16 }), new ReLU(), new Linear({ inFeatures: 16, outFeatures: 2 }),
 * );
 * mlp.forward(tf.zeros([8, 4])).shape;   // [8, 2]
 * Object.keys(mlp.stateDict());          // ['0.weight', '0.bias', '2.weight', '2.bias']
 * mlp.at(-1);                            // the last Linear
 * const named = new Sequential({ fc: new Linear({ inFeatures: 4, outFeatures: 2 }), act: new ReLU() });
 * Object.keys(named.stateDict());        // ['fc.weight', 'fc.bias']
 * ```
 */
export class Sequential extends Module {
  private readonly items: Module[] = [];

  constructor(...modules: Module[] | [Record<string, Module>]) {
    super();
    const first = modules[0];
    if (modules.length === 1 && first !== undefined && !(first instanceof Module)) {
      if (typeof first !== 'object' || first === null) {
        throw new ArgumentError('Sequential(modules)', 'modules, or one record of name → module', first);
      }
      for (const [name, m] of Object.entries(first)) this.add(name, m);
    } else {
      for (const m of modules as Module[]) this.append(m);
    }
  }

  private add(name: string, module: Module): void {
    checkChildName('Sequential', name, module, this.namedChildren());
    this.registerModule(name, module);
    this.items.push(module);
  }

  /** Adds `module` at the end, named by its index. Returns this `Sequential`. */
  append(module: Module): this {
    this.add(String(this.items.length), module);
    return this;
  }

  /** Number of modules. */
  get length(): number {
    return this.items.length;
  }

  /** The module at `index` (negative counts from the end); `ArgumentError` when out of range. */
  at(index: number): Module {
    return this.items[resolveIndex('Sequential.at(index)', index, this.items.length)]!;
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.items[Symbol.iterator]();
  }

  /** Applies the modules in order. With no modules, returns a copy of `x`. */
  forward(x: any, ...rest: any[]): any {
    if (this.items.length === 0) return x instanceof tf.Tensor ? x.clone() : x;
    return tf.tidy(() => {
      let y = this.items[0]!.forward(x, ...rest);
      for (let i = 1; i < this.items.length; i++) y = this.items[i]!.forward(y);
      return y;
    });
  }
}
