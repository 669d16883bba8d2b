// The dense basis inverse (rows = island balances + active lines, so it stays small) and the
// pricing passes that go through buses instead of orders x lines.
import {
  nB, nO, nL, nI, m, cap, rowList, binv, dseW, countRefactor, room, noteOutOfMemory, col, basic, xB, y, mu, inj, ptdfOB, obSlot, obAcc, rowLine, varState, busIsland,
  ordBus, ordSide, lineRow, BASIC, setI, injUpper, nOB, orderBuses, hOrd, dInj, dirtyList, nDirty, clearDirty, rho, nu, getF, setF, getI, pf, costOf, nonbasicValue, islandFixed,
  gridPtr,
} from "./state";
import { GridFactor, solve as gridSolve } from "../grid/factor";

/** Writes variable v's constraint column (row space, length m) into out. */
export function columnOf(v: i32, out: usize): void {
  memory.fill(out, 0, <usize>m << 3);
  if (v < nO) {
    const b = getI(ordBus, v);
    const s = <f64>getI(ordSide, v);
    setF(out, getI(busIsland, b), s);
    const k = <usize>getI(obSlot, b) << 3;
    for (let r = nI; r < m; r++) setF(out, r, s * load<f64>(obRow(r) + k));
  } else if (v < nO + nL) {
    setF(out, getI(lineRow, v - nO), -1.0);
  } else {
    setF(out, v - nO - nL, -1.0);
  }
}

/** Rebuilds B^-1 from the basic columns (Gauss-Jordan, partial pivoting); false if singular. */
export function refactor(): bool {
  const n = m;
  // the basis is copied into scratch at the top of the arena, freed at the end (the stub runtime
  // frees its last block), so a refactorization leaves no memory behind
  const bytes = <usize>n * <usize>n << 3;
  if (!room(bytes + 64)) { noteOutOfMemory(); return false; }
  const a = heap.alloc(bytes), c = rho, nzCols = rowList;
  for (let j = 0; j < n; j++) {
    columnOf(getI(basic, j), c);
    for (let i = 0; i < n; i++) setF(a, i * n + j, getF(c, i));
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) setF(binv, i * cap + j, i == j ? 1.0 : 0.0);
  for (let k = 0; k < n; k++) {
    let p = k, best = Math.abs(getF(a, k * n + k));
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(getF(a, i * n + k));
      if (v > best) { best = v; p = i; }
    }
    if (!(best > 1e-13)) { heap.free(a); return false; }
    if (p != k) { swapRows(a, n, p, k, n); swapRows(binv, cap, p, k, n); }
    // columns < k of a are eliminated (exact zeros in row k) and column k becomes e_k: only
    // columns > k of a change values that are read later, so the loops over a start at k + 1
    // In B^-1 only the nonzero entries of row k change other rows (x - f * 0 == x up to the sign
    // of a zero, and no zero's sign reaches a result: every sum starts at +0), so they are listed once.
    const d = getF(a, k * n + k);
    for (let j = k + 1; j < n; j++) setF(a, k * n + j, getF(a, k * n + j) / d);
    let nz = 0;
    for (let j = 0; j < n; j++) {
      const v = getF(binv, k * cap + j);
      if (v != 0) { setF(binv, k * cap + j, v / d); setI(nzCols, nz++, j); }
    }
    // rows two at a time (each reads row k only, so their order does not matter): row k's
    // entries are loaded once for both
    const ak = a + (<usize>(k * n + k + 1) << 3), bk = binv + (<usize>(k * cap) << 3), len = n - k - 1;
    let held = -1, fh: f64 = 0;
    for (let i = 0; i < n; i++) {
      const f = getF(a, i * n + k);
      if (i == k || f == 0) continue;
      if (held < 0) { held = i; fh = f; continue; }
      subScaled2(a + (<usize>(held * n + k + 1) << 3), a + (<usize>(i * n + k + 1) << 3), ak, fh, f, len);
      subScaledList2(binv + (<usize>(held * cap) << 3), binv + (<usize>(i * cap) << 3), bk, fh, f, nzCols, nz);
      held = -1;
    }
    if (held >= 0) {
      subScaled(a + (<usize>(held * n + k + 1) << 3), ak, fh, len);
      subScaledList(binv + (<usize>(held * cap) << 3), bk, fh, nzCols, nz);
    }
  }
  heap.free(a);
  countRefactor();
  sinceRefactor = 0;
  for (let i = 0; i < n; i++) setF(dseW, i, rowNorm2(i));
  return true;
}

/** Updates of the inverse (pivots, added rows) since it was last rebuilt. */
export let sinceRefactor: i32 = 0;

/**
 * The dual steepest-edge weight of basis position i: ||e_i^T B^-1||^2, from the explicit inverse
 * (exact, no update formula). Two lanes (even and odd columns), then their sum: a fixed order.
 */
export function rowNorm2(i: i32): f64 {
  const row = binv + (<usize>(i * cap) << 3), n = m;
  let acc = f64x2.splat(0);
  let j = 0;
  for (; j + 1 < n; j += 2) { const v = v128.load(row + (<usize>j << 3)); acc = f64x2.add(acc, f64x2.mul(v, v)); }
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (j < n) { const v = getF(row, j); s += v * v; }
  return s;
}

/**
 * Adds the line rows [first, m) to the inverse without a refactorization. Each new row's slack is
 * basic in its own position, so B' = [[B, 0], [A_new, -I]] and B'^-1 = [[B^-1, 0], [A_new B^-1, -I]]:
 * a new row of the inverse is the sum over the basic orders p of a_p x (row p of B^-1), O(rows x basic orders).
 */
export function extendInverse(first: i32): void {
  for (let i = 0; i < first; i++) memory.fill(binv + (<usize>(i * cap + first) << 3), 0, <usize>(m - first) << 3);
  for (let r = first; r < m; r++) {
    const row = binv + (<usize>(r * cap) << 3);
    memory.fill(row, 0, <usize>m << 3);
    for (let p = 0; p < first; p++) {
      const v = getI(basic, p);
      if (v >= nO) continue;
      const a = <f64>getI(ordSide, v) * getF(obRow(r), getI(obSlot, getI(ordBus, v)));
      if (a != 0) subScaled(row, binv + (<usize>(p * cap) << 3), -a, first);
    }
    setF(row, r, -1.0);
    setF(dseW, r, rowNorm2(r));
  }
  sinceRefactor++;
}

function swapRows(a: usize, stride: i32, p: i32, k: i32, n: i32): void {
  for (let j = 0; j < n; j++) {
    const t = getF(a, p * stride + j);
    setF(a, p * stride + j, getF(a, k * stride + j));
    setF(a, k * stride + j, t);
  }
}

/**
 * Pivots B^-1 on row r with the entering column alpha = B^-1 A_q (product-form update). Only the
 * nonzero entries of the pivot row change other rows (as in refactor), so they are listed once.
 */
export function pivot(r: i32, alpha: usize): void {
  const p = getF(alpha, r);
  const rowR = binv + (<usize>(r * cap) << 3);
  const nzCols = col + (<usize>cap << 3); // scratch behind col (allocated with twice the room)
  let nz = 0;
  for (let j = 0; j < m; j++) {
    const v = getF(rowR, j);
    if (v != 0) { setF(rowR, j, v / p); setI(nzCols, nz++, j); }
  }
  let held = -1, fh: f64 = 0;
  for (let i = 0; i < m; i++) {
    const f = getF(alpha, i);
    if (i == r || f == 0) continue;
    if (held < 0) { held = i; fh = f; continue; }
    subScaledList2(binv + (<usize>(held * cap) << 3), binv + (<usize>(i * cap) << 3), rowR, fh, f, nzCols, nz);
    held = -1;
  }
  if (held >= 0) subScaledList(binv + (<usize>(held * cap) << 3), rowR, fh, nzCols, nz);
  sinceRefactor++;
  // the rows that changed get their exact steepest-edge weight
  for (let i = 0; i < m; i++) if (i == r || getF(alpha, i) != 0) setF(dseW, i, rowNorm2(i));
}

/** subScaled on two rows at once (d1 -= f1 * src, d2 -= f2 * src), src loaded once: the same values. */
// @ts-ignore: decorator
@inline function subScaled2(d1: usize, d2: usize, src: usize, f1: f64, f2: f64, n: i32): void {
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
@inline function subScaledList2(d1: usize, d2: usize, src: usize, f1: f64, f2: f64, list: usize, nz: i32): void {
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
@inline function subScaled(dst: usize, src: usize, f: f64, n: i32): void {
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
@inline function subScaledList(dst: usize, src: usize, f: f64, list: usize, nz: i32): void {
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
const DOT4: usize = memory.data(32, 16);

/**
 * The dot products of rows p0..p3 with x over n entries, written to out[0..4). Two rows per
 * f64x2, one per lane: each lane sums row[j] * x[j] in j order from +0 as a scalar loop does (no
 * fused multiply-add in Wasm), so every value is bit-identical to it; two independent sums per
 * pass, so that the additions of one do not wait on the other.
 */
@inline function dot4(p0: usize, p1: usize, p2: usize, p3: usize, x: usize, n: i32, out: usize): void {
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

/** out = B^-1 v (both length m). */
export function ftran(v: usize, out: usize): void {
  // four rows per pass (dot4), then two (one per lane), then one: every value as the scalar loop
  const n = m, n2 = n & ~1;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const r0 = binv + (<usize>(i * cap) << 3), r1 = r0 + (<usize>cap << 3), r2 = r1 + (<usize>cap << 3), r3 = r2 + (<usize>cap << 3);
    dot4(r0, r1, r2, r3, v, n, out + (<usize>i << 3));
  }
  for (; i + 1 < n; i += 2) {
    const r0 = binv + (<usize>(i * cap) << 3), r1 = r0 + (<usize>cap << 3);
    let acc = f64x2.splat(0);
    let j = 0;
    for (; j < n2; j += 2) {
      const o = <usize>j << 3;
      const a = v128.load(r0 + o), b = v128.load(r1 + o);
      acc = f64x2.add(acc, f64x2.mul(v128.shuffle<f64>(a, b, 0, 2), v128.load64_splat(v + o)));
      acc = f64x2.add(acc, f64x2.mul(v128.shuffle<f64>(a, b, 1, 3), v128.load64_splat(v + o + 8)));
    }
    if (j < n) {
      const col2 = f64x2.replace_lane(f64x2.splat(getF(r0, j)), 1, getF(r1, j));
      acc = f64x2.add(acc, f64x2.mul(col2, v128.load64_splat(v + (<usize>j << 3))));
    }
    v128.store(out + (<usize>i << 3), acc);
  }
  for (; i < n; i++) {
    const row = binv + (<usize>(i * cap) << 3);
    let s: f64 = 0;
    for (let j = 0; j < n; j++) s += getF(row, j) * getF(v, j);
    setF(out, i, s);
  }
}

/**
 * Whether spreading a row vector with `nr` nonzero line entries over `nBuses` buses is cheaper by
 * one solve with the network's factor than by summing PTDF rows. PTDF_l = X (e_f - e_t) / x_l with
 * X the inverse of the reduced susceptance matrix, so sum_r w_r PTDF_r = X v with v = sum_r w_r
 * (e_f - e_t) / x_l: one sparse L D L^T solve, O(nnz(L)), whatever the number of rows. The choice
 * depends on the data only, so it is the same on every machine.
 */
function bySolve(nr: i32, nBuses: i32): bool {
  const g = changetype<GridFactor>(gridPtr);
  return <i64>nr * <i64>nBuses > <i64>(4 * g.nnzL + 4 * g.m + nBuses + 2 * nr);
}

/** v = X sum_r w_r (e_f - e_t) / x_l over the line rows (reduced bus positions, in the factor's work). */
function solveLevel(w: usize): usize {
  const g = changetype<GridFactor>(gridPtr), v = g.work;
  memory.fill(v, 0, <usize>g.m << 3);
  for (let r = nI; r < m; r++) {
    const wr = getF(w, r);
    if (wr == 0) continue;
    const l = getI(rowLine, r - nI), q = wr / getF(g.lineX, l);
    const kf = getI(g.busPos, getI(g.lineFrom, l)), kt = getI(g.busPos, getI(g.lineTo, l));
    if (kf >= 0) setF(v, kf, getF(v, kf) + q);
    if (kt >= 0) setF(v, kt, getF(v, kt) - q);
  }
  gridSolve(g, v);
  return v;
}

/**
 * Spreads a row-space vector w over all buses: out_b = w[island b] + sum_r w_r PTDF_r[b], by one
 * solve with the network's factor (once per call: the final prices), so that no PTDF row at every
 * bus has to be kept.
 */
export function busLevel(w: usize, out: usize): void {
  const g = changetype<GridFactor>(gridPtr), v = solveLevel(w);
  for (let b = 0; b < nB; b++) {
    const k = getI(g.busPos, b);
    setF(out, b, getF(w, getI(busIsland, b)) + (k >= 0 ? getF(v, k) : 0.0));
  }
}

/**
 * busLevel on the buses that have orders only (all the iterations need), over the contiguous
 * order-bus rows: per bus the same additions in the same order as busLevel, so the same values.
 * Four rows at a time and two buses per f64x2 lane pair: each lane still adds w_r * PTDF_r[b]
 * one row after the other in row order (no fused multiply-add in Wasm), so every value is
 * bit-identical to the one-row-at-a-time scalar loop, with a quarter of the accumulator traffic.
 */
export function busLevelOrders(w: usize, out: usize): void {
  const acc = obAcc, n = nOB, list = rowList;
  for (let i = 0; i < n; i++) setF(acc, i, getF(w, getI(busIsland, getI(orderBuses, i))));
  let nr = 0;
  for (let r = nI; r < m; r++) if (getF(w, r) != 0) setI(list, nr++, r);
  if (bySolve(nr, n)) {
    const g = changetype<GridFactor>(gridPtr), v = solveLevel(w);
    for (let i = 0; i < n; i++) {
      const b = getI(orderBuses, i), k = getI(g.busPos, b);
      setF(out, b, getF(acc, i) + (k >= 0 ? getF(v, k) : 0.0));
    }
    return;
  }
  const n2 = n & ~1;
  let t = 0;
  for (; t + 3 < nr; t += 4) {
    const r0 = getI(list, t), r1 = getI(list, t + 1), r2 = getI(list, t + 2), r3 = getI(list, t + 3);
    const w0 = getF(w, r0), w1 = getF(w, r1), w2 = getF(w, r2), w3 = getF(w, r3);
    const p0 = obRow(r0), p1 = obRow(r1), p2 = obRow(r2), p3 = obRow(r3);
    const v0 = f64x2.splat(w0), v1 = f64x2.splat(w1), v2 = f64x2.splat(w2), v3 = f64x2.splat(w3);
    for (let i = 0; i < n2; i += 2) {
      const o = <usize>i << 3;
      let a = v128.load(acc + o);
      a = f64x2.add(a, f64x2.mul(v0, v128.load(p0 + o)));
      a = f64x2.add(a, f64x2.mul(v1, v128.load(p1 + o)));
      a = f64x2.add(a, f64x2.mul(v2, v128.load(p2 + o)));
      a = f64x2.add(a, f64x2.mul(v3, v128.load(p3 + o)));
      v128.store(acc + o, a);
    }
    if (n2 < n) {
      let a = getF(acc, n2);
      a += w0 * getF(p0, n2); a += w1 * getF(p1, n2); a += w2 * getF(p2, n2); a += w3 * getF(p3, n2);
      setF(acc, n2, a);
    }
  }
  for (; t < nr; t++) {
    const r = getI(list, t), wr = getF(w, r), p = obRow(r), v = f64x2.splat(wr);
    for (let i = 0; i < n2; i += 2) {
      const o = <usize>i << 3;
      v128.store(acc + o, f64x2.add(v128.load(acc + o), f64x2.mul(v, v128.load(p + o))));
    }
    if (n2 < n) setF(acc, n2, getF(acc, n2) + wr * getF(p, n2));
  }
  for (let i = 0; i < n; i++) setF(out, getI(orderBuses, i), getF(acc, i));
}

/** PTDF row of row r (a line row) at the order buses. */
// @ts-ignore: decorator
@inline function obRow(r: i32): usize { return <usize>load<u32>(ptdfOB + (<usize>(r - nI) << 2)); }

/** y = c_B^T B^-1, and the bus prices mu (the LMPs) from y: at every bus, or at order buses only. */
export function computeDuals(allBuses: bool = false): void {
  for (let j = 0; j < m; j++) setF(y, j, 0);
  for (let r = 0; r < m; r++) {
    const c = costOf(getI(basic, r));
    if (c == 0) continue;
    const row = binv + (<usize>(r * cap) << 3);
    for (let j = 0; j < m; j++) setF(y, j, getF(y, j) + c * getF(row, j));
  }
  if (allBuses) busLevel(y, mu); else busLevelOrders(y, mu);
}

/** The orders' part of -A_N x_N from scratch: O(buses with orders x rows). */
function fullOrderPart(): void {
  for (let i = 0; i < m; i++) setF(hOrd, i, 0);
  for (let i = 0; i < nOB; i++) { const b = getI(orderBuses, i), k = getI(busIsland, b); setF(hOrd, k, getF(hOrd, k) - getF(injUpper, b)); }
  for (let i = 0; i < nOB; i++) setF(obAcc, i, getF(injUpper, getI(orderBuses, i)));
  // per row the sum of PTDF x injection over the order buses in bus order from +0, as a scalar
  // loop would; four rows per pass (dot4)
  const n = nOB, acc = obAcc;
  let r = nI;
  for (; r + 3 < m; r += 4) {
    dot4(obRow(r), obRow(r + 1), obRow(r + 2), obRow(r + 3), acc, n, DOT4);
    for (let k = 0; k < 4; k++) setF(hOrd, r + k, -getF(DOT4, k));
  }
  for (; r < m; r++) {
    const row = obRow(r);
    let s: f64 = 0;
    for (let i = 0; i < n; i++) s += getF(row, i) * getF(acc, i);
    setF(hOrd, r, -s);
  }
  clearDirty();
}

/**
 * Applies the per-bus changes recorded by setState: O(changed buses x rows). Per line row, the
 * changed buses' terms are subtracted one after the other in the order the buses changed.
 */
function updateOrderPart(): void {
  for (let i = 0; i < nDirty; i++) {
    const b = getI(dirtyList, i), k = getI(busIsland, b);
    setF(hOrd, k, getF(hOrd, k) - getF(dInj, b));
  }
  for (let r = nI; r < m; r++) {
    const row = obRow(r);
    let h = getF(hOrd, r);
    for (let i = 0; i < nDirty; i++) {
      const b = getI(dirtyList, i);
      h -= getF(dInj, b) * getF(row, getI(obSlot, b));
    }
    setF(hOrd, r, h);
  }
  clearDirty();
}

/** x_B = B^-1 (-A_N x_N): the orders' part from scratch (full) or updated per changed bus, plus the slacks. */
export function computePrimal(h: usize, full: bool = true): void {
  if (full) fullOrderPart(); else updateOrderPart();
  for (let i = 0; i < m; i++) setF(h, i, getF(hOrd, i));
  for (let r = nI; r < m; r++) {
    const sv = nO + getI(rowLine, r - nI);
    if (getI(varState, sv) != BASIC) setF(h, r, getF(h, r) + nonbasicValue(sv));
  }
  for (let k = 0; k < nI; k++) {
    const sv = nO + nL + k;
    if (getI(varState, sv) != BASIC) setF(h, k, getF(h, k) - getF(islandFixed, k));
  }
  ftran(h, xB);
}

/** Dual step of an iteration: y += theta rho, and the order buses' prices with it (theta nu). */
export function stepDuals(theta: f64): void {
  for (let j = 0; j < m; j++) setF(y, j, getF(y, j) + theta * getF(rho, j));
  for (let i = 0; i < nOB; i++) { const b = getI(orderBuses, i); setF(mu, b, getF(mu, b) + theta * getF(nu, b)); }
}
