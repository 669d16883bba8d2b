// Duplicate order ids, found in the core: an open-addressing hash set over the ids' UTF-16 code
// units (a JavaScript Set of a million strings costs far more than the whole clearing).
/** FNV-1a over the code units of id i, finished with a multiplicative mix. */
function hashId(off: usize, chars: usize, i: i32): u32 {
  const a = load<i32>(off + (<usize>i << 2)), b = load<i32>(off + (<usize>i << 2), 4);
  let h: u32 = 2166136261;
  for (let k = a; k < b; k++) {
    h = (h ^ <u32>load<u16>(chars + (<usize>k << 1))) * 16777619;
  }
  return (h ^ (h >> 15)) * 0x9E3779B1;
}

/** True when ids i and j have the same code units. */
function sameId(off: usize, chars: usize, i: i32, j: i32): bool {
  const a = load<i32>(off + (<usize>i << 2)), a1 = load<i32>(off + (<usize>i << 2), 4);
  const b = load<i32>(off + (<usize>j << 2)), b1 = load<i32>(off + (<usize>j << 2), 4);
  if (a1 - a != b1 - b) return false;
  return memory.compare(chars + (<usize>a << 1), chars + (<usize>b << 1), <usize>(a1 - a) << 1) == 0;
}

/** Index of the first order whose id an earlier order already has, or -1; table: 32n bytes. */
export function findDuplicateId(off: usize, chars: usize, n: i32, table: usize): i32 {
  let size = 1;
  while (size < 2 * n) size <<= 1; // < 4n slots of (hash u32, index i32) = 32n bytes
  const mask = <u32>(size - 1);
  memory.fill(table, 0xFF, <usize>size << 3);
  for (let i = 0; i < n; i++) {
    const hash = hashId(off, chars, i);
    let slot = hash & mask;
    while (true) {
      const p = table + (<usize>slot << 3);
      const j = load<i32>(p, 4);
      if (j < 0) {
        store<u32>(p, hash);
        store<i32>(p, i, 4);
        break;
      }
      // the stored hash spares most comparisons of the code units themselves
      if (load<u32>(p) == hash && sameId(off, chars, i, j)) return i;
      slot = (slot + 1) & mask;
    }
  }
  return -1;
}
