// LpEngine: one LP kept between solves, for methods that change it a little and solve again
// (branch and bound: column bounds; row generation: rows appended). Each solve starts from the
// previous solve's final basis: after a bound change or appended rows (their logicals basic) that
// basis stays dual feasible, so the dual simplex resumes where it stopped. The LP lives in JS (the
// `lp` the methods change) and, loaded, in the engine's own instance of the Wasm core
// (resident.ts): a solve after bound changes only rewrites the bounds there and starts on the
// kept scaled matrix, basis, factors and dual steepest-edge weights (docs/lp.md, "The resident
// engine"); rows or columns appended load the LP again.
import { GridclearError } from '../errors.js';
import type { Arena } from '../wasm/engine.js';
import { LH, STATUS_OUT_OF_MEMORY, STATUS_NUMERICAL } from '../wasm/abi.js';
import { residentArena, releaseArena, forgotten } from './resident.js';
import {
  checkLp, solveCheckedLp, iterationLimit, startBasis, crossedCount, emptyResult, defaultLuCap, fullLuCap, loadLp, writeBounds, runLoaded, finish, readCarry, numericalRetry,
  type Carry, type Loaded,
} from './solve.js';
import { BasisStatus, type LpOptions, type LpResult, type SparseLp } from './types.js';

/**
 * Options of an LpEngine: those of solveLp, and how much of the LP stays loaded between solves.
 * `resident: false` solves each time in a fresh arena of the shared core (the engine before
 * 2026-12-03); `keepFactors: false` keeps the loaded LP but factorizes the basis again and resets
 * the edge weights at each solve, and loads appended rows and columns afresh (the same results as
 * `resident: false`, bit for bit).
 */
export interface LpEngineOptions extends LpOptions {
  /** Keep the LP loaded in a core instance of the engine's own between solves (default true). */
  resident?: boolean;
  /** Start a re-solve after bound changes on the last optimal basis's factors and edge weights (default true). */
  keepFactors?: boolean;
  /**
   * A re-solve after bound changes (or from a restored basis) runs its first 100 iterations on the
   * true costs and perturbs them only if it goes on. Default false (perturbed from the start, as
   * solveLp does): it saves a re-solve that needs no iteration its cleanup, but measured on the
   * blocks' days it gained nothing and it moves clearPeriods to other optimal vertices (docs/lp.md,
   * "The resident engine"). Resident engines only.
   */
  lazyPerturb?: boolean;
  /**
   * After addRows or addColumns, load the LP again keeping the last optimal solve's scale factors
   * of the old rows and columns (the new ones scaled alone), its order of basis positions and its
   * dual steepest-edge weights (the appended rows' computed when first needed). Default true;
   * false loads and scales the whole LP afresh, as before (docs/lp.md, "Appended rows and
   * columns"). Resident engines only; `keepFactors: false` turns it off too.
   */
  keepOnAppend?: boolean;
}

/** Rows to append: row k has entries index/value[start[k] .. start[k+1]) (column indices) and bounds lower[k] <= . <= upper[k]. */
export interface SparseRows {
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
  start: ArrayLike<number>;
  index: ArrayLike<number>;
  value: ArrayLike<number>;
}

const copy = (lp: SparseLp): SparseLp => ({
  numCols: lp.numCols, numRows: lp.numRows, maximize: lp.maximize,
  colLower: Float64Array.from(lp.colLower.subarray(0, lp.numCols)), colUpper: Float64Array.from(lp.colUpper.subarray(0, lp.numCols)),
  colCost: Float64Array.from(lp.colCost.subarray(0, lp.numCols)), colStart: Int32Array.from(lp.colStart.subarray(0, lp.numCols + 1)),
  colRow: Int32Array.from(lp.colRow.subarray(0, lp.colStart[lp.numCols])), colValue: Float64Array.from(lp.colValue.subarray(0, lp.colStart[lp.numCols])),
  rowLower: Float64Array.from(lp.rowLower.subarray(0, lp.numRows)), rowUpper: Float64Array.from(lp.rowUpper.subarray(0, lp.numRows)),
});

/**
 * A warm-started LP: `new LpEngine(lp)`, `solve()`, then change it (`setColumnBounds`, `setRowBounds`, `addRows`)
 * and `solve()` again from the last basis. `getBasis`/`setBasis` save and restore a basis (e.g. a
 * branch-and-bound node's). The LP given is copied; `lp` is the engine's current LP.
 */
export class LpEngine {
  private current: SparseLp;
  private basis: Int32Array | undefined;
  private readonly options: LpEngineOptions;
  private disposed = false;
  /** The engine's own core instance (resident engines, from the first solve to dispose). */
  private arena: Arena | undefined;
  /** The LP as loaded in the arena; undefined when it must be loaded again (first solve, rows or columns appended, a failed call). */
  private loaded: Loaded | undefined;
  /** Whether the loaded basis differs from `basis` (setBasis, a failed solve). */
  private basisChanged = true;
  private luCap = 0;
  /** What the last optimal solve leaves for the LP after appended rows or columns (keepOnAppend). */
  private carry: Carry | undefined;
  /** Columns and rows of the current LP with lower > upper, kept by the methods that change bounds (a solve then needs no pass over them). */
  private crossed: number;

  constructor(lp: SparseLp, options: LpEngineOptions = {}) {
    checkLp(lp);
    this.current = copy(lp);
    this.crossed = crossedCount(this.current);
    this.options = { ...options };
    this.basis = options.basis ? Int32Array.from(options.basis) : undefined;
  }

  /** The engine's current LP (do not modify: use the methods). */
  get lp(): SparseLp {
    return this.current;
  }

  private live(): void {
    if (this.disposed) throw new GridclearError('INVALID_OPTION', 'this LpEngine was disposed');
  }

  /** Solves the current LP from the last basis (the row logicals the first time). */
  solve(): LpResult {
    this.live();
    if (this.options.resident === false) {
      const r = solveCheckedLp(this.current, { ...this.options, basis: this.basis });
      this.basis = r.basis.slice();
      return r;
    }
    return this.solveResident();
  }

  /**
   * solveCheckedLp on the engine's own instance: the LP loaded once (again after rows or columns
   * are appended), then only its bounds rewritten; the basis, factors and weights of the last
   * optimal solve kept unless setBasis changed the basis (or `keepFactors: false`).
   */
  private solveResident(): LpResult {
    const t0 = performance.now(), lp = this.current;
    let o = this.options;
    const maxIter = iterationLimit(lp, o);
    let { basis, warm } = startBasis(lp, this.basis);
    if (this.crossed > 0) return this.done(emptyResult(lp, 'infeasible', basis, t0));
    if (!this.arena) { this.arena = residentArena(); forgotten.register(this, this.arena, this); }
    let carry = warm ? this.carry : undefined;
    this.carry = undefined;
    const a = this.arena;
    if (!this.loaded) this.luCap = defaultLuCap(lp);
    let keep = !this.loaded ? -1 : this.basisChanged || o.keepFactors === false ? 0 : 1;
    for (;;) {
      this.basisChanged = true;
      let c = this.loaded;
      this.loaded = undefined;
      if (keep < 0 || !c) {
        a.ex.reset();
        c = loadLp(a, lp, basis, warm, this.luCap, maxIter, o, carry);
        keep = -1;
      } else {
        writeBounds(a, c, lp);
        if (keep === 0) { a.i32(c.bs, c.n + c.m).set(basis); a.f64(c.h, LH.SLOTS)[LH.WARM] = warm ? 1 : 0; }
      }
      a.f64(c.h, LH.SLOTS)[LH.PERTURB] = o.perturb === false ? 0 : warm && keep >= 0 && o.lazyPerturb === true ? 2 : 1;
      const out = runLoaded(a, c, basis, keep);
      if (out.status === STATUS_OUT_OF_MEMORY) {
        if (this.luCap < fullLuCap(lp.numRows)) { this.luCap = Math.min(this.luCap * 4, fullLuCap(lp.numRows)); keep = -1; continue; }
        return finish(lp, out, basis, t0);
      }
      this.loaded = c;
      // A warm start that ends NUMERICAL is tried once more from the row logicals (a cold start)
      if (out.status === STATUS_NUMERICAL && warm) { ({ basis, warm } = startBasis(lp, undefined)); keep = 0; continue; }
      // then cold without the cost perturbation, then also unscaled (loaded again), as solveLp does
      const next = out.status === STATUS_NUMERICAL ? numericalRetry(o) : undefined;
      if (next) {
        keep = next.scale === o.scale ? 0 : -1;
        o = next; carry = undefined;
        ({ basis, warm } = startBasis(lp, undefined));
        continue;
      }
      const r = finish(lp, out, basis, t0);
      this.basisChanged = false;
      return this.done(r);
    }
  }

  private done(r: LpResult): LpResult {
    this.basis = r.basis.slice();
    return r;
  }

  /** Sets column j's bounds (+-Infinity allowed); the basis is kept. */
  setColumnBounds(j: number, lower: number, upper: number): void {
    this.live();
    if (!Number.isInteger(j) || j < 0 || j >= this.current.numCols) {
      throw new GridclearError('INVALID_OPTION', `LP: column ${j} does not exist`, { field: 'column', index: j, expected: `an integer in [0, ${this.current.numCols})` });
    }
    if (Number.isNaN(lower) || Number.isNaN(upper) || lower === Infinity || upper === -Infinity) {
      throw new GridclearError('INVALID_NUMBER', 'LP: column bounds must be numbers (lower < +Infinity, upper > -Infinity)', { field: 'bounds', index: j, value: [lower, upper] });
    }
    const c = this.current;
    this.crossed += (lower > upper ? 1 : 0) - (c.colLower[j] > c.colUpper[j] ? 1 : 0);
    c.colLower[j] = lower;
    c.colUpper[j] = upper;
  }

  /** Sets row i's bounds (+-Infinity allowed; appended rows included); the basis is kept. */
  setRowBounds(i: number, lower: number, upper: number): void {
    this.live();
    if (!Number.isInteger(i) || i < 0 || i >= this.current.numRows) {
      throw new GridclearError('INVALID_OPTION', `LP: row ${i} does not exist`, { field: 'row', index: i, expected: `an integer in [0, ${this.current.numRows})` });
    }
    if (Number.isNaN(lower) || Number.isNaN(upper) || lower === Infinity || upper === -Infinity) {
      throw new GridclearError('INVALID_NUMBER', 'LP: row bounds must be numbers (lower < +Infinity, upper > -Infinity)', { field: 'bounds', index: i, value: [lower, upper] });
    }
    const c = this.current;
    this.crossed += (lower > upper ? 1 : 0) - (c.rowLower[i] > c.rowUpper[i] ? 1 : 0);
    c.rowLower[i] = lower;
    c.rowUpper[i] = upper;
  }

  /** Appends rows (sparse, by row); their logicals enter the basis, so the last basis stays dual feasible. */
  addRows(rows: SparseRows): void {
    this.live();
    const lp = this.current, k = rows.lower.length, n = lp.numCols;
    if (rows.upper.length !== k || rows.start.length !== k + 1 || rows.start[0] !== 0) {
      throw new GridclearError('INVALID_OPTION', 'LP: addRows needs lower/upper of one length k and start of k + 1 entries from 0', { field: 'rows' });
    }
    // the caller's arrays read once into typed arrays and the LP's columns into locals (the loops
    // below read them once per entry)
    const rs = Int32Array.from(rows.start), ri = Float64Array.from(rows.index), rv = Float64Array.from(rows.value);
    const cs = lp.colStart, cr = lp.colRow, cv = lp.colValue, m = lp.numRows;
    const add = new Int32Array(n + 1), seen = new Int32Array(n).fill(-1);
    for (let r = 0; r < k; r++) {
      if (!(rs[r + 1] >= rs[r]) || rs[r + 1] !== rows.start[r + 1]) throw new GridclearError('INVALID_OPTION', 'LP: addRows needs non-decreasing starts', { field: 'start', index: r + 1 });
      for (let e = rs[r], end = rs[r + 1]; e < end; e++) {
        const j = ri[e];
        if (!(Number.isInteger(j) && j >= 0 && j < n)) throw new GridclearError('INVALID_OPTION', `LP: addRows names column ${rows.index[e]}`, { field: 'index', index: e });
        if (seen[j] === r) throw new GridclearError('INVALID_OPTION', `LP: addRows names column ${j} twice in row ${r}`, { field: 'index', index: e });
        seen[j] = r;
        if (!Number.isFinite(rv[e])) throw new GridclearError('INVALID_NUMBER', 'LP: addRows has an entry that is not finite', { field: 'value', index: e });
        add[j + 1]++;
      }
    }
    // the old entries move in runs between the columns that gain entries (typed-array copies: a
    // solve or two per process call this, so its loops mostly run unoptimized); each column's new
    // entries follow its old ones in row order, as before
    const nz = cs[n], start = new Int32Array(n + 1), fill = new Int32Array(n), newNz = rs[k];
    const row = new Int32Array(nz + newNz), value = new Float64Array(nz + newNz);
    let from = 0, shift = 0;
    for (let j = 0; j < n; j++) {
      const more = add[j + 1];
      if (more === 0) continue;
      const to = cs[j + 1];
      row.set(cr.subarray(from, to), from + shift); value.set(cv.subarray(from, to), from + shift);
      fill[j] = to + shift;
      shift += more; from = to;
    }
    row.set(cr.subarray(from, nz), from + shift); value.set(cv.subarray(from, nz), from + shift);
    for (let j = 0, sum = 0; j < n; j++) { sum += add[j + 1]; start[j + 1] = cs[j + 1] + sum; }
    for (let r = 0; r < k; r++) {
      for (let e = rs[r], end = rs[r + 1]; e < end; e++) { const f = fill[ri[e]]++; row[f] = m + r; value[f] = rv[e]; }
    }
    const lower = Float64Array.from(rows.lower), upper = Float64Array.from(rows.upper);
    for (let r = 0; r < k; r++) {
      if (Number.isNaN(lower[r]) || Number.isNaN(upper[r]) || lower[r] === Infinity || upper[r] === -Infinity) {
        throw new GridclearError('INVALID_NUMBER', 'LP: a new row bound is NaN or infinite on the wrong side', { field: 'rows', index: r });
      }
    }
    for (let r = 0; r < k; r++) if (lower[r] > upper[r]) this.crossed++;
    const rowLower = new Float64Array(lp.numRows + k), rowUpper = new Float64Array(lp.numRows + k);
    rowLower.set(lp.rowLower); rowLower.set(lower, lp.numRows); rowUpper.set(lp.rowUpper); rowUpper.set(upper, lp.numRows);
    this.keepCarry();
    this.current = { ...lp, numRows: lp.numRows + k, colStart: start, colRow: row, colValue: value, rowLower, rowUpper };
    this.loaded = undefined;
    if (this.basis) {
      const b = new Int32Array(this.basis.length + k).fill(BasisStatus.Basic);
      b.set(this.basis);
      this.basis = b;
    }
  }

  /**
   * Appends columns (sparse, by column: column k has entries index/value[start[k] .. start[k+1])
   * over the rows, bounds lower[k] .. upper[k], cost cost[k]); they get the indices numCols,
   * numCols + 1, ... The new columns enter the last basis nonbasic at `atUpper[k]` ? upper : lower
   * (a boxed column with the wrong reduced cost is flipped to its other bound by the next solve, so
   * the basis stays usable: column generation, sifting).
   */
  addColumns(cols: SparseRows & { cost: ArrayLike<number>; atUpper?: ArrayLike<boolean | number> }): void {
    this.live();
    const lp = this.current, k = cols.lower.length, m = lp.numRows, n = lp.numCols;
    if (cols.upper.length !== k || cols.cost.length !== k || cols.start.length !== k + 1 || cols.start[0] !== 0) {
      throw new GridclearError('INVALID_OPTION', 'LP: addColumns needs lower/upper/cost of one length k and start of k + 1 entries from 0', { field: 'cols' });
    }
    // the caller's arrays read once into typed arrays (as addRows)
    const st = Int32Array.from(cols.start), ix = Float64Array.from(cols.index), vx = Float64Array.from(cols.value);
    const lo = Float64Array.from(cols.lower), hi = Float64Array.from(cols.upper), co = Float64Array.from(cols.cost);
    const seen = new Int32Array(m).fill(-1);
    for (let c = 0; c < k; c++) {
      if (!(st[c + 1] >= st[c]) || st[c + 1] !== cols.start[c + 1]) throw new GridclearError('INVALID_OPTION', 'LP: addColumns needs non-decreasing starts', { field: 'start', index: c + 1 });
      const l = lo[c], u = hi[c];
      if (Number.isNaN(l) || Number.isNaN(u) || l === Infinity || u === -Infinity) throw new GridclearError('INVALID_NUMBER', 'LP: a new column bound is NaN or infinite on the wrong side', { field: 'cols', index: c });
      if (!Number.isFinite(co[c])) throw new GridclearError('INVALID_NUMBER', 'LP: a new column cost is not finite', { field: 'cost', index: c });
      for (let e = st[c], end = st[c + 1]; e < end; e++) {
        const i = ix[e];
        if (!(Number.isInteger(i) && i >= 0 && i < m)) throw new GridclearError('INVALID_OPTION', `LP: addColumns names row ${cols.index[e]}`, { field: 'index', index: e });
        if (seen[i] === c) throw new GridclearError('INVALID_OPTION', `LP: addColumns names row ${i} twice in column ${c}`, { field: 'index', index: e });
        seen[i] = c;
        if (!Number.isFinite(vx[e])) throw new GridclearError('INVALID_NUMBER', 'LP: addColumns has an entry that is not finite', { field: 'value', index: e });
      }
    }
    for (let c = 0; c < k; c++) if (lo[c] > hi[c]) this.crossed++;
    const nz = lp.colStart[n], add = st[k];
    const colStart = new Int32Array(n + k + 1), colRow = new Int32Array(nz + add), colValue = new Float64Array(nz + add);
    colStart.set(lp.colStart.subarray(0, n + 1)); colRow.set(lp.colRow.subarray(0, nz)); colValue.set(lp.colValue.subarray(0, nz));
    for (let c = 0; c < k; c++) colStart[n + c + 1] = nz + st[c + 1];
    colRow.set(ix.subarray(0, add), nz); colValue.set(vx.subarray(0, add), nz);
    const grow = (a: Float64Array, more: Float64Array) => { const out = new Float64Array(n + k); out.set(a.subarray(0, n)); out.set(more, n); return out; };
    this.keepCarry();
    this.current = { ...lp, numCols: n + k, colStart, colRow, colValue, colLower: grow(lp.colLower, lo), colUpper: grow(lp.colUpper, hi), colCost: grow(lp.colCost, co) };
    this.loaded = undefined;
    if (this.basis) {
      const b = new Int32Array(n + k + m);
      b.set(this.basis.subarray(0, n));
      for (let c = 0; c < k; c++) {
        const up = cols.atUpper ? Boolean(cols.atUpper[c]) : false, l = lo[c], u = hi[c];
        b[n + c] = up && u < Infinity ? BasisStatus.Upper : l > -Infinity ? BasisStatus.Lower : u < Infinity ? BasisStatus.Upper : BasisStatus.Zero;
      }
      b.set(this.basis.subarray(n), n + k);
      this.basis = b;
    }
  }

  /**
   * Before the first append after a solve: reads what that solve leaves in the core (keepOnAppend),
   * while the LP it loaded is still there; later appends before the next solve keep it.
   */
  private keepCarry(): void {
    if (this.carry || !this.loaded || !this.arena || this.basisChanged || this.options.keepOnAppend === false || this.options.keepFactors === false) return;
    this.carry = readCarry(this.arena, this.loaded);
  }

  /** A copy of the last basis (BasisStatus per column, then per row), or undefined before the first solve. */
  getBasis(): Int32Array | undefined {
    return this.basis?.slice();
  }

  /** Starts the next solve from this basis (numCols + numRows entries; otherwise the row logicals are used). */
  setBasis(basis: Int32Array | undefined): void {
    this.live();
    this.basis = basis?.slice();
    this.basisChanged = true;
    this.carry = undefined;
  }

  /** Drops the LP and basis and hands the engine's core instance back (an engine never disposed hands it back when collected). */
  dispose(): void {
    this.disposed = true;
    this.basis = undefined;
    this.loaded = undefined;
    this.carry = undefined;
    if (this.arena) { forgotten.unregister(this); releaseArena(this.arena); this.arena = undefined; }
  }
}
