// The LP of a market with blocks: the multi-period LP of its simple part (src/periods/formulation)
// with columns and rows appended while it is built (formulate's LpAddition: one LP packed once),
// the periods' own never changed: per block a ratio column r (its profile in the
// Bus rows of its bus) and, when the block may be partly accepted, an acceptance column y with
// rows r - min y >= 0 and r - y <= 0 (an all-or-nothing block uses r as y); a row y_child - y_parent
// <= 0 per linked block; a row sum y <= 1 per exclusive group; a flow column per border and
// period between the Balance rows of its two zones. Branch and bound fixes y; see docs/blocks.md.
import type { GridModel } from '../grid/index.js';
import { pow10 } from '../model/fixed.js';
import { formulate, type FormulateOptions, type LpAppender, type PeriodsLp, type Tightening } from '../periods/formulation.js';
import type { BasicBlocks } from './normalize.js';

/** Column kinds appended to the periods LP's (ColKind 0..5; until 2026-12-02 Ratio was 5, ColKind.Angle's value). */
export const BlockColKind = { Ratio: 6, Accept: 7, Border: 8 } as const;
/** Row kinds appended to the periods LP's (RowKind 0..4). */
export const BlockRowKind = { MinRatio: 5, MaxRatio: 6, Link: 7, Exclusive: 8, Cut: 9 } as const;

/** The LP of a market with blocks. */
export interface BlocksLp extends PeriodsLp {
  /** Per block: its ratio column and its acceptance column (the same for an all-or-nothing block). */
  ratioCol: Int32Array;
  acceptCol: Int32Array;
  /** Per border and period (k*T + t): its flow column (MW from -> to). */
  borderCol: Int32Array;
}

/** A row over existing columns, to append: its kind, element and period, bounds and entries. */
export interface RowToAppend {
  kind: number;
  ref: number;
  t: number;
  lo: number;
  hi: number;
  cols: ArrayLike<number>;
  vals: ArrayLike<number>;
}

/**
 * A new LP: `lp` with rows over its columns appended (their entries merged into the columns, after
 * each column's own). The columns no row touches are copied in runs (a line row touches a few
 * Angle columns of the whole LP's hundreds of thousands).
 */
export function appendRows<L extends PeriodsLp>(lp: L, rows: RowToAppend[]): L {
  const n = lp.numCols, add = new Int32Array(n);
  for (const r of rows) for (let e = 0; e < r.cols.length; e++) add[r.cols[e]]++;
  const nnz = lp.colStart[n];
  let extra = 0;
  for (const r of rows) extra += r.cols.length;
  const colStart = new Int32Array(n + 1), colRow = new Int32Array(nnz + extra), colValue = new Float64Array(nnz + extra), fill = new Int32Array(n);
  let shift = 0, src = 0;
  for (let j = 0; j < n; j++) {
    colStart[j + 1] = lp.colStart[j + 1] + shift + add[j];
    if (add[j] === 0) continue;
    // the old entries up to column j's end move by the entries added before column j
    const end = lp.colStart[j + 1];
    colRow.set(lp.colRow.subarray(src, end), src + shift);
    colValue.set(lp.colValue.subarray(src, end), src + shift);
    fill[j] = end + shift;
    src = end;
    shift += add[j];
  }
  colRow.set(lp.colRow.subarray(src, nnz), src + shift);
  colValue.set(lp.colValue.subarray(src, nnz), src + shift);
  rows.forEach((r, i) => { for (let e = 0; e < r.cols.length; e++) { const j = r.cols[e]; colRow[fill[j]] = lp.numRows + i; colValue[fill[j]++] = r.vals[e]; } });
  const cat = <A extends Float64Array | Int32Array | Uint8Array>(a: A, b: number[], C: { new(n: number): A }): A => {
    const out = new C(a.length + b.length);
    out.set(a as never); out.set(b as never, a.length);
    return out;
  };
  return {
    ...lp, numRows: lp.numRows + rows.length, colStart, colRow, colValue,
    rowKind: cat(lp.rowKind, rows.map((r) => r.kind), Uint8Array), rowRef: cat(lp.rowRef, rows.map((r) => r.ref), Int32Array),
    rowPeriod: cat(lp.rowPeriod, rows.map((r) => r.t), Int32Array), rowLower: cat(lp.rowLower, rows.map((r) => r.lo), Float64Array),
    rowUpper: cat(lp.rowUpper, rows.map((r) => r.hi), Float64Array),
  };
}

/**
 * The LP relaxation of a market with blocks (every y in [0, 1]). A DC network is stated in the
 * angle form by default (`opts.form`; `opts.lazyLines` leaves its Line rows out, for a method that
 * adds the violated ones: searchBlocks does); zones and the copper plate have no lines.
 */
export function formulateBlocks(b: BasicBlocks, grid?: GridModel, tight?: Tightening, opts: FormulateOptions = {}): BlocksLp {
  const m = b.m, T = m.periodIds.length, nB = m.net.busIds.length, nBlocks = b.blockIds.length, nK = b.borderIds.length, nI = m.net.islandReference.length;
  // borders join the Balance rows of the ptdf form (a network without lines: no PTDF at all)
  const network = b.kind === 'network' && m.net.lineIds.length > 0;
  const qs = Number(pow10(m.qd)), ps = Number(pow10(m.pd)), hs = Number(pow10(m.dd));
  const hours = m.duration.map((h) => Number(h) / hs);
  const ratioCol = new Int32Array(nBlocks), acceptCol = new Int32Array(nBlocks), borderCol = new Int32Array(nK * T);
  // the rows first (MinRatio and MaxRatio per partly acceptable block, a Link row per child, an
  // Exclusive row per group of two or more), then the columns, each with all its entries (in the
  // order of its rows), so the matrix is built in column order
  let partial = 0, links = 0;
  const children = new Int32Array(nBlocks + 1); // children of block p: childList[children[p] .. children[p + 1])
  for (let k = 0; k < nBlocks; k++) {
    if (b.blockMin[k] < 1_000_000n) partial++;
    if (b.blockParent[k] >= 0) { links++; children[b.blockParent[k] + 1]++; }
  }
  for (let k = 0; k < nBlocks; k++) children[k + 1] += children[k];
  const childList = new Int32Array(links), at = children.slice(0, nBlocks);
  for (let k = 0; k < nBlocks; k++) if (b.blockParent[k] >= 0) childList[at[b.blockParent[k]]++] = k; // ascending
  const members = new Int32Array(b.groupIds.length);
  for (let k = 0; k < nBlocks; k++) if (b.blockGroup[k] >= 0) members[b.blockGroup[k]]++;
  let groups = 0;
  for (let g = 0; g < members.length; g++) if (members[g] >= 2) groups++;
  let entries = 2 * nK * T + 4 * partial + 2 * links + nBlocks;
  for (let k = 0; k < nBlocks; k++) for (let t = 0; t < T; t++) if (b.blockQty[k * T + t] !== 0n) entries++;
  const build = (B: LpAppender, index: { busRow: Int32Array; balanceRow: Int32Array }) => {
    const busRow = index.busRow, balance = index.balanceRow;
    const minRow = new Int32Array(nBlocks).fill(-1), linkRow = new Int32Array(nBlocks).fill(-1), groupRow = new Int32Array(members.length).fill(-1);
    for (let k = 0; k < nBlocks; k++) {
      if (b.blockMin[k] >= 1_000_000n) continue;
      minRow[k] = B.row(BlockRowKind.MinRatio, k, -1, 0, Infinity);
      B.row(BlockRowKind.MaxRatio, k, -1, -Infinity, 0);
    }
    for (let k = 0; k < nBlocks; k++) if (b.blockParent[k] >= 0) linkRow[k] = B.row(BlockRowKind.Link, k, -1, -Infinity, 0);
    for (let g = 0; g < members.length; g++) if (members[g] >= 2) groupRow[g] = B.row(BlockRowKind.Exclusive, g, -1, -Infinity, 1);
    // an acceptance column's Link entries (its own row as a child, its children's rows as parent, in row order) and Exclusive entry
    const decisionEntries = (c: number, k: number) => {
      let own = b.blockParent[k] >= 0;
      for (let e = children[k]; e < children[k + 1]; e++) {
        const child = childList[e];
        if (own && k < child) { B.add(c, linkRow[k], 1); own = false; }
        B.add(c, linkRow[child], -1);
      }
      if (own) B.add(c, linkRow[k], 1);
      if (b.blockGroup[k] >= 0 && groupRow[b.blockGroup[k]] >= 0) B.add(c, groupRow[b.blockGroup[k]], 1);
    };
    for (let k = 0; k < nBlocks; k++) {
      const s = b.blockSide[k], price = Number(b.blockPrice[k]) / ps;
      let energy = 0;
      for (let t = 0; t < T; t++) energy += (Number(b.blockQty[k * T + t]) / qs) * hours[t];
      const r = B.col(BlockColKind.Ratio, k, -1, 0, 1, -s * price * energy);
      for (let t = 0; t < T; t++) {
        const q = Number(b.blockQty[k * T + t]) / qs;
        if (q !== 0) B.add(r, busRow[t * nB + b.blockBus[k]], -s * q);
      }
      ratioCol[k] = r; acceptCol[k] = r;
      if (minRow[k] < 0) { decisionEntries(r, k); continue; }
      const lo = minRow[k], hi = lo + 1;
      B.add(r, lo, 1); B.add(r, hi, 1);
      const y = B.col(BlockColKind.Accept, k, -1, 0, 1, 0);
      acceptCol[k] = y;
      B.add(y, lo, -Number(b.blockMin[k]) / 1e6); B.add(y, hi, -1);
      decisionEntries(y, k);
    }
    for (let k = 0; k < nK; k++) {
      for (let t = 0; t < T; t++) {
        const c = B.col(BlockColKind.Border, k, t, -Number(b.borderRev[k * T + t]) / qs, Number(b.borderCap[k * T + t]) / qs, 0);
        B.add(c, balance[t * nI + m.net.busIsland[b.borderFrom[k]]], -1);
        B.add(c, balance[t * nI + m.net.busIsland[b.borderTo[k]]], 1);
        borderCol[k * T + t] = c;
      }
    }
  };
  const lp = formulate(m, grid, tight, network ? { form: opts.form ?? 'angles', lazyLines: opts.lazyLines ?? false } : {},
    { cols: nBlocks + partial + nK * T, rows: 2 * partial + links + groups, entries, build });
  return { ...lp, ratioCol, acceptCol, borderCol };
}

/** The LP with the block decisions fixed (1: accepted, y = 1; 0: rejected, y = 0), for the price check. */
export function fixDecisions(lp: BlocksLp, accept: ArrayLike<number>): BlocksLp {
  const colLower = lp.colLower.slice(), colUpper = lp.colUpper.slice();
  for (let k = 0; k < lp.acceptCol.length; k++) colLower[lp.acceptCol[k]] = colUpper[lp.acceptCol[k]] = accept[k] ? 1 : 0;
  return { ...lp, colLower, colUpper };
}
