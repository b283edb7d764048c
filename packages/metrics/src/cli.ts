import { corpusBleu } from './bleu';
import { aggregateRouge } from './bootstrap';
import { corpusChrf } from './chrf';
import { MetricsError } from './errors';
import { rougeScorer } from './rouge';

/** Where the CLI reads files and writes output; injected so that it runs (and is tested) anywhere. */
export interface CliIo {
  /** The program name used in messages and the usage text. Default `glossa-metrics`. */
  program?: string;
  /** Writes to standard output (a full line, without the newline). */
  out(line: string): void;
  /** Writes to standard error. */
  err(line: string): void;
  /** Reads a whole UTF-8 text file. */
  readFile(path: string): string;
}

/** Usage text of `glossa-metrics`. */
export const CLI_USAGE = `Usage: glossa-metrics <bleu|chrf|rouge> -r REFS [-r REFS2 ...] [-i HYPS] [options] < HYPS

Hypotheses come from -i or standard input, one segment per line; each -r file is one reference stream.
Common:   --json              print JSON instead of sacreBLEU-style text
          -lc, --lowercase    lowercase before scoring (bleu, chrf)
bleu:     --tokenize 13a|none|intl|char|zh   --smooth-method exp|floor|add-k|none
          --smooth-value V    --max-ngram-order N    --effective-order
chrf:     --char-order N (6)  --word-order N (0; 2 = chrF++)  --beta B (2)  --whitespace  --eps-smoothing
rouge:    --types rouge1,rouge2,rougeL (default)  --stemmer  --tokenizer default|unicode
          --samples N (1000)  --seed S  (bootstrap interval of the mean; targets = first -r file,
          best of all -r files per line)`;

/** A bad command line: the CLI prints the message and the usage text and exits with 2. */
class UsageError extends Error {
  override readonly name: string = 'UsageError';
}

/** `--help` / `-h` / no arguments at all after the command: usage on standard output, exit 0. */
class HelpRequest extends Error {
  override readonly name: string = 'HelpRequest';
}

/** Reads a file through `io`, turning any failure into one line that names the file. */
function readNamed(io: CliIo, path: string, role: string): string {
  try {
    return io.readFile(path);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : e instanceof Error
              ? e.message
              : String(e);
    throw new MetricsError(`cannot read ${role} file '${path}': ${why}`, { cause: e });
  }
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

interface Parsed {
  command: string;
  refs: string[];
  input: string | null;
  json: boolean;
  flags: Map<string, string | true>;
}

const VALUE_FLAGS = new Set([
  '--tokenize',
  '--smooth-method',
  '--smooth-value',
  '--max-ngram-order',
  '--char-order',
  '--word-order',
  '--beta',
  '--types',
  '--tokenizer',
  '--samples',
  '--seed',
]);
const BOOL_FLAGS = new Set([
  '--lowercase',
  '--effective-order',
  '--whitespace',
  '--eps-smoothing',
  '--stemmer',
]);

function parse(argv: readonly string[]): Parsed {
  const [command, ...rest] = argv;
  if (!command) throw new UsageError('');
  if (command === '-h' || command === '--help' || rest.includes('-h') || rest.includes('--help')) {
    throw new HelpRequest('');
  }
  if (!['bleu', 'chrf', 'rouge'].includes(command)) throw new UsageError(`Unknown command '${command}'.`);
  const p: Parsed = { command, refs: [], input: null, json: false, flags: new Map() };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] as string;
    const next = () => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`Option ${a} needs a value.`);
      return v;
    };
    if (a === '-r' || a === '--refs') p.refs.push(next());
    else if (a === '-i' || a === '--input') p.input = next();
    else if (a === '--json') p.json = true;
    else if (a === '-lc') p.flags.set('--lowercase', true);
    else if (VALUE_FLAGS.has(a)) p.flags.set(a, next());
    else if (BOOL_FLAGS.has(a)) p.flags.set(a, true);
    else throw new UsageError(`Unknown option '${a}'.`);
  }
  if (p.refs.length === 0) throw new UsageError('At least one reference file (-r) is needed.');
  return p;
}

function num(p: Parsed, flag: string): number | undefined {
  const v = p.flags.get(flag);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(n))
    throw new UsageError(`Option ${flag} needs a number, got '${v}'.`);
  return n;
}

/**
 * Runs the `glossa-metrics` command line (a sacreBLEU-like CLI) on given arguments and standard
 * input; returns the exit code (0 ok or `--help`, 1 bad input or an unreadable file, 2 usage error).
 * Every failure is one line on `io.err` (the usage text follows a usage error), never a stack trace.
 *
 * @example
 * ```ts
 * const files = { 'refs.txt': 'The dog bit the man.\n' };
 * runCli(['bleu', '-r', 'refs.txt'], 'The dog bit the man.\n', {
 *   out: console.log, err: console.error, readFile: (p) => files[p],
 * }); // prints "BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 100.00 …"
 * ```
 */
export function runCli(argv: readonly string[], stdin: string, io: CliIo): number {
  const program = io.program ?? 'glossa-metrics';
  const usage = CLI_USAGE.replace('glossa-metrics', program);
  let p: Parsed;
  try {
    p = parse(argv);
  } catch (e) {
    if (e instanceof HelpRequest) {
      io.out(usage);
      return 0;
    }
    if (e instanceof UsageError) {
      if (e.message) io.err(`${program}: ${e.message}`);
      io.err(usage);
      return 2;
    }
    throw e;
  }
  try {
    const hyps = splitLines(p.input === null ? stdin : readNamed(io, p.input, 'hypothesis'));
    const streams = p.refs.map((f) => splitLines(readNamed(io, f, 'reference')));
    const lowercase = p.flags.has('--lowercase');
    if (p.command === 'bleu') {
      const r = corpusBleu(hyps, streams, {
        tokenize: p.flags.get('--tokenize') as never,
        smoothMethod: p.flags.get('--smooth-method') as never,
        smoothValue: num(p, '--smooth-value') ?? null,
        lowercase,
        effectiveOrder: p.flags.has('--effective-order'),
        maxNgramOrder: num(p, '--max-ngram-order'),
      });
      io.out(p.json ? JSON.stringify(r.toJSON(), null, 1) : r.format());
    } else if (p.command === 'chrf') {
      const r = corpusChrf(hyps, streams, {
        charOrder: num(p, '--char-order'),
        wordOrder: num(p, '--word-order'),
        beta: num(p, '--beta'),
        lowercase,
        whitespace: p.flags.has('--whitespace'),
        epsSmoothing: p.flags.has('--eps-smoothing'),
      });
      io.out(p.json ? JSON.stringify(r.toJSON(), null, 1) : r.format());
    } else {
      const typesFlag = p.flags.get('--types');
      const rougeTypes =
        typeof typesFlag === 'string' ? typesFlag.split(',') : ['rouge1', 'rouge2', 'rougeL'];
      const scorer = rougeScorer({
        rougeTypes,
        useStemmer: p.flags.has('--stemmer'),
        tokenizer: (p.flags.get('--tokenizer') as never) ?? 'default',
      });
      streams.forEach((s, k) => {
        if (s.length !== hyps.length) {
          throw new MetricsError(
            `-r ${p.refs[k]}: expected ${hyps.length} lines (one per hypothesis), received ${s.length} lines`,
          );
        }
      });
      const scores = hyps.map((h, i) =>
        scorer.scoreMulti(
          streams.map((s) => s[i] as string),
          h,
        ),
      );
      const agg = aggregateRouge(scores, { samples: num(p, '--samples'), seed: num(p, '--seed') });
      if (p.json) io.out(JSON.stringify({ segments: hyps.length, ...agg }, null, 1));
      else {
        for (const t of rougeTypes) {
          const a = agg[t];
          if (!a) continue;
          const f = (x: number) => (100 * x).toFixed(2);
          io.out(
            `${t} = ${f(a.mean.fmeasure)} (P = ${f(a.mean.precision)} R = ${f(a.mean.recall)}; F 95% CI ${f(a.low.fmeasure)}–${f(a.high.fmeasure)}, n = ${hyps.length})`,
          );
        }
      }
    }
    return 0;
  } catch (e) {
    if (e instanceof MetricsError || e instanceof UsageError) {
      io.err(`${program}: ${e.message}`);
      return e instanceof UsageError ? 2 : 1;
    }
    throw e;
  }
}
