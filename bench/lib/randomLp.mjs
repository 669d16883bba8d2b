// Random sparse LPs for bench/lp.bench.mjs: boxed columns, rows built around a point within the
// bounds (feasible), a few entries per column; `ties` draws costs and entries from a few small
// integers (degenerate). The same shapes as test/helpers/lpArb.ts's 'feasible' mode.
import { prng } from './market.mjs';

/** A feasible, bounded random LP with m rows and n columns. */
export function randomLp(m, n, seed, { perCol = 3, ties = false } = {}) {
  const r = prng(seed), pick = (a) => a[Math.floor(r() * a.length)];
  const val = () => (ties ? pick([-2, -1, 1, 1, 2, 3]) : (r() < 0.5 ? -1 : 1) * (0.1 + r() * 3));
  const colStart = new Int32Array(n + 1), rows = [], vals = [];
  const colLower = new Float64Array(n), colUpper = new Float64Array(n), colCost = new Float64Array(n), x0 = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const k = Math.max(1, Math.min(m, Math.round(perCol * (0.5 + r())))), set = new Set();
    while (set.size < k) set.add(Math.floor(r() * m));
    for (const i of [...set].sort((a, b) => a - b)) { rows.push(i); vals.push(val()); }
    colStart[j + 1] = rows.length;
    const a = ties ? pick([0, 0, 1, 2]) : r() * 4 - 1, w = ties ? pick([1, 2, 5]) : 0.5 + r() * 10;
    colLower[j] = a; colUpper[j] = a + w; x0[j] = a + r() * w;
    colCost[j] = ties ? pick([-1, 0, 1, 1, 2, 5]) : r() * 10 - 3;
  }
  const colRow = Int32Array.from(rows), colValue = Float64Array.from(vals), act = new Float64Array(m);
  for (let j = 0; j < n; j++) for (let k = colStart[j]; k < colStart[j + 1]; k++) act[colRow[k]] += colValue[k] * x0[j];
  const rowLower = new Float64Array(m), rowUpper = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const u = r(), w = ties ? pick([0, 1, 2]) : r() * 3;
    if (u < 0.3) rowLower[i] = rowUpper[i] = act[i];
    else if (u < 0.65) { rowLower[i] = -Infinity; rowUpper[i] = act[i] + w; }
    else { rowLower[i] = act[i] - w; rowUpper[i] = Infinity; }
  }
  return { numCols: n, numRows: m, colLower, colUpper, colCost, colStart, colRow, colValue, rowLower, rowUpper, maximize: false };
}
