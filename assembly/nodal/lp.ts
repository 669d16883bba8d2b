// The LP that the method (basis.ts, simplex.ts) solves, as data: columns and rows with a kind,
// bounds and costs, so that a new kind of column or row is a new entry in these arrays and in the
// formulation (form.ts), never a branch in the method. Constraints are A x - s = 0 per row: every
// row r has its slack column rowSlack[r] with coefficient -1 (its bounds are the row's bounds),
// the other columns are structural, their entries given by the formulation (structColumn).
// The state of one clearing is module globals (one struct per module, reset per call).
import { getF, getI, setI } from "./problem";

/** Column kinds: an order's fill, a line row's slack (the line's order-driven flow), an island balance's slack. */
export const COL_ORDER: i32 = 0;
export const COL_LINE: i32 = 1;
export const COL_BALANCE: i32 = 2;
/** Row kinds: an island's balance, a line's flow. */
export const ROW_BALANCE: i32 = 0;
export const ROW_LINE: i32 = 1;

/** Column states. */
// @ts-ignore: decorator
@inline export const AT_LOWER: i32 = 0;
// @ts-ignore: decorator
@inline export const AT_UPPER: i32 = 1;
// @ts-ignore: decorator
@inline export const BASIC: i32 = 2;

export let nV: i32 = 0;           // columns
export let colKind: usize = 0;    // i32[nV]: COL_*
export let colRef: usize = 0;     // i32[nV]: the order, line or island the column belongs to
export let colRow: usize = 0;     // i32[nV]: row of a slack column while its row is in the LP, else -1 (structural: -1)
export let colLo: usize = 0;      // f64[nV] lower bound
export let colUp: usize = 0;      // f64[nV] upper bound
export let colCost: usize = 0;    // f64[nV] cost in the minimization
export let varState: usize = 0;   // i32[nV]: AT_LOWER, AT_UPPER, BASIC

export let m: i32 = 0;            // rows in the LP
export let maxRows: i32 = 0;      // most rows the formulation can have (caps the capacity)
export let cap: i32 = 0;          // row capacity (of these arrays and of the basis, basis.ts)
export let rowKind: usize = 0;    // i32[cap]: ROW_*
export let rowRef: usize = 0;     // i32[cap]: the island or line the row belongs to
export let rowSlack: usize = 0;   // i32[cap]: the row's slack column

/** Allocates the column arrays for n columns (bump arena, reset by the caller after the call). */
export function allocColumns(n: i32): void {
  nV = n;
  const b4 = <usize>(n + 1) << 2, b8 = <usize>(n + 1) << 3;
  colKind = heap.alloc(b4); colRef = heap.alloc(b4); colRow = heap.alloc(b4); varState = heap.alloc(b4);
  colLo = heap.alloc(b8); colUp = heap.alloc(b8); colCost = heap.alloc(b8);
  m = 0; cap = 0;
}

/** Moves the row arrays to capacity c (the caller checked room), keeping the m rows there are. */
export function resizeRows(c: i32): void {
  const k = heap.alloc(<usize>c << 2), r = heap.alloc(<usize>c << 2), s = heap.alloc(<usize>c << 2);
  if (cap > 0) {
    memory.copy(k, rowKind, <usize>m << 2); memory.copy(r, rowRef, <usize>m << 2); memory.copy(s, rowSlack, <usize>m << 2);
  }
  rowKind = k; rowRef = r; rowSlack = s; cap = c;
}

/** Appends a row of kind `kind` for element `ref` with slack column `slack` (capacity checked by the caller). */
export function appendRow(kind: i32, ref: i32, slack: i32): i32 {
  const r = m;
  setI(rowKind, r, kind); setI(rowRef, r, ref); setI(rowSlack, r, slack); setI(colRow, slack, r);
  m = r + 1;
  return r;
}

/** Moves row `from` to index `to` (< from, rows compacted in ascending order). */
export function moveRow(from: i32, to: i32): void {
  setI(rowKind, to, getI(rowKind, from)); setI(rowRef, to, getI(rowRef, from));
  const s = getI(rowSlack, from);
  setI(rowSlack, to, s); setI(colRow, s, to);
}

/** Sets the most rows there can be (the formulation's count). */
export function setMaxRows(v: i32): void { maxRows = v; }

/** Sets the row count (imported bindings are read-only elsewhere). */
export function setRows(v: i32): void { m = v; }

/** Bounds, cost and value of column v. */
// @ts-ignore: decorator
@inline export function lowerOf(v: i32): f64 { return getF(colLo, v); }
// @ts-ignore: decorator
@inline export function upperOf(v: i32): f64 { return getF(colUp, v); }
// @ts-ignore: decorator
@inline export function costOf(v: i32): f64 { return getF(colCost, v); }
// @ts-ignore: decorator
@inline export function stateOf(v: i32): i32 { return getI(varState, v); }

/** Current value of a nonbasic column. */
export function nonbasicValue(v: i32): f64 {
  return getI(varState, v) == AT_UPPER ? getF(colUp, v) : getF(colLo, v);
}
