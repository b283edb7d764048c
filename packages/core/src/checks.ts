/**
 * Argument and shape checks shared by core and its sibling packages (attention, recurrent,
 * transformers, embeddings). Published through the `@glossa/core/internal` subpath, not the
 * package root: they are for glossa's own packages, and their signatures may change between minor
 * versions. Every check throws a typed error whose message names the argument, what was expected
 * and what was received.
 *
 * @example
 * ```ts
 * import { assertBroadcastable, checkDims } from '@glossa/core/internal';
 * checkDims('LSTM', { inputSize: 8, hiddenSize: 16 });
 * assertBroadcastable('attnMask', [1, 1, 4, 4], [2, 8, 4, 4]);
 * ```
 */
import type * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, fmtShape, ShapeError } from './errors';
import { checkIds } from './index-checks';

/**
 * Throws a `ShapeError` unless `shape` broadcasts to `target` (numpy rules: aligned from the
 * right, each dimension equal or 1, rank not larger).
 */
export function assertBroadcastable(what: string, shape: readonly number[], target: readonly number[]): void {
  const off = target.length - shape.length;
  const ok = off >= 0 && shape.every((s, i) => s === 1 || s === target[i + off]);
  if (!ok) {
    throw new ShapeError(
      `${what}: expected a shape broadcastable to ${fmtShape(target)}, received ${fmtShape(shape)}`,
      [...target],
      [...shape],
    );
  }
}

/** Throws an `ArgumentError` unless every value of `dims` is an integer ≥ 1 (`owner(name)` in the message). */
export function checkDims(owner: string, dims: Record<string, number | undefined>): void {
  for (const [name, v] of Object.entries(dims)) {
    if (!Number.isInteger(v) || (v as number) < 1) {
      throw new ArgumentError(`${owner}(${name})`, 'an integer >= 1', v);
    }
  }
}

/** Throws an `ArgumentError` unless `p` is a probability in [0, 1] (`what(p)` in the message). */
export function checkProbability(what: string, p: number): void {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new ArgumentError(`${what}(p)`, 'a probability in [0, 1]', p);
  }
}

/** Throws an `ArgumentError` unless `v` is a non-negative number (an integer when `integer`). */
export function checkNonNegative(what: string, v: number, integer = false): void {
  if (typeof v !== 'number' || !(v >= 0) || (integer && !Number.isInteger(v))) {
    throw new ArgumentError(what, `a non-negative ${integer ? 'integer' : 'number'}`, v);
  }
}

/**
 * Throws an `ArgumentError` unless every value of the integer tensor `ids` lies in `[0, size)`
 * (`what` names the argument, `name` what the values are, e.g. `class ids`). Reads the values
 * back on cpu and wasm (cheap) and on webgpu while they are still on the CPU side; for ids already
 * on the GPU the check is deferred (read asynchronously; a bad batch throws at the next check).
 */
export function checkIndexRange(what: string, ids: tf.Tensor, size: number, name = 'ids'): void {
  if (ids.size === 0) return;
  checkIds(what, ids, size, `${name} in [0, ${size - 1}]`, undefined, { position: false });
}
