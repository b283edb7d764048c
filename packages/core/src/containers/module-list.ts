import { GlossaError } from '../errors';
import { Module } from '../module';
import { checkChildName, resolveIndex } from './names';

/**
 * A list of child modules whose parameters belong to the parent, named `0`, `1`, … — like
 * `torch.nn.ModuleList`, so `blocks.3.attn.weight` in PyTorch is `blocks.3.attn.weight` here.
 * It has no `forward`: loop over it in the parent's.
 *
 * @example
 * ```ts
 * class Stack extends Module {
 *   blocks = this.registerModule('blocks', new ModuleList(
 *     Array.from({ length: 3 }, () => new Linear({ inFeatures: 8, outFeatures: 8 }))));
 *   forward(x: tf.Tensor) {
 *     return tf.tidy(() => { for (const b of this.blocks) x = tf.relu(b.forward(x)); return x; });
 *   }
 * }
 * new Stack().blocks.at(-1);               // the last block
 * Object.keys(new Stack().stateDict())[0]; // 'blocks.0.weight'
 * ```
 */
export class ModuleList<M extends Module = Module> extends Module {
  private readonly items: M[] = [];

  constructor(modules: Iterable<M> = []) {
    super();
    this.extend(modules);
  }

  /** Adds `module` at the end (named by its index). Returns this list. */
  append(module: M): this {
    checkChildName('ModuleList', String(this.items.length), module, []);
    this.registerModule(String(this.items.length), module);
    this.items.push(module);
    return this;
  }

  /** Appends every module of `modules`. Returns this list. */
  extend(modules: Iterable<M>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /** Number of modules. */
  get length(): number {
    return this.items.length;
  }

  /** The module at `index` (negative counts from the end); `ArgumentError` when out of range. */
  at(index: number): M {
    return this.items[resolveIndex('ModuleList.at(index)', index, this.items.length)]!;
  }

  [Symbol.iterator](): Iterator<M> {
    return this.items[Symbol.iterator]();
  }

  /** The modules as an array (a copy). */
  toArray(): M[] {
    return [...this.items];
  }

  /** Throws: a `ModuleList` only holds modules (as in PyTorch); iterate over it instead. */
  forward(): never {
    throw new GlossaError('ModuleList has no forward: iterate over it in the parent module');
  }
}
