/*
 * The tables SentencePieceBPE builds from the vocabulary and merges when a tokenizer loads. Each is one
 * small function holding one loop (they run once, cold: a small function is optimized quickly and on
 * its own), over typed arrays rather than sets.
 */

/**
 * Fills `charId` (id of each one-char BMP token) and `astralId` (id of each one-char astral token); returns
 * the BMP chars that have a token (the only ones the other tables need to visit).
 *
 * @example
 * ```ts
 * charTables(['a', '😀'], charId, astralId); // Int32Array [97]; charId[97] = 0; astralId.get(0x1f600) = 1
 * ```
 */
export function charTables(
  tokens: readonly (string | undefined)[],
  charId: Int32Array,
  astralId: Map<number, number>,
): Int32Array {
  let chars = new Int32Array(1024);
  let n = 0;
  for (let id = 0; id < tokens.length; id++) {
    const t = tokens[id];
    if (t === undefined || t.length > 2) continue;
    if (t.length === 1) {
      const c = t.charCodeAt(0);
      if (charId[c] === -1) {
        if (n === chars.length) {
          const g = new Int32Array(n * 2);
          g.set(chars);
          chars = g;
        }
        chars[n++] = c;
      }
      charId[c] = id;
    } else if (t.codePointAt(0)! > 0xffff) astralId.set(t.codePointAt(0)!, id);
  }
  return chars.subarray(0, n);
}

/**
 * Chars followed by `rep` inside some merge result (no word boundary after them): `bmp[c] = 1` for a BMP
 * char, astral ones (and surrogates' code points) in `astral`.
 *
 * @example
 * ```ts
 * blockedChars(['a▁b'], Int32Array.of(0), '▁', bmp, astral); // bmp[97] = 1
 * ```
 */
export function blockedChars(
  tokens: readonly (string | undefined)[],
  result: Int32Array,
  replacement: string,
  bmp: Uint8Array,
  astral: Set<number>,
): void {
  const rep = replacement.charCodeAt(0);
  for (let r = 0; r < result.length; r++) {
    const t = tokens[result[r]!]!;
    for (let k = t.indexOf(replacement, 1); k > 0; k = t.indexOf(replacement, k + 1)) {
      const x = t.charCodeAt(k - 1);
      if (x === rep) continue;
      if (x >= 0xdc00 && x <= 0xdfff) astral.add(t.codePointAt(k - 2)!);
      else bmp[x] = 1;
    }
  }
}

/**
 * `cutAfter[c] = 1` where a word may end after the BMP char `c` (one of `chars`, those with a token): it is
 * not blocked (never after a space or `rep`). `cutAfter` starts all 0.
 */
export function cutTable(chars: Int32Array, blocked: Uint8Array, rep: number, cutAfter: Uint8Array): void {
  for (let k = 0; k < chars.length; k++) {
    const c = chars[k]!;
    if (blocked[c] === 0) cutAfter[c] = 1;
  }
  cutAfter[rep] = 0;
  cutAfter[32] = 0;
}

/** 1 for each id that is neither part of any merge: such a symbol never joins anything. */
export function inertIds(size: number, left: Int32Array, right: Int32Array): Uint8Array {
  const inert = new Uint8Array(size).fill(1);
  for (let r = 0; r < left.length; r++) {
    inert[left[r]!] = 0;
    inert[right[r]!] = 0;
  }
  return inert;
}

/**
 * `inertChar[c] = inert[id]` for each BMP char with a token (`chars`; a space read as `rep`); chars without
 * one get `other` (when all byte-fallback symbols agree) or `other(c)` (their byte-fallback symbols'
 * verdict), surrogates 0.
 */
export function inertChars(
  chars: Int32Array,
  charId: Int32Array,
  inert: Uint8Array,
  rep: number,
  inertChar: Uint8Array,
  other: number | ((c: number) => number),
): void {
  if (typeof other === 'number') inertChar.fill(other);
  else for (let c = 0; c < 65536; c++) if (charId[c === 32 ? rep : c]! < 0) inertChar[c] = other(c);
  inertChar.fill(0, 0xd800, 0xe000);
  for (let k = 0; k < chars.length; k++) {
    const c = chars[k]!;
    if (c < 0xd800 || c > 0xdfff) inertChar[c] = inert[charId[c]!]!;
  }
  // a space is read as rep
  const r = charId[rep]!;
  inertChar[32] = r >= 0 ? inert[r]! : typeof other === 'number' ? other : other(32);
}
