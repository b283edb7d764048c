// `glossa <command> [options]`: dispatches to the registry in commands/index.mjs. Every failure is
// one line on stderr and a non-zero exit code (2 for a bad command line, 1 otherwise).
import { readFileSync } from 'node:fs';
import { COMMANDS, findCommand } from './commands/index.mjs';
import { report, UsageError } from './errors.mjs';
import { readStdin } from './io.mjs';

const PROGRAM = 'glossa';

/** The text of `glossa --help`. */
export function mainUsage() {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `'${PROGRAM} <command> --help' shows a command's options. Exit codes: 0 ok, 1 failed, 2 bad command line.`,
  ].join('\n');
}

const version = () => JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

/** @type {import('./commands/index.mjs').Io} */
const processIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  write: (text) => process.stdout.write(text),
  err: (line) => process.stderr.write(`${line}\n`),
  stdin: () => readStdin(),
};

/**
 * Runs the command line `argv` (without node and the script) and returns the exit code.
 * @param {string[]} argv
 * @param {import('./commands/index.mjs').Io} [io]
 */
export async function main(argv, io = processIo) {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      if (name === 'help' && rest[0]) return await main([rest[0], '--help'], io);
      (name === undefined ? io.err : io.out)(mainUsage());
      return name === undefined ? 2 : 0;
    }
    if (name === '--version' || name === '-v') {
      io.out(version());
      return 0;
    }
    const command = findCommand(name);
    if (!command) throw new UsageError(`unknown command '${name}'`);
    const mod = await command.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(mod.usage);
      return 0;
    }
    return await mod.run(rest, io);
  } catch (e) {
    if (process.env.GLOSSA_DEBUG === '1') io.err(String(e?.stack ?? e));
    const { line, code } = report(e, name && findCommand(name) ? `${PROGRAM} ${name}` : PROGRAM);
    io.err(line);
    return code;
  }
}
