#!/usr/bin/env node
// Node entry point of `glossa-metrics`: reads standard input and files, then runs runCli. Whatever
// goes wrong ends as one line on stderr and a non-zero exit code, never a stack trace.
import { readFileSync } from 'node:fs';
import { runCli } from './cli';

const stdinText = (): string => {
  if (process.stdin.isTTY) return '';
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
};
const args = process.argv.slice(2);
const usesStdin =
  !args.includes('-i') && !args.includes('--input') && !args.includes('-h') && !args.includes('--help');
try {
  process.exitCode = runCli(args, usesStdin && args.length > 0 ? stdinText() : '', {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    readFile: (path) => readFileSync(path, 'utf8'),
  });
} catch (e) {
  process.stderr.write(`glossa-metrics: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
