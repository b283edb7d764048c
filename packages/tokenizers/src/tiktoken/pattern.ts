import { ArgumentError } from '../errors';

/**
 * Compiles a pre-tokenizer split pattern as a global Unicode JS regex. Patterns written for Python's
 * `regex` module are accepted where the translation is exact: `(?i:'s|'t)` groups of literals are
 * expanded to their case variants. Anything JS cannot compile is an {@link ArgumentError} naming it.
 */
export function compilePattern(pattern: string, what = 'pattern'): RegExp {
  if (typeof pattern !== 'string' || pattern.length === 0) {
    throw new ArgumentError(what, 'a non-empty regular expression string', pattern);
  }
  const src = expandCaseInsensitiveGroups(pattern);
  try {
    return new RegExp(src, 'gu');
  } catch (e) {
    throw new ArgumentError(what, `a valid JS regular expression (${(e as Error).message})`, pattern, {
      cause: e,
    });
  }
}

/** `(?i:'s|'ll)` → `(?:'s|'S|'ll|'lL|'Ll|'LL)`; other `(?i:` uses are left for the RegExp to judge. */
function expandCaseInsensitiveGroups(p: string): string {
  return p.replace(/\(\?i:((?:[^()[\]\\|]|\\.)+(?:\|(?:[^()[\]\\|]|\\.)+)*)\)/g, (whole, body: string) => {
    const alts = body.split('|');
    if (alts.some((a) => a.includes('\\') || a.length > 6)) return whole;
    const out: string[] = [];
    for (const a of alts) {
      let variants = [''];
      for (const ch of a) {
        const lo = ch.toLowerCase();
        const up = ch.toUpperCase();
        variants = variants.flatMap((v) => (lo === up ? [v + ch] : [v + lo, v + up]));
      }
      out.push(...variants);
    }
    return `(?:${out.join('|')})`;
  });
}
