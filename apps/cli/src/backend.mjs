// The tensor backend of the model commands: wasm by default (fast and deterministic on CPUs), cpu on request.
import { useBackend } from '@glossa/core';
import * as tf from '@tensorflow/tfjs-core';
import { UsageError } from './errors.mjs';

export { tf };

/** Activates `name` (wasm when undefined); anything but wasm or cpu is a UsageError. */
export async function selectBackend(name = 'wasm') {
  if (name !== 'wasm' && name !== 'cpu') throw new UsageError(`--backend must be wasm or cpu, got '${name}'`);
  return useBackend(name);
}
