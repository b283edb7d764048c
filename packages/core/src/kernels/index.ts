/**
 * glossa's own kernels and gradients for what backends lack (registered once by `ensureTfjsExtras`).
 */
let installed = false;

/** Registers every glossa kernel and gradient. Idempotent. */
export function installKernels(): void {
  if (installed) return;
  installed = true;
}
