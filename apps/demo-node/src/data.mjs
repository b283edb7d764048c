// A character vocabulary and seeded batches — of (context, next character) pairs for a
// fixed-window model, and of whole windows for sequence models. No Node API here: the playground's
// #/rnn page runs the same code in a browser worker (the bundled files are read by corpus.mjs).

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

/**
 * Seeded sampler of windows for sequence models (LSTM, GPT): `x` `[B, T]` = T characters from a
 * random position, `y` `[B, T]` = the same window shifted by one (each position's next character).
 * @param {Int32Array} ids encoded text
 * @param {number} length window length T
 * @param {{ uniform(): number }} rng
 */
export function makeWindowBatcher(ids, length, rng) {
  if (ids.length <= length)
    throw new RangeError(`text of ${ids.length} characters is too short for windows of ${length}`);
  return (batchSize) => {
    const x = new Int32Array(batchSize * length);
    const y = new Int32Array(batchSize * length);
    for (let b = 0; b < batchSize; b++) {
      const i = Math.floor(rng.uniform() * (ids.length - length));
      x.set(ids.subarray(i, i + length), b * length);
      y.set(ids.subarray(i + 1, i + 1 + length), b * length);
    }
    return { x, y };
  };
}

/**
 * The whole text as consecutive windows of T (the last one shorter), for an exact validation loss of
 * a sequence model: every character after the first is a target once; each window starts afresh, so
 * a target sees at most T − 1 characters before it, as in training.
 * @returns {Array<{ x: Int32Array, y: Int32Array, length: number }>}
 */
export function consecutiveWindows(ids, length) {
  const out = [];
  for (let s = 0; s < ids.length - 1; s += length) {
    const n = Math.min(length, ids.length - 1 - s);
    out.push({ x: ids.subarray(s, s + n), y: ids.subarray(s + 1, s + 1 + n), length: n });
  }
  return out;
}
