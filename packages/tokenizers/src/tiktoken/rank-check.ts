import { ArgumentError } from '../errors';
import { hex } from './compact-ranks';
import type { EncodingSpec } from './encoding-spec';
import type { TokenTable } from './token-table';

/**
 * Checks that `table` holds exactly the ranks of the known encoding `name`: every rank from 0 up to the
 * spec's count, except the ids of its special tokens, and the spec's checksum. Otherwise an
 * {@link ArgumentError} naming `argument` says what the data is instead: another known encoding's ranks,
 * a file cut short (with the rank it stops at), ranks with gaps, or a table of the right size whose
 * bytes differ. `checksum` is the table's, if already known.
 *
 * @example
 * ```ts
 * checkRanks(parseTiktokenRanks(r50kFile), 'cl100k_base', ENCODINGS, 'getEncoding(ranks)');
 * // ArgumentError: getEncoding(ranks): expected the ranks of cl100k_base (100256 ranks, checksum …),
 * //   received the ranks of r50k_base
 * ```
 */
export function checkRanks(
  table: TokenTable,
  name: string,
  known: Readonly<Record<string, EncodingSpec>>,
  argument: string,
  checksum?: number,
): void {
  const spec = known[name]!;
  const sum = checksum ?? table.checksum();
  if (table.count === spec.ranks && sum === spec.checksum) return;
  const expected = `the ranks of ${name} (${spec.ranks} ranks, checksum ${hex(spec.checksum)})`;
  const fail = (shown: string): never => {
    throw new ArgumentError(argument, expected, table, { shown });
  };
  for (const [other, s] of Object.entries(known)) {
    if (other !== name && s.ranks === table.count && s.checksum === sum) fail(`the ranks of ${other}`);
  }
  const specials = new Set(Object.values(spec.specialTokens));
  let gap = -1;
  for (let r = 0; r < table.size && gap < 0; r++) if (!table.has(r) && !specials.has(r)) gap = r;
  if (gap >= 0) {
    fail(`${table.count} ranks with a gap at rank ${gap} (a rank file with missing lines, or not ${name}'s)`);
  }
  if (table.count < spec.ranks) {
    fail(`only ${table.count} ranks, 0–${table.size - 1} (the file is cut short: ${name} has ${spec.ranks})`);
  }
  fail(`${table.count} ranks with checksum ${hex(sum)} (edited, or another encoding's ranks)`);
}
