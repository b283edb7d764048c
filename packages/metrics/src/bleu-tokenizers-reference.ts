// Reference implementation of the mteval-v13a tokenizer with sacreBLEU's regular expressions, kept
// for tests: the fast scanner in bleu-tokenizers.ts must produce exactly the same tokens.
import { pySplit } from './py-string';

const RE_13A_PUNCT = /([\x7b-\x7e\x5b-\x60\x20-\x26\x28-\x2b\x3a-\x40\x2f])/g;
const RE_13A_PERIOD_AFTER = /([^0-9])([.,])/g;
const RE_13A_PERIOD_BEFORE = /([.,])([^0-9])/g;
const RE_13A_DASH = /([0-9])(-)/g;

/** The regular-expression pipeline of sacreBLEU's TokenizerRegexp , verbatim (including padding the space character itself). */
export function tokenizeRegexpReference(line: string): string {
  let s = line.replace(RE_13A_PUNCT, ' $1 ');
  s = s.replace(RE_13A_PERIOD_AFTER, '$1 $2 ');
  s = s.replace(RE_13A_PERIOD_BEFORE, ' $1 $2');
  s = s.replace(RE_13A_DASH, '$1 $2 ');
  return pySplit(s).join(' ');
}

/** sacreBLEU's Tokenizer13a with the regular expressions. */
export function tokenize13aReference(line: string): string {
  let s = line;
  s = s.split('<skipped>').join('');
  s = s.split('-\n').join('').split('\n').join(' ');
  if (s.includes('&')) {
    s = s.split('&quot;').join('"').split('&amp;').join('&').split('&lt;').join('<').split('&gt;').join('>');
  }
  return tokenizeRegexpReference(` ${s} `);
}
