// Checks shared by the containers (not exported from the package).
import { ArgumentError } from '../errors';
import { Module } from '../module';

/** Throws unless `module` is a Module and `name` a valid, unused child name (no '.', as PyTorch). */
export function checkChildName(
  owner: string,
  name: string,
  module: unknown,
  existing: ReadonlyArray<readonly [string, Module]>,
): void {
  if (!(module instanceof Module)) {
    throw new ArgumentError(`${owner}(${JSON.stringify(name)})`, 'a Module', module);
  }
  if (typeof name !== 'string' || name === '' || name.includes('.')) {
    throw new ArgumentError(`${owner}(name)`, "a non-empty name without '.'", name);
  }
  if (existing.some(([n]) => n === name)) {
    throw new ArgumentError(`${owner}(name)`, `a name not yet used in this ${owner}`, name);
  }
}

/** Resolves a possibly negative index into `[0, length)` or throws an `ArgumentError`. */
export function resolveIndex(what: string, index: number, length: number): number {
  if (!Number.isInteger(index) || index < -length || index >= length) {
    throw new ArgumentError(
      what,
      length ? `an integer in [${-length}, ${length - 1}]` : 'no index (the container is empty)',
      index,
    );
  }
  return index < 0 ? index + length : index;
}
