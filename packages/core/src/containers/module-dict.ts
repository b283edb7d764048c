import { ArgumentError, GlossaError } from '../errors';
import { Module } from '../module';
import { checkChildName } from './names';

/**
 * Child modules by name, in insertion order — like `torch.nn.ModuleDict`: each key is the child's
 * name in `stateDict()` (`heads.cls.weight`). Keys are non-empty and contain no `.`; a key is set
 * once (replacing a child is not supported). It has no `forward`.
 *
 * @example
 * ```ts
 * const heads = new ModuleDict({
 *   cls: new Linear({ inFeatures: 16, outFeatures: 3 }),
 *   reg: new Linear({ inFeatures: 16, outFeatures: 1 }),
 * });
 * heads.get('cls').forward(h);     // [B, 3]
 * [...heads.keys()];               // ['cls', 'reg']
 * Object.keys(heads.stateDict());  // ['cls.weight', 'cls.bias', 'reg.weight', 'reg.bias']
 * ```
 */
export class ModuleDict<M extends Module = Module> extends Module {
  private readonly items = new Map<string, M>();

  constructor(modules: Record<string, M> | Iterable<readonly [string, M]> = {}) {
    super();
    if (modules === null || typeof modules !== 'object') {
      throw new ArgumentError('ModuleDict(modules)', 'a record or iterable of [name, module]', modules);
    }
    const entries =
      Symbol.iterator in modules
        ? (modules as Iterable<readonly [string, M]>)
        : Object.entries(modules as Record<string, M>);
    for (const [k, m] of entries) this.set(k, m);
  }

  /** Adds `module` under a new `key`. Returns this dict. */
  set(key: string, module: M): this {
    checkChildName('ModuleDict', key, module, this.namedChildren());
    this.registerModule(key, module);
    this.items.set(key, module);
    return this;
  }

  /** The module under `key`; `ArgumentError` when there is none. */
  get(key: string): M {
    const m = this.items.get(key);
    if (!m) {
      throw new ArgumentError(
        'ModuleDict.get(key)',
        `one of ${[...this.items.keys()].join(', ') || '(no keys)'}`,
        key,
      );
    }
    return m;
  }

  has(key: string): boolean {
    return this.items.has(key);
  }

  /** Number of modules. */
  get size(): number {
    return this.items.size;
  }

  keys(): IterableIterator<string> {
    return this.items.keys();
  }

  values(): IterableIterator<M> {
    return this.items.values();
  }

  entries(): IterableIterator<[string, M]> {
    return this.items.entries();
  }

  [Symbol.iterator](): IterableIterator<[string, M]> {
    return this.items.entries();
  }

  /** Throws: a `ModuleDict` only holds modules (as in PyTorch). */
  forward(): never {
    throw new GlossaError('ModuleDict has no forward: call its modules from the parent module');
  }
}
