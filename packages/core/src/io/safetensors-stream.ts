import type { ByteReader } from './pretrained-store';
import { type DecodedTensor, decodeTensorBytes } from './safetensors-decode';
import {
  parseSafetensorsHeader,
  readHeaderLength,
  type SafetensorsEntry,
  safetensorsFail,
} from './safetensors-header';

/**
 * Reads a safetensors file front to back, one tensor at a time: the header, then each tensor's
 * bytes (in file order) into a buffer of its own that becomes the decoded data — the file is never
 * held whole. `onTensor` receives each tensor as it is decoded; the signal is checked between
 * tensors. Returns the header's `__metadata__`.
 *
 * @example
 * ```ts
 * const reader = await store.open('model.safetensors');
 * const tensors: Record<string, tf.Tensor> = {};
 * await readSafetensorsStream(reader, 'model.safetensors', (e, d) => { tensors[e.name] = tf.tensor(d.data, d.shape, d.dtype) });
 * ```
 */
export async function readSafetensorsStream(
  reader: ByteReader,
  where: string,
  onTensor: (entry: SafetensorsEntry, tensor: DecodedTensor) => void,
  signal?: AbortSignal,
): Promise<{ metadata: Record<string, string>; entries: SafetensorsEntry[] }> {
  const n = readHeaderLength(await reader.read(8), reader.size, where);
  const dataBytes = reader.size === undefined ? undefined : reader.size - 8 - n;
  const header = parseSafetensorsHeader(await reader.read(n), dataBytes, where);
  for (const entry of header.entries) {
    signal?.throwIfAborted();
    const bytes = await reader.read(entry.end - entry.begin);
    onTensor(entry, decodeTensorBytes(entry, bytes, where));
  }
  if (!(await reader.atEnd()))
    safetensorsFail(`data continues past the last tensor (${header.dataBytes} bytes)`, where);
  return { metadata: header.metadata, entries: header.entries };
}
