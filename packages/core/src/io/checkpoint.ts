import type * as tf from '@tensorflow/tfjs-core';
import { ioFs } from '#io-fs';
import { ArgumentError, FormatError } from '../errors';
import type { Module } from '../module';
import type { Optimizer, OptimizerState } from '../optim/optimizer';
import type { Generator } from '../random';
import { loadSafetensors, serializeSafetensors } from './safetensors';

/** What a checkpoint holds. */
export interface CheckpointContents {
  /** The model; its `stateDict()` is saved under `model.<name>`. */
  model: Module;
  /** Optimizer whose state is saved under `optimizer.<param>.<slot>` (optional). */
  optimizer?: Optimizer;
  /** Training steps taken. */
  step: number;
  /** Random generator whose state is saved, so that dropout and shuffling resume identically. */
  generator?: Generator;
  /** Any JSON-serialisable training state (epoch, position in the data, best validation loss…). */
  extra?: Record<string, unknown>;
}

const FORMAT = 'glossa-checkpoint';

/**
 * Serializes model parameters, optimizer state, step, RNG state and extra JSON into one
 * safetensors file (tensors `model.*` and `optimizer.*`; the rest in `__metadata__`). The model
 * part loads in PyTorch with `{k[6:]: v for k, v in load_file(path).items() if k.startswith('model.')}`.
 *
 * @example
 * ```ts
 * const bytes = await serializeCheckpoint({ model, optimizer, step: 1000, generator });
 * ```
 */
export async function serializeCheckpoint(contents: CheckpointContents): Promise<Uint8Array> {
  const { model, optimizer, step, generator, extra = {} } = contents;
  const tensors: Record<string, tf.Tensor> = {};
  for (const [k, v] of Object.entries(model.stateDict())) tensors[`model.${k}`] = v;
  const metadata: Record<string, string> = {
    format: FORMAT,
    version: '1',
    step: String(step),
    extra: JSON.stringify(extra),
  };
  if (optimizer) {
    const { tensors: slots, ...rest } = optimizer.stateDict();
    for (const [k, v] of Object.entries(slots)) tensors[`optimizer.${k}`] = v;
    metadata.optimizer = JSON.stringify(rest);
  }
  if (generator) metadata.rng = JSON.stringify(generator.getState().map((x) => (Number.isNaN(x) ? null : x)));
  return serializeSafetensors(tensors, metadata);
}

/** What `restoreCheckpoint` returns. */
export interface RestoredCheckpoint {
  step: number;
  extra: Record<string, unknown>;
}

/**
 * Restores a checkpoint written by `serializeCheckpoint` into `model`, `optimizer` and `generator`
 * (each optional). Strict: the model's keys and shapes must match, and an optimizer is restored
 * only from a checkpoint that has one of the same type.
 *
 * @example
 * ```ts
 * const { step, extra } = restoreCheckpoint(bytes, { model, optimizer, generator });
 * ```
 */
export function restoreCheckpoint(
  bytes: Uint8Array | ArrayBuffer,
  targets: { model: Module; optimizer?: Optimizer; generator?: Generator },
): RestoredCheckpoint {
  const { tensors, metadata } = loadSafetensors(bytes);
  try {
    if (metadata.format !== FORMAT) {
      throw new FormatError(
        `restoreCheckpoint: expected __metadata__.format '${FORMAT}', received '${metadata.format ?? '(none)'}'`,
      );
    }
    const model: Record<string, tf.Tensor> = {};
    const slots: Record<string, tf.Tensor> = {};
    for (const [k, v] of Object.entries(tensors)) {
      if (k.startsWith('model.')) model[k.slice(6)] = v;
      else if (k.startsWith('optimizer.')) slots[k.slice(10)] = v;
    }
    targets.model.loadStateDict(model);
    if (targets.optimizer) {
      if (!metadata.optimizer)
        throw new FormatError('restoreCheckpoint: the checkpoint has no optimizer state');
      const rest = JSON.parse(metadata.optimizer) as Omit<OptimizerState, 'tensors'>;
      targets.optimizer.loadStateDict({ ...rest, tensors: slots });
    }
    if (targets.generator) {
      if (!metadata.rng) throw new FormatError('restoreCheckpoint: the checkpoint has no RNG state');
      targets.generator.setState(
        (JSON.parse(metadata.rng) as Array<number | null>).map((x) => (x === null ? Number.NaN : x)),
      );
    }
    return { step: Number(metadata.step), extra: JSON.parse(metadata.extra ?? '{}') };
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
}

/** Throws the typed error for a file path where there is no file system (browsers). */
function needFs(what: string, path: string): void {
  if (!ioFs.available) throw new ArgumentError(what, 'a file path under Node (no file system here)', path);
}

/**
 * Writes `bytes` to `path` atomically (Node only): a temporary file in the same folder is written,
 * flushed to disk and renamed over `path`, so a run killed mid-write leaves the previous file intact.
 *
 * @example
 * ```ts
 * await writeFileAtomic('ckpt.safetensors', bytes);
 * ```
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  needFs('writeFileAtomic(path)', path);
  const temp = await ioFs.createTemp(path);
  try {
    await temp.write(bytes);
    await temp.finish();
    await ioFs.rename(temp.path, path);
  } catch (e) {
    await temp.discard();
    throw e;
  }
}

/**
 * Saves a checkpoint to a safetensors file atomically (Node only).
 *
 * @example
 * ```ts
 * await saveCheckpoint('run/ckpt.safetensors', { model, optimizer, step, generator, extra: { epoch } });
 * ```
 */
export async function saveCheckpoint(path: string, contents: CheckpointContents): Promise<void> {
  needFs('saveCheckpoint(path)', path);
  await writeFileAtomic(path, await serializeCheckpoint(contents));
}

/**
 * Loads a checkpoint file saved by `saveCheckpoint` into the given targets (Node only).
 *
 * @example
 * ```ts
 * const { step } = await loadCheckpoint('run/ckpt.safetensors', { model, optimizer, generator });
 * ```
 */
export async function loadCheckpoint(
  path: string,
  targets: { model: Module; optimizer?: Optimizer; generator?: Generator },
): Promise<RestoredCheckpoint> {
  needFs('loadCheckpoint(path)', path);
  return restoreCheckpoint(await ioFs.readFile(path), targets);
}
