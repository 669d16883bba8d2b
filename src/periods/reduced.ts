// The PTDF form with the bus injections substituted out: an LP method for the multi-period LP
// whose engine sees no Bus column and no Bus row. In the PTDF form (formulation.ts) a Bus row says
// that the bus's injection column equals the injections of its orders and storage units; that
// column appears only in the island's Balance row and in Line rows. Substituting it there leaves
// an LP over the orders, storage and energy columns whose rows are the Balance rows (one per
// island and period), the Energy and Ramp rows and the Line rows added lazily (a line's PTDF
// entries times each order's and storage unit's injection at its bus): its basis has about
// T x islands + storage and ramp rows + binding lines rows, not T x buses. The solution and duals
// are mapped back to the PTDF form's LP (each injection column the sum of its bus's injections,
// each Bus row's dual from the bus column's zero reduced cost), so the rounding and pricing see
// the LP they were given. The same LP, so the same optimum; see docs/periods.md. The substitution
// itself is substitution.ts; with `sift` below 1 the engine holds only some of the orders
// (sifting.ts), the rest priced in from the duals after each solve.
import { GridclearError } from '../errors.js';
import type { GridModel } from '../grid/index.js';
import { LpEngine } from '../lp/engine.js';
import type { SparseLp } from '../lp/types.js';
import { ColKind, RowKind, type LpSolution, type PeriodsLp } from './formulation.js';
import { boundsOnly, lineShape, pairRows, violated, type AppendRows, type LazyLineOptions, type LazyLineStats, type WarmLp, type WarmSolver } from './lazy.js';
import { IN, OUT_HIGH, siftStart, wrongSigned, type SiftState } from './sifting.js';
import { crash, duals, expand, reduce, shiftRows, substitute, type Appended, type Reduction } from './substitution.js';
import { BasisStatus } from '../lp/types.js';
import { storageStart, type PeriodsStart } from './start.js';

/** Options of injectionSolver. */
export interface InjectionOptions extends LazyLineOptions {
  /**
   * Substitute a (bus, period)'s injection column only where at most this many columns (orders,
   * storage powers) inject there (default: every one). A bus with many orders keeps its column
   * and row: a Line row then has one entry for it instead of one per order.
   */
  substituteUpTo?: number;
  /**
   * Per round, at most this many overloaded lines per period get their rows, the most overloaded
   * (excess relative to 1 + |bound|) first; doubled every 5 rounds (default: all).
   */
  rowsPerPeriod?: number;
  /** The warm LP of the reduced LP, from its crash basis (default: LpEngine). */
  engine?: (lp: SparseLp, basis: Int32Array) => WarmLp;
  /**
   * Sifting (sifting.ts): the share of each (island, period)'s orders that the engine holds at
   * first, the nearest the island's merit-order price; the rest enter where a solve's duals give
   * them a reduced cost of the wrong sign. Default 1 (every order; no sifting). Below 1 the warm
   * LP needs `addColumns` (LpEngine has it).
   */
  sift?: number;
  /**
   * A warm start from the periods cleared alone (start.ts, `periodsStart`): the first solve starts
   * with the Line rows of the pairs binding there and a basis of their marginal orders (needs a
   * warm LP with `setBasis` for the basis; ignored with `sift` below 1).
   */
  start?: PeriodsStart;
  /**
   * Lazy Ramp rows: the engine's LP starts without the Ramp rows (but those of the (unit, period)
   * pairs whose orders the start's ramp clipping held), and the Ramp rows a solution breaks are
   * appended with the overloaded Line rows of the same round (ignored with `sift` below 1).
   * Default false.
   */
  lazyRamps?: boolean;
}

/** Figures of injectionSolver's last solve: lazyLineSolver's, and the sifting's. */
export interface InjectionStats extends LazyLineStats {
  /** Columns of the engine's LP at the end (elastic columns included), and those plus the orders left out. */
  columns?: number;
  totalColumns?: number;
  /** Solves after which orders left out were brought in. */
  siftRounds?: number;
  /** Ramp rows the engine's LP held at the end, and those of them appended (lazyRamps). */
  rampRows?: number;
  rampRowsAdded?: number;
}

/**
 * An LpSolver for the PTDF form (`clearPeriods(market, { form: 'ptdf' })`): the bus injections
 * substituted out (see the file comment), the Wasm engine started from a crash basis (every
 * Energy column basic), Line rows added lazily where a solution overloads a line (as
 * lazyLineSolver, from the grid's PTDF rows: `grid` is needed when the network has lines). The
 * tightening re-solves of clearPeriods (bounds only) go on from the last rows and basis.
 * `engine` makes the warm LP of the reduced LP (default: LpEngine from the crash basis).
 */
export function injectionSolver(grid?: GridModel, opts: InjectionOptions = {}, stats?: InjectionStats): WarmSolver {
  const tol = opts.tolerance ?? 1e-7, maxRounds = opts.maxRounds ?? 100, upTo = opts.substituteUpTo ?? Infinity, perPeriod = opts.rowsPerPeriod ?? Infinity, share = opts.sift ?? 1;
  const make = opts.engine ?? ((lp: SparseLp, basis: Int32Array) => new LpEngine(lp, { basis }));
  let last: { lp: PeriodsLp; red: Reduction; st: SiftState; w: WarmLp; added: number[]; addedRows: AppendRows[]; isRow: Uint8Array; ptdf: Map<number, Float64Array>; byPeriod: number[][]; elastic: number[]; open: boolean; app: Appended; ramps: LazyRamps | undefined } | undefined;
  const drop = () => { last?.w.dispose?.(); last = undefined; };
  const solve = (lp: PeriodsLp): LpSolution => {
    if (lp.form !== 'ptdf') throw new GridclearError('INVALID_OPTION', "injectionSolver solves the PTDF form (form: 'ptdf')", { field: 'form', value: lp.form });
    const { T, nL, nB } = lineShape(lp);
    if (nL > 0 && !grid) throw new GridclearError('INVALID_OPTION', 'lazy PTDF line rows need the grid (injectionSolver(grid))', { field: 'grid' });
    if (last && boundsOnly(last.lp, lp) && last.w.setColumnBounds && last.w.setRowBounds && sameBusBounds(last.lp, lp)) {
      const { red, w } = last;
      // an order left out whose bounds moved comes in first (clearPeriods' re-solves move none)
      const moved = leftOut(last.st, last.lp, lp);
      if (moved.length > 0) bringIn(last.lp, last, moved);
      moveBounds(last.lp, lp, red, w);
      last.lp = lp;
    } else {
      drop();
      const st = siftStart(lp, share), ramps = opts.lazyRamps && share >= 1 ? lazyRamps(lp, opts.start, T) : undefined, red = reduce(lp, upTo, st, ramps?.skip);
      const s = { lp, red, st, added: [] as number[], addedRows: [] as AppendRows[], isRow: new Uint8Array(T * nL), ptdf: new Map<number, Float64Array>(), byPeriod: Array.from({ length: T }, () => [] as number[]), elastic: [] as number[], open: share < 1, app: { lineFirst: [], rampRow: [], rampAt: [] } as Appended, ramps };
      // the start's Line rows are in the engine's LP from the first (no addRows: it would copy every entry again)
      const seeded = opts.start && share >= 1 ? seedRows(lp, s, opts.start, grid, nL, nB) : undefined;
      const w = seeded ? make(withRows(red.lp, seeded.rows), grown(crash(lp, red), seeded.rows.lower.length)) : make(red.lp, crash(lp, red));
      last = { ...s, w };
      if (share < 1 && !w.addColumns) throw new GridclearError('INVALID_OPTION', 'sifting (sift < 1) needs a warm LP with addColumns', { field: 'sift' });
      if (seeded && w.setBasis) w.setBasis(startBasis(lp, red, opts.start!, seeded.pairs, seeded.sign, red.lo0.length - seeded.rows.lower.length, nL));
    }
    const { red, st, w, added, addedRows, isRow, ptdf, app, ramps } = last, sifted = share < 1;
    let iterations = 0, rounds = 0;
    try {
      for (;;) {
        const sol = w.solve();
        iterations += sol.iterations ?? 0;
        const x = expand(lp, red, st, sol.x);
        if (sol.status === 'infeasible' && sifted) {
          // the orders left out may be what the LP lacks: all of them in, then the verdict is the whole LP's
          const out = leftOut(st);
          if (out.length > 0) { st.rounds++; bringIn(lp, last, out); continue; }
        }
        if (sol.status !== 'optimal') return { status: sol.status, x, rowDual: new Float64Array(lp.numRows), iterations };
        const rows = nL === 0 ? { pairs: [] as number[], rows: undefined } : violated(lp, x, grid, T, nL, nB, tol, isRow, ptdf, perPeriod * 2 ** Math.floor(rounds / 5));
        const broken = ramps ? brokenRamps(lp, ramps, x) : EMPTY;
        const d = sifted || (rows.pairs.length === 0 && broken.length === 0) ? duals(lp, red, sol.rowDual, added, addedRows, T * nL, app) : undefined;
        const wrong = sifted ? wrongSigned(st, lp.colCost, d!.rowDual) : [];
        if (rows.pairs.length === 0 && wrong.length === 0 && last.elastic.some((c) => sol.x[c] > ELASTIC_TOL)) {
          // an overload the orders held could not relieve at the penalty: every order in, the elastic columns shut
          last.open = false;
          for (const c of last.elastic) w.setColumnBounds!(c, 0, 0);
          const out = leftOut(st);
          if (out.length > 0) { st.rounds++; bringIn(lp, last, out); }
          continue;
        }
        if (rows.pairs.length === 0 && wrong.length === 0 && broken.length === 0) {
          if (stats) {
            let outside = 0;
            for (let k = 0; k < st.eligible.length; k++) if (st.state[st.eligible[k]] !== IN) outside++;
            Object.assign(stats, { rounds, rowsAdded: added.length, columns: red.origCol.length, totalColumns: red.origCol.length + outside, siftRounds: st.rounds });
            if (ramps) Object.assign(stats, { rampRows: ramps.kept + app.rampRow.length, rampRowsAdded: app.rampRow.length });
          }
          return { status: 'optimal', x, ...d!, iterations };
        }
        if (wrong.length > 0) { st.rounds++; bringIn(lp, last, wrong); }
        if (rows.pairs.length === 0 && broken.length === 0) continue;
        if (++rounds > maxRounds) throw new GridclearError('INTERNAL', `lazy line rows: still ${rows.pairs.length} overloaded (line, period) pairs after ${maxRounds} rounds`);
        if (rows.pairs.length > 0) {
          const first = red.lo0.length;
          rows.pairs.forEach((k, q) => { isRow[k] = 1; added.push(k); last!.byPeriod[Math.floor(k / nL)].push(first + q, k % nL); });
          addedRows.push(rows.rows!); app.lineFirst.push(first);
          w.addRows(substitute(red, rows.rows!, red.origCol.length));
          if (last.open) addElastic(last, first, rows.pairs.length, penalty(lp));
        }
        if (broken.length > 0) w.addRows(rampRowsOf(lp, red, ramps!, broken, app));
      }
    } catch (e) {
      drop();
      throw e;
    }
  };
  return Object.assign(solve, { dispose: drop });
}

/** The column and row bounds that differ from `was` to `lp` set in the warm LP (a kept row's less its constant `off`). */
function moveBounds(was: PeriodsLp, lp: PeriodsLp, red: Reduction, w: WarmLp): void {
  const colOf = red.colOf, lo = lp.colLower, hi = lp.colUpper, lo1 = was.colLower, hi1 = was.colUpper;
  for (let j = 0; j < lp.numCols; j++) if (colOf[j] >= 0 && (lo[j] !== lo1[j] || hi[j] !== hi1[j])) w.setColumnBounds!(colOf[j], lo[j], hi[j]);
  const rowOf = red.rowOf, rlo = lp.rowLower, rhi = lp.rowUpper, rlo1 = was.rowLower, rhi1 = was.rowUpper;
  for (let i = 0; i < lp.numRows; i++) {
    const r = rowOf[i];
    if (r < 0 || (rlo[i] === rlo1[i] && rhi[i] === rhi1[i])) continue;
    red.lo0[r] = rlo[i]; red.hi0[r] = rhi[i];
    w.setRowBounds!(r, rlo[i] - red.off[r], rhi[i] - red.off[r]);
  }
}

/** The orders left out (sifting), in eligible order; with `a` and `b` only those whose bounds differ between them. */
function leftOut(st: SiftState, a?: PeriodsLp, b?: PeriodsLp): number[] {
  const out: number[] = [], eligible = st.eligible, state = st.state;
  for (let k = 0; k < eligible.length; k++) {
    const j = eligible[k];
    if (state[j] === IN || (a && b && a.colLower[j] === b.colLower[j] && a.colUpper[j] === b.colUpper[j])) continue;
    out.push(j);
  }
  return out;
}

/**
 * Brings orders left out into the warm LP (sifting): each a column nonbasic at the bound it had
 * (the basis stays a basis; the dual simplex flips a boxed column whose reduced cost is wrong), with
 * its entries in the kept rows and the Line rows added; its Bus row's constant loses its injection
 * and the rows that constant reached get their bounds back by as much.
 */
function bringIn(lp: PeriodsLp, s: { red: Reduction; st: SiftState; w: WarmLp; ptdf: Map<number, Float64Array>; byPeriod: number[][] }, cols: number[]): void {
  const { red, st, w, ptdf, byPeriod } = s, lower: number[] = [], upper: number[] = [], cost: number[] = [], start = [0], index: number[] = [], value: number[] = [], atUpper: boolean[] = [];
  const before = red.off.slice();
  for (const j of cols) {
    const i = st.row[j], a = st.coef[j], high = st.state[j] === OUT_HIGH, v = high ? lp.colUpper[j] : lp.colLower[j], bc = red.busColOfRow[i];
    const c = red.origCol.length;
    red.colOf[j] = c; red.origCol.push(j); st.state[j] = IN;
    lower.push(lp.colLower[j]); upper.push(lp.colUpper[j]); cost.push(lp.colCost[j]); atUpper.push(high);
    if (bc < 0) { index.push(red.rowOf[i]); value.push(a); }
    else {
      const f = -a / red.busCoef[i], t = lp.rowPeriod[i], b = lp.rowRef[i], rows = byPeriod[t];
      for (let e = lp.colStart[bc]; e < lp.colStart[bc + 1]; e++) { const r = red.rowOf[lp.colRow[e]]; if (r >= 0) { index.push(r); value.push(f * lp.colValue[e]); } }
      for (let q = 0; q < rows.length; q += 2) {
        const p = ptdf.get(rows[q + 1])![b];
        if (Math.abs(p) <= 1e-12) continue;
        index.push(rows[q]); value.push((-p / red.busCoef[i]) * a);
        if (v !== 0) red.off[rows[q]] += (p * (a * v)) / red.busCoef[i];
      }
      let more = red.extra.get(i);
      if (!more) red.extra.set(i, (more = []));
      more.push(c, a);
    }
    start.push(index.length);
    if (v !== 0) { red.rhs[i] += a * v; shiftRows(lp, red, i, a * v, red.off); }
  }
  w.addColumns!({ lower, upper, cost, start, index, value, atUpper });
  for (let r = 0; r < red.off.length; r++) if (red.off[r] !== before[r]) w.setRowBounds!(r, red.lo0[r] - red.off[r], red.hi0[r] - red.off[r]);
}

/** An elastic column above this (MW) is in use. */
const ELASTIC_TOL = 1e-9;

/** The elastic columns' cost: the largest |cost| of the LP (at least 1; see docs/periods.md for 5 and 100 x). */
function penalty(lp: PeriodsLp): number {
  let p = 1;
  for (let j = 0; j < lp.numCols; j++) p = Math.max(p, Math.abs(lp.colCost[j]));
  return p;
}

/**
 * Two elastic columns per added Line row (+1 and -1 in the row, cost -penalty, bounds [0, inf)):
 * with orders left out at their bounds (sifting), an overload only orders left out could relieve
 * would make the engine's LP infeasible; with them its duals stay finite and price those orders
 * in. A solution that ends with them at 0 is the LP's.
 */
function addElastic(s: { red: Reduction; w: WarmLp; elastic: number[] }, first: number, k: number, pen: number): void {
  const { red, w } = s, lower: number[] = [], upper: number[] = [], cost: number[] = [], start = [0], index: number[] = [], value: number[] = [];
  for (let q = 0; q < 2 * k; q++) {
    lower.push(0); upper.push(Infinity); cost.push(-pen); index.push(first + (q >> 1)); value.push(q & 1 ? -1 : 1); start.push(index.length);
    s.elastic.push(red.origCol.length); red.origCol.push(-1);
  }
  w.addColumns!({ lower, upper, cost, start, index, value });
}

/** True when the Bus columns' and Bus rows' bounds are the same in both LPs (the substitution holds for both). */
function sameBusBounds(a: PeriodsLp, b: PeriodsLp): boolean {
  const colKind = a.colKind, lo = a.colLower, hi = a.colUpper, lo1 = b.colLower, hi1 = b.colUpper;
  for (let j = 0; j < a.numCols; j++) if (colKind[j] === ColKind.Bus && (lo[j] !== lo1[j] || hi[j] !== hi1[j])) return false;
  const rowKind = a.rowKind, rlo = a.rowLower, rhi = a.rowUpper, rlo1 = b.rowLower, rhi1 = b.rowUpper;
  for (let i = 0; i < a.numRows; i++) if (rowKind[i] === RowKind.Bus && (rlo[i] !== rlo1[i] || rhi[i] !== rhi1[i])) return false;
  return true;
}


/**
 * The warm start (`start`): the Line rows of the pairs binding in the periods cleared alone, over
 * the reduced columns (`rows`, to be appended to the reduced LP before the first solve: `withRows`),
 * and the pairs and binding signs startBasis needs. The basis (startBasis) is the crash basis with,
 * per period, the periods' marginal orders (fill strictly inside, the most fractional first) basic
 * in place of the logicals of its Balance rows and then of its Line rows (held at the bound they
 * bind at); the other orders rest at the bound their fill is at. Any such basis is a basis of the
 * reduced LP; where it is not dual feasible for the joint LP (storage, ramps) the engine flips boxed
 * columns and its dual simplex goes on from there.
 */
function seedRows(lp: PeriodsLp, s: { red: Reduction; added: number[]; addedRows: AppendRows[]; isRow: Uint8Array; ptdf: Map<number, Float64Array>; byPeriod: number[][]; app: Appended }, start: PeriodsStart, grid: GridModel | undefined, nL: number, nB: number): { rows: AppendRows; pairs: number[]; sign: number[] } {
  const { red } = s, pairs: number[] = [], sign: number[] = [];
  start.pairs.forEach((k, q) => {
    if (k < lp.lineLower.length && lp.lineRow[k] < 0 && !s.isRow[k] && (lp.lineLower[k] > -Infinity || lp.lineUpper[k] < Infinity)) { pairs.push(k); sign.push(start.sign[q]); }
  });
  const m0 = red.lo0.length, rows = pairRows(lp, grid, pairs, nL, nB, s.ptdf);
  pairs.forEach((k, q) => { s.isRow[k] = 1; s.added.push(k); s.byPeriod[Math.floor(k / nL)].push(m0 + q, k % nL); });
  if (pairs.length > 0) { s.addedRows.push(rows); s.app.lineFirst.push(m0); }
  return { rows: substitute(red, rows, red.origCol.length), pairs, sign };
}

/**
 * The LP with `rows` appended (row r of them: row numRows + r), built once: each column's entries
 * are its own, then its new ones in row order, as LpEngine.addRows leaves them (so the same LP, bit
 * for bit, without addRows' copy of the LP it already holds).
 */
export function withRows(lp: SparseLp, rows: AppendRows): SparseLp {
  const n = lp.numCols, m = lp.numRows, k = rows.lower.length, cs = lp.colStart, cr = lp.colRow, cv = lp.colValue;
  const rs = rows.start, ri = rows.index, rv = rows.value, newNz = rs[k], nz = cs[n];
  if (k === 0) return lp;
  const colStart = new Int32Array(n + 1), fill = new Int32Array(n);
  for (let e = 0; e < newNz; e++) fill[ri[e]]++;
  for (let j = 0; j < n; j++) colStart[j + 1] = colStart[j] + (cs[j + 1] - cs[j]) + fill[j];
  const colRow = new Int32Array(nz + newNz), colValue = new Float64Array(nz + newNz);
  for (let j = 0; j < n; j++) {
    let w = colStart[j];
    for (let e = cs[j], end = cs[j + 1]; e < end; e++, w++) { colRow[w] = cr[e]; colValue[w] = cv[e]; }
    fill[j] = w;
  }
  for (let r = 0; r < k; r++) for (let e = rs[r], end = rs[r + 1]; e < end; e++) { const f = fill[ri[e]]++; colRow[f] = m + r; colValue[f] = rv[e]; }
  const rowLower = new Float64Array(m + k), rowUpper = new Float64Array(m + k);
  rowLower.set(lp.rowLower.subarray(0, m)); rowLower.set(rows.lower, m); rowUpper.set(lp.rowUpper.subarray(0, m)); rowUpper.set(rows.upper, m);
  return { ...lp, numRows: m + k, colStart, colRow, colValue, rowLower, rowUpper };
}

/** A basis of the LP with `k` rows appended: theirs logicals basic (as LpEngine.addRows does). */
function grown(basis: Int32Array, k: number): Int32Array {
  if (k === 0) return basis;
  const b = new Int32Array(basis.length + k).fill(BasisStatus.Basic);
  b.set(basis);
  return b;
}

function startBasis(lp: PeriodsLp, red: Reduction, start: PeriodsStart, pairs: number[], sign: number[], m0: number, nL: number, fill = start.storage !== undefined): Int32Array {
  const n = red.lp.numCols, base = crash(lp, red), b = new Int32Array(n + m0 + pairs.length).fill(BasisStatus.Basic);
  b.set(base.subarray(0, n + red.lp.numRows));
  const T = lineShape(lp).T, cand: number[][] = Array.from({ length: T }, () => []), slots: number[][] = Array.from({ length: T }, () => []), slotStatus: number[][] = Array.from({ length: T }, () => []);
  // candidates per period: engine columns with a share strictly inside (0, 1), the most fractional first
  const fr = new Float64Array(n);
  orderStatuses(lp, red, start, b, n, T, cand, fr);
  const nB = lp.busRow.length / Math.max(1, T), G = lp.chargeCol.length / Math.max(1, T), sc = start.storage;
  // slots per period: its Balance rows' logicals, then those of the Line rows binding there
  for (let r = 0; r < red.lp.numRows; r++) {
    const i = red.origRow[r];
    if (lp.rowKind[i] === RowKind.Balance && lp.rowPeriod[i] >= 0) { slots[lp.rowPeriod[i]].push(n + r); slotStatus[lp.rowPeriod[i]].push(BasisStatus.Lower); }
  }
  pairs.forEach((k, q) => { if (sign[q] === 0) return; const t = Math.floor(k / nL); slots[t].push(n + m0 + q); slotStatus[t].push(sign[q] > 0 ? BasisStatus.Upper : BasisStatus.Lower); });
  const costs = fill ? startReducedCosts(lp, red, start, T) : undefined;
  const units: number[][] = [];
  for (let g = 0; g < G && sc; g++) {
    // the storage clearing's powers: fractional ones are candidates of their period; every Energy column basic
    const mine: number[] = [];
    for (let t = 0; t < T; t++) {
      for (const [j, f] of [[lp.chargeCol[g * T + t], sc.charge[g * T + t]], [lp.dischargeCol[g * T + t], sc.discharge[g * T + t]]]) {
        const c = red.colOf[j];
        if (c < 0 || Number.isNaN(f)) continue;
        b[c] = f >= 0.5 ? BasisStatus.Upper : BasisStatus.Lower;
        if (f > 0 && f < 1) { fr[c] = f; cand[t].push(c); mine.push(c); }
      }
      const e = red.colOf[lp.energyCol[g * T + t]];
      if (e >= 0) b[e] = BasisStatus.Basic;
    }
    units.push(mine);
  }
  if (sc && costs) {
    // one value of stored energy all day: the last Energy column at its bound, one of the unit's fractional powers
    // basic in its place, taken from the period whose next column at a bound has the least reduced cost there
    // (a tie at the clearing's price: the joint optimum's degenerate basic); that column fills the period's slot
    const atBound: number[][] = Array.from({ length: T }, () => []);
    for (let c = 0; c < costs.rc.length; c++) { const t = costs.period[c]; if (t >= 0 && !Number.isNaN(costs.rc[c]) && !(fr[c] > 0)) atBound[t].push(c); }
    for (const list of atBound) list.sort((x, z) => costs.rc[x] - costs.rc[z] || x - z);
    const deficit = Int32Array.from({ length: T }, (_, t) => Math.max(0, slots[t].length - cand[t].length));
    units.forEach((mine, g) => {
      const last = red.colOf[lp.energyCol[g * T + T - 1]];
      if (mine.length === 0 || last < 0 || !Number.isFinite(lp.colLower[lp.energyCol[g * T + T - 1]])) return;
      let best = -1, key = Infinity;
      for (const c of mine) {
        const t = costs.period[c], k = atBound[t][deficit[t]], v = (k === undefined ? 1e300 : costs.rc[k]) + Math.abs(fr[c] - 0.5) * 1e-9;
        if (v < key) { key = v; best = c; }
      }
      const t = costs.period[best];
      b[last] = BasisStatus.Lower; b[best] = BasisStatus.Basic; deficit[t]++;
      cand[t].splice(cand[t].indexOf(best), 1);
    });
  }
  // each storage unit as a price taker at the periods' prices (its columns and Energy rows' logicals: T basic either way)
  for (let g = 0; g < G && start.busPrice.length > 0 && !sc; g++) {
    const bus = storageBus(lp, g, T), sb = bus < 0 ? undefined : storageStart(lp, start, g, T, nB, bus);
    if (!sb) continue;
    const cols: number[] = [];
    for (let t = 0; t < T; t++) cols.push(lp.chargeCol[g * T + t], lp.dischargeCol[g * T + t], lp.energyCol[g * T + t]);
    if (cols.some((j) => red.colOf[j] < 0) || Array.from({ length: T }, (_, t) => red.rowOf[lp.energyRow[g * T + t]]).some((r) => r < 0)) continue;
    cols.forEach((j, c) => { b[red.colOf[j]] = sb[c]; });
    for (let t = 0; t < T; t++) b[n + red.rowOf[lp.energyRow[g * T + t]]] = sb[3 * T + t];
  }
  const short: number[] = [];
  for (let t = 0; t < T; t++) {
    const c = cand[t].sort((a, z) => Math.abs(fr[a] - 0.5) - Math.abs(fr[z] - 0.5) || a - z), use = Math.min(c.length, slots[t].length);
    for (let q = 0; q < use; q++) { b[slots[t][q]] = slotStatus[t][q]; b[c[q]] = BasisStatus.Basic; }
    if (use < slots[t].length) short.push(t);
  }
  if (fill && short.length > 0) fillShort(b, short, slots, slotStatus, cand, costs!.rc, costs!.period);
  return b;
}

/** The orders' start statuses in `b` (at the bound their share is nearer; held ones basic); the fractional ones into `cand` per period, their shares into `fr`. */
function orderStatuses(lp: PeriodsLp, red: Reduction, start: PeriodsStart, b: Int32Array, n: number, T: number, cand: number[][], fr: Float64Array): void {
  const orderCol = lp.orderCol, colOf = red.colOf, rowOf = red.rowOf, share = start.share, held = start.held, colPeriod = lp.colPeriod, rampRow = lp.rampRow;
  for (let i = 0; i < orderCol.length; i++) {
    const c = colOf[orderCol[i]], f = share[i];
    if (c < 0 || Number.isNaN(f)) continue;
    const t = colPeriod[orderCol[i]], u = held[i], ramp = u >= 0 ? rowOf[rampRow[u * T + t]] : -1;
    if (u >= 0 && rampRow[u * T + t] >= 0 && ramp >= 0 && b[n + ramp] === BasisStatus.Basic) {
      // held by the ramp clipping: basic in place of its ramp row's logical, at its up limit
      b[c] = BasisStatus.Basic; b[n + ramp] = BasisStatus.Upper;
      continue;
    }
    if (f > 0 && f < 1) { cand[t].push(c); fr[c] = f; }
    b[c] = f >= 0.5 ? BasisStatus.Upper : BasisStatus.Lower;
  }
}

/**
 * A period with fewer columns strictly inside their bounds than slots (its Balance rows and the
 * Line rows binding there: a degenerate clearing, or the storage power moved to its unit's Energy
 * row) would keep a slot's logical basic, and its dual 0 moves the period's prices far from the
 * clearing's. So the columns at a bound with the least reduced cost at the clearing's prices (bus
 * prices, the units' values of stored energy) take the slots left, degenerate basic at their bound.
 */
function fillShort(b: Int32Array, short: number[], slots: number[][], slotStatus: number[][], cand: number[][], rc: Float64Array, colPeriod: Int32Array): void {
  const want = new Map<number, number[]>(short.map((t) => [t, []]));
  for (let c = 0; c < rc.length; c++) if (!Number.isNaN(rc[c]) && b[c] !== BasisStatus.Basic) want.get(colPeriod[c])?.push(c);
  for (const t of short) {
    const list = want.get(t)!.sort((a, z) => rc[a] - rc[z] || a - z), used = Math.min(cand[t].length, slots[t].length);
    for (let q = used, k = 0; q < slots[t].length && k < list.length; q++, k++) { b[slots[t][q]] = slotStatus[t][q]; b[list[k]] = BasisStatus.Basic; }
  }
}

/**
 * Per engine column of an order or storage power: |its reduced cost| per MWh at the clearing's
 * prices (bus prices, the units' values of stored energy), NaN for other columns or where a price
 * is unknown; and each engine column's period (-1: none).
 */
function startReducedCosts(lp: PeriodsLp, red: Reduction, start: PeriodsStart, T: number): { rc: Float64Array; period: Int32Array } {
  const nc = red.lp.numCols, rc = new Float64Array(nc).fill(NaN), period = new Int32Array(nc).fill(-1);
  const nB = start.busPrice.length / Math.max(1, T), G = lp.chargeCol.length / Math.max(1, T);
  const unitOf = new Map<number, number>();
  for (let k = 0; k < lp.chargeCol.length; k++) { unitOf.set(lp.chargeCol[k], Math.floor(k / T)); unitOf.set(lp.dischargeCol[k], Math.floor(k / T)); }
  for (let j = 0; j < lp.numCols; j++) {
    const kind = lp.colKind[j], c = red.colOf[j];
    if (c < 0 || (kind !== ColKind.Order && kind !== ColKind.Charge && kind !== ColKind.Discharge)) continue;
    const t = lp.colPeriod[j], h = start.hours[t];
    period[c] = t;
    let r = lp.colCost[j], ok = true;
    for (let e = lp.colStart[j]; e < lp.colStart[j + 1]; e++) {
      const i = lp.colRow[e], kindR = lp.rowKind[i];
      if (kindR === RowKind.Bus) { const p = start.busPrice[t * nB + lp.rowRef[i]]; if (Number.isNaN(p)) ok = false; r -= lp.colValue[e] * p * h; }
      else if (kindR === RowKind.Energy) { const g = unitOf.get(j) ?? -1, v = g >= 0 && g < G && start.storage ? start.storage.value[g] : NaN; if (!Number.isFinite(v)) ok = false; r -= lp.colValue[e] * v; }
    }
    if (ok) rc[c] = Math.abs(r) / h;
  }
  return { rc, period };
}

/** Storage unit g's bus: the bus whose Bus row (period 0) its charge column enters (-1: none). */
function storageBus(lp: PeriodsLp, g: number, T: number): number {
  const j = lp.chargeCol[g * T];
  for (let e = lp.colStart[j]; e < lp.colStart[j + 1]; e++) {
    const i = lp.colRow[e];
    if (lp.rowKind[i] === RowKind.Bus) return lp.rowRef[i];
  }
  return -1;
}

/** Lazy Ramp rows (injectionSolver's `lazyRamps`): the Ramp rows left out of the engine's LP and their entries by row. */
interface LazyRamps {
  /** Per original row: 1 where a Ramp row is left out (until appended). */
  skip: Uint8Array;
  /** The rows left out (original indices) and their entries over the original columns (CSR). */
  rows: Int32Array;
  start: Int32Array;
  col: Int32Array;
  val: Float64Array;
  /** Ramp rows in the engine's LP from the first solve. */
  kept: number;
}

const EMPTY: number[] = [];

/**
 * The Ramp rows to leave out of the first LP: all but those of the (unit, period) pairs whose orders
 * the start's ramp clipping held (their orders are basic in place of those rows' logicals).
 */
function lazyRamps(lp: PeriodsLp, start: PeriodsStart | undefined, T: number): LazyRamps | undefined {
  const rampRow = lp.rampRow, skip = new Uint8Array(lp.numRows);
  let kept = 0;
  for (let k = 0; k < rampRow.length; k++) if (rampRow[k] >= 0) skip[rampRow[k]] = 1;
  if (start) {
    const held = start.held, orderCol = lp.orderCol, colPeriod = lp.colPeriod;
    for (let i = 0; i < held.length; i++) {
      const u = held[i];
      if (u < 0) continue;
      const r = rampRow[u * T + colPeriod[orderCol[i]]];
      if (r >= 0 && skip[r]) { skip[r] = 0; kept++; }
    }
  }
  const rows: number[] = [], pos = new Int32Array(lp.numRows).fill(-1);
  for (let i = 0; i < lp.numRows; i++) if (skip[i]) { pos[i] = rows.length; rows.push(i); }
  if (rows.length === 0) return undefined;
  const start0 = new Int32Array(rows.length + 1), cs = lp.colStart, cr = lp.colRow, cv = lp.colValue;
  for (let j = 0; j < lp.numCols; j++) for (let e = cs[j]; e < cs[j + 1]; e++) if (skip[cr[e]]) start0[pos[cr[e]] + 1]++;
  for (let q = 0; q < rows.length; q++) start0[q + 1] += start0[q];
  const col = new Int32Array(start0[rows.length]), val = new Float64Array(start0[rows.length]), fill = start0.slice(0, rows.length);
  for (let j = 0; j < lp.numCols; j++) for (let e = cs[j]; e < cs[j + 1]; e++) if (skip[cr[e]]) { const f = fill[pos[cr[e]]]++; col[f] = j; val[f] = cv[e]; }
  return { skip, rows: Int32Array.from(rows), start: start0, col, val, kept };
}

/** The Ramp rows left out that x breaks (positions in ramps.rows), by more than 1e-9 relative to 1 + |bound|. */
function brokenRamps(lp: PeriodsLp, ramps: LazyRamps, x: Float64Array): number[] {
  const out: number[] = [], { rows, start, col, val, skip } = ramps, lo = lp.rowLower, hi = lp.rowUpper;
  for (let q = 0; q < rows.length; q++) {
    const i = rows[q];
    if (!skip[i]) continue;
    let a = 0;
    for (let e = start[q]; e < start[q + 1]; e++) a += val[e] * x[col[e]];
    if (a > hi[i] + 1e-9 * (1 + Math.abs(hi[i])) || a < lo[i] - 1e-9 * (1 + Math.abs(lo[i]))) out.push(q);
  }
  return out;
}

/** The broken Ramp rows over the engine's columns, their places recorded (app, red.rowOf, red.lo0/hi0/off) and no longer left out. */
function rampRowsOf(lp: PeriodsLp, red: Reduction, ramps: LazyRamps, broken: number[], app: Appended): AppendRows {
  const k = broken.length, lower = new Float64Array(k), upper = new Float64Array(k), start = new Int32Array(k + 1);
  let nz = 0;
  for (const q of broken) nz += ramps.start[q + 1] - ramps.start[q];
  const index = new Int32Array(nz), value = new Float64Array(nz);
  let w = 0;
  broken.forEach((q, r) => {
    const i = ramps.rows[q], at = red.lo0.length;
    lower[r] = lp.rowLower[i]; upper[r] = lp.rowUpper[i];
    for (let e = ramps.start[q]; e < ramps.start[q + 1]; e++) {
      const c = red.colOf[ramps.col[e]];
      if (c < 0) throw new GridclearError('INTERNAL', 'injectionSolver: a Ramp row over a column the engine does not hold');
      index[w] = c; value[w++] = ramps.val[e];
    }
    start[r + 1] = w;
    ramps.skip[i] = 0; red.rowOf[i] = at;
    red.lo0.push(lower[r]); red.hi0.push(upper[r]); red.off.push(0);
    app.rampRow.push(i); app.rampAt.push(at);
  });
  return { lower, upper, start, index, value };
}
