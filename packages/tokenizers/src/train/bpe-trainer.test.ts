import { describe, expect, it } from 'vitest';
import { rng } from '../../test/helpers';
import { learnMerges } from './bpe-trainer';

/** Reference trainer: full recount every merge (slow, obviously right). */
function naive(
  words: number[][],
  freq: number[],
  firstId: number,
  maxMerges: number,
  minFrequency: number,
): number[] {
  const ws = words.map((w) => w.slice());
  const merges: number[] = [];
  for (let k = 0; k < maxMerges; k++) {
    const counts = new Map<string, number>();
    ws.forEach((w, i) => {
      for (let j = 0; j + 1 < w.length; j++) {
        const key = `${w[j]},${w[j + 1]}`;
        counts.set(key, (counts.get(key) ?? 0) + freq[i]!);
      }
    });
    let best: [number, number] | null = null;
    let bestC = 0;
    for (const [key, c] of counts) {
      const [a, b] = key.split(',').map(Number) as [number, number];
      if (c > bestC || (c === bestC && best && (a < best[0] || (a === best[0] && b < best[1])))) {
        best = [a, b];
        bestC = c;
      }
    }
    if (!best || bestC < minFrequency) break;
    const id = firstId + k;
    merges.push(best[0], best[1]);
    for (const w of ws) {
      for (let j = 0; j + 1 < w.length; j++) {
        if (w[j] === best[0] && w[j + 1] === best[1]) w.splice(j, 2, id);
      }
    }
  }
  return merges;
}

function flat(words: number[][]) {
  const wordStart = new Int32Array(words.length + 1);
  let n = 0;
  words.forEach((w, i) => {
    wordStart[i] = n;
    n += w.length;
  });
  wordStart[words.length] = n;
  return { symbols: Int32Array.from(words.flat()), wordStart };
}

describe('learnMerges (incremental pair counts + priority queue)', () => {
  it('learns the hand-computed merges of a small corpus', () => {
    // a=0 b=1 c=2 d=3:  "aaabdaaabac" as one word, frequency 1 (the classic Wikipedia BPE example)
    const w = [[0, 0, 0, 1, 3, 0, 0, 0, 1, 0, 2]];
    const { symbols, wordStart } = flat(w);
    const m = learnMerges({
      symbols,
      wordStart,
      freq: Float64Array.from([1]),
      firstId: 4,
      maxMerges: 3,
      minFrequency: 1,
    });
    // (a,a) occurs 4 times → Z=4; then (Z,a)? no: "ZabdZabac" → (Z,a)=2,(a,b)=2 → tie → smaller pair (0,1)=ab → Y=5
    // then "ZYdZYac" → (Z,Y)=2 → X=6
    expect(Array.from(m)).toEqual([0, 0, 0, 1, 4, 5]);
  });

  it('handles runs of one symbol (overlapping pairs) like a full recount', () => {
    const w = [
      [7, 7, 7, 7, 7],
      [7, 7, 7],
    ];
    const { symbols, wordStart } = flat(w);
    const freq = Float64Array.from([3, 2]);
    const got = learnMerges({ symbols, wordStart, freq, firstId: 8, maxMerges: 10, minFrequency: 1 });
    expect(Array.from(got)).toEqual(naive(w, [3, 2], 8, 10, 1));
  });

  it('matches a full recount on random corpora', () => {
    const r = rng(42);
    for (let trial = 0; trial < 40; trial++) {
      const alphabet = 2 + Math.floor(r() * 5);
      const words: number[][] = [];
      const freq: number[] = [];
      const nw = 1 + Math.floor(r() * 30);
      for (let i = 0; i < nw; i++) {
        const len = 1 + Math.floor(r() * 12);
        words.push(Array.from({ length: len }, () => Math.floor(r() * alphabet)));
        freq.push(1 + Math.floor(r() * 5));
      }
      const minFrequency = 1 + Math.floor(r() * 3);
      const { symbols, wordStart } = flat(words);
      const got = learnMerges({
        symbols,
        wordStart,
        freq: Float64Array.from(freq),
        firstId: alphabet,
        maxMerges: 40,
        minFrequency,
      });
      expect(Array.from(got), `trial ${trial}`).toEqual(naive(words, freq, alphabet, 40, minFrequency));
    }
  });

  it('stops at minFrequency, honours maxTokenLength and onMerge, and reports progress', () => {
    const w = [[0, 1, 0, 1, 0, 1]];
    const { symbols, wordStart } = flat(w);
    const freq = Float64Array.from([1]);
    expect(
      learnMerges({ symbols, wordStart, freq, firstId: 2, maxMerges: 10, minFrequency: 4 }),
    ).toHaveLength(0);
    const limited = learnMerges({
      symbols,
      wordStart,
      freq,
      firstId: 2,
      maxMerges: 10,
      minFrequency: 1,
      maxTokenLength: 2,
    });
    expect(Array.from(limited)).toEqual([0, 1]);
    const seen: string[] = [];
    const stopped = learnMerges({
      symbols,
      wordStart,
      freq,
      firstId: 2,
      maxMerges: 10,
      minFrequency: 1,
      progressEvery: 1,
      onMerge: (a, b, id) => {
        seen.push(`${a}+${b}=${id}`);
        return seen.length < 2;
      },
      onProgress: (p) => seen.push(p.phase),
    });
    expect(stopped).toHaveLength(4);
    expect(seen).toEqual(['0+1=2', 'merge', '2+2=3', 'done']);
  });
});
