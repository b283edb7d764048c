import { PairMap } from '../bpe/pair-table';

/** Progress report of a training run. */
export interface TrainProgress {
  phase: 'count' | 'merge' | 'done';
  /** Merges learned so far (phase `merge`), or texts read (phase `count`). */
  done: number;
  /** Merges wanted (phase `merge`). */
  total: number;
  /** Frequency of the pair just merged (phase `merge`). */
  frequency?: number;
}

/** Input of {@link learnMerges}: unique words as runs of initial symbol ids, with their frequencies. */
export interface MergeInput {
  /** All words' symbols, concatenated. */
  symbols: Int32Array;
  /** Word `w` is `symbols[wordStart[w], wordStart[w + 1])`. */
  wordStart: Int32Array;
  /** Frequency of each word. */
  freq: Float64Array;
  /** Id the first merge creates; merge `k` creates `firstId + k`. */
  firstId: number;
  /** Stop after this many merges. */
  maxMerges: number;
  /** Stop when the best pair occurs fewer times than this. Default 2. */
  minFrequency?: number;
  /** Called every `progressEvery` merges and at the end. */
  onProgress?: (p: TrainProgress) => void;
  progressEvery?: number;
  /** Reject merges whose result would be longer than this many initial symbols. */
  maxTokenLength?: number;
  /** Called after each merge with its ids; return `false` to stop training. */
  onMerge?: (left: number, right: number, id: number) => boolean;
}

/**
 * Learns BPE merges with incremental pair counts and a lazy max-heap: each merge touches only the
 * words that contain its pair, so training cost grows with the number of changes, not with
 * merges × corpus. Ties between equally frequent pairs go to the smaller `(left, right)` id pair.
 *
 * Returns the merges as a flat `[left0, right0, left1, right1, …]` array (merge `k` made id `firstId + k`).
 */
export function learnMerges(input: MergeInput): Int32Array {
  const { symbols, wordStart, freq, firstId, maxMerges } = input;
  const minFrequency = Math.max(1, input.minFrequency ?? 2);
  const every = input.progressEvery ?? 100;
  const maxLen = input.maxTokenLength ?? Number.POSITIVE_INFINITY;
  const nSym = symbols.length;
  const nWords = wordStart.length - 1;
  const sym = Int32Array.from(symbols);
  const nxt = new Int32Array(nSym);
  const prv = new Int32Array(nSym);
  const wordOf = new Int32Array(nSym);
  for (let w = 0; w < nWords; w++) {
    const s = wordStart[w]!;
    const e = wordStart[w + 1]!;
    for (let i = s; i < e; i++) {
      wordOf[i] = w;
      prv[i] = i > s ? i - 1 : -1;
      nxt[i] = i + 1 < e ? i + 1 : -1;
    }
  }
  // symbol lengths (in initial symbols), for maxTokenLength
  let tokLen = new Int32Array(Math.max(firstId + Math.min(maxMerges, 1 << 20), 1)).fill(1);

  // pair table
  const index = new PairMap(1 << 16);
  let cap = 1 << 16;
  let pa = new Int32Array(cap);
  let pb = new Int32Array(cap);
  let count = new Float64Array(cap);
  let head = new Int32Array(cap);
  let tail = new Int32Array(cap);
  let nPairs = 0;
  // occurrence lists (linked, insertion order)
  let occCap = Math.max(1024, nSym);
  let occPos = new Int32Array(occCap);
  let occNext = new Int32Array(occCap);
  let nOcc = 0;

  const pairOf = (a: number, b: number): number => {
    let pi = index.get(a, b);
    if (pi >= 0) return pi;
    pi = nPairs++;
    if (pi === cap) {
      cap *= 2;
      pa = growI(pa, cap);
      pb = growI(pb, cap);
      head = growI(head, cap);
      tail = growI(tail, cap);
      const c2 = new Float64Array(cap);
      c2.set(count);
      count = c2;
    }
    pa[pi] = a;
    pb[pi] = b;
    count[pi] = 0;
    head[pi] = -1;
    tail[pi] = -1;
    index.set(a, b, pi);
    return pi;
  };
  const addOcc = (pi: number, pos: number): void => {
    if (nOcc === occCap) {
      occCap *= 2;
      occPos = growI(occPos, occCap);
      occNext = growI(occNext, occCap);
    }
    occPos[nOcc] = pos;
    occNext[nOcc] = -1;
    if (tail[pi] === -1) head[pi] = nOcc;
    else occNext[tail[pi]!] = nOcc;
    tail[pi] = nOcc;
    nOcc++;
  };

  for (let w = 0; w < nWords; w++) {
    const f = freq[w]!;
    for (let i = wordStart[w]!; i < wordStart[w + 1]! - 1; i++) {
      const pi = pairOf(sym[i]!, sym[i + 1]!);
      count[pi] = count[pi]! + f;
      addOcc(pi, i);
    }
  }

  // max-heap of [pair, count at push]
  let hp = new Int32Array(Math.max(16, nPairs * 2));
  let hc = new Float64Array(hp.length);
  let hn = 0;
  const better = (i: number, j: number): boolean => {
    // true if heap entry i should be above entry j
    if (hc[i] !== hc[j]) return hc[i]! > hc[j]!;
    const a = hp[i]!;
    const b = hp[j]!;
    return pa[a]! !== pa[b]! ? pa[a]! < pa[b]! : pb[a]! < pb[b]!;
  };
  const swap = (i: number, j: number): void => {
    const p = hp[i]!;
    hp[i] = hp[j]!;
    hp[j] = p;
    const c = hc[i]!;
    hc[i] = hc[j]!;
    hc[j] = c;
  };
  const hpush = (pi: number, c: number): void => {
    if (hn === hp.length) {
      hp = growI(hp, hn * 2);
      const c2 = new Float64Array(hn * 2);
      c2.set(hc);
      hc = c2;
    }
    let i = hn++;
    hp[i] = pi;
    hc[i] = c;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!better(i, p)) break;
      swap(i, p);
      i = p;
    }
  };
  const hpop = (): void => {
    hn--;
    hp[0] = hp[hn]!;
    hc[0] = hc[hn]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= hn) break;
      let c = l;
      if (l + 1 < hn && better(l + 1, l)) c = l + 1;
      if (!better(c, i)) break;
      swap(i, c);
      i = c;
    }
  };
  for (let pi = 0; pi < nPairs; pi++) if (count[pi]! >= minFrequency) hpush(pi, count[pi]!);

  const merges: number[] = [];
  const touched: number[] = [];
  let marks = new Uint8Array(0);
  while (merges.length / 2 < maxMerges && hn > 0) {
    const pi = hp[0]!;
    const c = hc[0]!;
    hpop();
    const cur = count[pi]!;
    if (cur !== c) {
      if (cur >= minFrequency) hpush(pi, cur);
      continue;
    }
    if (cur < minFrequency) break;
    const a = pa[pi]!;
    const b = pb[pi]!;
    const newId = firstId + merges.length / 2;
    if (newId >= tokLen.length) tokLen = growI(tokLen, newId * 2 + 16, 1);
    const newLen = tokLen[a]! + tokLen[b]!;
    if (newLen > maxLen) {
      count[pi] = -1; // never again
      continue;
    }
    tokLen[newId] = newLen;
    merges.push(a, b);
    if (marks.length < nPairs + 1) marks = new Uint8Array(Math.max(nPairs * 2, 1024));
    for (let o = head[pi]!; o !== -1; o = occNext[o]!) {
      const p = occPos[o]!;
      if (sym[p] !== a) continue;
      const q = nxt[p]!;
      if (q === -1 || sym[q] !== b) continue;
      const f = freq[wordOf[p]!]!;
      const l = prv[p]!;
      const r = nxt[q]!;
      if (l !== -1) {
        const op = index.get(sym[l]!, a);
        count[op] = count[op]! - f;
        const np = pairOf(sym[l]!, newId);
        count[np] = count[np]! + f;
        addOcc(np, l);
        if (np >= marks.length) marks = growU8(marks, nPairs * 2);
        if (!marks[np]) {
          marks[np] = 1;
          touched.push(np);
        }
      }
      if (r !== -1) {
        const op = index.get(b, sym[r]!);
        count[op] = count[op]! - f;
        const np = pairOf(newId, sym[r]!);
        count[np] = count[np]! + f;
        addOcc(np, p);
        if (np >= marks.length) marks = growU8(marks, nPairs * 2);
        if (!marks[np]) {
          marks[np] = 1;
          touched.push(np);
        }
      }
      count[pi] = count[pi]! - f;
      sym[p] = newId;
      sym[q] = -1;
      nxt[p] = r;
      if (r !== -1) prv[r] = p;
    }
    count[pi] = 0;
    head[pi] = -1;
    for (const np of touched) {
      marks[np] = 0;
      if (count[np]! >= minFrequency) hpush(np, count[np]!);
    }
    touched.length = 0;
    const done = merges.length / 2;
    if (input.onMerge && input.onMerge(a, b, newId) === false) break;
    if (input.onProgress && done % every === 0) {
      input.onProgress({ phase: 'merge', done, total: maxMerges, frequency: cur });
    }
  }
  input.onProgress?.({ phase: 'done', done: merges.length / 2, total: maxMerges });
  return Int32Array.from(merges);
}

function growI(a: Int32Array, n: number, fill = 0): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  if (fill) b.fill(fill);
  b.set(a.subarray(0, Math.min(a.length, n)));
  return b;
}

function growU8(a: Uint8Array, n: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}
