// The multi-period clearing as an LP described as data: column kinds and row kinds with bounds,
// costs and sparse columns (compressed sparse columns), apart from any method that solves it. The
// LP maximizes welfare; columns are MW (orders, storage power, bus injections) or MWh (stored
// energy); costs are money per MW over the period (price x duration). See docs/periods.md.
import { GridclearError } from '../errors.js';
import { GridModel } from '../grid/index.js';
import type { LpSolution, SparseLp } from '../lp/types.js';
import { pow10 } from '../model/fixed.js';
import type { BasicPeriods } from './normalize.js';
import { EFFICIENCY_ONE } from './normalize.js';

/** What a column stands for; `colRef` indexes the order, storage unit or bus. */
export const ColKind = { Order: 0, Charge: 1, Discharge: 2, Energy: 3, Bus: 4, Angle: 5 } as const;
/** What a row stands for; `rowRef` indexes the island, storage unit, unit, bus or line. */
export const RowKind = { Balance: 0, Energy: 1, Ramp: 2, Bus: 3, Line: 4 } as const;

/**
 * A multi-period clearing LP: maximize colCost . x subject to rowLower <= A x <= rowUpper and
 * colLower <= x <= colUpper (infinite bounds are +-Infinity). A is stored by columns.
 *
 * Rows: Balance (island, period): sum of the island's bus injections = -(its fixed injections);
 * Bus (bus, period): the bus injection column minus its orders' and storage units' injections = 0
 * (its dual / duration is the bus price); Line (line, period): PTDF x bus injections within the
 * period's bounds less the flow of the fixed injections; Energy (storage unit, period):
 * E[t] - E[t-1] - etaC h c[t] + h/etaD d[t] = (E0 at t = 0, else 0); Ramp (unit, period):
 * net output[t] - net output[t-1] in [-rampDown, rampUp].
 */
export interface PeriodsLp extends SparseLp {
  /** The network's form: 'ptdf' (bus injection columns, PTDF line rows) or 'angles' (B-theta: an angle column per bus and period). */
  form: PeriodsForm;
  /** What each column and row stands for (ColKind / RowKind), the element it belongs to and its period; the bounds, costs and matrix are SparseLp's. */
  colKind: Uint8Array;
  colRef: Int32Array;
  colPeriod: Int32Array;
  rowKind: Uint8Array;
  rowRef: Int32Array;
  rowPeriod: Int32Array;
  /**
   * Column of order i; of storage unit g in period t: charge, discharge, energy at g*T + t; of bus
   * b in t: busCol[t*nB + b], its injection column (ptdf) or its angle column (angles; -1 for an
   * island's reference bus, whose angle is 0).
   */
  orderCol: Int32Array;
  chargeCol: Int32Array;
  dischargeCol: Int32Array;
  energyCol: Int32Array;
  busCol: Int32Array;
  /** Row of bus b in period t: busRow[t*nB + b]; of line l in t: lineRow[t*nL + l] (-1: unbounded, no row); of unit u in t: rampRow[u*T + t] (-1: none). */
  busRow: Int32Array;
  lineRow: Int32Array;
  energyRow: Int32Array;
  rampRow: Int32Array;
  /**
   * Per line and period (t*nL + l): the line's flow (MW) is its Line row's activity plus
   * lineBase. ptdf: the flow of the fixed injections and phase shifts; angles: -baseMVA/x x shift.
   */
  lineBase: Float64Array;
  /**
   * Bounds (MW, +-Infinity when unbounded) of PTDF x bus injections per line and period
   * (t*nL + l): the Line rows' bounds, also where `lazyLines` left the rows out (a method then adds
   * the rows it finds violated, from the grid's PTDF rows, and reports their duals in
   * LpSolution.lineDual).
   */
  lineLower: Float64Array;
  lineUpper: Float64Array;
  /**
   * angles only (empty for ptdf): per line its susceptance baseMVA/x (MW per radian) and end
   * buses; the Line row of (line l, period t) is lineK[l] (theta_from - theta_to), over the
   * columns busCol[t*nB + lineFrom[l]] and busCol[t*nB + lineTo[l]] (a -1 column is left out).
   */
  lineK: Float64Array;
  lineFrom: Int32Array;
  lineTo: Int32Array;
}

/** The network's form in the LP (see PeriodsLp.form and docs/periods.md). */
export type PeriodsForm = 'ptdf' | 'angles';

/** Options of formulate. */
export interface FormulateOptions {
  /** Leave the Line rows out (for an LP method that adds violated line rows itself). Default false. */
  lazyLines?: boolean;
  /**
   * 'ptdf' (default): a bus injection column per bus and period, island Balance rows, and Line
   * rows over the PTDF (dense over the island's buses). 'angles': an angle column per bus and
   * period (the island's reference bus fixed at 0), Bus rows B theta - injections = fixed
   * injections, Line rows of two entries. The same LP optimum, the same duals' meaning.
   */
  form?: PeriodsForm;
}

/**
 * Columns, rows and entries that a caller appends to the LP while it is built (src/blocks: the
 * block and border columns), so the LP is packed once: columns and rows after the periods' own,
 * each column's entries in the order added (added column by column, in column order, the matrix
 * needs no sorting).
 */
export interface LpAppender {
  readonly numCols: number;
  readonly numRows: number;
  col(kind: number, ref: number, t: number, lo: number, hi: number, cost: number): number;
  row(kind: number, ref: number, t: number, lo: number, hi: number): number;
  /** An entry (a zero is left out). */
  add(col: number, row: number, v: number): void;
}

/** An extension of formulate's LP: about how many columns, rows and entries it adds, and what adds them. */
export interface LpAddition {
  cols: number;
  rows: number;
  entries: number;
  /** Called once the periods' LP is built; `busRow` as PeriodsLp's, `balanceRow[t * nI + island]` the Balance row (-1: none, the angle form). */
  build(B: LpAppender, index: { busRow: Int32Array; balanceRow: Int32Array }): void;
}

/** Inward moves of exact bounds, found necessary by the rounding (see round.ts): energy and ramp. */
export interface Tightening {
  /** Per storage unit and period (g*T + t): MWh added to the lower bound / taken from the upper (never past the other bound). */
  energyLow: Float64Array;
  energyHigh: Float64Array;
  /** Per ramp row (u*T + t): MW taken from the up limit / from the down limit. */
  rampUp: Float64Array;
  rampDown: Float64Array;
}

/** No tightening (the first solve). */
export function noTightening(m: BasicPeriods): Tightening {
  const gT = m.storage.ids.length * m.periodIds.length, uT = m.units.ids.length * m.periodIds.length;
  return { energyLow: new Float64Array(gT), energyHigh: new Float64Array(gT), rampUp: new Float64Array(uT), rampDown: new Float64Array(uT) };
}

/** The storage unit's energy step: the MWh one quantity tick of charge and of discharge moves in the longest period. */
export function energyStep(m: BasicPeriods, g: number): number {
  let hMax = 0n;
  for (const h of m.duration) if (h > hMax) hMax = h;
  const s = m.storage, one = Number(EFFICIENCY_ONE);
  return (Number(hMax) / Number(pow10(m.dd))) * (Number(s.etaC[g]) / one + one / Number(s.etaD[g])) / Number(pow10(m.qd));
}

/** Width (in energy steps) of the window that an exact `finalEnergy` allows above itself. */
export const FINAL_WINDOW_STEPS = 4;

/** A typed array twice as long with the first `n` values of `a` (a Builder's growth). */
function grown<A extends Uint8Array | Int32Array | Float64Array>(a: A, n: number): A {
  const out = new (a.constructor as { new(n: number): A })(Math.max(16, 2 * a.length));
  out.set(a.subarray(0, n) as never);
  return out;
}

/**
 * Columns, rows and (column, row, value) entries as growable typed arrays (no object per column
 * and no boxed number: large LPs build without GC churn; until 2026-12-03 JS arrays, whose
 * pushes and conversions took about half of the time to build a 250,000-column LP).
 */
class Builder implements LpAppender {
  /** Keeps the instances' layout alive across full GCs: see ARCHITECTURE.md, "Per-call objects". */
  static readonly anchor = new Builder(0, 0, 0);
  nC = 0; nR = 0; nE = 0;
  get numCols(): number { return this.nC; }
  get numRows(): number { return this.nR; }
  /** Whether the entries came in column order so far (csc then has nothing to sort). */
  inOrder = true;
  colKind: Uint8Array; colRef: Int32Array; colT: Int32Array; colLo: Float64Array; colHi: Float64Array; colCost: Float64Array;
  rowKind: Uint8Array; rowRef: Int32Array; rowT: Int32Array; rowLo: Float64Array; rowHi: Float64Array;
  eCol: Int32Array; eRow: Int32Array; eVal: Float64Array;
  /** Room for about `cols` columns, `rows` rows and `entries` entries (more grows the arrays). */
  constructor(cols: number, rows: number, entries: number) {
    this.colKind = new Uint8Array(cols); this.colRef = new Int32Array(cols); this.colT = new Int32Array(cols);
    this.colLo = new Float64Array(cols); this.colHi = new Float64Array(cols); this.colCost = new Float64Array(cols);
    this.rowKind = new Uint8Array(rows); this.rowRef = new Int32Array(rows); this.rowT = new Int32Array(rows);
    this.rowLo = new Float64Array(rows); this.rowHi = new Float64Array(rows);
    this.eCol = new Int32Array(entries); this.eRow = new Int32Array(entries); this.eVal = new Float64Array(entries);
  }
  col(kind: number, ref: number, t: number, lo: number, hi: number, cost: number): number {
    const j = this.nC;
    if (j === this.colKind.length) {
      this.colKind = grown(this.colKind, j); this.colRef = grown(this.colRef, j); this.colT = grown(this.colT, j);
      this.colLo = grown(this.colLo, j); this.colHi = grown(this.colHi, j); this.colCost = grown(this.colCost, j);
    }
    this.colKind[j] = kind; this.colRef[j] = ref; this.colT[j] = t; this.colLo[j] = lo; this.colHi[j] = hi; this.colCost[j] = cost;
    this.nC = j + 1;
    return j;
  }
  row(kind: number, ref: number, t: number, lo: number, hi: number): number {
    const i = this.nR;
    if (i === this.rowKind.length) {
      this.rowKind = grown(this.rowKind, i); this.rowRef = grown(this.rowRef, i); this.rowT = grown(this.rowT, i);
      this.rowLo = grown(this.rowLo, i); this.rowHi = grown(this.rowHi, i);
    }
    this.rowKind[i] = kind; this.rowRef[i] = ref; this.rowT[i] = t; this.rowLo[i] = lo; this.rowHi[i] = hi;
    this.nR = i + 1;
    return i;
  }
  add(col: number, row: number, v: number): void {
    if (v === 0) return;
    const e = this.nE;
    if (e === this.eCol.length) { this.eCol = grown(this.eCol, e); this.eRow = grown(this.eRow, e); this.eVal = grown(this.eVal, e); }
    if (e > 0 && col < this.eCol[e - 1]) this.inOrder = false;
    this.eCol[e] = col; this.eRow[e] = row; this.eVal[e] = v;
    this.nE = e + 1;
  }
  /**
   * The matrix by columns, each column's entries in the order added; entries of one (column, row)
   * summed into the first (parallel lines give several), entries that cancel dropped.
   */
  csc(): { colStart: Int32Array; colRow: Int32Array; colValue: Float64Array } {
    const nC = this.nC, nR = this.nR, nE = this.nE, eCol = this.eCol, eRow = this.eRow, eVal = this.eVal;
    const start = new Int32Array(nC + 1);
    for (let e = 0; e < nE; e++) start[eCol[e] + 1]++;
    for (let j = 0; j < nC; j++) start[j + 1] += start[j];
    // entries in column order (no storage or ramp rows, no angle columns) are already by column
    // (the builder's own arrays, merged in place below: it is not used after)
    let row = eRow, val = eVal;
    if (!this.inOrder) {
      const fill = start.slice(0, nC);
      row = new Int32Array(nE); val = new Float64Array(nE);
      for (let e = 0; e < nE; e++) { const k = fill[eCol[e]]++; row[k] = eRow[e]; val[k] = eVal[e]; }
    }
    const at = new Int32Array(nR).fill(-1), colStart = new Int32Array(nC + 1);
    let w = 0;
    for (let j = 0; j < nC; j++) {
      const first = w, end = start[j + 1];
      let k = start[j];
      if (end - k === 1) { // one entry (an order's column): nothing to merge
        if (val[k] !== 0) { row[w] = row[k]; val[w] = val[k]; w++; }
        colStart[j + 1] = w;
        continue;
      }
      for (; k < end; k++) {
        const r = row[k];
        if (at[r] >= first) { val[at[r]] += val[k]; continue; }
        at[r] = w; row[w] = r; val[w] = val[k]; w++;
      }
      let keep = first; // drop entries that summed to 0
      for (let q = first; q < w; q++) if (val[q] !== 0) { row[keep] = row[q]; val[keep] = val[q]; keep++; }
      w = keep;
      colStart[j + 1] = w;
    }
    return { colStart, colRow: row.slice(0, w), colValue: val.slice(0, w) };
  }
}

/**
 * The LP of a normalized multi-period market. `grid`: the market's network factorized (for PTDF
 * rows and base flows); built here when omitted. `tight`: bounds moved inward (see round.ts).
 */
export function formulate(m: BasicPeriods, grid?: GridModel, tight: Tightening = noTightening(m), opts: FormulateOptions = {}, addition?: LpAddition): PeriodsLp {
  const T = m.periodIds.length, net = m.net, nB = net.busIds.length, nL = net.lineIds.length, nI = net.islandReference.length;
  const qs = Number(pow10(m.qd)), ps = Number(pow10(m.pd)), hs = Number(pow10(m.dd)), es = Number(pow10(m.qd + m.dd));
  const hours = m.duration.map((h) => Number(h) / hs);
  const nO = m.orderIds.length, G = m.storage.ids.length, U = m.units.ids.length;
  const more = addition ?? { cols: 0, rows: 0, entries: 0 };
  const B = new Builder(nO + T * (nB + 3 * G) + more.cols + 16, T * (2 * nB + nI + nL + G + U) + more.rows + 16, 2 * nO + T * (2 * nB + 4 * nL + 6 * G) + more.entries + 16);
  const balanceRow = new Int32Array(T * nI).fill(-1);
  const busRow = new Int32Array(T * nB), busCol = new Int32Array(T * nB), lineRow = new Int32Array(T * nL).fill(-1);
  const lineBase = new Float64Array(T * nL), lineLower = new Float64Array(T * nL).fill(-Infinity), lineUpper = new Float64Array(T * nL).fill(Infinity);
  const form = opts.form ?? 'ptdf';
  if (form !== 'ptdf' && form !== 'angles') throw new GridclearError('INVALID_OPTION', `form must be 'ptdf' or 'angles', got ${JSON.stringify(form)}`, { field: 'form', expected: "'ptdf' or 'angles'", value: form });
  const lineIndex = { lineRow, lineBase, lineLower, lineUpper };
  if (form === 'angles') {
    angleNetwork(m, B, opts.lazyLines ?? false, busRow, busCol, lineIndex);
    const orderCol = orderColumns(m, B, busRow, hours, qs, ps);
    const s = storageColumns(m, B, busRow, hours, qs, ps, es, tight);
    const rampRow = rampRows(m, B, orderCol, qs, tight);
    addition?.build(B, { busRow, balanceRow });
    const lineK = Float64Array.from(net.lineX, (x) => net.baseMVA / x);
    return pack(B, { form, orderCol, ...s, busCol, busRow, rampRow, ...lineIndex, lineK, lineFrom: net.lineFrom, lineTo: net.lineTo });
  }
  grid ??= nL > 0 ? GridModel.from(net) : undefined;
  const ptdf = grid && nL > 0 && !opts.lazyLines ? grid.ptdfDense(Infinity) : [];
  for (let t = 0; t < T; t++) {
    const fixed = m.fixed[t], islandFixed = new Float64Array(nI);
    for (let b = 0; b < nB; b++) islandFixed[net.busIsland[b]] += Number(fixed[b]) / qs;
    const bal = Array.from({ length: nI }, (_, i) => (balanceRow[t * nI + i] = B.row(RowKind.Balance, i, t, -islandFixed[i], -islandFixed[i])));
    for (let b = 0; b < nB; b++) {
      busRow[t * nB + b] = B.row(RowKind.Bus, b, t, 0, 0);
      busCol[t * nB + b] = B.col(ColKind.Bus, b, t, -Infinity, Infinity, 0);
      B.add(busCol[t * nB + b], busRow[t * nB + b], 1);
      B.add(busCol[t * nB + b], bal[net.busIsland[b]], 1);
    }
    if (nL > 0) lineRows(m, t, grid!, opts.lazyLines ? [] : ptdf, B, busCol, lineIndex);
  }
  const orderCol = orderColumns(m, B, busRow, hours, qs, ps);
  const s = storageColumns(m, B, busRow, hours, qs, ps, es, tight);
  const rampRow = rampRows(m, B, orderCol, qs, tight);
  addition?.build(B, { busRow, balanceRow });
  return pack(B, { form, orderCol, ...s, busCol, busRow, rampRow, ...lineIndex, lineK: new Float64Array(0), lineFrom: new Int32Array(0), lineTo: new Int32Array(0) });
}

/**
 * The network in B-theta form, every period: an angle column per bus (none for an island's
 * reference bus: its angle is 0); per bus the row sum over its lines of k (theta_b - theta_other)
 * (k = baseMVA / x, signed by the line's direction) minus its orders' and storage units'
 * injections (added by their columns) = its fixed injection + the phase shifts' k x shift; per
 * bounded line the row k (theta_from - theta_to) within its bounds + k x shift.
 */
function angleNetwork(m: BasicPeriods, B: Builder, lazy: boolean, busRow: Int32Array, busCol: Int32Array,
  out: { lineRow: Int32Array; lineBase: Float64Array; lineLower: Float64Array; lineUpper: Float64Array }): void {
  const T = m.periodIds.length, net = m.net, nB = net.busIds.length, nL = net.lineIds.length, qs = Number(pow10(m.qd));
  const ref = new Uint8Array(nB);
  for (const r of net.islandReference) ref[r] = 1;
  for (let t = 0; t < T; t++) {
    const rhs = Float64Array.from(m.fixed[t], (v) => Number(v) / qs);
    for (let l = 0; l < nL; l++) {
      const k = net.baseMVA / net.lineX[l], shift = k * net.lineShiftRad[l];
      rhs[net.lineFrom[l]] += shift;
      rhs[net.lineTo[l]] -= shift;
    }
    for (let b = 0; b < nB; b++) {
      busRow[t * nB + b] = B.row(RowKind.Bus, b, t, rhs[b], rhs[b]);
      busCol[t * nB + b] = ref[b] ? -1 : B.col(ColKind.Angle, b, t, -Infinity, Infinity, 0);
    }
    for (let l = 0; l < nL; l++) {
      const f = net.lineFrom[l], to = net.lineTo[l], k = net.baseMVA / net.lineX[l], shift = k * net.lineShiftRad[l], cf = busCol[t * nB + f], ct = busCol[t * nB + to];
      if (cf >= 0) { B.add(cf, busRow[t * nB + f], k); B.add(cf, busRow[t * nB + to], -k); }
      if (ct >= 0) { B.add(ct, busRow[t * nB + f], -k); B.add(ct, busRow[t * nB + to], k); }
      const i = t * nL + l, lo = m.lineMin[t][l], hi = m.lineMax[t][l];
      out.lineBase[i] = -shift;
      if (lo !== null) out.lineLower[i] = Number(lo) / qs + shift;
      if (hi !== null) out.lineUpper[i] = Number(hi) / qs + shift;
      if ((lo === null && hi === null) || lazy || (cf < 0 && ct < 0)) continue;
      const r = B.row(RowKind.Line, l, t, out.lineLower[i], out.lineUpper[i]);
      out.lineRow[i] = r;
      if (cf >= 0) B.add(cf, r, k);
      if (ct >= 0) B.add(ct, r, -k);
    }
  }
}

function lineRows(m: BasicPeriods, t: number, grid: GridModel, ptdf: Float64Array[], B: Builder, busCol: Int32Array,
  out: { lineRow: Int32Array; lineBase: Float64Array; lineLower: Float64Array; lineUpper: Float64Array }): void {
  const net = m.net, nB = net.busIds.length, nL = net.lineIds.length, qs = Number(pow10(m.qd));
  const fixedMw = Float64Array.from(m.fixed[t], (v) => Number(v) / qs);
  const base = grid.flows(fixedMw, { slack: true });
  for (let l = 0; l < nL; l++) {
    const k = t * nL + l, lo = m.lineMin[t][l], hi = m.lineMax[t][l];
    out.lineBase[k] = base[l];
    if (lo !== null) out.lineLower[k] = Number(lo) / qs - base[l];
    if (hi !== null) out.lineUpper[k] = Number(hi) / qs - base[l];
    if ((lo === null && hi === null) || ptdf.length === 0) continue;
    const r = B.row(RowKind.Line, l, t, out.lineLower[k], out.lineUpper[k]);
    out.lineRow[k] = r;
    for (let b = 0; b < nB; b++) if (Math.abs(ptdf[l][b]) > 1e-12) B.add(busCol[t * nB + b], r, ptdf[l][b]);
  }
}

function orderColumns(m: BasicPeriods, B: Builder, busRow: Int32Array, hours: number[], qs: number, ps: number): Int32Array {
  const n = m.orderIds.length, nB = m.net.busIds.length, out = new Int32Array(n);
  // the ticks as numbers (orderQtyNum, orderPriceNum: exact below 2^53), no bigint per order
  const period = m.orderPeriod, sides = m.orderSide, qty = m.orderQtyNum, price = m.orderPriceNum, bus = m.orderBus;
  for (let i = 0; i < n; i++) {
    const t = period[i], side = sides[i];
    const c = B.col(ColKind.Order, i, t, 0, qty[i] / qs, -side * (price[i] / ps) * hours[t]);
    B.add(c, busRow[t * nB + bus[i]], -side);
    out[i] = c;
  }
  return out;
}

function storageColumns(m: BasicPeriods, B: Builder, busRow: Int32Array, hours: number[], qs: number, ps: number, es: number, tight: Tightening) {
  const s = m.storage, G = s.ids.length, T = m.periodIds.length, nB = m.net.busIds.length, one = Number(EFFICIENCY_ONE);
  const chargeCol = new Int32Array(G * T), dischargeCol = new Int32Array(G * T), energyCol = new Int32Array(G * T), energyRow = new Int32Array(G * T);
  for (let g = 0; g < G; g++) {
    const cap = Number(s.capacity[g]) / es, etaC = Number(s.etaC[g]) / one, etaD = Number(s.etaD[g]) / one;
    const step = energyStep(m, g);
    for (let t = 0; t < T; t++) {
      const k = g * T + t, h = hours[t];
      energyRow[k] = B.row(RowKind.Energy, g, t, t === 0 ? Number(s.initial[g]) / es : 0, t === 0 ? Number(s.initial[g]) / es : 0);
      const c = B.col(ColKind.Charge, g, t, 0, Number(s.chargeMax[g]) / qs, -(Number(s.costC[g]) / ps) * h);
      const d = B.col(ColKind.Discharge, g, t, 0, Number(s.dischargeMax[g]) / qs, -(Number(s.costD[g]) / ps) * h);
      const [lo, hi] = energyBounds(m, g, t, cap, step, es, tight);
      const e = B.col(ColKind.Energy, g, t, lo, hi, 0);
      B.add(c, busRow[t * nB + s.bus[g]], 1);
      B.add(d, busRow[t * nB + s.bus[g]], -1);
      B.add(c, energyRow[k], -etaC * h);
      B.add(d, energyRow[k], h / etaD);
      chargeCol[k] = c; dischargeCol[k] = d; energyCol[k] = e;
    }
    for (let t = 0; t < T; t++) {
      B.add(energyCol[g * T + t], energyRow[g * T + t], 1);
      if (t + 1 < T) B.add(energyCol[g * T + t], energyRow[g * T + t + 1], -1);
    }
  }
  return { chargeCol, dischargeCol, energyCol, energyRow };
}

/** The bounds of storage unit g's stored energy at the end of period t (MWh), tightened. */
function energyBounds(m: BasicPeriods, g: number, t: number, cap: number, step: number, es: number, tight: Tightening): [number, number] {
  const s = m.storage, k = g * m.periodIds.length + t, last = t === m.periodIds.length - 1;
  let lo = last ? Number(s.finalMin[g]) / es : 0;
  let hi = last && s.finalMax[g] !== null ? Math.min(cap, Number(s.finalMax[g]) / es + FINAL_WINDOW_STEPS * step) : cap;
  // tightened bounds never cross the other side's own bound (they meet in the middle at most)
  const lo0 = lo, hi0 = hi;
  lo = Math.min(lo0 + tight.energyLow[k], hi0); hi = Math.max(hi0 - tight.energyHigh[k], lo0);
  if (lo > hi) lo = hi = (lo + hi) / 2;
  return [lo, hi];
}

/** The bounds of unit u's ramp row in period t (MW), tightened; undefined when the unit has no ramp row there. */
function rampBounds(m: BasicPeriods, u: number, t: number, qs: number, tight: Tightening): [number, number] | undefined {
  const up = m.units.rampUp[u], down = m.units.rampDown[u], init = m.units.initial[u];
  if ((up === null && down === null) || (t === 0 && init === null)) return undefined;
  const shift = t === 0 ? Number(init) / qs : 0, k = u * m.periodIds.length + t;
  const hi0 = up === null ? Infinity : Number(up) / qs + shift, lo0 = down === null ? -Infinity : -Number(down) / qs + shift;
  let hi = Math.max(hi0 - tight.rampUp[k], lo0), lo = Math.min(lo0 + tight.rampDown[k], hi0);
  if (lo > hi) lo = hi = (lo + hi) / 2;
  return [lo, hi];
}

/**
 * `formulate(m, grid, tight, opts)` from `lp = formulate(m, grid, other tightening, opts)`: the same
 * LP with the stored-energy columns' and ramp rows' bounds of `tight` (the same numbers as a new
 * formulate; the matrix, costs and index arrays are shared with `lp`, the bounds copied).
 */
export function retighten(m: BasicPeriods, lp: PeriodsLp, tight: Tightening): PeriodsLp {
  const T = m.periodIds.length, qs = Number(pow10(m.qd)), es = Number(pow10(m.qd + m.dd)), st = m.storage;
  const colLower = lp.colLower.slice(), colUpper = lp.colUpper.slice(), rowLower = lp.rowLower.slice(), rowUpper = lp.rowUpper.slice();
  for (let g = 0; g < st.ids.length; g++) {
    const cap = Number(st.capacity[g]) / es, step = energyStep(m, g);
    for (let t = 0; t < T; t++) {
      const j = lp.energyCol[g * T + t];
      [colLower[j], colUpper[j]] = energyBounds(m, g, t, cap, step, es, tight);
    }
  }
  for (let u = 0; u < m.units.ids.length; u++) {
    for (let t = 0; t < T; t++) {
      const i = lp.rampRow[u * T + t], b = rampBounds(m, u, t, qs, tight);
      if (i >= 0 && b) [rowLower[i], rowUpper[i]] = b;
    }
  }
  return { ...lp, colLower, colUpper, rowLower, rowUpper };
}

function rampRows(m: BasicPeriods, B: Builder, orderCol: Int32Array, qs: number, tight: Tightening): Int32Array {
  const U = m.units.ids.length, T = m.periodIds.length, rampRow = new Int32Array(U * T).fill(-1);
  for (let u = 0; u < U; u++) {
    for (let t = 0; t < T; t++) {
      const b = rampBounds(m, u, t, qs, tight);
      if (b) rampRow[u * T + t] = B.row(RowKind.Ramp, u, t, b[0], b[1]);
    }
  }
  for (let i = 0; i < orderCol.length; i++) {
    const u = m.orderUnit[i];
    if (u < 0) continue;
    const t = m.orderPeriod[i], side = m.orderSide[i];
    if (rampRow[u * T + t] >= 0) B.add(orderCol[i], rampRow[u * T + t], side);
    if (t + 1 < T && rampRow[u * T + t + 1] >= 0) B.add(orderCol[i], rampRow[u * T + t + 1], -side);
  }
  return rampRow;
}

function pack(B: Builder, index: Omit<PeriodsLp, 'numCols' | 'numRows' | 'colKind' | 'colRef' | 'colPeriod' | 'colLower' | 'colUpper' | 'colCost' | 'colStart' | 'colRow' | 'colValue' | 'rowKind' | 'rowRef' | 'rowPeriod' | 'rowLower' | 'rowUpper'>): PeriodsLp {
  return {
    numCols: B.nC, numRows: B.nR,
    colKind: B.colKind.slice(0, B.nC), colRef: B.colRef.slice(0, B.nC), colPeriod: B.colT.slice(0, B.nC),
    colLower: B.colLo.slice(0, B.nC), colUpper: B.colHi.slice(0, B.nC), colCost: B.colCost.slice(0, B.nC),
    ...B.csc(),
    rowKind: B.rowKind.slice(0, B.nR), rowRef: B.rowRef.slice(0, B.nR), rowPeriod: B.rowT.slice(0, B.nR),
    rowLower: B.rowLo.slice(0, B.nR), rowUpper: B.rowHi.slice(0, B.nR),
    ...index,
  };
}

/** A solution of a PeriodsLp, from any LP method: the LP engine's type (src/lp/types.ts), one definition. */
export type { LpSolution };

/** An LP method for PeriodsLp (e.g. the Wasm LP engine, or an outside solver in tests). */
export type LpSolver = (lp: PeriodsLp) => LpSolution;
