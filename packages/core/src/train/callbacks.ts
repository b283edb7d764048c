/** Reported after every optimizer step. */
export interface StepInfo {
  /** Optimizer steps taken so far (1 after the first). */
  step: number;
  /** The planned number of steps when known (`maxSteps`, or epochs × batches after the first epoch). */
  totalSteps: number | undefined;
  epoch: number;
  /** Mean training loss of this step (over its micro-batches). */
  loss: number;
  /** Learning rate used by this step. */
  lr: number;
  /** Global gradient norm before clipping (only with `clipNorm`). */
  gradNorm: number | undefined;
  /** Tokens (or examples) per second since the start of this run, from `tokensPerBatch`. */
  tokensPerSec: number;
  /** Estimated seconds to `totalSteps`, when known. */
  etaSec: number | undefined;
  /** Seconds since the start of this run. */
  elapsedSec: number;
}

/** Reported after each evaluation. */
export interface EvalInfo {
  step: number;
  /** Mean evaluation loss over the evaluation batches. */
  loss: number;
  /** Best evaluation loss so far (including this one). */
  best: number;
  /** Evaluations in a row without improvement (for early stopping). */
  badEvals: number;
}

/** Hooks called by `fit`. Each may be async; `fit` awaits it. */
export interface Callback {
  onStep?(info: StepInfo): void | Promise<void>;
  onEval?(info: EvalInfo): void | Promise<void>;
  /** After the last step; `aborted` when `fit`'s `signal` stopped it. */
  onEnd?(result: { steps: number; stoppedEarly: boolean; aborted: boolean }): void | Promise<void>;
}

function fmtTime(sec: number): string {
  if (!Number.isFinite(sec)) return '?';
  const s = Math.round(sec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(r).padStart(2, '0')}s` : `${r}s`;
}

/**
 * A callback that prints one progress line every `every` steps (and every evaluation):
 * `step 120/2000 | loss 2.3412 | lr 3.00e-4 | 1,975 tok/s | ETA 4m12s`.
 *
 * @example
 * ```ts
 * await fit({ ..., callbacks: [progressLogger({ every: 50 })] });
 * ```
 */
export function progressLogger(options: { every?: number; log?: (line: string) => void } = {}): Callback {
  const { every = 10, log = (line: string) => console.log(line) } = options;
  return {
    onStep(i) {
      if (i.step % every !== 0) return;
      const parts = [
        `step ${i.step}${i.totalSteps ? `/${i.totalSteps}` : ''}`,
        `loss ${i.loss.toFixed(4)}`,
        `lr ${i.lr.toExponential(2)}`,
        `${Math.round(i.tokensPerSec).toLocaleString('en-US')} tok/s`,
      ];
      if (i.gradNorm !== undefined) parts.push(`|g| ${i.gradNorm.toFixed(3)}`);
      if (i.etaSec !== undefined) parts.push(`ETA ${fmtTime(i.etaSec)}`);
      log(parts.join(' | '));
    },
    onEval(e) {
      log(`eval @ step ${e.step} | loss ${e.loss.toFixed(4)} | best ${e.best.toFixed(4)}`);
    },
  };
}
