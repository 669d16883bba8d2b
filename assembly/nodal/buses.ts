// Pricing through buses, the nodal formulation's fast path: an order's column depends on its bus
// only, so a row vector of the LP (duals, the pivot row) is spread over buses once per pass and
// every order's reduced cost or pivot-row entry read at its bus; and the orders' part of the
// primal right-hand side is kept per bus, updated for the buses whose orders changed bound.
import { nB, nI, busIsland, lineX, getF, setF, getI, setI } from "./problem";
import { m, rowRef } from "./lp";
import { mu, nu, hOrd, injUpper, dInj, dirtyList, nDirty, clearDirty, nOB, orderBuses, obAcc, obSlot, obRow } from "./form";
import { rowList } from "./basis";
import { dot4, DOT4 } from "./kernels";
import { GridFactor, solve as gridSolve } from "../grid/factor";

export let gridPtr: usize = 0;    // the network's GridFactor (sparse L D L^T of the reduced susceptance matrix)

/** Sets the network factor the pricing passes may solve with. */
export function setGrid(p: usize): void { gridPtr = p; }

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
    const l = getI(rowRef, r), q = wr / getF(g.lineX, l);
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

/** The orders' part of -A_N x_N into h (from scratch, or updated for the changed buses). */
export function structPart(h: usize, full: bool): void {
  if (full) fullOrderPart(); else updateOrderPart();
  for (let i = 0; i < m; i++) setF(h, i, getF(hOrd, i));
}

/** Spreads the duals w over buses: the prices at every bus (all) or at the order buses. */
export function spreadRow(w: usize, all: bool): void {
  if (all) busLevel(w, mu); else busLevelOrders(w, mu);
}

/** The order buses' prices follow a dual step y += theta rho (mu += theta nu). */
export function stepPrices(theta: f64): void {
  for (let i = 0; i < nOB; i++) { const b = getI(orderBuses, i); setF(mu, b, getF(mu, b) + theta * getF(nu, b)); }
}
