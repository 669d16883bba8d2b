// Dense reference for the LP engine's dual steepest-edge weights (tests only).
import type { SparseLp } from '../../src/lp/index.js';

/**
 * Squared norms of the rows of B^-1 by Gauss-Jordan with partial pivoting on [B | I], where B's
 * column p is the column of basic variable head[p] (a logical n+i: -e_i), the LP's entries scaled
 * by colScale[j] x rowScale[i] when the factors are given (the engine's scaled LP).
 */
export function exactWeights(lp: SparseLp, head: ArrayLike<number>, colScale?: ArrayLike<number>, rowScale?: ArrayLike<number>): number[] {
  const m = lp.numRows, n = lp.numCols;
  const a = Array.from({ length: m }, () => new Float64Array(2 * m));
  for (let p = 0; p < m; p++) {
    const j = head[p];
    if (j >= n) a[j - n][p] = -1;
    else for (let k = lp.colStart[j]; k < lp.colStart[j + 1]; k++) {
      const i = lp.colRow[k];
      a[i][p] = colScale && rowScale ? lp.colValue[k] * colScale[j] * rowScale[i] : lp.colValue[k];
    }
  }
  for (let i = 0; i < m; i++) a[i][m + i] = 1;
  for (let c = 0; c < m; c++) {
    let r = c;
    for (let i = c + 1; i < m; i++) if (Math.abs(a[i][c]) > Math.abs(a[r][c])) r = i;
    [a[c], a[r]] = [a[r], a[c]];
    const piv = a[c][c];
    for (let k = 0; k < 2 * m; k++) a[c][k] /= piv;
    for (let i = 0; i < m; i++) {
      if (i === c || a[i][c] === 0) continue;
      const f = a[i][c];
      for (let k = 0; k < 2 * m; k++) a[i][k] -= f * a[c][k];
    }
  }
  return a.map((row) => { let s = 0; for (let k = m; k < 2 * m; k++) s += row[k] ** 2; return s; });
}
