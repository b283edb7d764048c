import type { Offset } from '../encoding';
import { offsetsFromByteLengths } from '../utf8';
import type { TokenTable } from './token-table';

/**
 * UTF-16 offsets of byte-level tokens over `text`: ordinary tokens by their byte lengths (widened to
 * whole characters), special tokens by the length of their text.
 */
export function tiktokenOffsets(
  text: string,
  ids: number[],
  table: TokenTable,
  specialById: ReadonlyMap<number, string>,
): Offset[] {
  const lens = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const sp = specialById.get(id);
    lens[i] = sp === undefined ? table.length(id) : -sp.length - 1;
  }
  if (specialById.size === 0) return offsetsFromByteLengths(text, lens);
  // split at special tokens, whose length is in UTF-16 units
  const out: Offset[] = [];
  let pos = 0;
  let i = 0;
  while (i < ids.length) {
    if (lens[i]! < 0) {
      const len = -lens[i]! - 1;
      out.push([pos, pos + len]);
      pos += len;
      i++;
      continue;
    }
    let j = i;
    let bytes = 0;
    while (j < ids.length && lens[j]! >= 0) bytes += lens[j++]!;
    let end = pos;
    for (let b = 0; b < bytes && end < text.length; ) {
      const c = text.codePointAt(end)!;
      b += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
      end += c >= 0x10000 ? 2 : 1;
    }
    for (const o of offsetsFromByteLengths(text.slice(pos, end), lens.subarray(i, j), pos)) out.push(o);
    pos = end;
    i = j;
  }
  return out;
}
