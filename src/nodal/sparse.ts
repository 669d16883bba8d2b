// The sparse path of the nodal clearing (issue 10; docs/nodal.md "Where many lines bind"). The
// dense core keeps an explicit basis inverse over its active line rows: O(rows^2) per iteration.
// Past a row count set by the market's size (sparseRowCap), the core hands its basis over
// (STATUS_ROW_CAP) and the clearing goes on as the same LP in B-theta form (an angle column per
// non-reference bus, a balance row per bus, a row per limited line; every quantity in ticks) on the
// sparse LP engine (src/lp, assembly/lp: sparse LU with updates), warm-started from that basis.
// The result comes back in the core's shape (CoreOutput): the same rounding rule, price centring
// and flows, so decode() in index.ts treats both paths alike.
import { GridclearError } from '../errors.js';
import { factorizeNetwork, runFlows, type FactorData } from '../grid/factor.js';
import { solveCheckedLp } from '../lp/solve.js';
import { BasisStatus, type SparseLp } from '../lp/types.js';
import { NS, STATUS_OK } from '../wasm/abi.js';
import type { CoreOutput } from './encode.js';
import type { NodalInput } from './prepare.js';

/** The B-theta LP of a market in ticks: columns orders then angles, rows buses then limited lines. */
export interface BThetaLp {
  lp: SparseLp;
  /** Angle column of each bus (-1 at a reference bus). */
  thCol: Int32Array;
  /** LP row of each line (-1 when it has no finite bound). */
  lineRow: Int32Array;
}

/**
 * Line rows past which the dense core hands over: 0.72 S^0.75 with S = buses + limited lines (the
 * engine's rows), at least 64. A cost model on measured CPU time (docs/nodal.md, "The switch"):
 * the dense core's iteration costs about 2.3e-6 rows^2 ms, the sparse engine's about 2.2e-6 S^1.5
 * ms (its FTRAN results are dense over the LP's rows and its factors and update file grow with
 * them: 0.1, 0.28, 0.51 ms on the 20x20, 30x30, 40x40 meshes' LPs), and from a hand-over the
 * engine finishes in about 0.55 times the iterations the dense core's remaining rounds take:
 * sqrt(0.55 x 2.2e-6 / 2.3e-6) S^0.75 = 0.72 S^0.75. The hand-over's fixed cost (the LP formulated
 * and factorized, the weights computed lazily) leaves a late hand-over about even (case1354 x0.1).
 * Until this version 7 sqrt(S), from an engine cost linear in S. Data only: the same market, the
 * same path.
 */
export function sparseRowCap(inp: NodalInput): number {
  const net = inp.net;
  let limited = 0;
  for (let l = 0; l < net.lineIds.length; l++) if (net.lineMinFlowTicks[l] !== null || net.lineMaxFlowTicks[l] !== null) limited++;
  const s = net.busIds.length + limited;
  return Math.max(64, Math.ceil(0.72 * s ** 0.75));
}

/** The market's LP in B-theta form, quantities in ticks, prices in ticks (maximize welfare). */
export function formulateBTheta(inp: NodalInput, qScale: number): BThetaLp {
  const net = inp.net, nB = net.busIds.length, nL = net.lineIds.length, nO = inp.bus.length;
  const thCol = new Int32Array(nB).fill(-1), lineRow = new Int32Array(nL).fill(-1), isRef = new Uint8Array(nB);
  for (const r of net.islandReference) isRef[r] = 1;
  let nc = nO, nR = nB;
  for (let b = 0; b < nB; b++) if (!isRef[b]) thCol[b] = nc++;
  const k = new Float64Array(nL), sh = new Float64Array(nL);
  for (let l = 0; l < nL; l++) {
    k[l] = net.baseMVA / net.lineX[l];
    sh[l] = k[l] * net.lineShiftRad[l] * qScale;
    const f = net.lineFrom[l], t = net.lineTo[l];
    const limited = net.lineMinFlowTicks[l] !== null || net.lineMaxFlowTicks[l] !== null;
    if (limited && (thCol[f] >= 0 || thCol[t] >= 0)) lineRow[l] = nR++;
  }
  // lines by bus (both ends)
  const start = new Int32Array(nB + 1);
  for (let l = 0; l < nL; l++) { start[net.lineFrom[l] + 1]++; start[net.lineTo[l] + 1]++; }
  for (let b = 0; b < nB; b++) start[b + 1] += start[b];
  const adj = new Int32Array(start[nB]), fill = start.slice(0, nB);
  for (let l = 0; l < nL; l++) { adj[fill[net.lineFrom[l]]++] = l; adj[fill[net.lineTo[l]]++] = l; }
  const cap = nO + (nc - nO) + 2 * start[nB];
  const colStart = new Int32Array(nc + 1), colRow = new Int32Array(cap), colValue = new Float64Array(cap);
  const colLower = new Float64Array(nc), colUpper = new Float64Array(nc), colCost = new Float64Array(nc);
  for (let j = 0; j < nO; j++) {
    colRow[j] = inp.bus[j]; colValue[j] = inp.side[j]; colStart[j + 1] = j + 1;
    colUpper[j] = inp.qty[j]; colCost[j] = -inp.side[j] * inp.price[j];
  }
  // angle columns: -sum k at the bus's row, +k at each neighbour's, +-k at each limited line's row
  const at = new Int32Array(nR).fill(-1);
  let w = nO;
  for (let b = 0; b < nB; b++) {
    const c = thCol[b];
    if (c < 0) continue;
    const first = w;
    const put = (r: number, v: number) => {
      if (at[r] >= first) colValue[at[r]] += v;
      else { at[r] = w; colRow[w] = r; colValue[w++] = v; }
    };
    for (let e = start[b]; e < start[b + 1]; e++) {
      const l = adj[e], f = net.lineFrom[l], t = net.lineTo[l], other = f === b ? t : f;
      if (other === b) continue;
      put(b, -k[l]); put(other, k[l]);
      if (lineRow[l] >= 0) put(lineRow[l], f === b ? k[l] : -k[l]);
    }
    let keep = first; // entries that summed to 0 (parallel lines of opposite reactance) go
    for (let p = first; p < w; p++) if (colValue[p] !== 0) { colRow[keep] = colRow[p]; colValue[keep++] = colValue[p]; }
    w = keep;
    colLower[c] = -Infinity; colUpper[c] = Infinity; colStart[c + 1] = w;
  }
  const rowLower = new Float64Array(nR), rowUpper = new Float64Array(nR);
  for (let b = 0; b < nB; b++) rowLower[b] = -Number(net.busFixedInjectionTicks[b]);
  for (let l = 0; l < nL; l++) {
    rowLower[net.lineFrom[l]] -= sh[l]; rowLower[net.lineTo[l]] += sh[l];
    const r = lineRow[l];
    if (r < 0) continue;
    const lo = net.lineMinFlowTicks[l], hi = net.lineMaxFlowTicks[l];
    rowLower[r] = lo === null ? -Infinity : Number(lo) + sh[l];
    rowUpper[r] = hi === null ? Infinity : Number(hi) + sh[l];
  }
  for (let b = 0; b < nB; b++) rowUpper[b] = rowLower[b];
  const lp: SparseLp = {
    numCols: nc, numRows: nR, colLower, colUpper, colCost, colStart,
    colRow: colRow.subarray(0, w), colValue: colValue.subarray(0, w), rowLower, rowUpper, maximize: true,
  };
  return { lp, thCol, lineRow };
}

/** Core column states (assembly/nodal/lp.ts) as LP engine basis statuses. */
const STATE = [BasisStatus.Lower, BasisStatus.Upper, BasisStatus.Basic];

/**
 * The B-theta basis equivalent to the dense core's at its hand-over (writeBasis in
 * assembly/nodal/entry.ts): orders and line slacks keep their states, angles are basic, a
 * reference bus's row is basic where its island's balance slack was, and limited lines without a
 * row in the core have their rows basic. Eliminating the angles gives back the core's basis, so it
 * is nonsingular and dual feasible (the same duals).
 */
export function handOverBasis(inp: NodalInput, form: BThetaLp, core: CoreOutput): Int32Array {
  const { lp, thCol, lineRow } = form, n = lp.numCols, nO = inp.bus.length, net = inp.net;
  const basis = new Int32Array(n + lp.numRows);
  for (let j = 0; j < nO; j++) basis[j] = STATE[Number(core.fills[j])];
  for (let b = 0; b < thCol.length; b++) {
    if (thCol[b] >= 0) basis[thCol[b]] = BasisStatus.Basic;
    basis[n + b] = BasisStatus.Lower;
  }
  net.islandReference.forEach((r, k) => { basis[n + r] = STATE[core.mu[k]]; });
  for (let l = 0; l < lineRow.length; l++) {
    if (lineRow[l] < 0) continue;
    const s = core.lineDual[l];
    basis[n + lineRow[l]] = s < 0 ? BasisStatus.Basic : STATE[s];
  }
  return basis;
}

/**
 * Clears the market on the sparse path from the core's hand-over `core` (status ROW_CAP). Returns
 * the result in the core's shape, or undefined when the LP is infeasible (the caller then clears
 * on the dense core alone, which names the infeasibility). Throws ITERATION_LIMIT, NUMERICAL,
 * TOO_MANY_ORDERS as the LP engine does.
 */
export function clearSparse(inp: NodalInput, core: CoreOutput, maxIterations: number, factor: FactorData | undefined, qScale: number): CoreOutput | undefined {
  const net = inp.net, nB = net.busIds.length, nL = net.lineIds.length, nO = inp.bus.length, nI = net.islandReference.length;
  const used = core.stats[NS.ITERATIONS];
  if (used >= maxIterations) throw new GridclearError('ITERATION_LIMIT', 'the nodal solver reached maxIterations', { field: 'maxIterations', expected: 'a larger limit' });
  const form = formulateBTheta(inp, qScale), lp = form.lp, n = lp.numCols;
  // the steepest-edge weights exact when CHUZR first meets their position infeasible, two per pass
  // (docs/lp.md, "Steepest-edge weights of a warm start"): the same bits as all m up front, which
  // cost a late hand-over 3-4 times its iterations (case1354 x0.1 at 324 rows: 95 -> 27 ms);
  // the Markowitz factorization: fill 2.8 -> 1 on mesh40's LP, 0.62-0.69x the clearing's CPU on mesh30/mesh40
  // (docs/lp.md, "Where many lines bind"); the LP is not checked again (solveLp's checkLp): it is
  // built here from a validated market (finite ticks and k = baseMVA / x, rows in range and
  // merged within each angle column)
  const r = solveCheckedLp(lp, { basis: handOverBasis(inp, form, core), maxIterations: maxIterations - used, perturb: false, edgeWeights: 'lazy', markowitz: true });
  if (r.status === 'infeasible') return undefined;
  if (r.status !== 'optimal') throw new GridclearError('INTERNAL', `the sparse nodal LP ended ${r.status}`);
  const xs = new Float64Array(nO);
  let obj = 0;
  for (let j = 0; j < nO; j++) {
    xs[j] = Math.min(Math.max(r.x[j], 0), inp.qty[j]);
    obj += inp.side[j] * inp.price[j] * xs[j];
  }
  const mu = new Float64Array(nB);
  for (let b = 0; b < nB; b++) mu[b] = -r.rowDual[b] + 0;
  const refBasic = new Uint8Array(nI);
  net.islandReference.forEach((ref, k) => { refBasic[k] = r.basis[n + ref] === BasisStatus.Basic ? 1 : 0; });
  centreIslands(inp, xs, mu, refBasic);
  const lineDual = new Float64Array(nL);
  let binding = 0;
  for (let l = 0; l < nL; l++) {
    const row = form.lineRow[l];
    const d = row >= 0 && r.basis[n + row] !== BasisStatus.Basic ? -r.rowDual[row] + 0 : 0;
    if (d !== 0) binding++;
    lineDual[l] = d;
  }
  const fills = roundFills(inp, xs);
  const f = factor ?? factorizeNetwork(net);
  const lpFlow = flowTicks(f, inp, xs, qScale), flow = flowTicks(f, inp, fills, qScale);
  let shift = 0;
  for (let l = 0; l < nL; l++) shift = Math.max(shift, Math.abs(flow[l] - lpFlow[l]));
  const stats = core.stats.slice();
  const rows = lp.numRows - nB;
  stats[NS.ITERATIONS] = used + r.iterations; stats[NS.REFACTORS] += r.stats.refactorizations; stats[NS.ROUNDS] += 1;
  stats[NS.ACTIVE_LINES] = rows; stats[NS.PEAK_ROWS] = Math.max(stats[NS.PEAK_ROWS], rows);
  stats[NS.OBJECTIVE] = obj; stats[NS.BINDING] = binding; stats[NS.ROUNDING_SHIFT] = shift;
  const out = new BigInt64Array(nO);
  for (let j = 0; j < nO; j++) if (fills[j] !== 0) out[j] = BigInt(fills[j]);
  return { status: STATUS_OK, fills: out, mu, lineDual, flowTicks: flow, stats };
}

/** Flows (ticks) of the fills (ticks, canonical order) with the fixed injections, as the core computes them. */
function flowTicks(f: FactorData, inp: NodalInput, fills: Float64Array, qScale: number): Float64Array {
  const net = inp.net, nB = net.busIds.length, inj = new Float64Array(nB), inv = 1.0 / qScale;
  for (let b = 0; b < nB; b++) inj[b] = Number(net.busFixedInjectionTicks[b]);
  for (let j = 0; j < fills.length; j++) inj[inp.bus[j]] += inp.side[j] * fills[j];
  for (let b = 0; b < nB; b++) inj[b] *= inv;
  const fl = runFlows(f, inj).flows;
  for (let l = 0; l < fl.length; l++) fl[l] *= qScale;
  return fl;
}

/**
 * The core's rounding rule (assembly/nodal/round.ts): per island, fractional signed fills floored,
 * the shortfall given one tick at a time to the largest fractional parts (ties: canonical order).
 */
export function roundFills(inp: NodalInput, xs: Float64Array): Float64Array {
  const net = inp.net, nO = xs.length, nI = net.islandReference.length;
  const target = new Float64Array(nI), fills = new Float64Array(nO), frac: number[] = [];
  for (let b = 0; b < net.busIds.length; b++) target[net.busIsland[b]] -= Number(net.busFixedInjectionTicks[b]);
  for (let j = 0; j < nO; j++) {
    const s = inp.side[j], x = xs[j], k = net.busIsland[inp.bus[j]], xr = Math.round(x);
    let v: number;
    if (Math.abs(x - xr) <= 1e-6) v = s * xr;
    else { v = Math.floor(s * x); frac.push(j); }
    fills[j] = s * v;
    target[k] -= v;
  }
  const fr = (j: number) => { const v = inp.side[j] * xs[j]; return v - Math.floor(v); };
  frac.sort((a, b) => fr(b) - fr(a) || a - b);
  for (const j of frac) {
    const k = net.busIsland[inp.bus[j]];
    if (target[k] < 0.5) continue;
    fills[j] += inp.side[j];
    target[k] -= 1;
  }
  for (let k = 0; k < nI; k++) if (target[k] !== 0) throw new GridclearError('INTERNAL', 'rounding the fills onto the tick could not keep an island balanced');
  return fills;
}

/** The core's centring of islands without a marginal order (assembly/nodal/degenerate.ts). */
function centreIslands(inp: NodalInput, xs: Float64Array, mu: Float64Array, refBasic: Uint8Array): void {
  const net = inp.net, nI = refBasic.length;
  const lo = new Float64Array(nI).fill(-Infinity), hi = new Float64Array(nI).fill(Infinity), pinned = new Uint8Array(nI);
  for (let j = 0; j < xs.length; j++) {
    const b = inp.bus[j], k = net.busIsland[b];
    if (!refBasic[k]) continue;
    const x = xs[j], q = inp.qty[j], g = inp.price[j] - mu[b];
    const atLower = x <= 1e-9, atUpper = x >= q - 1e-9;
    if (!atLower && !atUpper) { pinned[k] = 1; continue; }
    if (atLower === inp.side[j] > 0) hi[k] = Math.min(hi[k], g);
    else lo[k] = Math.max(lo[k], g);
  }
  for (let k = 0; k < nI; k++) {
    if (!refBasic[k] || pinned[k]) continue;
    const a = lo[k], c = hi[k];
    if (a > c) continue;
    const shift = Number.isFinite(a) && Number.isFinite(c) ? 0.5 * (a + c) : Number.isFinite(a) ? a : Number.isFinite(c) ? c : 0;
    if (shift === 0) continue;
    for (let b = 0; b < mu.length; b++) if (net.busIsland[b] === k) mu[b] += shift;
  }
}
