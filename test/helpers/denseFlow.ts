// Dense reference power flow for the grid tests: the reduced B matrix solved by Gaussian elimination
// with partial pivoting, phase shifts as injections. Independent of the sparse core it checks.
import type { BasicNetwork } from '../../src/model/network.js';

/** DC flows (MW) of every line for bus injections `p` (MW, balanced per island). */
export function denseFlows(net: BasicNetwork, p: Float64Array): Float64Array {
  const n = net.busIds.length, isRef = new Set(net.islandReference);
  const idx = new Int32Array(n).fill(-1);
  let m = 0;
  for (let b = 0; b < n; b++) if (!isRef.has(b)) idx[b] = m++;
  const A = Array.from({ length: m }, () => new Float64Array(m + 1));
  for (let b = 0; b < n; b++) if (idx[b] >= 0) A[idx[b]][m] = p[b] / net.baseMVA;
  net.lineX.forEach((x, l) => {
    const f = idx[net.lineFrom[l]], t = idx[net.lineTo[l]], s = net.lineShiftRad[l] / x;
    if (f >= 0) { A[f][f] += 1 / x; A[f][m] += s; }
    if (t >= 0) { A[t][t] += 1 / x; A[t][m] -= s; }
    if (f >= 0 && t >= 0) { A[f][t] -= 1 / x; A[t][f] -= 1 / x; }
  });
  for (let c = 0; c < m; c++) {
    let piv = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(A[r][c]) > Math.abs(A[piv][c])) piv = r;
    [A[c], A[piv]] = [A[piv], A[c]];
    for (let r = c + 1; r < m; r++) {
      const q = A[r][c] / A[c][c];
      if (q !== 0) for (let k = c; k <= m; k++) A[r][k] -= q * A[c][k];
    }
  }
  const th = new Float64Array(m);
  for (let c = m - 1; c >= 0; c--) {
    let s = A[c][m];
    for (let k = c + 1; k < m; k++) s -= A[c][k] * th[k];
    th[c] = s / A[c][c];
  }
  const ang = (b: number) => (idx[b] >= 0 ? th[idx[b]] : 0);
  return Float64Array.from(net.lineX, (x, l) => (net.baseMVA * (ang(net.lineFrom[l]) - ang(net.lineTo[l]) - net.lineShiftRad[l])) / x);
}
