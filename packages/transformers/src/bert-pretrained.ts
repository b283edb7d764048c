/**
 * Hugging Face BERT checkpoints ↔ glossa's BERT classes: `config.json` (BertConfig names) +
 * `model.safetensors` (HF names, with or without the `bert.` prefix) + `vocab.txt`, read through core's
 * `loadPretrained` and written through its atomic `savePretrained`.
 *
 * Name rules (HF's `from_pretrained` behaviour): `LayerNorm.gamma`/`beta` of old TF conversions read as
 * `weight`/`bias`; the `embeddings.position_ids` buffer and the tied `cls.predictions.decoder.*` are
 * skipped; tensors of heads this class lacks (`cls.*`, `classifier.*`, a pooler) are ignored; heads the
 * checkpoint lacks are initialised as HF does (fine-tuning a pre-trained encoder), but a missing
 * encoder tensor is a `FormatError`.
 */
import {
  FormatError,
  type Generator,
  getDefaultGenerator,
  type LoadPretrainedOptions,
  loadPretrained,
  type Module,
  type PretrainedSource,
  type SavedPretrained,
  type SavePretrainedOptions,
  savePretrained,
  withoutInit,
} from '@glossa/core';
import { openStore } from '@glossa/core/internal';
import type * as tf from '@tensorflow/tfjs-core';
import { BertConfig } from './bert-config';
import { initBertWeights } from './bert-init';

/** Options of every BERT `fromPretrained`. */
export type BertFromPretrainedOptions = Omit<LoadPretrainedOptions, 'tokenizer'> & {
  /** Seeds the heads the checkpoint lacks. */
  generator?: Generator;
};

/** Options of every BERT `savePretrained`: core's, plus the `vocab.txt` text to write beside the weights. */
export type BertSavePretrainedOptions = Omit<SavePretrainedOptions, 'config' | 'state'> & {
  vocab?: string;
};

interface BertLike extends Module {
  readonly config: BertConfig;
}

const HEAD = /^(cls\.|classifier\.|(bert\.)?pooler\.)/;

/**
 * A checkpoint's tensors renamed to `model`'s names (see the module comment). Returns the renamed
 * record (values are the caller's tensors) and the expected names the checkpoint lacks.
 */
export function bertStateFromHF(
  model: Module,
  tensors: Record<string, tf.Tensor>,
  what = 'fromPretrained',
): { state: Record<string, tf.Tensor>; missing: string[] } {
  const expected = new Set(Object.keys(model.stateDict())); // live tensors: not disposed
  const prefixed = [...expected].some((k) => k.startsWith('bert.'));
  const state: Record<string, tf.Tensor> = {};
  for (const [key, value] of Object.entries(tensors)) {
    let name = key
      .replace(/LayerNorm\.gamma$/, 'LayerNorm.weight')
      .replace(/LayerNorm\.beta$/, 'LayerNorm.bias');
    if (name.endsWith('embeddings.position_ids') || name === 'cls.predictions.decoder.weight') continue;
    if (name === 'cls.predictions.decoder.bias') {
      if ('cls.predictions.bias' in tensors) continue;
      name = 'cls.predictions.bias';
    }
    if (prefixed && /^(embeddings|encoder|pooler)\./.test(name)) name = `bert.${name}`;
    if (!prefixed && name.startsWith('bert.')) name = name.slice(5);
    if (expected.has(name)) state[name] = value;
    else if (!HEAD.test(name)) {
      throw new FormatError(`BERT ${what}: unexpected tensor ${JSON.stringify(key)} (not a BERT weight)`);
    }
  }
  const missing = [...expected].filter((k) => !(k in state));
  const trunk = missing.filter((k) => !HEAD.test(k));
  if (trunk.length) {
    throw new FormatError(
      `BERT ${what}: the checkpoint lacks ${trunk.length} encoder tensor(s), e.g. ${JSON.stringify(trunk[0])}`,
    );
  }
  return { state, missing };
}

/** A BERT class from a checkpoint's config and tensors (the tensors stay the caller's); eval mode. */
export function bertFromHFState<M extends BertLike>(
  build: (c: BertConfig) => M,
  configJson: Record<string, unknown>,
  tensors: Record<string, tf.Tensor>,
  generator: Generator = getDefaultGenerator(),
): M {
  const c = new BertConfig(configJson);
  const model = withoutInit(() => build(c)); // the checkpoint replaces every weight it has
  try {
    const { state, missing } = bertStateFromHF(model, tensors);
    model.loadStateDict(state, { strict: false });
    initBertWeights(model, c, generator, missing);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model.eval();
}

/** Reads a folder / URL prefix / `indexeddb://` model through core's `loadPretrained` and builds a BERT class. */
export async function bertFromPretrained<M extends BertLike>(
  build: (c: BertConfig) => M,
  source: PretrainedSource,
  options: BertFromPretrainedOptions = {},
): Promise<M> {
  const { generator, ...load } = options;
  const loaded = await loadPretrained(source, { ...load, tokenizer: false });
  try {
    return bertFromHFState(build, loaded.config, loaded.state, generator);
  } finally {
    loaded.dispose();
  }
}

/**
 * The `vocab.txt` of a pretrained source (a folder, a URL prefix or `indexeddb://…`), for
 * `fromBertVocab` of `@glossa/tokenizers`.
 *
 * @example
 * ```ts
 * const tokenizer = fromBertVocab(await loadBertVocab('models/bert-tiny'));
 * ```
 */
export async function loadBertVocab(
  source: PretrainedSource,
  options: { signal?: AbortSignal } = {},
): Promise<string> {
  const store = openStore(source, 'loadBertVocab(source)');
  try {
    return await store.readText('vocab.txt', options.signal);
  } finally {
    await store.close?.();
  }
}

/**
 * Writes `model` as HF does: `config.json` (BertConfig names, `architectures: [architecture]`),
 * `model.safetensors` (the state dict: already HF names; the tied decoder is not written, as
 * `save_pretrained` leaves it out) and `vocab.txt` when `options.vocab` is given. Atomic (core).
 */
export async function bertSavePretrained(
  model: BertLike,
  architecture: string,
  target: PretrainedSource,
  options: BertSavePretrainedOptions = {},
): Promise<SavedPretrained> {
  const { vocab, textFiles, ...rest } = options;
  return savePretrained(target, {
    ...rest,
    config: model.config.toJSON(architecture),
    state: model.stateDict(), // live tensors, read by the writer
    textFiles: { ...textFiles, ...(vocab === undefined ? {} : { 'vocab.txt': vocab }) },
  });
}
