/**
 * Range checks of integer ids held in tensors (class targets, token ids), as PyTorch makes them:
 * an id outside `[0, limit)` (other than an allowed `ignore` value) or a non-integer is an
 * `ArgumentError` naming its position, never a silent 0 or a gather error from deep inside tfjs.
 *
 * On cpu and wasm the ids are read back (a copy of a few thousand ints: microseconds). On webgpu they
 * are read only while their values are still on the CPU side (tensors made from JS arrays, not yet
 * used on the GPU); otherwise the check is **deferred**: a flag computed on the GPU is read without
 * blocking and a bad batch throws at the next check of the same kind (`settleDeferredChecks` waits).
 */
import * as tf from '@tensorflow/tfjs-core';
import { trackDeferredCheck } from './deferred-checks';
import { ArgumentError, fmtShape } from './errors';

/** Errors found by deferred checks, by the name of what was checked; thrown at its next check. */
const pendingErrors = new Map<string, ArgumentError>();

/** The values of `t` when they can be read without a GPU read-back, else `undefined`. */
function hostValues(t: tf.Tensor): ArrayLike<number> | undefined {
  if (tf.getBackend() !== 'webgpu') return t.dataSync() as ArrayLike<number>;
  const backend = tf.backend() as unknown as {
    tensorMap?: { get(id: object): { values?: ArrayLike<number> | null } | undefined };
  };
  return backend.tensorMap?.get(t.dataId)?.values ?? undefined;
}

function unravel(flat: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    out[d] = flat % shape[d]!;
    flat = Math.floor(flat / shape[d]!);
  }
  return out;
}

/**
 * Throws an `ArgumentError` for the first value of `ids` that is not an integer in `[0, limit)`
 * (or `ignore`). `what` is the argument as the user knows it (`crossEntropy(targets)`), `expected`
 * the sentence for the message.
 */
export function checkIds(
  what: string,
  ids: tf.Tensor,
  limit: number,
  expected: string,
  ignore?: number,
  options: { position?: boolean } = {},
): void {
  const pending = pendingErrors.get(what);
  if (pending) {
    pendingErrors.delete(what);
    throw pending;
  }
  const values = hostValues(ids);
  if (!values) {
    deferCheck(what, ids, limit, expected, ignore);
    return;
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === ignore || (v >= 0 && v < limit && Number.isInteger(v))) continue;
    if (options.position === false) throw new ArgumentError(what, expected, v);
    const at = ids.rank > 1 ? unravel(i, ids.shape).join(', ') : String(i);
    const open = what.endsWith(')') ? what.slice(0, -1) : what;
    throw new ArgumentError(`${open}[${at}]${what.endsWith(')') ? ')' : ''}`, expected, v);
  }
}

/** webgpu: computes "any bad id" on the GPU and reads it without blocking. */
function deferCheck(what: string, ids: tf.Tensor, limit: number, expected: string, ignore?: number): void {
  const bad = tf.keep(
    tf.tidy(() => {
      const t = tf.cast(ids, 'float32');
      const outOfRange = tf.logicalOr(tf.less(t, 0), tf.greaterEqual(t, limit));
      let wrong = tf.logicalOr(outOfRange, tf.notEqual(t, tf.floor(t)));
      if (ignore !== undefined) wrong = tf.logicalAnd(wrong, tf.notEqual(t, ignore));
      return tf.any(wrong);
    }),
  );
  // Under `precompile` (tfjs's compile-only mode) nothing is computed: the check's programs are
  // compiled, and there is no value to read.
  if (tf.env().getFlags().WEBGPU_ENGINE_COMPILE_ONLY === true) {
    bad.dispose();
    return;
  }
  const received = `a ${ids.dtype} tensor of shape ${fmtShape(ids.shape)} with such a value`;
  const check = bad
    .data()
    .then((v) => {
      if (v[0])
        pendingErrors.set(
          what,
          new ArgumentError(
            what,
            `${expected} (found by the deferred webgpu check of an earlier call)`,
            received,
          ),
        );
    })
    .finally(() => bad.dispose());
  trackDeferredCheck(check);
}
