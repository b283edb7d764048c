/**
 * Node-only (reached through `@glossa/tokenizers/node`): the shipped rank modules read synchronously from
 * disk, for `getEncoding(name)` without a location. `loadEncoding` imports the same modules instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TokenizerError } from './errors';
import { COMPACT_RANKS_MAGIC } from './tiktoken/compact-ranks';

/**
 * The compact ranks string of a shipped encoding module (`cl100k_base`, …), read from the module's file
 * beside this code: `encodings/<name>.js` or `.cjs` in the package's `dist/`, `.ts` in its sources. The
 * string is the module's only string literal starting with the compact format's magic, and it holds no
 * quote or backslash, so it is the same in every build. A {@link TokenizerError} if the file is not
 * there (the node entry bundled into a single file, say): `await loadEncoding(name)` works there.
 *
 * @example
 * ```ts
 * getEncoding('cl100k_base', readShippedRanks('cl100k_base'));
 * ```
 */
export function readShippedRanks(module: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const marker = `"${COMPACT_RANKS_MAGIC} ${module} `;
  for (const ext of ['js', 'cjs', 'ts']) {
    const file = join(here, 'encodings', `${module}.${ext}`);
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'latin1');
    const at = text.indexOf(marker);
    const end = at < 0 ? -1 : text.indexOf('"', at + 1);
    if (end > at) return text.slice(at + 1, end);
  }
  throw new TokenizerError(
    `the shipped ranks of ${module} are not in ${join(here, 'encodings')} (was @glossa/tokenizers/node bundled into one file?): use \`await loadEncoding(${JSON.stringify(module)})\` from @glossa/tokenizers, or pass the ranks`,
  );
}
