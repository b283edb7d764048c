// The bundled Tiny Shakespeare split (see data/SOURCES.md), read from disk: Node only, kept apart
// from data.mjs so that the models and the training loop also run in a browser.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DATA = join(dirname(fileURLToPath(import.meta.url)), '..', 'data');

/** Paths of the bundled Tiny Shakespeare split (see data/SOURCES.md). */
export const CORPUS = {
  train: join(DATA, 'tinyshakespeare.train.txt'),
  valid: join(DATA, 'tinyshakespeare.valid.txt'),
};

/** Reads the training and validation text (ASCII). */
export function loadCorpus(files = CORPUS) {
  return { train: readFileSync(files.train, 'utf8'), valid: readFileSync(files.valid, 'utf8') };
}
