// Runs the built `glossa` bin as a subprocess for the model-command tests, in a scratch folder.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const BIN = fileURLToPath(new URL('../bin/glossa.mjs', import.meta.url));
export const FIX = fileURLToPath(new URL('./fixtures/', import.meta.url));
/** A fresh scratch folder (the caller removes it). */
export const scratch = (name: string) => mkdtempSync(join(tmpdir(), `glossa-cli-${name}-`));
const env = { ...process.env, GLOSSA_DEBUG: '' };
export function glossa(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: FIX,
    encoding: 'utf8',
    env,
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
/** The same, without blocking, so that independent trainings run side by side. */
export function glossaAsync(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: FIX, env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}
/** One line on stderr, no stack frames, the exit code. */
export function expectOneLine(r: { code: number | null; err: string }, code: number, pattern: RegExp) {
  expect(r.code).toBe(code);
  expect(r.err).toMatch(pattern);
  expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  expect(r.err).not.toMatch(/\n\s+at /);
}
