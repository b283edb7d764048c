// Test support: fixture loading, the tokenisation the Gutenberg fixtures use, and tiny kernel models.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { KernelModel } from '../src/word2vec-kernel';

const FIXTURES = new URL('./fixtures/', import.meta.url);

/** A fixture's bytes. */
export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, FIXTURES)));
}

/** A fixture's text (gunzipped when it ends in .gz). */
export function fixtureText(name: string): string {
  const bytes = fixtureBytes(name);
  return new TextDecoder().decode(name.endsWith('.gz') ? gunzipSync(bytes) : bytes);
}

/** The fixture path (for LineSentences). */
export function fixturePath(name: string): string {
  return new URL(name, FIXTURES).pathname;
}

/** Lower-cased words [a-z]+('[a-z]+)? per line, empty lines dropped (gen_gensim.py's tokenisation). */
export function tokenize(text: string): string[][] {
  return text
    .split('\n')
    .map((l) => l.toLowerCase().match(/[a-z]+(?:'[a-z]+)?/g) ?? [])
    .filter((s) => s.length > 0);
}

/** A small model for the JavaScript kernel: V words × d, every table given or empty. */
export function kernelModel(parts: Partial<KernelModel> & { size: number; vocab: number }): KernelModel {
  const { vocab: v, size: d } = parts;
  return {
    sg: true,
    window: 1,
    negative: 0,
    hs: false,
    sample: false,
    syn0: new Float32Array(v * d),
    syn1neg: new Float32Array(v * d),
    syn1: new Float32Array(Math.max(v - 1, 0) * d),
    cumTable: new Uint32Array(0),
    sampleInt: new Uint32Array(v).fill(0xffffffff),
    codes: new Uint8Array(0),
    points: new Int32Array(0),
    codeOffsets: new Int32Array(v + 1),
    ...parts,
  };
}

/** mulberry32 as the kernels run it (to predict their random draws in tests). */
export function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}
