// Random sparse LPs that reach the edges of the LP engine (test/crosscheck/lp.test.ts, bench):
// ties in costs and bounds (degenerate), free, fixed and one-sided columns, equality, ranged and
// free rows, empty rows and columns, badly scaled rows and columns, feasible by construction or not.
import type { SparseLp } from '../../src/lp/index.js';
import { rng } from './rng.js';

/** What kind of LP to draw. */
export interface LpArbOptions {
  seed: number;
  rows: number;
  cols: number;
  /** Entries per column on average (default 3). */
  perCol?: number;
  /** 'feasible': rows built around a point within the column bounds; 'random': bounds drawn freely. */
  mode?: 'feasible' | 'random';
  /** Costs and entries from a few small integers (many ties: degenerate). */
  ties?: boolean;
  /** Scale rows and columns by 10^k, k in [-scaleExp, scaleExp]. */
  scaleExp?: number;
  /** Share of free columns (default 0.05) and of one-sided ones (default 0.2). */
  free?: number;
  oneSided?: number;
  maximize?: boolean;
}

/** Draws an LP. */
export function randomLp(o: LpArbOptions): SparseLp {
  const r = rng(o.seed), m = o.rows, n = o.cols, perCol = o.perCol ?? 3;
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)];
  const val = () => (o.ties ? pick([-2, -1, 1, 1, 2, 3]) : (r() < 0.5 ? -1 : 1) * (0.1 + r() * 3));
  const rowS = Float64Array.from({ length: m }, () => 10 ** Math.round((r() * 2 - 1) * (o.scaleExp ?? 0)));
  const colS = Float64Array.from({ length: n }, () => 10 ** Math.round((r() * 2 - 1) * (o.scaleExp ?? 0)));
  const colStart = new Int32Array(n + 1), rowsOf: number[][] = [], valsOf: number[][] = [];
  for (let j = 0; j < n; j++) {
    const k = r() < 0.03 ? 0 : Math.max(1, Math.min(m, Math.round(perCol * (0.5 + r()))));
    const set = new Set<number>();
    while (set.size < k) set.add(Math.floor(r() * m));
    const rows = [...set].sort((a, b) => a - b);
    rowsOf.push(rows); valsOf.push(rows.map((i) => val() * rowS[i] * colS[j]));
    colStart[j + 1] = colStart[j] + rows.length;
  }
  const colRow = Int32Array.from(rowsOf.flat()), colValue = Float64Array.from(valsOf.flat());
  const colLower = new Float64Array(n), colUpper = new Float64Array(n), colCost = new Float64Array(n), x0 = new Float64Array(n);
  const free = o.free ?? 0.05, oneSided = o.oneSided ?? 0.2;
  for (let j = 0; j < n; j++) {
    const s = 1 / colS[j], a = o.ties ? pick([0, 0, 1, 2]) : r() * 4 - 1, w = o.ties ? pick([0, 1, 2, 5]) : r() * 10;
    const u = r();
    if (u < free) { colLower[j] = -Infinity; colUpper[j] = Infinity; x0[j] = (r() * 4 - 2) * s; }
    else if (u < free + oneSided / 2) { colLower[j] = a * s; colUpper[j] = Infinity; x0[j] = (a + r() * 3) * s; }
    else if (u < free + oneSided) { colLower[j] = -Infinity; colUpper[j] = a * s; x0[j] = (a - r() * 3) * s; }
    else if (u < free + oneSided + 0.05) { colLower[j] = colUpper[j] = a * s; x0[j] = a * s; }
    else { colLower[j] = a * s; colUpper[j] = (a + w) * s; x0[j] = (a + r() * w) * s; }
    colCost[j] = (o.ties ? pick([-1, 0, 1, 1, 2, 5]) : r() * 10 - 3) * colS[j];
  }
  const act = new Float64Array(m);
  for (let j = 0; j < n; j++) for (let k = colStart[j]; k < colStart[j + 1]; k++) act[colRow[k]] += colValue[k] * x0[j];
  const rowLower = new Float64Array(m), rowUpper = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const centre = o.mode === 'random' ? (r() * 6 - 3) * rowS[i] : act[i], w = (o.ties ? pick([0, 1, 2]) : r() * 3) * rowS[i];
    const u = r();
    if (u < 0.3) { rowLower[i] = rowUpper[i] = centre; }
    else if (u < 0.55) { rowLower[i] = -Infinity; rowUpper[i] = centre + w; }
    else if (u < 0.8) { rowLower[i] = centre - w; rowUpper[i] = Infinity; }
    else if (u < 0.97) { rowLower[i] = centre - w; rowUpper[i] = centre + w; }
    else { rowLower[i] = -Infinity; rowUpper[i] = Infinity; }
  }
  return { numCols: n, numRows: m, colLower, colUpper, colCost, colStart, colRow, colValue, rowLower, rowUpper, maximize: o.maximize ?? r() < 0.5 };
}
