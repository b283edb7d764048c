/**
 * Worker threads for word2vec: each runs the same {@link word2vecKernel} (from its source text) on
 * the shared weights (SharedArrayBuffer), Hogwild-style — no locks, as word2vec.c and gensim.
 * `worker_threads` in Node (imported lazily), Web Workers from a Blob URL in browsers (which need
 * cross-origin isolation for SharedArrayBuffer). One message protocol for both.
 */
import { ArgumentError } from '@glossa/core';
import type { Job } from './corpus';
import { modelViews } from './kernel-layout';
import { type RunnerInit, word2vecRunner } from './kernel-runner';
import { nodeImport } from './node-import';
import { word2vecKernel } from './word2vec-kernel';

// The body every worker runs: the same runner and kernels as the main thread, from their source
// text. `__name` covers bundlers that wrap named functions (esbuild's keepNames).
const WORKER_SOURCE = `
var __name = function (f) { return f; };
var makeRunner = (${word2vecRunner.toString()});
var makeKernel = (${word2vecKernel.toString()});
var views = (${modelViews.toString()});
var run = null;
var isNode = typeof process !== 'undefined' && !!(process.versions && process.versions.node) && typeof require === 'function';
var port = isNode ? require('node:worker_threads').parentPort : self;
function post(msg, transfer) { port.postMessage(msg, transfer || []); }
function handle(msg) {
  try {
    if (msg.type === 'init') { run = makeRunner(msg.init, makeKernel, views); post({ type: 'ready' }); return; }
    var n = run(msg.words, msg.ends, msg.sentences, msg.alpha, msg.seed);
    post({ type: 'done', id: msg.id, effective: n });
  } catch (e) {
    post({ type: 'error', id: msg.id, message: String((e && e.stack) || e) });
  }
}
if (isNode) port.on('message', handle); else self.onmessage = function (e) { handle(e.data); };
`;

/** A worker seen the same way in Node and browsers; `onMessage`/`onError` replace the previous handler. */
interface Port {
  post(msg: unknown, transfer?: Transferable[]): void;
  onMessage(fn: (msg: any) => void): void;
  onError(fn: (err: unknown) => void): void;
  terminate(): void;
}

const isNode = typeof process !== 'undefined' && !!process.versions?.node;

async function spawn(): Promise<Port> {
  if (isNode) {
    const { Worker } = (await nodeImport('node:worker_threads')) as typeof import('node:worker_threads');
    const w = new Worker(WORKER_SOURCE, { eval: true });
    let onMessage: (msg: any) => void = () => {};
    let onError: (err: unknown) => void = () => {};
    w.on('message', (m) => onMessage(m));
    w.on('error', (e) => onError(e));
    return {
      post: (m, t) => w.postMessage(m, t as any),
      onMessage: (fn) => {
        onMessage = fn;
      },
      onError: (fn) => {
        onError = fn;
      },
      terminate: () => void w.terminate(),
    };
  }
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  const w = new Worker(url);
  URL.revokeObjectURL(url);
  return {
    post: (m, t) => w.postMessage(m, t ?? []),
    onMessage: (fn) => {
      w.onmessage = (e) => fn(e.data);
    },
    onError: (fn) => {
      w.onerror = (e) => fn(e);
    },
    terminate: () => w.terminate(),
  };
}

/** Whether this environment can run word2vec on several threads, and if not, why. */
export function threadsUnavailable(): string | null {
  if (typeof SharedArrayBuffer === 'undefined') {
    return 'SharedArrayBuffer is not available (browsers need cross-origin isolation: COOP/COEP headers)';
  }
  if (!isNode && typeof Worker === 'undefined') return 'neither worker_threads nor Web Workers are available';
  return null;
}

/** A pool of kernel workers with at most `depth` jobs queued on each. */
export class WorkerPool {
  private readonly ports: Port[];
  private readonly busy: number[];
  private readonly pending = new Map<number, { resolve: (n: number) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private waiters: Array<() => void> = [];
  private failure: Error | null = null;

  private constructor(
    ports: Port[],
    private readonly depth: number,
  ) {
    this.ports = ports;
    this.busy = ports.map(() => 0);
  }

  /**
   * Starts `workers` threads, thread `i` training with `init(i)` (whose memory or buffer must be
   * shared).
   */
  static async start(workers: number, init: (thread: number) => RunnerInit, depth = 2): Promise<WorkerPool> {
    const why = threadsUnavailable();
    if (why) throw new ArgumentError('Word2Vec.train(workers)', `1 here (${why})`, workers);
    const ports = await Promise.all(Array.from({ length: workers }, spawn));
    await Promise.all(
      ports.map(
        (p, i) =>
          new Promise<void>((resolve, reject) => {
            p.onError((e) => reject(e instanceof Error ? e : new Error(String(e))));
            p.onMessage((m) => {
              if (m.type === 'ready') resolve();
              else reject(new Error(`word2vec worker: ${m.message}`));
            });
            p.post({ type: 'init', init: init(i) });
          }),
      ),
    );
    const pool = new WorkerPool(ports, depth);
    ports.forEach((p, i) => {
      p.onMessage((m) => pool.onMessage(i, m));
      p.onError((e) => pool.fail(e instanceof Error ? e : new Error(String(e))));
    });
    return pool;
  }

  private onMessage(i: number, m: { type: string; id: number; effective?: number; message?: string }): void {
    this.busy[i]!--;
    const p = this.pending.get(m.id);
    this.pending.delete(m.id);
    if (m.type === 'done') p?.resolve(m.effective!);
    else this.fail(new Error(`word2vec worker: ${m.message}`));
    const w = this.waiters.shift();
    w?.();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    for (const w of this.waiters.splice(0)) w();
  }

  /** Waits for a free slot, then queues `job`; `done` settles with the job's effective words. */
  async submit(job: Job, alpha: number, seed: number): Promise<{ done: Promise<number> }> {
    for (;;) {
      if (this.failure) throw this.failure;
      let best = 0;
      for (let i = 1; i < this.busy.length; i++) if (this.busy[i]! < this.busy[best]!) best = i;
      if (this.busy[best]! < this.depth) {
        const id = this.nextId++;
        this.busy[best]!++;
        const done = new Promise<number>((resolve, reject) => this.pending.set(id, { resolve, reject }));
        this.ports[best]!.post(
          { type: 'job', id, words: job.words, ends: job.ends, sentences: job.sentences, alpha, seed },
          [job.words.buffer, job.ends.buffer] as Transferable[],
        );
        return { done };
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Stops every thread. */
  close(): void {
    for (const p of this.ports) p.terminate();
    this.fail(new Error('word2vec worker pool closed'));
  }
}
