// `glossa bleu|chrf|rouge`: @glossa/metrics' sacreBLEU-like command line (its runCli), with the
// hypotheses from -i or standard input and each -r file one reference stream.
import { readFileSync } from 'node:fs';
import { CLI_USAGE, runCli } from '@glossa/metrics/cli';

/** The command module for one metric. */
export function metricCommand(metric) {
  return {
    usage: CLI_USAGE.replace('glossa-metrics <bleu|chrf|rouge>', `glossa ${metric}`).replace(
      /^Usage:/,
      'Usage:',
    ),
    async run(argv, io) {
      const fromFile = argv.includes('-i') || argv.includes('--input');
      const stdin = fromFile ? '' : await io.stdin();
      return runCli([metric, ...argv], stdin, {
        program: `glossa ${metric}`,
        out: io.out,
        err: io.err,
        readFile: (path) => readFileSync(path, 'utf8'),
      });
    },
  };
}
