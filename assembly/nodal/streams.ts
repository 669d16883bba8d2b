// Ratio-test candidates as sorted streams: orders of one bus and side have identical columns, so
// within a merit group (sorted by price) the eligible orders' ratios |price - mu| / |alpha| come
// in price order. A heap merges one stream per group (plus one per active line slack), so a ratio
// test costs O(groups + passed candidates x log groups) instead of O(orders).
import { ordBus, ordSide, ordPrice, getF, setF, getI, setI } from "./problem";
import { m, rowSlack, varState, colLo, colUp, AT_LOWER, AT_UPPER } from "./lp";
import { nG, groupStart, groupAt, groupBus, groupSide, nu, mu } from "./form";
import { rho } from "./basis";

/** Smallest |alpha| accepted in the ratio test (as the simplex's pivot tolerance). */
const ALPHA_TOL: f64 = 1e-9;
/** Price margin (ticks) when seeking a group's first eligible order: half a tick. */
const PRICE_MARGIN: f64 = 0.5;

let sGroup: usize = 0; // i32: group, or -1 for a stream of one candidate (a row's slack, a one-order group)
let sPos: usize = 0;   // i32: current order (group streams)
let sDir: usize = 0;   // i32: +1 ascending price, -1 descending
let sWant: usize = 0;  // i32: state an eligible order has
let sVar: usize = 0;   // i32: current candidate variable
let sAlpha: usize = 0; // f64: |alpha| of the stream
let sRatio: usize = 0; // f64: current candidate's ratio
let heapS: usize = 0;  // i32: heap of stream indices
let heapR: usize = 0;  // f64: ratio of the stream at each heap position (its key, kept beside it)
let heapV: usize = 0;  // i32: candidate variable of the stream at each heap position
let dualLine: usize = 0; // row duals, for line slacks' reduced costs

/** Allocates stream arrays for `n` streams. */
export function allocStreams(n: i32): void {
  const b4 = <usize>(n + 1) << 2, b8 = <usize>(n + 1) << 3;
  sGroup = heap.alloc(b4); sPos = heap.alloc(b4); sDir = heap.alloc(b4); sWant = heap.alloc(b4);
  sVar = heap.alloc(b4); heapS = heap.alloc(b4); sAlpha = heap.alloc(b8); sRatio = heap.alloc(b8);
  heapR = heap.alloc(b8); heapV = heap.alloc(b4);
}

/** Heap positions a before b: by (ratio, variable), a strict order. */
// @ts-ignore: decorator
@inline function before(a: i32, b: i32): bool {
  const ra = getF(heapR, a), rb = getF(heapR, b);
  if (ra != rb) return ra < rb;
  return getI(heapV, a) < getI(heapV, b);
}

function siftDown(i: i32, n: i32): void {
  while (true) {
    const l = 2 * i + 1;
    if (l >= n) return;
    let c = l;
    if (l + 1 < n && before(l + 1, l)) c = l + 1;
    if (!before(c, i)) return;
    swapPos(c, i);
    i = c;
  }
}

// @ts-ignore: decorator
@inline function swapPos(a: i32, b: i32): void {
  const s = getI(heapS, a), r = getF(heapR, a), v = getI(heapV, a);
  setI(heapS, a, getI(heapS, b)); setF(heapR, a, getF(heapR, b)); setI(heapV, a, getI(heapV, b));
  setI(heapS, b, s); setF(heapR, b, r); setI(heapV, b, v);
}

/** Puts stream st at heap position n with its current key. */
// @ts-ignore: decorator
@inline function place(n: i32, st: i32): void {
  setI(heapS, n, st); setF(heapR, n, getF(sRatio, st)); setI(heapV, n, getI(sVar, st));
}

/** Moves group stream st to its next eligible order; false when the group is exhausted. */
function seek(st: i32, from: i32): bool {
  const g = getI(sGroup, st), dir = getI(sDir, st), want = getI(sWant, st);
  const lo = getI(groupStart, g), hi = getI(groupStart, g + 1);
  let j = from;
  while (j >= lo && j < hi && unchecked(load<i32>(varState + (<usize>j << 2))) != want) j += dir;
  if (j < lo || j >= hi) return false;
  const b = getI(ordBus, j);
  const d = <f64>getI(ordSide, j) * (getF(ordPrice, j) - getF(mu, b));
  setI(sPos, st, j);
  setI(sVar, st, j);
  setF(sRatio, st, Math.max(0.0, want == AT_LOWER ? d : -d) / getF(sAlpha, st));
  return true;
}

/** First order of group g (ascending) priced at least p, or last priced at most p (descending). */
function startOf(g: i32, p: f64, dir: i32): i32 {
  let lo = getI(groupStart, g), hi = getI(groupStart, g + 1);
  if (dir > 0) {
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (getF(ordPrice, mid) < p) lo = mid + 1; else hi = mid; }
    return lo;
  }
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (getF(ordPrice, mid) <= p) lo = mid + 1; else hi = mid; }
  return lo - 1;
}

/** Opens one stream per group with eligible orders and per eligible line slack; returns the heap size. */
export function openStreams(sgn: f64, y: usize): i32 {
  dualLine = y;
  let n = 0;
  for (let g = 0; g < nG; g++) {
    const s = <f64>getI(groupSide, g), b = getI(groupBus, g);
    const a = s * getF(nu, b), sa = sgn * a;
    if (Math.abs(a) < ALPHA_TOL) continue;
    const want = sa > 0 ? AT_LOWER : AT_UPPER;
    if (getI(groupAt, 2 * g + want) == 0) continue; // no order in the wanted state: seek would find none
    // sells at lower and buys at upper sit above mu (ascending); the others below it (descending)
    const dir = (s > 0) == (want == AT_LOWER) ? 1 : -1;
    const pm = getF(mu, b);
    const lo = getI(groupStart, g);
    if (getI(groupStart, g + 1) - lo == 1) {
      // one order (the common case): startOf and seek inline, the same tests and the same ratio
      const p = getF(ordPrice, lo);
      if (dir > 0 ? p < pm - PRICE_MARGIN : !(p <= pm + PRICE_MARGIN)) continue;
      if (unchecked(load<i32>(varState + (<usize>lo << 2))) != want) continue;
      const d = s * (p - pm), alpha = Math.abs(a);
      setI(sGroup, n, -1); setF(sAlpha, n, alpha); setI(sVar, n, lo); // no next candidate: no seek state
      setF(sRatio, n, Math.max(0.0, want == AT_LOWER ? d : -d) / alpha);
      place(n, n); n++;
      continue;
    }
    setI(sGroup, n, g); setI(sDir, n, dir); setI(sWant, n, want); setF(sAlpha, n, Math.abs(a));
    if (seek(n, startOf(g, dir > 0 ? pm - PRICE_MARGIN : pm + PRICE_MARGIN, dir))) { place(n, n); n++; }
  }
  // the heap orders by (ratio, variable), a strict order: the order streams are opened in does not matter
  for (let r = 0; r < m; r++) n = openSlack(r, sgn, n);
  for (let i = (n >> 1) - 1; i >= 0; i--) siftDown(i, n);
  return n;
}

/**
 * Opens a stream for row r's slack when it is nonbasic, boxed (a fixed column never enters: its
 * flip leaves the slope unchanged) and its pivot-row entry lets it move the right way.
 */
function openSlack(r: i32, sgn: f64, n: i32): i32 {
  const v = getI(rowSlack, r);
  const st = getI(varState, v);
  if (st != AT_LOWER && st != AT_UPPER) return n;
  if (getF(colLo, v) == getF(colUp, v)) return n;
  const a = -getF(rho, r), sa = sgn * a;
  if (st == AT_LOWER ? sa < ALPHA_TOL : sa > -ALPHA_TOL) return n;
  const d = getF(dualLine, r);
  setI(sGroup, n, -1); setI(sVar, n, v); setF(sAlpha, n, Math.abs(a));
  setF(sRatio, n, Math.max(0.0, st == AT_LOWER ? d : -d) / Math.abs(a));
  place(n, n);
  return n + 1;
}

/** The stream with the smallest ratio. */
export function topStream(): i32 { return getI(heapS, 0); }
/** Its current candidate variable. */
export function streamVar(st: i32): i32 { return getI(sVar, st); }
/** Its current candidate's ratio (the dual step if that candidate enters). */
export function streamRatio(st: i32): f64 { return getF(sRatio, st); }
/** Its |alpha|. */
export function streamAlpha(st: i32): f64 { return getF(sAlpha, st); }

/** Advances the top stream past its (just flipped) candidate; returns the new heap size. */
export function advanceTop(n: i32): i32 {
  const st = getI(heapS, 0);
  const alive = getI(sGroup, st) >= 0 && seek(st, getI(sPos, st) + getI(sDir, st));
  if (alive) place(0, st);
  else {
    n--;
    setI(heapS, 0, getI(heapS, n)); setF(heapR, 0, getF(heapR, n)); setI(heapV, 0, getI(heapV, n));
  }
  siftDown(0, n);
  return n;
}
