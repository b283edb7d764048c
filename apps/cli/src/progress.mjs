// A progress bar on stderr for long work. Drawn only when stderr is a terminal (or GLOSSA_PROGRESS=1
// forces it, as the tests do), so piped output and logs stay clean; --quiet turns it off.

const WIDTH = 28;

/**
 * @param {string} label what is being done
 * @param {{ stream?: NodeJS.WriteStream, enabled?: boolean }} [options]
 * @returns {{ update(done: number, total: number, note?: string): void, done(note?: string): void }}
 */
export function progressBar(label, { stream = process.stderr, enabled } = {}) {
  const on = enabled ?? (process.env.GLOSSA_PROGRESS === '1' || (stream.isTTY === true && !process.env.CI));
  let last = -1;
  let lastTime = 0;
  const started = Date.now();
  const draw = (fraction, note) => {
    const filled = Math.round(fraction * WIDTH);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}`;
    const pct = `${Math.floor(fraction * 100)}`.padStart(3);
    stream.write(`\r${label} [${bar}] ${pct}%${note ? ` ${note}` : ''}\x1b[K`);
  };
  return {
    update(done, total, note) {
      if (!on) return;
      const fraction = total > 0 ? Math.min(1, done / total) : 0;
      const pct = Math.floor(fraction * 100);
      const now = Date.now();
      if (pct === last && now - lastTime < 250) return;
      last = pct;
      lastTime = now;
      draw(fraction, note);
    },
    done(note) {
      if (!on) return;
      draw(1, note ?? `${((Date.now() - started) / 1000).toFixed(1)} s`);
      stream.write('\n');
    },
  };
}
