// Problem data and solver state of one nodal clearing, as module globals (no closures, no objects
// at the boundary). Variables: orders 0..nO-1, line slacks nO..nO+nL-1 (the order-driven part of
// a line's flow), island balance slacks nO+nL..; rows: island balances 0..nI-1, then active lines.
import {
  NH_BUSES, NH_LINES, NH_ORDERS, NH_ISLANDS, NH_BUS_ISLAND, NH_BUS_IS_REF, NH_BUS_FIXED, NH_LINE_FROM, NH_LINE_TO, NH_LINE_X,
  NH_LINE_SHIFT, NH_LINE_MIN, NH_LINE_MAX, NH_ORDER_BUS, NH_ORDER_SIDE, NH_ORDER_PRICE, NH_ORDER_QTY,
} from "../abi";

export let nB: i32 = 0;
export let nL: i32 = 0;
export let nO: i32 = 0;
export let nI: i32 = 0;
export let busIsland: usize = 0;  // i32[nB]
export let busIsRef: usize = 0;   // i32[nB]
export let busFixed: usize = 0;   // f64[nB] quantity ticks
export let lineFrom: usize = 0;   // i32[nL]
export let lineTo: usize = 0;     // i32[nL]
export let lineX: usize = 0;      // f64[nL] per unit
export let lineShift: usize = 0;  // f64[nL] phase shift in radians
export let lineMin: usize = 0;    // f64[nL] ticks (-inf allowed)
export let lineMax: usize = 0;    // f64[nL] ticks (+inf allowed)
export let ordBus: usize = 0;     // i32[nO]
export let ordSide: usize = 0;    // i32[nO]: +1 sell (injects), -1 buy
export let ordPrice: usize = 0;   // f64[nO] price ticks
export let ordQty: usize = 0;     // f64[nO] quantity ticks

// solver state
export let varState: usize = 0;   // i32[nV]: AT_LOWER, AT_UPPER, BASIC
export let baseFlow: usize = 0;   // f64[nL] flow of fixed injections and shifts alone
export let islandFixed: usize = 0; // f64[nI]
export let lineRow: usize = 0;    // i32[nL]: row of an active line, -1 otherwise
export let rowLine: usize = 0;    // i32[cap]: line of row nI + i
export let ptdfOB: usize = 0;     // usize[cap]: the same row at the order buses only (f64[nOB], contiguous for the pricing passes)
export let m: i32 = 0;            // rows
export let cap: i32 = 0;          // row capacity of binv / basis arrays
export let binv: usize = 0;       // f64[cap*cap]
export let basic: usize = 0;      // i32[cap]: variable basic in each row
export let xB: usize = 0;         // f64[cap]
export let y: usize = 0;          // f64[cap] duals
export let rho: usize = 0;        // f64[cap]
export let col: usize = 0;        // f64[cap]
export let rowList: usize = 0;    // i32[cap]: scratch list of rows (busLevelOrders)
export let mu: usize = 0;         // f64[nB] bus prices (duals)
export let nu: usize = 0;         // f64[nB] pivot row per bus
export let inj: usize = 0;        // f64[nB] scratch injections
export let work: usize = 0;       // f64[nB] scratch solve vector
export let iterations: i32 = 0;
export let injUpper: usize = 0;   // f64[nB] sum of side*qty of orders at their upper bound (exact integers)
export let nG: i32 = 0;           // merit groups: orders of one bus and side, sorted by price
export let groupStart: usize = 0; // i32[nG+1]
export let ordGroup: usize = 0;   // i32[nO]: merit group of each order
export let groupBus: usize = 0;   // i32[nG]: bus of group g
export let groupSide: usize = 0;  // i32[nG]: side of group g (+1 sell, -1 buy)
export let groupAt: usize = 0;    // i32[2*nG]: orders of group g at lower (2g) and at upper (2g+1)
export let dInj: usize = 0;       // f64[nB] change of injUpper since the last primal pass
export let dirtyList: usize = 0;  // i32[nB] buses with a change
export let dirtyMark: usize = 0;  // i32[nB]
export let nDirty: i32 = 0;
export let hOrd: usize = 0;       // f64[cap] the orders' part of -A_N x_N, kept up to date per dirty bus
export let nOB: i32 = 0;          // buses with orders (pricing during iterations only needs these)
export let orderBuses: usize = 0; // i32[nOB]
export let obAcc: usize = 0;      // f64[nOB] scratch of busLevelOrders
export let obSlot: usize = 0;     // i32[nB]: position of a bus in orderBuses, -1 without orders
export let dseW: usize = 0;       // f64[cap]: dual steepest-edge weight of each basis position, ||row of B^-1||^2
export let lineOB: usize = 0;     // usize[nL]: PTDF row of line l at the order buses once computed (kept when its row is dropped), or 0
export let lineAge: usize = 0;    // i32[nL]: consecutive rounds that line l's active row ended with its slack basic
export let lineDrops: usize = 0;  // i32[nL]: times line l's row was dropped
export let refactors: i32 = 0;    // refactorizations in this call
export let rowsDropped: i32 = 0;  // line rows dropped in this call
export let peakRows: i32 = 0;     // most line rows at once
export let gridPtr: usize = 0;    // the network's GridFactor (sparse L D L^T of the reduced susceptance matrix)

// @ts-ignore: decorator
@inline export const AT_LOWER: i32 = 0;
// @ts-ignore: decorator
@inline export const AT_UPPER: i32 = 1;
// @ts-ignore: decorator
@inline export const BASIC: i32 = 2;

/** Typed address helpers: the core works on raw columns written by TypeScript. */
// @ts-ignore: decorator
@inline export function pf(p: usize, i: i32): usize { return p + (<usize>i << 3); }
// @ts-ignore: decorator
@inline export function pi(p: usize, i: i32): usize { return p + (<usize>i << 2); }
// @ts-ignore: decorator
@inline export function getF(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline export function setF(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }
// @ts-ignore: decorator
@inline export function getI(p: usize, i: i32): i32 { return load<i32>(p + (<usize>i << 2)); }
// @ts-ignore: decorator
@inline export function setI(p: usize, i: i32, v: i32): void { store<i32>(p + (<usize>i << 2), v); }

/** Reads the header written by src/nodal/encode.ts (i32 slots NH_* of assembly/abi.ts). */
export function readHeader(h: usize): void {
  nB = getI(h, NH_BUSES); nL = getI(h, NH_LINES); nO = getI(h, NH_ORDERS); nI = getI(h, NH_ISLANDS);
  busIsland = <usize>getI(h, NH_BUS_ISLAND); busIsRef = <usize>getI(h, NH_BUS_IS_REF); busFixed = <usize>getI(h, NH_BUS_FIXED);
  lineFrom = <usize>getI(h, NH_LINE_FROM); lineTo = <usize>getI(h, NH_LINE_TO); lineX = <usize>getI(h, NH_LINE_X);
  lineShift = <usize>getI(h, NH_LINE_SHIFT); lineMin = <usize>getI(h, NH_LINE_MIN); lineMax = <usize>getI(h, NH_LINE_MAX);
  ordBus = <usize>getI(h, NH_ORDER_BUS); ordSide = <usize>getI(h, NH_ORDER_SIDE);
  ordPrice = <usize>getI(h, NH_ORDER_PRICE); ordQty = <usize>getI(h, NH_ORDER_QTY);
}

/** Allocates the per-clearing work arrays once (bump arena; reset by the caller after the call); false without memory. */
export function allocState(): bool {
  const nV = nO + nL + nI;
  varState = heap.alloc(<usize>nV << 2);
  baseFlow = heap.alloc(<usize>(nL + 1) << 3);
  islandFixed = heap.alloc(<usize>(nI + 1) << 3);
  lineRow = heap.alloc(<usize>(nL + 1) << 2);
  mu = heap.alloc(<usize>(nB + 1) << 3);
  nu = heap.alloc(<usize>(nB + 1) << 3);
  inj = heap.alloc(<usize>(nB + 1) << 3);
  work = heap.alloc(<usize>(nB + 1) << 3);
  injUpper = heap.alloc(<usize>(nB + 1) << 3);
  memory.fill(injUpper, 0, <usize>nB << 3);
  dInj = heap.alloc(<usize>(nB + 1) << 3);
  memory.fill(dInj, 0, <usize>nB << 3);
  dirtyList = heap.alloc(<usize>(nB + 1) << 2);
  dirtyMark = heap.alloc(<usize>(nB + 1) << 2);
  memory.fill(dirtyMark, 0, <usize>nB << 2);
  nDirty = 0;
  for (let l = 0; l < nL; l++) setI(lineRow, l, -1);
  lineOB = heap.alloc(<usize>(nL + 1) << 2); memory.fill(lineOB, 0, <usize>(nL + 1) << 2);
  lineAge = heap.alloc(<usize>(nL + 1) << 2); memory.fill(lineAge, 0, <usize>(nL + 1) << 2);
  lineDrops = heap.alloc(<usize>(nL + 1) << 2); memory.fill(lineDrops, 0, <usize>(nL + 1) << 2);
  buildGroups();
  m = nI; cap = 0; iterations = 0; refactors = 0; rowsDropped = 0; peakRows = 0; outOfMemory = false;
  return growRows(nI + 8);
}

/**
 * Makes sure the arena can take `bytes` more without the runtime growing memory itself (the stub
 * runtime traps when growth fails): grows memory by exactly what is missing; false if it cannot.
 */
export function room(bytes: usize): bool {
  const top = heap.alloc(0);
  const need = <u64>top + <u64>bytes + 65536;
  const have = <u64>memory.size() << 16;
  if (need <= have) return true;
  if (need > 0xFFFF0000) return false;
  return memory.grow(<i32>((need - have + 0xFFFF) >> 16)) >= 0;
}

/**
 * Ensures room for `need` rows (capacity doubles, at most the rows there can be); copies what
 * exists, the inverse and its weights included. False when Wasm memory cannot hold them: the
 * previous blocks stay in the arena until the call ends, so a call's memory is at most about twice
 * that of its largest row count (see docs/nodal.md).
 */
export function growRows(need: i32): bool {
  if (need <= cap) return true;
  // 1.5x steps: the old blocks stay in the bump arena, so a call holds about 1.8x the last inverse
  let c = cap < 8 ? 8 : cap;
  while (c < need) c += c >> 1;
  const most = nI + nL + 1;
  if (c > most) c = need > most ? need : most;
  const c8 = <u64>c << 3;
  const bytes = c8 * <u64>c + c8 * 9 + 1024;
  if (bytes > 0xFFFF0000 || !room(<usize>bytes)) return false;
  const nb = heap.alloc(<usize>c << 2), nr = heap.alloc(<usize>c << 2), no = heap.alloc(<usize>c << 2);
  if (cap > 0) {
    memory.copy(nb, basic, <usize>m << 2);
    memory.copy(nr, rowLine, <usize>cap << 2);
    memory.copy(no, ptdfOB, <usize>cap << 2);
  }
  basic = nb; rowLine = nr; ptdfOB = no;
  const nbinv = heap.alloc(<usize>c * <usize>c << 3);
  // the inverse is kept (rows are added to it, see extendInverse): rows of m entries, new stride
  if (cap > 0) for (let i = 0; i < m; i++) memory.copy(nbinv + (<usize>i * <usize>c << 3), binv + (<usize>i * <usize>cap << 3), <usize>m << 3);
  binv = nbinv;
  const nw = heap.alloc(<usize>c << 3);
  if (cap > 0) memory.copy(nw, dseW, <usize>m << 3);
  dseW = nw;
  xB = heap.alloc(<usize>c << 3); y = heap.alloc(<usize>c << 3);
  // col: f64[cap], then pivot's i32 scratch
  rho = heap.alloc(<usize>c << 3); col = heap.alloc(<usize>c << 4); hOrd = heap.alloc(<usize>c << 3);
  rowList = heap.alloc(<usize>c << 2);
  cap = c;
  return true;
}

/** Set when a block of the call could not be allocated (the call then ends with STATUS_OUT_OF_MEMORY). */
export let outOfMemory: bool = false;

/** Records that an allocation failed. */
export function noteOutOfMemory(): void { outOfMemory = true; }

/** Counts a dropped line row, keeping the peak row count (imported bindings are read-only elsewhere). */
export function noteDropped(): void {
  if (m - nI > peakRows) peakRows = m - nI;
  rowsDropped++;
}

/** Sets the network factor the pricing passes may solve with. */
export function setGrid(p: usize): void { gridPtr = p; }

/** Counts a refactorization (imported bindings are read-only elsewhere). */
export function countRefactor(): void { refactors++; }

/** Sets the row count (imported bindings are read-only elsewhere). */
export function setRows(v: i32): void { m = v; }

/** Lower bound of variable v. */
export function lowerOf(v: i32): f64 {
  if (v < nO) return 0;
  if (v < nO + nL) return getF(lineMin, v - nO) - getF(baseFlow, v - nO);
  return -getF(islandFixed, v - nO - nL);
}

/** Upper bound of variable v. */
export function upperOf(v: i32): f64 {
  if (v < nO) return getF(ordQty, v);
  if (v < nO + nL) return getF(lineMax, v - nO) - getF(baseFlow, v - nO);
  return -getF(islandFixed, v - nO - nL);
}

/** Cost of v in the minimization (sells +price, buys -price, slacks 0). */
export function costOf(v: i32): f64 {
  if (v >= nO) return 0;
  return <f64>getI(ordSide, v) * getF(ordPrice, v);
}

/** Current value of a nonbasic variable. */
export function nonbasicValue(v: i32): f64 {
  return getI(varState, v) == AT_UPPER ? upperOf(v) : lowerOf(v);
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
  obSlot = heap.alloc(<usize>(nB + 1) << 2);
  for (let b = 0; b < nB; b++) setI(obSlot, b, -1);
  for (let k = 0; k < nOB; k++) setI(obSlot, getI(orderBuses, k), k);
}

/** Changes a variable's state, keeping the per-bus injection of orders at their upper bound exact. */
export function setState(v: i32, st: i32): void {
  if (v < nO) {
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
