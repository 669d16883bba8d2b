// Duplicate ids: the first repeat among many strings, faster than a Set.

/**
 * Index of the first string equal to an earlier one, or -1: an open-addressing table of indices
 * with a multiplicative string hash (several times faster than a Set for many ids). Collisions are
 * bounded: past 8 probes per id on average it starts over with a Set, so crafted ids cannot make
 * it quadratic.
 */
export function firstRepeat(ids: string[]): number {
  const n = ids.length;
  let size = 16;
  while (size < 2 * n) size *= 2;
  const table = tableOf(size), mask = size - 1;
  let probes = 0;
  for (let i = 0; i < n; i++) {
    const id = ids[i];
    let h = 0x811c9dc5;
    for (let c = 0; c < id.length; c++) h = Math.imul(h ^ id.charCodeAt(c), 0x01000193);
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const j = table[slot];
      if (j < 0) { table[slot] = i; break; }
      if (ids[j] === id) return i;
      slot = (slot + 1) & mask;
      if (++probes > 8 * n + 64) return firstRepeatSet(ids);
    }
  }
  return -1;
}

/** Tables up to this many slots (256 KiB) are kept between calls: an ArrayBuffer costs microseconds. */
const KEPT_SLOTS = 1 << 16;
let kept: Int32Array | undefined;

/** A table of `size` slots filled with -1: the kept one when it is small enough (calls never nest). */
function tableOf(size: number): Int32Array {
  if (size > KEPT_SLOTS) return new Int32Array(size).fill(-1);
  if (!kept) kept = new Int32Array(KEPT_SLOTS);
  return kept.subarray(0, size).fill(-1);
}

function firstRepeatSet(ids: string[]): number {
  const seen = new Set<string>();
  for (let i = 0; i < ids.length; i++) {
    const before = seen.size;
    seen.add(ids[i]);
    if (seen.size === before) return i;
  }
  return -1;
}
