// The vocabulary's byte index and the merges' rank table, for json-load.ts (whose module exports `index`
// and `rehash`): open addressing with linear probing, hashed as the host's ByteVocabIndex and PairMap are,
// so that the host reads the tables as they are written.

import {
  IX_HASHES,
  IX_IDS,
  IX_KEYS,
  IX_MASK,
  IX_SLOTS,
  IX_STARTS,
  same,
  slotOf,
} from './json-strings';

/**
 * Hashes the `n` vocabulary entries into `slots` (a power of two, `mask + 1` of them; an entry number or
 * −1). Of two entries with the same token the larger id wins; an entry whose id a later entry took over
 * is left out. `owner` (one i32 per id) is scratch. Returns 1 when entry k has id k for every k.
 */
export function index(
  st: usize,
  keys: usize,
  starts: usize,
  ids: usize,
  hashes: usize,
  n: i32,
  owner: usize,
  slots: usize,
  mask: u32,
): i32 {
  let inOrder: i32 = 1;
  for (let k: i32 = 0; k < n; k++) {
    const id = load<i32>(ids + (<usize>k << 2));
    store<i32>(owner + (<usize>id << 2), k);
    if (id != k) inOrder = 0;
  }
  memory.fill(slots, 0xff, (<usize>mask + 1) << 2);
  for (let k: i32 = 0; k < n; k++) {
    const id = load<i32>(ids + (<usize>k << 2));
    if (load<i32>(owner + (<usize>id << 2)) != k) continue;
    const h = load<i32>(hashes + (<usize>k << 2));
    const s = <usize>load<i32>(starts + (<usize>k << 2));
    const len = <usize>load<i32>(starts + (<usize>k << 2), 4) - s - 1;
    let p = slotOf(h, mask);
    for (;;) {
      const at = slots + (<usize>p << 2);
      const o = load<i32>(at);
      if (o == -1) {
        store<i32>(at, k);
        break;
      }
      if (load<i32>(hashes + (<usize>o << 2)) == h) {
        const t = <usize>load<i32>(starts + (<usize>o << 2));
        if (<usize>load<i32>(starts + (<usize>o << 2), 4) - t - 1 == len && same(keys + t, keys + s, len)) {
          if (id > load<i32>(ids + (<usize>o << 2))) store<i32>(at, k);
          break;
        }
      }
      p = (p + 1) & mask;
    }
  }
  store<i32>(st + IX_KEYS, <i32>keys);
  store<i32>(st + IX_STARTS, <i32>starts);
  store<i32>(st + IX_IDS, <i32>ids);
  store<i32>(st + IX_HASHES, <i32>hashes);
  store<i32>(st + IX_SLOTS, <i32>slots);
  store<i32>(st + IX_MASK, <i32>mask);
  return inOrder;
}

/** Id of the bytes `[a, a + la)` followed by `[b, b + lb)` (FNV-1a hash `h`) in the index, or −1. */
export function find(st: usize, h: i32, a: usize, la: usize, b: usize, lb: usize): i32 {
  const keys = <usize>load<i32>(st + IX_KEYS);
  const starts = <usize>load<i32>(st + IX_STARTS);
  const hashes = <usize>load<i32>(st + IX_HASHES);
  const slots = <usize>load<i32>(st + IX_SLOTS);
  const mask = <u32>load<i32>(st + IX_MASK);
  const len = la + lb;
  let p = slotOf(h, mask);
  for (;;) {
    const o = load<i32>(slots + (<usize>p << 2));
    if (o == -1) return -1;
    if (load<i32>(hashes + (<usize>o << 2)) == h) {
      const t = keys + <usize>load<i32>(starts + (<usize>o << 2));
      if (
        keys + <usize>load<i32>(starts + (<usize>o << 2), 4) - t - 1 == len &&
        same(t, a, la) &&
        same(t + la, b, lb)
      )
        return load<i32>(<usize>load<i32>(st + IX_IDS) + (<usize>o << 2));
    }
    p = (p + 1) & mask;
  }
  return -1; // not reached
}

/** The rank table's slot for the pair (x, y) (the host's PairMap hashing), free or holding it. */
// @ts-ignore: decorator
@inline export function pairSlot(x: i32, y: i32, keysA: usize, keysB: usize, mask: u32): usize {
  let h = (<u32>x * 0x9e3779b1) ^ ((<u32>y + 0x7f4a7c15) * 0x85ebca6b);
  h ^= h >>> 15;
  let p = h & mask;
  for (;;) {
    const a = load<i32>(keysA + (<usize>p << 2));
    if (a == -1 || (a == x && load<i32>(keysB + (<usize>p << 2)) == y)) return <usize>p << 2;
    p = (p + 1) & mask;
  }
  return 0; // not reached
}

/** Moves the rank table's `size` pairs into a larger empty one (`mask + 1` slots, keys already −1). */
export function rehash(
  keysA: usize,
  keysB: usize,
  vals: usize,
  slots: i32,
  toA: usize,
  toB: usize,
  toVals: usize,
  mask: u32,
): void {
  for (let k: usize = 0; k < <usize>slots; k++) {
    const x = load<i32>(keysA + (k << 2));
    if (x == -1) continue;
    const y = load<i32>(keysB + (k << 2));
    const p = pairSlot(x, y, toA, toB, mask);
    store<i32>(toA + p, x);
    store<i32>(toB + p, y);
    store<i32>(toVals + p, load<i32>(vals + (k << 2)));
  }
}
