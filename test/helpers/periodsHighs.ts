// HiGHS for the multi-period clearing, two ways:
// - highsSolver: an LpSolver that solves the product's own PeriodsLp (the pipeline under test:
//   formulation -> any LP solution -> rounding -> result -> verify);
// - referenceWelfare: the same market as an independent LP in HiGHS's own formulation (angles per
//   period, a balance row per bus, explicit energy balance rows), for welfare cross-checks.
import type { LpSolver, PeriodsLp } from '../../src/periods/formulation.js';
import { normalizePeriods } from '../../src/periods/normalize.js';
import type { PeriodsMarket } from '../../src/periods/types.js';

type Highs = any;
let highs: Highs | undefined;

/** Loads HiGHS once (await before using the synchronous solvers). */
export async function loadPeriodsHighs(): Promise<Highs> {
  if (!highs) highs = await ((await import('highs')).default as any)();
  return highs;
}

const inf = (v: number) => (v === Infinity ? highs.infinity : v === -Infinity ? -highs.infinity : v);

/** The last solve of highsSolver: whether its basis was primal nondegenerate (then its duals are unique). */
export const lastHighs = { uniqueDuals: false };

/** Solves the LP in HiGHS's typed model interface (no LP text); duals as d(welfare)/d(bound). */
export const highsSolver: LpSolver = (lp: PeriodsLp) => {
  const model = {
    numCols: lp.numCols, numRows: lp.numRows, sense: highs.constants.objectiveSense.maximize,
    colCost: lp.colCost, colLower: lp.colLower.map(inf), colUpper: lp.colUpper.map(inf),
    rowLower: lp.rowLower.map(inf), rowUpper: lp.rowUpper.map(inf),
    matrix: { format: 'csc', numRows: lp.numRows, numCols: lp.numCols, starts: lp.colStart, indices: lp.colRow, values: lp.colValue },
  };
  lastHighs.uniqueDuals = false;
  return highs.withModel(model, (mdl: any) => {
    mdl.options.set({ output_flag: false, presolve: 'off' });
    mdl.run();
    const status = mdl.getModelStatus();
    const c = highs.constants.modelStatus;
    if (status === c.infeasible) return { status: 'infeasible', x: new Float64Array(lp.numCols), rowDual: new Float64Array(lp.numRows) };
    if (status !== c.optimal) return { status: 'failed', x: new Float64Array(lp.numCols), rowDual: new Float64Array(lp.numRows) };
    const sol = mdl.getSolution();
    lastHighs.uniqueDuals = primalNondegenerate(mdl, lp, sol);
    return { status: 'optimal', x: Float64Array.from(sol.colValue), rowDual: Float64Array.from(sol.rowDual), iterations: Number(mdl.info.get('simplex_iteration_count')) };
  });
};

/** No basic column or row at a bound (as bench/peers/highs-nodal.mjs): the LP's duals are then unique. */
function primalNondegenerate(mdl: any, lp: PeriodsLp, sol: any): boolean {
  let basis: any;
  try { basis = mdl.getBasis(); } catch { return false; }
  const basic = highs.constants.basisStatus.basic, tol = 1e-7;
  const away = (v: number, lo: number, up: number) => (lo === -Infinity || v > lo + tol * Math.max(1, Math.abs(lo)))
    && (up === Infinity || v < up - tol * Math.max(1, Math.abs(up)));
  for (let j = 0; j < lp.numCols; j++) if (basis.colStatus[j] === basic && !away(sol.colValue[j], lp.colLower[j], lp.colUpper[j])) return false;
  for (let r = 0; r < lp.numRows; r++) if (basis.rowStatus[r] === basic && !away(sol.rowValue[r], lp.rowLower[r], lp.rowUpper[r])) return false;
  return true;
}

const n = (v: number) => (v < 0 ? `- ${-v}` : `+ ${v}`);

/**
 * The market's optimal welfare (money) from HiGHS on an independent formulation: angle variables
 * per bus and period, a balance row per bus and period, flow rows per bounded line, explicit
 * stored-energy rows per storage unit and period, ramp rows per unit.
 */
export function referenceWelfare(market: PeriodsMarket): { status: string; welfare: number } {
  const m = normalizePeriods(market);
  const T = m.periodIds.length, net = m.net, nB = net.busIds.length, qs = 10 ** m.qd, ps = 10 ** m.pd, hs = 10 ** m.dd, es = 10 ** (m.qd + m.dd);
  const refs = new Set(Array.from(net.islandReference));
  const obj: string[] = [], rows: string[] = [], bounds: string[] = [];
  const bal: string[][] = Array.from({ length: T * nB }, () => []);
  const rhs = new Float64Array(T * nB);
  const hours = m.duration.map((h) => Number(h) / hs);
  m.orderIds.forEach((_, i) => {
    const t = m.orderPeriod[i], s = m.orderSide[i];
    obj.push(`${n(-s * (Number(m.orderPrice[i]) / ps) * hours[t])} x${i}`);
    bounds.push(`0 <= x${i} <= ${Number(m.orderQty[i]) / qs}`);
    bal[t * nB + m.orderBus[i]].push(`${s > 0 ? '+' : '-'} x${i}`);
  });
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < nB; b++) rhs[t * nB + b] = -Number(m.fixed[t][b]) / qs;
    for (let l = 0; l < net.lineIds.length; l++) {
      const f = net.lineFrom[l], to = net.lineTo[l], k = net.baseMVA / net.lineX[l], shift = k * net.lineShiftRad[l];
      const terms: string[] = [];
      if (!refs.has(f)) { terms.push(`${n(k)} a${t}_${f}`); bal[t * nB + f].push(`${n(-k)} a${t}_${f}`); bal[t * nB + to].push(`${n(k)} a${t}_${f}`); }
      if (!refs.has(to)) { terms.push(`${n(-k)} a${t}_${to}`); bal[t * nB + f].push(`${n(k)} a${t}_${to}`); bal[t * nB + to].push(`${n(-k)} a${t}_${to}`); }
      rhs[t * nB + f] -= shift; rhs[t * nB + to] += shift;
      const lo = m.lineMin[t][l], hi = m.lineMax[t][l];
      if (terms.length === 0) continue;
      if (hi !== null) rows.push(` fu${t}_${l}: ${terms.join(' ')} <= ${Number(hi) / qs + shift}`);
      if (lo !== null) rows.push(` fl${t}_${l}: ${terms.join(' ')} >= ${Number(lo) / qs + shift}`);
    }
    for (let b = 0; b < nB; b++) if (!refs.has(b)) bounds.push(`a${t}_${b} free`);
  }
  const s = m.storage;
  s.ids.forEach((_, g) => {
    const etaC = Number(s.etaC[g]) / 1e6, etaD = Number(s.etaD[g]) / 1e6, cap = Number(s.capacity[g]) / es;
    for (let t = 0; t < T; t++) {
      const h = hours[t];
      obj.push(`${n(-(Number(s.costC[g]) / ps) * h)} c${g}_${t}`, `${n(-(Number(s.costD[g]) / ps) * h)} d${g}_${t}`);
      bounds.push(`0 <= c${g}_${t} <= ${Number(s.chargeMax[g]) / qs}`, `0 <= d${g}_${t} <= ${Number(s.dischargeMax[g]) / qs}`);
      const last = t === T - 1;
      const lo = last ? Number(s.finalMin[g]) / es : 0;
      const step = (Math.max(...hours) * (etaC + 1 / etaD)) / qs;
      const hi = last && s.finalMax[g] !== null ? Math.min(cap, Number(s.finalMax[g]) / es + 4 * step) : cap;
      bounds.push(`${lo} <= e${g}_${t} <= ${hi}`);
      bal[t * nB + s.bus[g]].push(`- c${g}_${t}`, `+ d${g}_${t}`);
      const prev = t === 0 ? '' : ` - e${g}_${t - 1}`;
      rows.push(` en${g}_${t}: e${g}_${t}${prev} ${n(-etaC * h)} c${g}_${t} ${n(h / etaD)} d${g}_${t} = ${t === 0 ? Number(s.initial[g]) / es : 0}`);
    }
  });
  const u = m.units;
  u.ids.forEach((_, j) => {
    for (let t = 0; t < T; t++) {
      const prevInit = t === 0 ? u.initial[j] : 0n;
      if (t === 0 && prevInit === null) continue;
      const terms: string[] = [];
      m.orderIds.forEach((__, i) => {
        if (m.orderUnit[i] !== j) return;
        if (m.orderPeriod[i] === t) terms.push(`${m.orderSide[i] > 0 ? '+' : '-'} x${i}`);
        if (t > 0 && m.orderPeriod[i] === t - 1) terms.push(`${m.orderSide[i] > 0 ? '-' : '+'} x${i}`);
      });
      if (terms.length === 0) terms.push('0 x0');
      const shift = t === 0 ? Number(prevInit) / qs : 0;
      if (u.rampUp[j] !== null) rows.push(` ru${j}_${t}: ${terms.join(' ')} <= ${Number(u.rampUp[j]) / qs + shift}`);
      if (u.rampDown[j] !== null) rows.push(` rd${j}_${t}: ${terms.join(' ')} >= ${-Number(u.rampDown[j]) / qs + shift}`);
    }
  });
  for (let k = 0; k < T * nB; k++) rows.push(` b${k}: ${bal[k].length ? bal[k].join(' ') : '0 x0'} = ${rhs[k]}`);
  const text = `Maximize\n obj: ${obj.join(' ')}\nSubject To\n${rows.join('\n')}\nBounds\n ${bounds.join('\n ')}\nEnd\n`;
  const r = highs.solve(text, { output_flag: false });
  return { status: r.Status, welfare: r.ObjectiveValue };
}

/**
 * An LP method that takes the LP without its line rows (lazyLines) and adds every bounded
 * (line, period) row itself, as a lazy engine would: from the grid's PTDF (ptdf form) or from
 * lineK / lineFrom / lineTo (angles form); its line duals come back in lineDual.
 */
export function lazyHighsSolver(grid: { ptdfDense(limit?: number): Float64Array[] }): LpSolver {
  return (lp: PeriodsLp) => {
    const ptdf = grid.ptdfDense(Infinity), nL = ptdf.length, T = nL > 0 ? lp.lineLower.length / nL : 0;
    const extra: { t: number; l: number }[] = [];
    for (let t = 0; t < T; t++) for (let l = 0; l < nL; l++) if (Number.isFinite(lp.lineLower[t * nL + l]) || Number.isFinite(lp.lineUpper[t * nL + l])) extra.push({ t, l });
    const cols: { rows: number[]; vals: number[] }[] = Array.from({ length: lp.numCols }, (_, j) => {
      const a = lp.colStart[j], b = lp.colStart[j + 1];
      return { rows: Array.from(lp.colRow.subarray(a, b)), vals: Array.from(lp.colValue.subarray(a, b)) };
    });
    const nB = T > 0 ? lp.busRow.length / T : 0;
    extra.forEach(({ t, l }, e) => {
      if (lp.form === 'angles') { // two entries: k theta_from - k theta_to (a reference bus has no column)
        const f = lp.busCol[t * nB + lp.lineFrom[l]], to = lp.busCol[t * nB + lp.lineTo[l]];
        if (f >= 0) { cols[f].rows.push(lp.numRows + e); cols[f].vals.push(lp.lineK[l]); }
        if (to >= 0) { cols[to].rows.push(lp.numRows + e); cols[to].vals.push(-lp.lineK[l]); }
        return;
      }
      for (let j = 0; j < lp.numCols; j++) {
        if (lp.colKind[j] !== 4 || lp.colPeriod[j] !== t) continue; // bus columns of period t
        const v = ptdf[l][lp.colRef[j]];
        if (Math.abs(v) > 1e-12) { cols[j].rows.push(lp.numRows + e); cols[j].vals.push(v); }
      }
    });
    const starts = new Int32Array(lp.numCols + 1);
    cols.forEach((c, j) => { starts[j + 1] = starts[j] + c.rows.length; });
    const full = {
      ...lp, numRows: lp.numRows + extra.length,
      rowLower: Float64Array.from([...lp.rowLower, ...extra.map(({ t, l }) => lp.lineLower[t * nL + l])]),
      rowUpper: Float64Array.from([...lp.rowUpper, ...extra.map(({ t, l }) => lp.lineUpper[t * nL + l])]),
      colStart: starts, colRow: Int32Array.from(cols.flatMap((c) => c.rows)), colValue: Float64Array.from(cols.flatMap((c) => c.vals)),
    };
    const sol = highsSolver(full);
    const lineDual = new Float64Array(T * nL);
    extra.forEach(({ t, l }, e) => { lineDual[t * nL + l] = sol.rowDual[lp.numRows + e]; });
    return { ...sol, x: sol.x, rowDual: sol.rowDual.slice(0, lp.numRows), lineDual };
  };
}

/**
 * A WarmLp (src/periods/lazy.ts) on HiGHS for testing the lazy-line loop: keeps the LP and the
 * rows appended so far, and solves the whole LP from scratch each time (no warm start: HiGHS here
 * checks the loop, not the speed).
 */
export function highsWarm(lp: PeriodsLp): { solve(): ReturnType<LpSolver>; addRows(rows: { lower: Float64Array; upper: Float64Array; start: Int32Array; index: Int32Array; value: Float64Array }): void; solves: number } {
  const extra: { lower: number; upper: number; index: number[]; value: number[] }[] = [];
  return {
    solves: 0,
    addRows(rows) {
      for (let r = 0; r < rows.lower.length; r++) {
        extra.push({ lower: rows.lower[r], upper: rows.upper[r], index: Array.from(rows.index.subarray(rows.start[r], rows.start[r + 1])), value: Array.from(rows.value.subarray(rows.start[r], rows.start[r + 1])) });
      }
    },
    solve() {
      this.solves++;
      const cols: { rows: number[]; vals: number[] }[] = Array.from({ length: lp.numCols }, (_, j) => ({
        rows: Array.from(lp.colRow.subarray(lp.colStart[j], lp.colStart[j + 1])), vals: Array.from(lp.colValue.subarray(lp.colStart[j], lp.colStart[j + 1])),
      }));
      extra.forEach((r, e) => r.index.forEach((j, k) => { cols[j].rows.push(lp.numRows + e); cols[j].vals.push(r.value[k]); }));
      const starts = new Int32Array(lp.numCols + 1);
      cols.forEach((c, j) => { starts[j + 1] = starts[j] + c.rows.length; });
      return highsSolver({
        ...lp, numRows: lp.numRows + extra.length,
        rowLower: Float64Array.from([...lp.rowLower, ...extra.map((r) => r.lower)]), rowUpper: Float64Array.from([...lp.rowUpper, ...extra.map((r) => r.upper)]),
        colStart: starts, colRow: Int32Array.from(cols.flatMap((c) => c.rows)), colValue: Float64Array.from(cols.flatMap((c) => c.vals)),
      });
    },
  };
}
