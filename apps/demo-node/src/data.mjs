// The bundled corpus and a character vocabulary: load, encode/decode, split, and seeded batches
// of (context, next character) pairs for a fixed-window language model.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Path of the bundled Tiny Shakespeare slice (see data/SOURCES.md). */
export const CORPUS = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'tinyshakespeare-96k.txt');

/** Reads the corpus as text (it is ASCII). */
export function loadCorpus(file = CORPUS) {
  return readFileSync(file, 'utf8');
}

/** A character vocabulary: sorted unique characters of a text, id = position. */
export class CharVocab {
  /** @param {string} text */
  constructor(text) {
    /** @type {string[]} */
    this.chars = [...new Set(text)].sort();
    /** @type {Map<string, number>} */
    this.ids = new Map(this.chars.map((c, i) => [c, i]));
  }

  get size() {
    return this.chars.length;
  }

  /** @param {string} text @returns {Int32Array} */
  encode(text) {
    const out = new Int32Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const id = this.ids.get(text[i]);
      if (id === undefined)
        throw new Error(`CharVocab.encode: character ${JSON.stringify(text[i])} is not in the vocabulary`);
      out[i] = id;
    }
    return out;
  }

  /** @param {ArrayLike<number>} ids */
  decode(ids) {
    return Array.from(ids, (i) => this.chars[i]).join('');
  }
}

/**
 * Splits a text at a line end close to `fraction` of its length (train first, validation after).
 * @returns {{ train: string, valid: string }}
 */
export function splitText(text, fraction = 0.9) {
  const at = text.indexOf('\n', Math.floor(text.length * fraction)) + 1 || text.length;
  return { train: text.slice(0, at), valid: text.slice(at) };
}

/**
 * Seeded sampler of training examples: `contexts` `[B, T]` (the T characters before a position)
 * and `targets` `[B]` (the character at it). Positions before the start are padded with `padId`.
 * @param {Int32Array} ids encoded text
 * @param {number} context window length T
 * @param {{ uniform(): number }} rng
 */
export function makeBatcher(ids, context, rng, padId = 0) {
  return (batchSize) => {
    const contexts = new Int32Array(batchSize * context);
    const targets = new Int32Array(batchSize);
    for (let b = 0; b < batchSize; b++) {
      const pos = 1 + Math.floor(rng.uniform() * (ids.length - 1));
      targets[b] = ids[pos];
      for (let t = 0; t < context; t++) {
        const src = pos - context + t;
        contexts[b * context + t] = src >= 0 ? ids[src] : padId;
      }
    }
    return { contexts, targets };
  };
}

/** Every (context, target) pair of a text in order, for a deterministic validation loss. */
export function allExamples(ids, context, padId = 0, limit = Number.POSITIVE_INFINITY) {
  const n = Math.min(ids.length - 1, limit);
  const contexts = new Int32Array(n * context);
  const targets = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const pos = i + 1;
    targets[i] = ids[pos];
    for (let t = 0; t < context; t++) {
      const src = pos - context + t;
      contexts[i * context + t] = src >= 0 ? ids[src] : padId;
    }
  }
  return { contexts, targets };
}
