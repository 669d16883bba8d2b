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

/**
 * The B-theta LP of a congested k x k mesh (the shape of the nodal sparse path's LPs): per bus a
 * seller and a buyer column (cheap sellers in the west, dear buyers in the east) and an angle
 * column (bus 0 the reference), a balance row per bus, a ranged row per line (limit `limit`).
 */
export function meshLp(k: number, seed: number, limit: number): SparseLp {
  const r = rng(seed), nB = k * k, lines: [number, number, number][] = [];
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    if (j + 1 < k) lines.push([i * k + j, i * k + j + 1, 1 / (0.01 + 0.09 * r())]);
    if (i + 1 < k) lines.push([i * k + j, (i + 1) * k + j, 1 / (0.01 + 0.09 * r())]);
  }
  const nL = lines.length, numRows = nB + nL, numCols = 3 * nB - 1;
  const cols: [number, number][][] = [];
  const colLower: number[] = [], colUpper: number[] = [], colCost: number[] = [];
  for (let b = 0; b < nB; b++) {
    const west = (b % k) / (k - 1);
    cols.push([[b, 1]]); colLower.push(0); colUpper.push(5 + 5 * r()); colCost.push(-(20 + 40 * west + 10 * r()));
    cols.push([[b, -1]]); colLower.push(0); colUpper.push(5 + 5 * r()); colCost.push(40 + 40 * west + 10 * r());
  }
  const ang = new Map<number, [number, number][]>();
  for (let b = 1; b < nB; b++) ang.set(b, []);
  lines.forEach(([f, t, y], l) => {
    for (const [b, o, s] of [[f, t, 1], [t, f, -1]] as const) {
      const c = ang.get(b);
      if (!c) continue;
      c.push([b, -y], [o, y], [nB + l, s * y]);
    }
  });
  for (let b = 1; b < nB; b++) {
    const m = new Map<number, number>();
    for (const [i, v] of ang.get(b)!) m.set(i, (m.get(i) ?? 0) + v);
    cols.push([...m].sort((a, c) => a[0] - c[0]));
    colLower.push(-Infinity); colUpper.push(Infinity); colCost.push(0);
  }
  const colStart = [0], colRow: number[] = [], colValue: number[] = [];
  for (const c of cols) { for (const [i, v] of c) { colRow.push(i); colValue.push(v); } colStart.push(colRow.length); }
  const rowLower = new Float64Array(numRows), rowUpper = new Float64Array(numRows);
  for (let l = 0; l < nL; l++) { rowLower[nB + l] = -limit; rowUpper[nB + l] = limit; }
  return {
    numCols, numRows, colLower: Float64Array.from(colLower), colUpper: Float64Array.from(colUpper), colCost: Float64Array.from(colCost),
    colStart: Int32Array.from(colStart), colRow: Int32Array.from(colRow), colValue: Float64Array.from(colValue), rowLower, rowUpper,
  };
}
