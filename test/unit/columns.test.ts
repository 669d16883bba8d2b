// Internal column helpers: one-buffer columns (src/model/slab.ts) and the duplicate-id scan whose
// table is kept between calls (src/model/ids.ts).
import { describe, expect, it } from 'vitest';
import { Slab, slabBytes } from '../../src/model/slab.js';
import { firstRepeat } from '../../src/model/ids.js';

describe('Slab', () => {
  it('hands out zeroed, 8-aligned, disjoint columns of one buffer', () => {
    const s = new Slab(slabBytes(3, 1) + slabBytes(5, 4) + slabBytes(2, 8) + slabBytes(3, 8));
    const u = s.u8(3), i = s.i32(5), f = s.f64(2), b = s.i64(3);
    for (const c of [u, i, f, b]) {
      expect(c.byteOffset % 8).toBe(0);
      expect(Array.from(c as ArrayLike<number | bigint>).every((v) => v === 0 || v === 0n)).toBe(true);
    }
    u.fill(255); i.fill(-1); f.fill(1.5); b.fill(-2n);
    expect(Array.from(u)).toEqual([255, 255, 255]);
    expect(Array.from(i)).toEqual([-1, -1, -1, -1, -1]);
    expect(Array.from(f)).toEqual([1.5, 1.5]);
    expect(Array.from(b)).toEqual([-2n, -2n, -2n]);
    expect(() => s.f64(1)).toThrow(RangeError); // sized exactly: nothing beyond
  });
});

describe('firstRepeat', () => {
  it('finds the first repeat in calls of any size one after another (the kept table is cleared)', () => {
    const ids = (n: number, p: string) => Array.from({ length: n }, (_, k) => `${p}${k}`);
    expect(firstRepeat(ids(5000, 'a'))).toBe(-1);
    expect(firstRepeat(['x', 'y', 'x'])).toBe(2);
    expect(firstRepeat(ids(3, 'a'))).toBe(-1); // a smaller call after a larger one: no stale slots
    const big = ids(40_000, 'b');
    big.push('b17');
    expect(firstRepeat(big)).toBe(40_000); // a table larger than the kept one
    expect(firstRepeat(['q', 'r', 's', 'r', 'q'])).toBe(3);
  });
});
