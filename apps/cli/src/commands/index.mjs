// The registry of subcommands. Each entry names the command, says in one line what it does, and
// loads its module only when it runs (so `glossa --help` and each command start fast). A module
// exports `usage` (the text of `glossa <name> --help`) and `run(argv, io)` → exit code.
// The model commands (`train gpt`, `generate`, `word2vec`) load tfjs only when they run.

/** @typedef {{ out(line: string): void, write(text: string): void, err(line: string): void, stdin(): Promise<string> }} Io */
/** @typedef {{ name: string, summary: string, load: () => Promise<{ usage: string, run(argv: string[], io: Io): Promise<number> | number }> }} Command */

/** @type {Command[]} */
export const COMMANDS = [
  {
    name: 'tokenize',
    summary: 'ids, tokens and count of a text with a shipped encoding or a tokenizer.json',
    load: () => import('./tokenize.mjs'),
  },
  {
    name: 'train-tokenizer',
    summary: 'train a BPE tokenizer on text files and save it as tokenizer.json',
    load: () => import('./train-tokenizer.mjs'),
  },
  {
    name: 'bleu',
    summary: "corpus BLEU with sacreBLEU's signature (same flags as sacreBLEU)",
    load: () => import('./metrics.mjs').then((m) => m.metricCommand('bleu')),
  },
  {
    name: 'chrf',
    summary: 'corpus chrF / chrF++ identical to sacreBLEU',
    load: () => import('./metrics.mjs').then((m) => m.metricCommand('chrf')),
  },
  {
    name: 'rouge',
    summary: 'ROUGE-1/2/L identical to rouge-score, with a bootstrap interval',
    load: () => import('./metrics.mjs').then((m) => m.metricCommand('rouge')),
  },
  {
    name: 'ngram',
    summary: 'train a Kneser-Ney n-gram model (ARPA file), compute perplexity',
    load: () => import('./ngram.mjs'),
  },
  {
    name: 'train',
    summary: 'train gpt: a GPT on a text file (char or BPE tokens), checkpoints, a model folder',
    load: () => import('./train.mjs'),
  },
  {
    name: 'generate',
    summary: 'stream text from a saved GPT folder (temperature, top-k, top-p, seed)',
    load: () => import('./generate.mjs'),
  },
  {
    name: 'word2vec',
    summary: 'word2vec train / evaluate (analogies, similarity) / query (neighbours, analogies)',
    load: () => import('./word2vec.mjs'),
  },
  {
    name: 'translate',
    summary: 'English → French with the shipped Seq2SeqTransformer (or --model DIR), greedy or beams',
    load: () => import('./translate.mjs'),
  },
];

/** The command called `name`, or undefined. */
export const findCommand = (name) => COMMANDS.find((c) => c.name === name);
