/**
 * Switching random initialisation off while a model is built whose every parameter is about to be
 * overwritten (loading a checkpoint), as PyTorch's `skip_init` and Hugging Face's fast init do.
 */

let depth = 0;

/**
 * Runs `build` with random initialisation off: the initialisers (`init.uniform`, `init.normal`,
 * `init.truncNormal` and those built on them) and the layers that draw their own weights (`Linear`,
 * `Embedding`, `Conv1d`, position embeddings, …) give zeros without drawing from any generator, so no
 * generator advances. Building a 124M-parameter GPT-2 this way takes ~1 s on wasm instead of ~35 s.
 * `modelFromPretrained` builds its model this way; the loaded state then replaces the zeros.
 *
 * @example
 * ```ts
 * const model = withoutInit(() => new TinyLM(config)); // every parameter zero
 * model.loadStateDict(state);
 * ```
 */
export function withoutInit<T>(build: () => T): T {
  depth++;
  try {
    return build();
  } finally {
    depth--;
  }
}

/** Whether the caller runs inside {@link withoutInit} (initialisers then return zeros). */
export function initIsSkipped(): boolean {
  return depth > 0;
}
