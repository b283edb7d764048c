import { ArpaModel } from './arpa-model';
import { ArgumentError, FormatError } from './errors';
import { Vocabulary } from './vocabulary';

interface Entry {
  words: string[];
  lp: number;
  bow: number;
  line: number;
}

/**
 * A {@link FormatError} for line `line` of an ARPA file: `ARPA line ${line}: ${detail}; received "<the line>"`
 * (the line JSON-quoted, cut after 80 characters).
 */
function arpaError(detail: string, line: number, text: string): FormatError {
  const shown = JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
  return new FormatError(`ARPA line ${line}: ${detail}; received ${shown}`, { line });
}

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$|^-inf(?:inity)?$/i;

function parseNumber(field: string | undefined, what: string, line: number, text: string): number {
  if (field === undefined || !NUMBER.test(field)) throw arpaError(`expected ${what} as a number`, line, text);
  return field.toLowerCase().startsWith('-inf') ? Number.NEGATIVE_INFINITY : Number(field);
}

/**
 * Reads an ARPA back-off language model (as written by {@link toArpa}, SRILM `ngram-count -lm` or KenLM
 * `lmplz`) into an {@link ArpaModel}. Checks the `\data\` header, the section order, field counts, numbers,
 * duplicate n-grams, words missing from the unigrams and the declared n-gram counts; any problem is a
 * {@link FormatError} naming the 1-based line.
 *
 * @example
 * ```ts
 * const lm = parseArpa(readFileSync('model.arpa', 'utf8'));
 * lm.logProb(['the', 'cat']);
 * ```
 */
export function parseArpa(text: string): ArpaModel {
  if (typeof text !== 'string') throw new ArgumentError('text', 'the ARPA file contents as a string', text);
  const lines = text.split(/\r?\n/);
  let i = 0;
  const skipBlank = () => {
    while (i < lines.length && (lines[i] as string).trim() === '') i++;
  };
  skipBlank();
  if (i >= lines.length || (lines[i] as string).trim() !== '\\data\\') {
    throw arpaError('expected "\\data\\" header', i + 1, lines[i] ?? '');
  }
  i++;
  const declared: number[] = [];
  for (; i < lines.length; i++) {
    const t = (lines[i] as string).trim();
    if (t === '') continue;
    const m = /^ngram\s+(\d+)\s*=\s*(\d+)$/.exec(t);
    if (!m) break;
    const k = Number(m[1]);
    if (k !== declared.length + 1)
      throw arpaError(`expected "ngram ${declared.length + 1}=<count>"`, i + 1, t);
    declared.push(Number(m[2]));
  }
  if (declared.length === 0) throw arpaError('expected "ngram 1=<count>"', i + 1, lines[i] ?? '');
  const order = declared.length;
  // Unigrams first: they define the vocabulary.
  const entries: Entry[][] = [];
  for (let k = 1; k <= order; k++) {
    skipBlank();
    const head = (lines[i] ?? '').trim();
    if (head !== `\\${k}-grams:`) throw arpaError(`expected "\\${k}-grams:"`, i + 1, lines[i] ?? '');
    i++;
    const list: Entry[] = [];
    for (; i < lines.length; i++) {
      const raw = lines[i] as string;
      const t = raw.trim();
      if (t === '') break;
      if (t.startsWith('\\')) break;
      const f = t.split(/\s+/);
      if (f.length !== k + 1 && f.length !== k + 2) {
        throw arpaError(
          `expected log10 probability, ${k} word(s) and an optional back-off weight`,
          i + 1,
          raw,
        );
      }
      const lp = parseNumber(f[0], 'a log10 probability', i + 1, raw);
      if (lp > 0) throw arpaError('expected a log10 probability <= 0', i + 1, raw);
      const bow = f.length === k + 2 ? parseNumber(f[k + 1], 'a log10 back-off weight', i + 1, raw) : 0;
      list.push({ words: f.slice(1, k + 1), lp, bow, line: i + 1 });
    }
    if (list.length !== declared[k - 1]) {
      throw arpaError(
        `expected ${declared[k - 1]} ${k}-grams as declared in the header, found ${list.length}`,
        i + 1,
        lines[i] ?? '',
      );
    }
    entries.push(list);
  }
  skipBlank();
  if ((lines[i] ?? '').trim() !== '\\end\\') throw arpaError('expected "\\end\\"', i + 1, lines[i] ?? '');
  const unigrams = entries[0] as Entry[];
  const known = new Set(unigrams.map((e) => e.words[0] as string));
  const vocab = new Vocabulary(unigrams.map((e) => e.words[0] as string));
  const model = new ArpaModel(order, vocab);
  for (const list of entries) {
    for (const e of list) {
      const line = e.line;
      for (const w of e.words) {
        if (!known.has(w))
          throw arpaError(`word "${w}" is not listed among the unigrams`, line, lines[line - 1] ?? '');
      }
      if (
        !model.set(
          e.words.map((w) => vocab.id(w)),
          e.lp,
          e.bow,
        )
      ) {
        throw arpaError(`duplicate n-gram "${e.words.join(' ')}"`, line, lines[line - 1] ?? '');
      }
    }
  }
  return model;
}
