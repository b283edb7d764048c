// File and stream helpers that name the file in every error, and write atomically.
import {
  accessSync,
  constants,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CliError, describeFsError } from './errors.mjs';

/** Reads a whole UTF-8 file; `role` says what it is in the message ("reference file", "model"). */
export function readText(path, role = 'file') {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${role} '${path}': ${describeFsError(e)}`);
  }
}

/** Fails with one line naming `path` unless it is a readable regular file. */
export function checkReadable(path, role = 'file') {
  try {
    if (statSync(path).isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    accessSync(path, constants.R_OK);
  } catch (e) {
    throw new CliError(`cannot read ${role} '${path}': ${describeFsError(e)}`);
  }
}

/** Writes `text` to `path` atomically (a temporary file in the same folder, then a rename). */
export function writeTextAtomic(path, text, role = 'output file') {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {}
    throw new CliError(`cannot write ${role} '${path}': ${describeFsError(e)}`);
  }
}

/** All of standard input as text ('' when it is a terminal). */
export async function readStdin(stdin = process.stdin) {
  if (stdin.isTTY) return '';
  const chunks = [];
  for await (const chunk of stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Splits text into lines as sacreBLEU reads files: a final newline ends the last line. */
export function splitLines(text) {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}
