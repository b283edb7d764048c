// Helpers of bert-pretrain.bench.mjs: Gutenberg sentences, the batch dump read by
// python/bert_pretrain.py, an atomic JSON writer.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Sentences of a Gutenberg file: paragraphs joined, split after . ! ? ; at least 3 words. */
export function sentencesOf(dataDir, file) {
  const text = readFileSync(join(dataDir, file), 'utf8');
  return text
    .split(/\n\s*\n/)
    .flatMap((p) =>
      p
        .replace(/\s+/g, ' ')
        .trim()
        .split(/(?<=[.!?;])\s+(?=["'A-Z_(])/),
    )
    .filter((s) => s.split(' ').length >= 3);
}

/** Writes `data` to `file` through a temporary file and a rename. */
export function writeAtomic(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/**
 * Collated batches (`{ ids, types, attentionMask, rows, labels, nsp, T }`) as int32 records
 * `[B, T, ids(B·T), types(B·T), mask(B·T), labels(B·T, −100 where not selected), nsp(B)]`.
 */
export function writeBatches(file, batches) {
  const out = [];
  for (const c of batches) {
    const B = c.ids.length;
    const full = new Array(B * c.T).fill(-100);
    c.rows.forEach((r, k) => {
      full[r] = c.labels[k];
    });
    out.push(B, c.T, ...c.ids.flat(), ...c.types.flat(), ...c.attentionMask.flat(), ...full, ...c.nsp);
  }
  writeAtomic(file, new Int32Array(out));
}
