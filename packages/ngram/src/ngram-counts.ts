import type { CountOptions } from './count-options';
import { ArgumentError } from './errors';
import { intern } from './intern';
import { NodeTable } from './node-table';
import { Vocabulary } from './vocabulary';

/** Largest vocabulary (word ids are int32). */
const WORD_SPACE = 2 ** 31 - 1;

/** An {@link ArgumentError} naming `argument` unless `order` is an integer in [1, 255] (depths are uint8). */
function checkOrder(order: unknown, argument: string): void {
  if (!Number.isInteger(order) || (order as number) < 1 || (order as number) > 255) {
    throw new ArgumentError(argument, 'an integer in [1, 255]', order);
  }
}

/**
 * N-gram counts of every order 1..n stored as a trie of integer nodes (node 0 is the empty context).
 * Each sentence is scored as `<s> w1 … wm </s>`: every token after `<s>` is one event, counted in every order
 * that fits (n-grams never reach left of `<s>`, as in SRILM and KenLM). Tokens are interned to ids and a node is
 * found by hashing (parent node, word id) into a typed-array table, so no joined strings are built.
 *
 * Besides raw counts the trie holds what smoothing needs: continuation counts N1+(• g), the Kneser-Ney adjusted
 * count of each node (raw at the highest order and for n-grams starting with `<s>`, else the continuation count),
 * per-context totals and type counts, suffix links and child lists. Counts are uint32 (up to 4.29 billion tokens).
 *
 * @example
 * ```ts
 * const counts = countNgrams([['a', 'b'], ['a']], { order: 2 });
 * counts.count(['<s>', 'a']); // 2
 * counts.count(['a']);        // 2
 * ```
 */
export class NgramCounts {
  /** Highest n-gram order counted. */
  readonly order: number;
  /** Token ↔ id mapping used for every node. */
  readonly vocab: Vocabulary;
  /** Number of predicted tokens (words + `</s>`) in the training data. */
  tokens = 0;
  /** Number of training sentences. */
  sentences = 0;
  /** Number of trie nodes including the root. */
  nodes = 1;
  /** Parent node (the n-gram without its last word) of each node. */
  parent: Int32Array;
  /** Last word id of each node's n-gram. */
  word: Int32Array;
  /** Order (length) of each node's n-gram; 0 for the root. */
  depth: Uint8Array;
  /** Raw count of each node. */
  raw: Uint32Array;
  /** Continuation count N1+(• g) of each node. */
  cont = new Uint32Array(0);
  /** Kneser-Ney adjusted count of each node (see class doc). */
  adjusted = new Uint32Array(0);
  /** Node of the n-gram without its first word (set while counting: it is the shorter n-gram at that position). */
  suffix: Int32Array;
  /** Per node used as a context: sum of children's raw counts. */
  rawTotal = new Uint32Array(0);
  /** Per node used as a context: sum of children's adjusted counts a(h •). */
  adjTotal = new Uint32Array(0);
  /** Per node used as a context: number of children with adjusted count > 0 (N1+(h •)). */
  adjTypes = new Uint32Array(0);
  /** Children of node `i` are `childList[childStart[i] .. childStart[i + 1])`. */
  childStart = new Int32Array(0);
  /** Child node ids grouped by parent (see `childStart`). */
  childList = new Int32Array(0);
  private readonly table: NodeTable;
  private readonly perOrder: number[] = [];
  private finalized = false;

  /**
   * Empty counts; `capacity` pre-sizes the node arrays (they grow as needed).
   *
   * @example
   * ```ts
   * const counts = new NgramCounts(3, vocab, 1 << 16);
   * ```
   */
  constructor(order: number, vocab: Vocabulary, capacity = 1024) {
    checkOrder(order, 'order');
    const cap = Math.max(1024, Math.floor(capacity));
    this.parent = new Int32Array(cap);
    this.word = new Int32Array(cap);
    this.depth = new Uint8Array(cap);
    this.raw = new Uint32Array(cap);
    this.suffix = new Int32Array(cap);
    this.table = new NodeTable(cap * 2);
    if (vocab.size > WORD_SPACE) throw new ArgumentError('vocab.size', `at most ${WORD_SPACE}`, vocab.size);
    this.order = order;
    this.vocab = vocab;
    for (let d = 0; d <= order; d++) this.perOrder.push(0);
  }

  /** Child of `node` for word id `w`, or -1. @example `counts.child(0, counts.vocab.id('a'))` */
  child(node: number, w: number): number {
    return this.table.get(node, w);
  }

  /** Node of an n-gram of word ids (walked from the root), or -1. @example `counts.find([0, 3])` */
  find(ids: ArrayLike<number>, start = 0, end = ids.length): number {
    let node = 0;
    for (let i = start; i < end && node >= 0; i++) node = this.child(node, ids[i] as number);
    return node;
  }

  /** Raw count of an n-gram given as tokens (0 when unseen). @example `counts.count(['a', 'b'])` */
  count(tokens: readonly string[]): number {
    const node = this.find(tokens.map((t) => this.vocab.id(t)));
    return node < 0 ? 0 : (this.raw[node] as number);
  }

  /** Number of distinct n-grams of order `n` seen in training. @example `counts.distinct(2)` */
  distinct(n: number): number {
    return this.perOrder[n] ?? 0;
  }

  private grow(): void {
    const cap = this.parent.length * 2;
    const g = <T extends Int32Array | Uint8Array | Uint32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    this.parent = g(this.parent);
    this.word = g(this.word);
    this.depth = g(this.depth);
    this.raw = g(this.raw);
    this.suffix = g(this.suffix);
  }

  private childOrCreate(node: number, w: number): number {
    const found = this.table.get(node, w);
    if (found >= 0) return found;
    if (this.nodes === this.parent.length) this.grow();
    const id = this.nodes++;
    const d = (this.depth[node] as number) + 1;
    this.parent[id] = node;
    this.word[id] = w;
    this.depth[id] = d;
    this.perOrder[d] = (this.perOrder[d] as number) + 1;
    this.table.insert(node, w, id);
    return id;
  }

  /**
   * Adds one sentence of word ids (without `<s>`/`</s>`, which are added here).
   *
   * @example
   * ```ts
   * counts.addSentenceIds([3, 4]);
   * ```
   */
  addSentenceIds(ids: ArrayLike<number>): void {
    if (this.finalized) {
      throw new ArgumentError('counts.finalized', 'false (add sentences before finalize())', this.finalized);
    }
    const n = this.order;
    let prev = new Int32Array(n + 1);
    let curr = new Int32Array(n + 1);
    // Position 0 is <s>: its unigram node exists (as a context) but is not an event.
    prev[1] = this.childOrCreate(0, Vocabulary.BOS);
    const len = ids.length + 1;
    for (let i = 1; i <= len; i++) {
      const w = i === len ? Vocabulary.EOS : (ids[i - 1] as number);
      const top = Math.min(n, i + 1);
      for (let k = 1; k <= top; k++) {
        const node = this.childOrCreate(k === 1 ? 0 : (prev[k - 1] as number), w);
        this.raw[node] = (this.raw[node] as number) + 1;
        this.suffix[node] = k === 1 ? 0 : (curr[k - 1] as number);
        curr[k] = node;
      }
      const t = prev;
      prev = curr;
      curr = t;
    }
    this.tokens += len;
    this.sentences += 1;
  }

  /**
   * Computes continuation counts, adjusted counts, context totals and child lists. Called once after counting
   * ({@link countNgrams} does it); later calls do nothing.
   *
   * @example
   * ```ts
   * counts.finalize();
   * ```
   */
  finalize(): this {
    if (this.finalized) return this;
    this.finalized = true;
    const N = this.nodes;
    const bos = new Uint8Array(N);
    this.cont = new Uint32Array(N);
    for (let i = 1; i < N; i++) {
      if (this.depth[i] === 1) {
        bos[i] = this.word[i] === Vocabulary.BOS ? 1 : 0;
      } else {
        bos[i] = bos[this.parent[i] as number] as number;
        const s = this.suffix[i] as number;
        if ((this.raw[i] as number) > 0) this.cont[s] = (this.cont[s] as number) + 1;
      }
    }
    this.adjusted = new Uint32Array(N);
    this.rawTotal = new Uint32Array(N);
    this.adjTotal = new Uint32Array(N);
    this.adjTypes = new Uint32Array(N);
    const starts = new Int32Array(N + 1);
    for (let i = 1; i < N; i++) {
      const p = this.parent[i] as number;
      const raw = this.raw[i] as number;
      const adj = this.depth[i] === this.order || bos[i] ? raw : (this.cont[i] as number);
      this.adjusted[i] = adj;
      this.rawTotal[p] = (this.rawTotal[p] as number) + raw;
      this.adjTotal[p] = (this.adjTotal[p] as number) + adj;
      if (adj > 0) this.adjTypes[p] = (this.adjTypes[p] as number) + 1;
      starts[p + 1] = (starts[p + 1] as number) + 1;
    }
    for (let i = 0; i < N; i++) starts[i + 1] = (starts[i + 1] as number) + (starts[i] as number);
    const fill = starts.slice(0, N);
    this.childList = new Int32Array(Math.max(0, N - 1));
    for (let i = 1; i < N; i++) {
      const p = this.parent[i] as number;
      this.childList[fill[p] as number] = i;
      fill[p] = (fill[p] as number) + 1;
    }
    this.childStart = starts;
    return this;
  }

  /** Word ids of a node's n-gram, first word first. @example `counts.ngramIds(node)` */
  ngramIds(node: number): number[] {
    const out: number[] = [];
    for (let n = node; n > 0; n = this.parent[n] as number) out.push(this.word[n] as number);
    return out.reverse();
  }
}

/**
 * Counts n-grams of every order up to `order` in pre-tokenised sentences (arrays of tokens), building a
 * vocabulary with an `<unk>` threshold first (`minCount`) unless one is given.
 *
 * @example
 * ```ts
 * const counts = countNgrams([['the', 'cat'], ['the', 'dog']], { order: 3, minCount: 1 });
 * counts.count(['the']); // 2
 * ```
 */
export function countNgrams(sentences: Iterable<readonly string[]>, options: CountOptions): NgramCounts {
  if (options === undefined || typeof options !== 'object') {
    throw new ArgumentError('options', 'an object with an integer order >= 1', options);
  }
  checkOrder(options.order, 'options.order');
  const list = Array.isArray(sentences) ? (sentences as readonly (readonly string[])[]) : [...sentences];
  if (list.length === 0) throw new ArgumentError('sentences', 'a non-empty array of token arrays', list);
  for (let i = 0; i < list.length; i++) {
    if (!Array.isArray(list[i]))
      throw new ArgumentError(`sentences[${i}]`, 'an array of string tokens', list[i]);
  }
  const { vocab, stream } = intern(list, options);
  const counts = new NgramCounts(
    options.order,
    vocab,
    Math.min(stream.length * options.order, stream.length / 2),
  );
  let at = 0;
  for (const s of list) {
    counts.addSentenceIds(stream.subarray(at, at + s.length));
    at += s.length;
  }
  if (counts.tokens === counts.sentences) {
    throw new ArgumentError('sentences', 'at least one token (an empty corpus cannot be modelled)', list);
  }
  return counts.finalize();
}
