// The nodal clearing's formulation: what its columns and rows are. Columns: orders 0..nO-1 (fill
// in [0, q], cost side x price), then one slack per line (the order-driven part of the line's flow,
// boxed by the line's limits minus the flow of the fixed injections) and one fixed slack per
// island balance. Rows: every island's balance, then the lines made active by row generation
// (rows.ts). An order's column is its side at its island's balance row and side x PTDF at each
// line row: it depends on its bus only, which the pricing passes use (buses.ts, streams.ts).
import { nB, nL, nO, nI, ordBus, ordSide, ordPrice, ordQty, busIsland, busFixed, lineMin, lineMax, getF, setF, getI, setI } from "./problem";
import {
  COL_ORDER, COL_LINE, COL_BALANCE, ROW_BALANCE, AT_LOWER, AT_UPPER, BASIC, allocColumns, appendRow, colKind, colRef, colRow, colLo, colUp, colCost,
  varState, m, setMaxRows,
} from "./lp";

export let baseFlow: usize = 0;   // f64[nL] flow of fixed injections and shifts alone (ticks)
export let islandFixed: usize = 0; // f64[nI] sum of the island's fixed injections (ticks)
export let ptdfOB: usize = 0;     // usize[rows]: a line row's PTDF row at the order buses (contiguous for the pricing passes), 0 for a balance row
export let lineOB: usize = 0;     // usize[nL]: PTDF row of line l at the order buses once computed (kept when its row is dropped), or 0
export let hOrd: usize = 0;       // f64[rows]: the orders' part of -A_N x_N, kept up to date per changed bus
export let mu: usize = 0;         // f64[nB] bus prices (duals)
export let nu: usize = 0;         // f64[nB] pivot row per bus
export let inj: usize = 0;        // f64[nB] scratch injections
export let work: usize = 0;       // f64[nB] scratch solve vector
export let injUpper: usize = 0;   // f64[nB] sum of side*qty of orders at their upper bound (exact integers)
export let dInj: usize = 0;       // f64[nB] change of injUpper since the last primal pass
export let dirtyList: usize = 0;  // i32[nB] buses with a change
export let dirtyMark: usize = 0;  // i32[nB]
export let nDirty: i32 = 0;
export let nG: i32 = 0;           // merit groups: orders of one bus and side, sorted by price
export let groupStart: usize = 0; // i32[nG+1]
export let ordGroup: usize = 0;   // i32[nO]: merit group of each order
export let groupBus: usize = 0;   // i32[nG]: bus of group g
export let groupSide: usize = 0;  // i32[nG]: side of group g (+1 sell, -1 buy)
export let groupAt: usize = 0;    // i32[2*nG]: orders of group g at lower (2g) and at upper (2g+1)
export let nOB: i32 = 0;          // buses with orders (pricing during iterations only needs these)
export let orderBuses: usize = 0; // i32[nOB]
export let obAcc: usize = 0;      // f64[nOB] scratch of the pricing passes
export let obSlot: usize = 0;     // i32[nB]: position of a bus in orderBuses, -1 without orders
export let obStart: usize = 0;    // i32[nOB+1]: first order of order bus k (orders are sorted by bus)

/** Column of line l's slack and of island k's balance slack. */
// @ts-ignore: decorator
@inline export function lineSlack(l: i32): i32 { return nO + l; }
// @ts-ignore: decorator
@inline export function balanceSlack(k: i32): i32 { return nO + nL + k; }

/** Allocates the formulation's arrays and describes its columns (bounds: setBounds, once the base flows are known). */
export function allocForm(): void {
  const rows = nI + nL + 1;
  allocColumns(nO + nL + nI);
  setMaxRows(rows);
  for (let j = 0; j < nO; j++) {
    setI(colKind, j, COL_ORDER); setI(colRef, j, j); setI(colRow, j, -1);
    setF(colCost, j, <f64>getI(ordSide, j) * getF(ordPrice, j));
  }
  for (let l = 0; l < nL; l++) { const v = lineSlack(l); setI(colKind, v, COL_LINE); setI(colRef, v, l); setI(colRow, v, -1); setF(colCost, v, 0); }
  for (let k = 0; k < nI; k++) { const v = balanceSlack(k); setI(colKind, v, COL_BALANCE); setI(colRef, v, k); setI(colRow, v, -1); setF(colCost, v, 0); }
  baseFlow = heap.alloc(<usize>(nL + 1) << 3);
  islandFixed = heap.alloc(<usize>(nI + 1) << 3);
  ptdfOB = heap.alloc(<usize>rows << 2); memory.fill(ptdfOB, 0, <usize>rows << 2);
  hOrd = heap.alloc(<usize>rows << 3);
  mu = heap.alloc(<usize>(nB + 1) << 3);
  nu = heap.alloc(<usize>(nB + 1) << 3);
  inj = heap.alloc(<usize>(nB + 1) << 3);
  work = heap.alloc(<usize>(nB + 1) << 3);
  injUpper = heap.alloc(<usize>(nB + 1) << 3); memory.fill(injUpper, 0, <usize>nB << 3);
  dInj = heap.alloc(<usize>(nB + 1) << 3); memory.fill(dInj, 0, <usize>nB << 3);
  dirtyList = heap.alloc(<usize>(nB + 1) << 2);
  dirtyMark = heap.alloc(<usize>(nB + 1) << 2); memory.fill(dirtyMark, 0, <usize>nB << 2);
  nDirty = 0;
  lineOB = heap.alloc(<usize>(nL + 1) << 2); memory.fill(lineOB, 0, <usize>(nL + 1) << 2);
  buildGroups();
}

/** The columns' bounds: orders [0, q], line slacks the limits less the base flow, balance slacks fixed at -fixed injection. */
export function setBounds(): void {
  for (let k = 0; k < nI; k++) setF(islandFixed, k, 0);
  for (let b = 0; b < nB; b++) { const k = getI(busIsland, b); setF(islandFixed, k, getF(islandFixed, k) + getF(busFixed, b)); }
  for (let j = 0; j < nO; j++) { setF(colLo, j, 0); setF(colUp, j, getF(ordQty, j)); }
  for (let l = 0; l < nL; l++) {
    const v = lineSlack(l);
    setF(colLo, v, getF(lineMin, l) - getF(baseFlow, l)); setF(colUp, v, getF(lineMax, l) - getF(baseFlow, l));
  }
  for (let k = 0; k < nI; k++) { const v = balanceSlack(k), f = -getF(islandFixed, k); setF(colLo, v, f); setF(colUp, v, f); }
}

/** Initial basis: every island's balance row with its slack basic, orders at the bound their price favours. */
export function initRows(): void {
  for (let j = 0; j < nO; j++) {
    setI(varState, j, AT_LOWER);
    setI(groupAt, 2 * getI(ordGroup, j), getI(groupAt, 2 * getI(ordGroup, j)) + 1);
    if (getF(colCost, j) < 0) setState(j, AT_UPPER);
  }
  for (let l = 0; l < nL; l++) setI(varState, lineSlack(l), AT_LOWER);
  for (let k = 0; k < nI; k++) { setI(varState, balanceSlack(k), BASIC); appendRow(ROW_BALANCE, k, balanceSlack(k)); }
}

/** Splits the orders (sorted by bus, side, price, id in TypeScript) into per-bus merit groups. */
function buildGroups(): void {
  groupStart = heap.alloc(<usize>(nO + 2) << 2);
  let g = 0;
  for (let j = 0; j < nO; j++) {
    if (j == 0 || getI(ordBus, j) != getI(ordBus, j - 1) || getI(ordSide, j) != getI(ordSide, j - 1)) setI(groupStart, g++, j);
  }
  setI(groupStart, g, nO);
  nG = g;
  ordGroup = heap.alloc(<usize>(nO + 1) << 2);
  for (let k = 0; k < g; k++) for (let j = getI(groupStart, k); j < getI(groupStart, k + 1); j++) setI(ordGroup, j, k);
  groupBus = heap.alloc(<usize>(g + 1) << 2);
  groupSide = heap.alloc(<usize>(g + 1) << 2);
  for (let k = 0; k < g; k++) { const j = getI(groupStart, k); setI(groupBus, k, getI(ordBus, j)); setI(groupSide, k, getI(ordSide, j)); }
  groupAt = heap.alloc(<usize>(2 * g + 2) << 2);
  memory.fill(groupAt, 0, <usize>(2 * g + 2) << 2);
  orderBuses = heap.alloc(<usize>(g + 1) << 2);
  nOB = 0;
  for (let k = 0; k < g; k++) {
    const b = getI(ordBus, getI(groupStart, k));
    if (nOB == 0 || getI(orderBuses, nOB - 1) != b) setI(orderBuses, nOB++, b);
  }
  obAcc = heap.alloc(<usize>(nOB + 1) << 3);
  obStart = heap.alloc(<usize>(nOB + 1) << 2);
  for (let k = 0, i = 0; k < g; k++) {
    const j = getI(groupStart, k);
    if (i == 0 || getI(orderBuses, i - 1) != getI(ordBus, j)) setI(obStart, i++, j);
  }
  setI(obStart, nOB, nO);
  obSlot = heap.alloc(<usize>(nB + 1) << 2);
  for (let b = 0; b < nB; b++) setI(obSlot, b, -1);
  for (let k = 0; k < nOB; k++) setI(obSlot, getI(orderBuses, k), k);
}

/** Changes a column's state; for an order, keeps its group's counts and its bus's injection at the upper bounds exact. */
export function setState(v: i32, st: i32): void {
  if (getI(colKind, v) == COL_ORDER) {
    const old = getI(varState, v);
    const c = groupAt + (<usize>getI(ordGroup, v) << 3);
    if (old != BASIC) store<i32>(c + (<usize>old << 2), load<i32>(c + (<usize>old << 2)) - 1);
    if (st != BASIC) store<i32>(c + (<usize>st << 2), load<i32>(c + (<usize>st << 2)) + 1);
    if (old != st && (old == AT_UPPER || st == AT_UPPER)) {
      const b = getI(ordBus, v);
      const sq = <f64>getI(ordSide, v) * getF(ordQty, v);
      const delta = st == AT_UPPER ? sq : -sq;
      setF(injUpper, b, getF(injUpper, b) + delta);
      setF(dInj, b, getF(dInj, b) + delta);
      if (getI(dirtyMark, b) == 0) { setI(dirtyMark, b, 1); setI(dirtyList, nDirty++, b); }
    }
  }
  setI(varState, v, st);
}

/** Forgets the recorded per-bus changes (after a full primal pass). */
export function clearDirty(): void {
  for (let i = 0; i < nDirty; i++) { const b = getI(dirtyList, i); setI(dirtyMark, b, 0); setF(dInj, b, 0); }
  nDirty = 0;
}

/** PTDF row of line row r at the order buses. */
// @ts-ignore: decorator
@inline export function obRow(r: i32): usize { return <usize>load<u32>(ptdfOB + (<usize>r << 2)); }

/** A structural column's entries (length m, out zeroed by the caller): an order's side at its balance row, side x PTDF at line rows. */
export function structColumn(v: i32, out: usize): void {
  const j = getI(colRef, v), b = getI(ordBus, j);
  const s = <f64>getI(ordSide, j);
  setF(out, getI(busIsland, b), s);
  const k = <usize>getI(obSlot, b) << 3;
  for (let r = nI; r < m; r++) setF(out, r, s * load<f64>(obRow(r) + k));
}

/** A structural column's entry in line row r (r >= nI: the rows appended by row generation). */
export function structEntry(v: i32, r: i32): f64 {
  const j = getI(colRef, v);
  return <f64>getI(ordSide, j) * getF(obRow(r), getI(obSlot, getI(ordBus, j)));
}

/** A structural column's entry in the pivot row, e_r^T B^-1 a_q, from the pivot row spread over buses (nu). */
export function structRowAlpha(v: i32): f64 {
  const j = getI(colRef, v);
  return <f64>getI(ordSide, j) * getF(nu, getI(ordBus, j));
}

/** The row moved from index `from` to `to` (rows dropped before it): its per-row data follows. */
export function noteRowMoved(from: i32, to: i32): void {
  store<u32>(ptdfOB + (<usize>to << 2), load<u32>(ptdfOB + (<usize>from << 2)));
}
