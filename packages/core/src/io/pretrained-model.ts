import { withoutInit } from '../init/skip-init';
import type { Module } from '../module';
import { type LoadPretrainedOptions, loadPretrained } from './load-pretrained';
import type { PretrainedSource } from './open-store';
import { type SavedPretrained, type SavePretrainedOptions, savePretrained } from './save-pretrained';

/** Options of `modelFromPretrained`: the load's, plus how the state dict is matched. */
export interface ModelFromPretrainedOptions extends Omit<LoadPretrainedOptions, 'tokenizer'> {
  /** Only tensors whose names start with this are loaded, without it (e.g. `'transformer.'`). */
  prefix?: string | undefined;
  /** `true` (default): every parameter must be present and nothing else (see `Module.loadStateDict`). */
  strict?: boolean | undefined;
}

/**
 * Builds a model from a pretrained folder or URL: reads `config.json`, calls `build(config)` (which
 * should check the config, e.g. with `validateConfig`; it runs under `withoutInit`, so no time goes into
 * random weights that the load replaces), loads the weights into the model with
 * `loadStateDict` — a `StateDictError` names missing, unexpected and mis-shaped keys — and disposes
 * the loaded tensors. On failure the model is disposed too. Peak memory is about the model's own
 * parameters plus the loaded tensors (twice the weights), until the loaded ones are released.
 *
 * @example
 * ```ts
 * class TinyLM extends Module {
 *   static fromPretrained(source: string) {
 *     return modelFromPretrained(source, (c) => new TinyLM(validateConfig(c, { vocab_size: 'integer', n_embd: 'integer' })));
 *   }
 *   savePretrained(target: string) { return saveModelPretrained(target, this, { config: this.config }); }
 * }
 * const lm = await TinyLM.fromPretrained('models/tiny');
 * ```
 */
export async function modelFromPretrained<M extends Module>(
  source: PretrainedSource,
  build: (config: Record<string, unknown>) => M,
  options: ModelFromPretrainedOptions = {},
): Promise<M> {
  const { prefix, strict, ...load } = options;
  const loaded = await loadPretrained(source, { ...load, tokenizer: false });
  let model: M | undefined;
  try {
    model = withoutInit(() => build(loaded.config)); // the loaded state replaces every parameter
    model.loadStateDict(loaded.state, { prefix: prefix ?? '', strict: strict ?? true });
    return model;
  } catch (e) {
    model?.dispose();
    throw e;
  } finally {
    loaded.dispose();
  }
}

/**
 * Saves a model's `stateDict()` with its config (and optionally a tokenizer) through
 * `savePretrained`.
 *
 * @example
 * ```ts
 * await saveModelPretrained('out/tiny', model, { config: model.config, dtype: 'bfloat16' });
 * ```
 */
export function saveModelPretrained(
  target: PretrainedSource,
  model: Module,
  options: Omit<SavePretrainedOptions, 'state'>,
): Promise<SavedPretrained> {
  return savePretrained(target, { ...options, state: model.stateDict() });
}
