/**
 * Checks that read a GPU flag asynchronously instead of stalling the queue (webgpu). Each holds a
 * one-element tensor until its read resolves; `settleDeferredChecks` waits for all of them, so a
 * leak check (`withBackend`) or a caller that wants the verdict now can count on a quiet engine.
 */
const pending = new Set<Promise<unknown>>();

/** Registers a pending check; it removes itself when done. */
export function trackDeferredCheck(check: Promise<unknown>): void {
  const p = check.finally(() => pending.delete(p));
  pending.add(p);
}

/**
 * Waits until every deferred check has read its flag and released its tensor.
 *
 * @example
 * ```ts
 * crossEntropy(logits, gpuTargets); // on webgpu, targets already on the GPU: checked asynchronously
 * await settleDeferredChecks();     // now tf.memory().numTensors is back to its level
 * ```
 */
export async function settleDeferredChecks(): Promise<void> {
  while (pending.size > 0) await Promise.allSettled([...pending]);
}
