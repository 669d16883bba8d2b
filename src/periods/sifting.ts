// Sifting over the orders for injectionSolver (reduced.ts): the engine's LP holds only the orders
// whose price is near their (island, period)'s estimated price; every other order is fixed at the
// bound its estimated reduced cost wants (its full quantity in the money, else 0) and enters the
// LP only where the duals of a solve give it a reduced cost of the wrong sign. An order's column
// has one entry, in its Bus row, so its reduced cost at the duals y is c_j - a_j y_bus. When no
// order left out has the wrong sign, the LP's optimum with the orders left out at their bounds is
// the whole LP's (the reduced costs of the orders left out prove it). See docs/periods.md.
import { ColKind, RowKind, type PeriodsLp } from './formulation.js';

/** Where an order column stands: in the engine's LP, or left out at its lower / upper bound. */
export const IN = 0, OUT_LOW = 1, OUT_HIGH = 2;

/** Relative reduced-cost tolerance: an order left out whose reduced cost has the wrong sign by more is brought in. */
export const PRICE_TOL = 1e-9;

/** The orders that may be left out and where they stand. */
export interface SiftState {
  /** Per column: IN, OUT_LOW or OUT_HIGH (columns that may not be left out stay IN). */
  state: Int8Array;
  /** The columns that may be left out (orders with one entry, in a Bus row, and finite distinct bounds), ascending; none without sifting (share 1). */
  eligible: Int32Array;
  /** Per column: its Bus row, its entry there, its price (cost / entry); set for the eligible ones. */
  row: Int32Array;
  coef: Float64Array;
  price: Float64Array;
  /** Solves after which orders were brought in. */
  rounds: number;
}

/**
 * The first working set: per (island, period) (its Balance row), the share `share` of its eligible
 * orders whose price is nearest the island's merit-order price (the price at which its orders at
 * the bounds their reduced costs want balance the Balance row; storage, ramped units and the
 * network ignored); the others are left out at the bound that price wants.
 */
export function siftStart(lp: PeriodsLp, share: number): SiftState {
  const n = lp.numCols, cs = lp.colStart, cr = lp.colRow, cv = lp.colValue;
  const state = new Int8Array(n), row = new Int32Array(n).fill(-1), coef = new Float64Array(n), price = new Float64Array(n);
  // without sifting every order stays in the engine's LP: none is eligible to be left out
  if (!(share < 1)) return { state, eligible: new Int32Array(0), row, coef, price, rounds: 0 };
  const eligible: number[] = [];
  for (let j = 0; j < n; j++) {
    if (lp.colKind[j] !== ColKind.Order || cs[j + 1] - cs[j] !== 1 || lp.rowKind[cr[cs[j]]] !== RowKind.Bus) continue;
    const l = lp.colLower[j], u = lp.colUpper[j], a = cv[cs[j]];
    if (!(Number.isFinite(l) && Number.isFinite(u) && l < u) || a === 0) continue;
    row[j] = cr[cs[j]]; coef[j] = a; price[j] = lp.colCost[j] / a;
    eligible.push(j);
  }
  const st: SiftState = { state, eligible: Int32Array.from(eligible), row, coef, price, rounds: 0 };
  // the Balance row of each Bus row: the entry of its bus column outside it
  const balanceOf = new Int32Array(lp.numRows).fill(-1);
  for (let k = 0; k < lp.busCol.length; k++) {
    const bc = lp.busCol[k];
    for (let e = cs[bc]; e < cs[bc + 1]; e++) if (lp.rowKind[cr[e]] === RowKind.Balance) balanceOf[lp.busRow[k]] = cr[e];
  }
  const groups = new Map<number, number[]>();
  for (const j of eligible) {
    const g = balanceOf[row[j]];
    let list = groups.get(g);
    if (!list) groups.set(g, (list = []));
    list.push(j);
  }
  const keep = new Uint8Array(n); // by column; the groups are disjoint
  for (const [g, list] of groups) {
    const y = meritPrice(lp, list, coef, price, g >= 0 ? lp.rowLower[g] : 0);
    nearest(list, Math.ceil(share * list.length), (j) => Math.abs(price[j] - y), keep);
    for (const j of list) if (!keep[j]) state[j] = lp.colCost[j] - coef[j] * y > 0 ? OUT_HIGH : OUT_LOW;
  }
  return st;
}

/**
 * The price y at which the orders' injections (-a_j x_j, x_j at its upper bound where
 * c_j - a_j y > 0, else at its lower) first reach `rhs`: the injections only grow with y, so the
 * orders are swept by price upward.
 */
function meritPrice(lp: PeriodsLp, list: number[], coef: Float64Array, price: Float64Array, rhs: number): number {
  const sorted = list.slice().sort((x, z) => price[x] - price[z] || x - z);
  let g = 0;
  for (const j of sorted) g -= coef[j] * (coef[j] > 0 ? lp.colUpper[j] : lp.colLower[j]);
  for (const j of sorted) {
    g += Math.abs(coef[j]) * (lp.colUpper[j] - lp.colLower[j]);
    if (g >= rhs) return price[j];
  }
  return sorted.length ? price[sorted[sorted.length - 1]] : 0;
}

/** The orders left out whose reduced cost at the Bus rows' duals `y` has the wrong sign, ascending. */
export function wrongSigned(st: SiftState, cost: Float64Array, y: Float64Array): number[] {
  const { state, eligible, row, coef } = st, out: number[] = [];
  for (let k = 0; k < eligible.length; k++) {
    const j = eligible[k], s = state[j];
    if (s === IN) continue;
    const c = cost[j], d = c - coef[j] * y[row[j]], tol = PRICE_TOL * Math.max(1, Math.abs(c));
    if ((s === OUT_LOW && d > tol) || (s === OUT_HIGH && d < -tol)) out.push(j);
  }
  return out;
}

/**
 * Marks in `mark` (by column) the `count` columns of `list` nearest by `dist`, and every one as
 * near as the farthest of them (ties kept: no order dependence). Also used by src/blocks/sift.ts.
 */
export function nearest(list: readonly number[], count: number, dist: (j: number) => number, mark: Uint8Array): void {
  const n = list.length;
  if (count <= 0 || n === 0) return;
  const d = new Float64Array(n);
  for (let k = 0; k < n; k++) d[k] = dist(list[k]);
  const limit = count >= n ? Infinity : kth(d.slice(), count - 1);
  for (let k = 0; k < n; k++) if (d[k] <= limit) mark[list[k]] = 1;
}

/** The k-th smallest value of `a` (0-based; `a` is reordered): quickselect with the middle element as pivot. */
function kth(a: Float64Array, k: number): number {
  let lo = 0, hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) { const t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    if (k <= j) hi = j; else if (k >= i) lo = i; else return a[k];
  }
  return a[k];
}

