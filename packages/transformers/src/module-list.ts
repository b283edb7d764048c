import { GlossaError, Module } from '@glossa/core';

/**
 * An ordered list of child modules registered under `0`, `1`, … so that their parameters get
 * PyTorch `nn.ModuleList` names (`layers.0.linear1.weight`). Internal to this package until a
 * second package needs it (then it moves to `@glossa/core`).
 */
export class ModuleList<M extends Module> extends Module {
  readonly items: readonly M[];

  constructor(items: readonly M[]) {
    super();
    this.items = [...items];
    for (const [i, m] of this.items.entries()) this.registerModule(String(i), m);
  }

  get length(): number {
    return this.items.length;
  }

  /** A list has no computation of its own: call its items. */
  forward(): never {
    throw new GlossaError('ModuleList has no forward(): call its items');
  }
}
