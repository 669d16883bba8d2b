// solveLp: one LP through the Wasm engine (assembly/lp/). Validates the LP, sizes the call's memory
// (input columns, outputs, the engine's work space for a factor file of luCap entries), writes the
// columns in one pass, calls lpSolve once, copies the results out. When the factors outgrow their
// file the call is repeated once per fourfold larger file (at most m^2: a full LU always fits).
import { GridclearError } from '../errors.js';
import { type Arena, withArena } from '../wasm/engine.js';
import {
  LH, LS, STATUS_OK, STATUS_INFEASIBLE, STATUS_UNBOUNDED, STATUS_ITERATION_LIMIT, STATUS_NUMERICAL, STATUS_OUT_OF_MEMORY,
} from '../wasm/abi.js';
import type { LpOptions, LpResult, SparseLp } from './types.js';

function bad(field: string, expected: string, value?: unknown, index?: number): GridclearError {
  return new GridclearError('INVALID_OPTION', `LP: ${field} must be ${expected}`, { field, expected, value, index });
}

/** Checks the shape of an LP (lengths, column starts, row indices, numbers); throws GridclearError. */
export function checkLp(lp: SparseLp): void {
  const n = lp.numCols, m = lp.numRows;
  if (!Number.isInteger(n) || n < 0) throw bad('numCols', 'a non-negative integer', n);
  if (!Number.isInteger(m) || m < 0) throw bad('numRows', 'a non-negative integer', m);
  const len = (name: keyof SparseLp, k: number) => {
    const a = lp[name] as ArrayLike<number> | undefined;
    if (!a || a.length < k) throw bad(name, `an array of at least ${k} entries`, a?.length);
  };
  len('colLower', n); len('colUpper', n); len('colCost', n); len('colStart', n + 1); len('rowLower', m); len('rowUpper', m);
  // the columns read once into locals (an engine's LP is checked once per clearing: these loops
  // run few times a process, so every property load per entry counts)
  const cs = lp.colStart, cr = lp.colRow, cv = lp.colValue, nz = cs[n];
  if (cs[0] !== 0) throw bad('colStart', 'starting at 0', cs[0], 0);
  for (let j = 0; j < n; j++) if (cs[j + 1] < cs[j]) throw bad('colStart', 'non-decreasing', cs[j + 1], j + 1);
  len('colRow', nz); len('colValue', nz);
  const seen = new Int32Array(m).fill(-1);
  for (let j = 0; j < n; j++) {
    for (let k = cs[j], e = cs[j + 1]; k < e; k++) {
      const r = cr[k];
      if (!(r >= 0 && r < m)) throw bad('colRow', `row indices in [0, ${m})`, r, k);
      if (seen[r] === j) throw bad('colRow', 'row indices without repeats within a column', r, k);
      seen[r] = j;
      if (!Number.isFinite(cv[k])) throw new GridclearError('INVALID_NUMBER', 'LP: a matrix entry is not finite', { field: 'colValue', index: k, value: cv[k] });
    }
  }
  const cc = lp.colCost, cl = lp.colLower, cu = lp.colUpper, rl = lp.rowLower, ru = lp.rowUpper;
  for (let j = 0; j < n; j++) {
    if (!Number.isFinite(cc[j])) throw new GridclearError('INVALID_NUMBER', 'LP: a cost is not finite', { field: 'colCost', index: j, value: cc[j] });
    checkBounds('col', cl[j], cu[j], j);
  }
  for (let i = 0; i < m; i++) checkBounds('row', rl[i], ru[i], i);
}

function checkBounds(kind: 'col' | 'row', l: number, u: number, index: number): void {
  if (Number.isNaN(l) || l === Infinity) throw new GridclearError('INVALID_NUMBER', `LP: a ${kind} lower bound is NaN or +Infinity`, { field: `${kind}Lower`, index, value: l });
  if (Number.isNaN(u) || u === -Infinity) throw new GridclearError('INVALID_NUMBER', `LP: a ${kind} upper bound is NaN or -Infinity`, { field: `${kind}Upper`, index, value: u });
}

/** True when some column or row has lower > upper (infeasible before any solve). */
export function crossedBounds(lp: SparseLp): boolean {
  const cl = lp.colLower, cu = lp.colUpper, rl = lp.rowLower, ru = lp.rowUpper;
  for (let j = 0, n = lp.numCols; j < n; j++) if (cl[j] > cu[j]) return true;
  for (let i = 0, m = lp.numRows; i < m; i++) if (rl[i] > ru[i]) return true;
  return false;
}

/** The columns and rows with lower > upper (LpEngine keeps this count as its bounds change). */
export function crossedCount(lp: SparseLp): number {
  const cl = lp.colLower, cu = lp.colUpper, rl = lp.rowLower, ru = lp.rowUpper;
  let k = 0;
  for (let j = 0, n = lp.numCols; j < n; j++) if (cl[j] > cu[j]) k++;
  for (let i = 0, m = lp.numRows; i < m; i++) if (rl[i] > ru[i]) k++;
  return k;
}

/** Default entries of each factor file: room for the matrix and the logicals, three times over. */
export function defaultLuCap(lp: SparseLp): number {
  return Math.min(3 * (lp.colStart[lp.numCols] + lp.numRows) + 1024, fullLuCap(lp.numRows));
}

export const fullLuCap = (m: number) => Math.max(1024, (m * (m + 1)) / 2 + m);

export function emptyResult(lp: SparseLp, status: 'infeasible', basis: Int32Array, t0: number): LpResult {
  const n = lp.numCols, m = lp.numRows;
  return {
    status, x: new Float64Array(n), rowDual: new Float64Array(m), objective: NaN, colDual: new Float64Array(n), rowActivity: new Float64Array(m),
    basis, iterations: 0,
    stats: { iterations: 0, refactorizations: 0, flips: 0, phase1Iterations: 0, cleanups: 0, peakFactorEntries: 0, memoryBytes: 0, timeMs: performance.now() - t0 },
  };
}

/** The starting basis: a copy of the caller's, or all rows' logicals basic (columns at lower). */
export function startBasis(lp: SparseLp, given: Int32Array | undefined): { basis: Int32Array; warm: boolean } {
  const n = lp.numCols, m = lp.numRows, basis = new Int32Array(n + m);
  if (given && given.length === n + m) { basis.set(given); return { basis, warm: true }; }
  if (given) throw bad('basis', `an Int32Array of numCols + numRows = ${n + m} entries`, given.length);
  basis.fill(1, 0, n);
  return { basis, warm: false };
}

/**
 * Solves an LP with the Wasm dual simplex (docs/lp.md). Usable as the multi-period clearing's
 * LpSolver. Returns status 'optimal', 'infeasible' or 'unbounded' with the solution, row duals
 * (d objective / d bound, as HiGHS reports them), reduced costs, the final basis and figures.
 * Throws GridclearError: INVALID_OPTION / INVALID_NUMBER for a malformed LP, ITERATION_LIMIT,
 * NUMERICAL when the basis cannot be kept accurate (a warm start that ends so is retried once from
 * the row logicals first, then without the cost perturbation, then also unscaled), TOO_MANY_ORDERS when it does not fit in memory. `infeasible` is reported
 * only with a checked certificate (docs/lp.md).
 */
export function solveLp(lp: SparseLp, options: LpOptions = {}): LpResult {
  checkLp(lp);
  return solveCheckedLp(lp, options);
}

/** solveLp on an LP already checked (LpEngine checks its LP when built and on every change, not on every solve). */
export function solveCheckedLp(lp: SparseLp, options: LpOptions = {}): LpResult {
  const t0 = performance.now();
  const m = lp.numRows;
  const maxIter = iterationLimit(lp, options);
  let { basis, warm } = startBasis(lp, options.basis);
  if (crossedBounds(lp)) return emptyResult(lp, 'infeasible', basis, t0);
  let luCap = defaultLuCap(lp), o = options;
  for (;;) {
    const out = callEngine(lp, basis, warm, luCap, maxIter, o);
    if (out.status === STATUS_OUT_OF_MEMORY && luCap < fullLuCap(m)) { luCap = Math.min(luCap * 4, fullLuCap(m)); continue; }
    // A warm start that ends NUMERICAL is tried once more from the row logicals (a cold start),
    // then cold without the cost perturbation, then without it and without scaling (numericalRetry)
    if (out.status === STATUS_NUMERICAL) {
      const next = warm ? o : numericalRetry(o);
      if (next) { o = next; ({ basis, warm } = startBasis(lp, undefined)); continue; }
    }
    return finish(lp, out, basis, t0);
  }
}

/**
 * The options of the next try after a cold start ended NUMERICAL: first without the cost
 * perturbation, then without it and without scaling; undefined when both were tried. (A price
 * check's face LP on case118 ended so: "no entering variable, but the infeasibility certificate of
 * the row does not hold"; unperturbed it is infeasible with a certificate, as HiGHS says.) The
 * sequence is fixed, so the result is the same on every run.
 */
export function numericalRetry(o: LpOptions): LpOptions | undefined {
  if (o.perturb !== false) return { ...o, perturb: false };
  if (o.scale !== false) return { ...o, scale: false };
  return undefined;
}

/** The call's iteration limit, after checking the options. */
export function iterationLimit(lp: SparseLp, options: LpOptions): number {
  const maxIter = options.maxIterations ?? 50 * (lp.numCols + lp.numRows) + 10000;
  if (!Number.isInteger(maxIter) || maxIter < 0 || maxIter > 2 ** 31 - 1) throw bad('maxIterations', 'a non-negative integer below 2^31', maxIter);
  if (options.edgeWeights !== undefined && !Object.hasOwn(EDGE_MODES, options.edgeWeights)) throw bad('edgeWeights', "'lazy', 'exact' or 'unit'", options.edgeWeights);
  return maxIter;
}

const EDGE_MODES = { unit: 0, exact: 1, lazy: 2 } as const;
const DEFAULT_EDGE: keyof typeof EDGE_MODES = 'lazy';

export interface Raw {
  status: number; x: Float64Array; row: Float64Array; rowDual: Float64Array; colDual: Float64Array; stats: Float64Array; bytes: number;
}

/** Addresses of one loaded LP in a core's memory: the header, the input columns (bounds and basis rewritten by a resident engine's next call) and the outputs. */
export interface Loaded {
  n: number; m: number; h: number; cl: number; cu: number; rl: number; ru: number; bs: number;
  ox: number; orow: number; oy: number; od: number; os: number;
}

/**
 * What a resident engine's last optimal solve leaves for the LP after appended rows or columns
 * (LpEngine): the first n0 columns' and m0 rows' scale factors (columns, then rows), the variable
 * basic at each of the m0 positions (numbered as in that LP: logicals from n0) and its edge weight.
 */
export interface Carry {
  n0: number; m0: number; scale: Float64Array; head: Int32Array; weight: Float64Array;
}

/** Reserves and allocates one call's memory in the arena and writes the LP, the basis, the header and the carried state. */
export function loadLp(a: Arena, lp: SparseLp, basis: Int32Array, warm: boolean, luCap: number, maxIter: number, o: LpOptions, carry?: Carry): Loaded {
  const n = lp.numCols, m = lp.numRows, nz = lp.colStart[n];
  const work = (a.ex.lpWorkBytes as (r: number, c: number, z: number, l: number) => number)(m, n, nz, luCap);
  const carried = carry ? 8 * (carry.n0 + carry.m0) + 12 * m + 64 : 0;
  const bytes = 8 * LH.SLOTS + 4 * (n + 1) + 12 * nz + 24 * n + 16 * m + 4 * (n + m) + 16 * (n + m) + 8 * LS.SLOTS + work + carried;
  a.reserve(bytes, 64);
  const h = a.alloc(8 * LH.SLOTS), cs = a.alloc(4 * (n + 1)), cr = a.alloc(4 * Math.max(nz, 1)), cv = a.alloc(8 * Math.max(nz, 1));
  const cl = a.alloc(8 * n), cu = a.alloc(8 * n), cc = a.alloc(8 * n), rl = a.alloc(8 * m), ru = a.alloc(8 * m), bs = a.alloc(4 * (n + m));
  const ox = a.alloc(8 * n), orow = a.alloc(8 * m), oy = a.alloc(8 * m), od = a.alloc(8 * n), os = a.alloc(8 * LS.SLOTS);
  a.i32(cs, n + 1).set(lp.colStart.subarray(0, n + 1));
  a.i32(cr, nz).set(lp.colRow.subarray(0, nz)); a.f64(cv, nz).set(lp.colValue.subarray(0, nz));
  a.f64(cc, n).set(lp.colCost.subarray(0, n));
  a.i32(bs, n + m).set(basis);
  const hv = a.f64(h, LH.SLOTS);
  hv[LH.ROWS] = m; hv[LH.COLS] = n; hv[LH.NNZ] = nz; hv[LH.COL_START] = cs; hv[LH.COL_ROW] = cr; hv[LH.COL_VALUE] = cv;
  hv[LH.COL_LOWER] = cl; hv[LH.COL_UPPER] = cu; hv[LH.COL_COST] = cc; hv[LH.ROW_LOWER] = rl; hv[LH.ROW_UPPER] = ru;
  hv[LH.MAXIMIZE] = lp.maximize === false ? 0 : 1; hv[LH.MAX_ITER] = maxIter; hv[LH.LU_CAP] = luCap; hv[LH.BASIS] = bs;
  hv[LH.WARM] = warm ? 1 : 0; hv[LH.PERTURB] = o.perturb === false ? 0 : 1; hv[LH.SCALE] = o.scale === false ? 0 : 1; hv[LH.MARKOWITZ] = o.markowitz ? 1 : 0;
  hv[LH.UPDATE] = o.update === 'product-form' ? 0 : 1;
  hv[LH.EDGE_WEIGHTS] = EDGE_MODES[o.edgeWeights ?? DEFAULT_EDGE];
  hv[LH.OUT_X] = ox; hv[LH.OUT_ROW] = orow; hv[LH.OUT_ROW_DUAL] = oy; hv[LH.OUT_COL_DUAL] = od; hv[LH.OUT_STATS] = os;
  if (carry) writeCarry(a, hv, carry, n, m);
  else { hv[LH.CARRY_COLS] = 0; hv[LH.CARRY_ROWS] = 0; hv[LH.CARRY_SCALE] = 0; hv[LH.CARRY_HEAD] = 0; hv[LH.CARRY_WEIGHT] = 0; }
  const c: Loaded = { n, m, h, cl, cu, rl, ru, bs, ox, orow, oy, od, os };
  writeBounds(a, c, lp);
  return c;
}

/** Writes the carried scale factors, order of positions (renumbered: logicals from n, appended rows' last) and weights (-1 for appended rows). */
function writeCarry(a: Arena, hv: Float64Array, carry: Carry, n: number, m: number): void {
  const { n0, m0 } = carry;
  const sc = a.alloc(8 * Math.max(n0 + m0, 1)), hd = a.alloc(4 * m), wt = a.alloc(8 * m);
  a.f64(sc, n0 + m0).set(carry.scale);
  const head = a.i32(hd, m);
  for (let p = 0; p < m0; p++) { const v = carry.head[p]; head[p] = v < n0 ? v : n + (v - n0); }
  for (let p = m0; p < m; p++) head[p] = n + p;
  const w = a.f64(wt, m);
  w.set(carry.weight); w.fill(-1, m0);
  hv[LH.CARRY_COLS] = n0; hv[LH.CARRY_ROWS] = m0; hv[LH.CARRY_SCALE] = sc; hv[LH.CARRY_HEAD] = hd; hv[LH.CARRY_WEIGHT] = wt;
}

/** The state a resident engine's last solve leaves in its core (`Carry`), or undefined when that solve did not end optimal. */
export function readCarry(a: Arena, c: Loaded): Carry | undefined {
  const addr = a.ex.lpCarryAddr as (k: number) => number;
  const cs = addr(0), rs = addr(1), hd = addr(2), wt = addr(3);
  if (cs === 0 || rs === 0 || hd === 0 || wt === 0) return undefined;
  const scale = new Float64Array(c.n + c.m);
  scale.set(a.f64(cs, c.n)); scale.set(a.f64(rs, c.m), c.n);
  return { n0: c.n, m0: c.m, scale, head: a.i32(hd, c.m).slice(), weight: a.f64(wt, c.m).slice() };
}

/** Writes the LP's bounds (unscaled) into a loaded call's columns. */
export function writeBounds(a: Arena, c: Loaded, lp: SparseLp): void {
  a.f64(c.cl, c.n).set(lp.colLower.subarray(0, c.n)); a.f64(c.cu, c.n).set(lp.colUpper.subarray(0, c.n));
  a.f64(c.rl, c.m).set(lp.rowLower.subarray(0, c.m)); a.f64(c.ru, c.m).set(lp.rowUpper.subarray(0, c.m));
}

/** Calls lpSolve on a loaded LP (or, `keep` >= 0, lpResolve on the one loaded before) and copies the results and the final basis out. */
export function runLoaded(a: Arena, c: Loaded, basis: Int32Array, keep = -1): Raw {
  const { n, m } = c;
  const status = keep < 0 ? (a.ex.lpSolve as (h: number) => number)(c.h) : (a.ex.lpResolve as (h: number, k: number) => number)(c.h, keep);
  basis.set(a.i32(c.bs, n + m));
  return {
    status, x: a.f64(c.ox, n).slice(), row: a.f64(c.orow, m).slice(), rowDual: a.f64(c.oy, m).slice(), colDual: a.f64(c.od, n).slice(),
    stats: a.f64(c.os, LS.SLOTS).slice(), bytes: a.buffer.byteLength,
  };
}

function callEngine(lp: SparseLp, basis: Int32Array, warm: boolean, luCap: number, maxIter: number, o: LpOptions): Raw {
  return withArena((a: Arena) => runLoaded(a, loadLp(a, lp, basis, warm, luCap, maxIter, o), basis));
}

export function finish(lp: SparseLp, r: Raw, basis: Int32Array, t0: number): LpResult {
  const s = r.stats;
  const stats = {
    iterations: s[LS.ITERATIONS], refactorizations: s[LS.REFACTORS], flips: s[LS.FLIPS], phase1Iterations: s[LS.PHASE1],
    cleanups: s[LS.CLEANUPS], peakFactorEntries: s[LS.PEAK_FACTOR], memoryBytes: r.bytes, timeMs: performance.now() - t0,
  };
  if (r.status === STATUS_ITERATION_LIMIT) {
    throw new GridclearError('ITERATION_LIMIT', `the LP engine reached its iteration limit (${s[LS.ITERATIONS]} iterations)`, { field: 'maxIterations', expected: 'a larger limit' });
  }
  if (r.status === STATUS_NUMERICAL) {
    const why = ['', 'the row and column pivots kept disagreeing after 50 refactorizations', 'a pivot below 1e-11 on fresh factors',
      'dual phase 1 found its boxed problem infeasible', 'the cleanup after removing the cost perturbation did not settle',
      'no entering variable, but the infeasibility certificate of the row does not hold'][s[LS.FAILURE]] ?? 'unknown';
    throw new GridclearError('NUMERICAL', `the LP engine lost numerical accuracy (${why}) after ${s[LS.ITERATIONS]} iterations`);
  }
  if (r.status === STATUS_OUT_OF_MEMORY) throw new GridclearError('TOO_MANY_ORDERS', 'the LP basis factors do not fit in Wasm memory');
  if (r.status !== STATUS_OK && r.status !== STATUS_INFEASIBLE && r.status !== STATUS_UNBOUNDED) {
    throw new GridclearError('INTERNAL', `the LP engine returned status ${r.status}`);
  }
  const status = r.status === STATUS_OK ? 'optimal' : r.status === STATUS_INFEASIBLE ? 'infeasible' : 'unbounded';
  let objective = NaN;
  if (status === 'optimal') { objective = 0; for (let j = 0; j < lp.numCols; j++) objective += lp.colCost[j] * r.x[j]; }
  // the core writes the solution only when optimal: otherwise the columns hold whatever the arena
  // held before, so they are zeroed (the same bits on every run and machine)
  else { r.x.fill(0); r.rowDual.fill(0); r.colDual.fill(0); r.row.fill(0); }
  return { status, x: r.x, rowDual: r.rowDual, objective, colDual: r.colDual, rowActivity: r.row, basis, iterations: stats.iterations, stats };
}
