// Dense SIMD kernels of the basis inverse (f64x2 lanes). Each lane performs the scalar loop's
// operations in its order (no fused multiply-add in Wasm), so every value is bit-identical to a
// scalar build's.
import { getF, setF, getI } from "./problem";

/** subScaled on two rows at once (d1 -= f1 * src, d2 -= f2 * src), src loaded once: the same values. */
// @ts-ignore: decorator
@inline export function subScaled2(d1: usize, d2: usize, src: usize, f1: f64, f2: f64, n: i32): void {
  const v1 = f64x2.splat(f1), v2 = f64x2.splat(f2);
  let j = 0;
  for (; j + 1 < n; j += 2) {
    const o = <usize>j << 3;
    const x = v128.load(src + o);
    v128.store(d1 + o, f64x2.sub(v128.load(d1 + o), f64x2.mul(v1, x)));
    v128.store(d2 + o, f64x2.sub(v128.load(d2 + o), f64x2.mul(v2, x)));
  }
  if (j < n) {
    const x = getF(src, j);
    setF(d1, j, getF(d1, j) - f1 * x);
    setF(d2, j, getF(d2, j) - f2 * x);
  }
}

/** subScaledList on two rows at once. */
// @ts-ignore: decorator
@inline export function subScaledList2(d1: usize, d2: usize, src: usize, f1: f64, f2: f64, list: usize, nz: i32): void {
  if (nz == 0) return;
  const j0 = getI(list, 0);
  if (getI(list, nz - 1) - j0 + 1 == nz) {
    const o = <usize>j0 << 3;
    subScaled2(d1 + o, d2 + o, src + o, f1, f2, nz);
    return;
  }
  for (let t = 0; t < nz; t++) {
    const j = getI(list, t), x = getF(src, j);
    setF(d1, j, getF(d1, j) - f1 * x);
    setF(d2, j, getF(d2, j) - f2 * x);
  }
}

/**
 * dst[j] -= f * src[j] for j < n, two lanes at a time: the same operations on each element as the
 * scalar loop (no fused multiply-add in Wasm), so bit-identical.
 */
// @ts-ignore: decorator
@inline export function subScaled(dst: usize, src: usize, f: f64, n: i32): void {
  const fv = f64x2.splat(f);
  let j = 0;
  for (; j + 1 < n; j += 2) {
    const o = <usize>j << 3;
    v128.store(dst + o, f64x2.sub(v128.load(dst + o), f64x2.mul(fv, v128.load(src + o))));
  }
  if (j < n) setF(dst, j, getF(dst, j) - f * getF(src, j));
}

/**
 * dst[j] -= f * src[j] for the nz columns j listed (ascending). A list that is one contiguous
 * range (the usual dense row) goes through subScaled; the values are the same either way.
 */
// @ts-ignore: decorator
@inline export function subScaledList(dst: usize, src: usize, f: f64, list: usize, nz: i32): void {
  if (nz == 0) return;
  const j0 = getI(list, 0);
  if (getI(list, nz - 1) - j0 + 1 == nz) {
    const o = <usize>j0 << 3;
    subScaled(dst + o, src + o, f, nz);
    return;
  }
  for (let t = 0; t < nz; t++) { const j = getI(list, t); setF(dst, j, getF(dst, j) - f * getF(src, j)); }
}

/** Four results of dot4 that go elsewhere than a contiguous output (static: survives reset). */
export const DOT4: usize = memory.data(32, 16);

/**
 * The dot products of rows p0..p3 with x over n entries, written to out[0..4). Two rows per
 * f64x2, one per lane: each lane sums row[j] * x[j] in j order from +0 as a scalar loop does (no
 * fused multiply-add in Wasm), so every value is bit-identical to it; two independent sums per
 * pass, so that the additions of one do not wait on the other.
 */
@inline export function dot4(p0: usize, p1: usize, p2: usize, p3: usize, x: usize, n: i32, out: usize): void {
  const n2 = n & ~1;
  let acc = f64x2.splat(0), acc2 = f64x2.splat(0);
  let j = 0;
  for (; j < n2; j += 2) {
    const o = <usize>j << 3;
    const x0 = v128.load64_splat(x + o), x1 = v128.load64_splat(x + o + 8);
    const a = v128.load(p0 + o), b = v128.load(p1 + o), c = v128.load(p2 + o), d = v128.load(p3 + o);
    acc = f64x2.add(acc, f64x2.mul(v128.shuffle<f64>(a, b, 0, 2), x0));
    acc2 = f64x2.add(acc2, f64x2.mul(v128.shuffle<f64>(c, d, 0, 2), x0));
    acc = f64x2.add(acc, f64x2.mul(v128.shuffle<f64>(a, b, 1, 3), x1));
    acc2 = f64x2.add(acc2, f64x2.mul(v128.shuffle<f64>(c, d, 1, 3), x1));
  }
  if (j < n) {
    const xj = v128.load64_splat(x + (<usize>j << 3));
    acc = f64x2.add(acc, f64x2.mul(f64x2.replace_lane(f64x2.splat(getF(p0, j)), 1, getF(p1, j)), xj));
    acc2 = f64x2.add(acc2, f64x2.mul(f64x2.replace_lane(f64x2.splat(getF(p2, j)), 1, getF(p3, j)), xj));
  }
  v128.store(out, acc);
  v128.store(out + 16, acc2);
}
