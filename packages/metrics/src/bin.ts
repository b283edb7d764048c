#!/usr/bin/env node
// Node entry point of `glossa-metrics`: reads standard input and files, then runs runCli.
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
const usesStdin = !args.includes('-i') && !args.includes('--input');
process.exitCode = runCli(args, usesStdin ? stdinText() : '', {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  readFile: (path) => readFileSync(path, 'utf8'),
});
