// Drops one known line of native noise from a child's output, streaming everything else unchanged.
//
// Dawn (the npm `webgpu` package) prints, once per process that asks for an adapter on lavapipe,
//   Warning: maxDynamicUniformBuffersPerPipelineLayout artificially reduced from 1000000 to 16 to fit dynamic offset allocation limit.
//   Warning: maxDynamicStorageBuffersPerPipelineLayout artificially reduced from 1000000 to 16 …
// from C++ (`dawn::WarningLog()` in Dawn's limit normalisation, run while discovering physical devices):
// straight to file descriptor 2, before any device exists, with no toggle, no `create()` option and no
// logging callback that reaches it. JavaScript cannot redirect its own fd 2 (no dup2), and asking for
// lower limits does not help (the clamp is on the adapter's limits). So `npm test` filters exactly these
// lines, and says how many it dropped.
import { spawn } from 'node:child_process';

/** The Dawn notice, possibly behind turbo's `<package>:test: ` prefix. */
export const DAWN_LIMIT_NOTICE =
  /^(?:\S+:\s)?\s*Warning: maxDynamic(?:Uniform|Storage)BuffersPerPipelineLayout artificially reduced from \d+ to \d+ to fit dynamic offset allocation limit\.\s*$/;

/**
 * A line filter for a byte stream: `push(chunk)` returns the text to pass on (whole lines, the known
 * notices removed), `end()` the rest; `dropped` counts the lines removed.
 *
 * @example
 * ```js
 * const f = lineFilter(DAWN_LIMIT_NOTICE);
 * process.stdout.write(f.push(chunk));
 * ```
 */
export function lineFilter(pattern) {
  let pending = '';
  const state = {
    dropped: 0,
    push(chunk) {
      pending += chunk;
      const cut = pending.lastIndexOf('\n') + 1;
      if (cut === 0) return '';
      const lines = pending.slice(0, cut);
      pending = pending.slice(cut);
      return keep(lines);
    },
    end() {
      const rest = pending;
      pending = '';
      return keep(rest);
    },
  };
  // ANSI colour codes are ignored when matching (turbo colours its prefixes)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC is what starts a colour code
  const plain = (line) => line.replace(/\u001b\[[0-9;]*m/g, '');
  const keep = (text) =>
    text
      .split(/(?<=\n)/)
      .filter((line) => {
        const drop = pattern.test(plain(line).replace(/\r?\n$/, ''));
        if (drop) state.dropped++;
        return !drop;
      })
      .join('');
  return state;
}

/**
 * Runs `cmd args` with stdout and stderr passed through `lineFilter(pattern)`; resolves to its exit status
 * and the number of lines dropped.
 *
 * @example
 * ```js
 * const { status, dropped } = await runFiltered('pnpm', ['turbo', 'run', 'test'], { cwd: root }, DAWN_LIMIT_NOTICE);
 * ```
 */
export function runFiltered(cmd, args, opts, pattern) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['inherit', 'pipe', 'pipe'] });
    const filters = [
      [child.stdout, process.stdout, lineFilter(pattern)],
      [child.stderr, process.stderr, lineFilter(pattern)],
    ];
    for (const [from, to, f] of filters) {
      from.setEncoding('utf8');
      from.on('data', (chunk) => to.write(f.push(chunk)));
      from.on('end', () => to.write(f.end()));
    }
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({
        status: code ?? (signal ? 1 : 0),
        dropped: filters.reduce((n, [, , f]) => n + f.dropped, 0),
      }),
    );
  });
}
