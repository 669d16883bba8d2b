// Ratio-test candidates as sorted streams: orders of one bus and side have identical columns, so
// within a merit group (sorted by price) the eligible orders' ratios |price - mu| / |alpha| come
// in price order. A heap merges one stream per group (plus one per active line slack), so a ratio
// test costs O(groups + passed candidates x log groups) instead of O(orders).
import { ordBus, ordSide, ordPrice, getF, setF, getI, setI } from "./problem";
import { m, rowSlack, varState, colLo, colUp, AT_LOWER, AT_UPPER } from "./lp";
import { nG, groupStart, groupAt, groupBus, groupSide, nu, mu, nOB, orderBuses } from "./form";
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
let slopeAt: f64 = 0;    // the ratio test's initial slope |delta| (the bound below)
let boundR: f64 = 0;     // key (ratio, variable) of the first stream head found that alone ends the ratio test, or +inf
let boundV: i32 = 0;
let keyNaN = false;      // a head's ratio is NaN: no filtering (the keys are not totally ordered)
let obGroups: usize = 0;  // i32[nOB + 1]: first merit group of each order bus (groups are sorted by bus)
let startHint: usize = 0; // i32[2 nG]: group g's last startOf result, ascending (2g) and descending (2g+1)

/** Allocates stream arrays for `n` streams. */
export function allocStreams(n: i32): void {
  const b4 = <usize>(n + 1) << 2, b8 = <usize>(n + 1) << 3;
  sGroup = heap.alloc(b4); sPos = heap.alloc(b4); sDir = heap.alloc(b4); sWant = heap.alloc(b4);
  sVar = heap.alloc(b4); heapS = heap.alloc(b4); sAlpha = heap.alloc(b8); sRatio = heap.alloc(b8);
  heapR = heap.alloc(b8); heapV = heap.alloc(b4);
  obGroups = heap.alloc(<usize>(nOB + 2) << 2);
  for (let g = 0, i = 0; g < nG; g++) if (g == 0 || getI(groupBus, g) != getI(groupBus, g - 1)) setI(obGroups, i++, g);
  setI(obGroups, nOB, nG);
  startHint = heap.alloc(<usize>(2 * nG + 2) << 2);
  for (let g = 0; g < nG; g++) { const lo = getI(groupStart, g); setI(startHint, 2 * g, lo); setI(startHint, 2 * g + 1, lo - 1); }
}

/** Heap positions a before b: by (ratio, variable), a strict order. */
// @ts-ignore: decorator
@inline function before(a: i32, b: i32): bool {
  const ra = getF(heapR, a), rb = getF(heapR, b);
  if (ra != rb) return ra < rb;
  return getI(heapV, a) < getI(heapV, b);
}

/**
 * Moves the entry at heap position i down to its place among the first n: the child chosen and
 * the place are those of swapping level by level, but the entry is carried in locals and written
 * once (a child moves up into the hole), half the loads and stores per level.
 */
function siftDown(i: i32, n: i32): void {
  const s = getI(heapS, i), r = getF(heapR, i), v = getI(heapV, i);
  while (true) {
    const l = 2 * i + 1;
    if (l >= n) break;
    let c = l;
    if (l + 1 < n && before(l + 1, l)) c = l + 1;
    // before(c, i) with i's entry held in (r, v)
    const rc = getF(heapR, c), vc = getI(heapV, c);
    if (!(rc != r ? rc < r : vc < v)) break;
    setI(heapS, i, getI(heapS, c)); setF(heapR, i, rc); setI(heapV, i, vc);
    i = c;
  }
  setI(heapS, i, s); setF(heapR, i, r); setI(heapV, i, v);
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

/**
 * First order of group g (ascending) priced at least p, or last priced at most p (descending).
 * The group's last answer for that direction is tried first: the bus price moves little between
 * iterations, so it is usually still the answer (two comparisons prove it); else a binary search.
 * Either way the answer is the one index the definition gives, so the streams are the same.
 */
function startOf(g: i32, p: f64, dir: i32): i32 {
  let lo = getI(groupStart, g), hi = getI(groupStart, g + 1);
  const slot = startHint + (<usize>(2 * g + (dir > 0 ? 0 : 1)) << 2);
  const k = load<i32>(slot);
  if (dir > 0) {
    if ((k == hi || getF(ordPrice, k) >= p) && (k == lo || getF(ordPrice, k - 1) < p)) return k;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (getF(ordPrice, mid) < p) lo = mid + 1; else hi = mid; }
    store<i32>(slot, lo);
    return lo;
  }
  if ((k == lo - 1 || getF(ordPrice, k) <= p) && (k + 1 == hi || getF(ordPrice, k + 1) > p)) return k;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (getF(ordPrice, mid) <= p) lo = mid + 1; else hi = mid; }
  store<i32>(slot, lo - 1);
  return lo - 1;
}

/**
 * Notes stream n's head (just placed at heap position n) for the bound: a head whose flip alone
 * takes at least the initial slope, alpha x (upper - lower) >= |delta|, ends the ratio test when
 * it is reached (ratioTest's next = slope - that <= 0 in floating point too: slope <= |delta|).
 * So the test stops at or before the smallest such head's key, and a stream whose head's key is
 * larger is never popped (its later candidates' ratios are no smaller than its head's).
 */
// @ts-ignore: decorator
@inline function noteHead(n: i32): void {
  const r = getF(heapR, n), v = getI(heapV, n);
  if (r != r) { keyNaN = true; return; }
  if (getF(sAlpha, n) * (getF(colUp, v) - getF(colLo, v)) >= slopeAt && (r < boundR || (r == boundR && v < boundV))) { boundR = r; boundV = v; }
}

/**
 * Whether a candidate with ratio numerator dn (>= 0) and |alpha| a is sure to lie past the bound
 * found so far, ratio = dn / a > boundR, without the division: dn > boundR a (1 + 1e-12), the
 * margin far above the rounding of the product and of the quotient (both normal: boundR >= 1e-290
 * and a >= ALPHA_TOL, so boundR a >= 1e-299). Such a candidate's stream would be opened and then
 * dropped by openStreams' filter (the bound only decreases), and as a head it cannot lower the
 * bound (noteHead keeps only keys below it): so it is not opened at all, with the same heap.
 */
// @ts-ignore: decorator
@inline function pastBound(dn: f64, a: f64): bool {
  return boundR >= 1e-290 && dn > boundR * a * PAST_MARGIN;
}
const PAST_MARGIN: f64 = 1.0 + 1e-12;

/**
 * Opens one stream per group with eligible orders and per eligible line slack, keeps those whose
 * head is not past the bound (noteHead) and makes them a heap; returns its size. The ratio test
 * pops exactly the candidates it would pop with every stream in the heap: the same entering
 * variable, the same flips, the same ratio. A head sure to lie past the bound found so far is not
 * opened (pastBound); when some head's ratio is NaN nothing is filtered, so then the streams are
 * opened again without that test.
 */
export function openStreams(sgn: f64, y: usize, slope0: f64): i32 {
  const n = openAll(sgn, y, slope0, true);
  return keyNaN ? openAll(sgn, y, slope0, false) : n;
}

function openAll(sgn: f64, y: usize, slope0: f64, skip: bool): i32 {
  dualLine = y;
  slopeAt = slope0; boundR = Infinity; boundV = i32.MAX_VALUE; keyNaN = false;
  // the heap orders by (ratio, variable), a strict order: the order streams are opened in does not
  // matter, so the line slacks come first (a wide slack often sets the bound that skips groups)
  let n = 0;
  for (let r = 0; r < m; r++) n = openSlack(r, sgn, n, skip);
  // by order bus (the groups' order), its pivot-row entry and price read once: a group's alpha
  // is side x nu_b, so |alpha| = |nu_b| for both of its groups
  for (let i = 0; i < nOB; i++) {
    const b = getI(orderBuses, i), nb = getF(nu, b), alpha = Math.abs(nb);
    if (alpha < ALPHA_TOL) continue;
    const pm = getF(mu, b), gEnd = getI(obGroups, i + 1);
    for (let g = getI(obGroups, i); g < gEnd; g++) {
      const s = <f64>getI(groupSide, g), sa = sgn * (s * nb);
      const want = sa > 0 ? AT_LOWER : AT_UPPER;
      if (getI(groupAt, 2 * g + want) == 0) continue; // no order in the wanted state: seek would find none
      // sells at lower and buys at upper sit above mu (ascending); the others below it (descending)
      const dir = (s > 0) == (want == AT_LOWER) ? 1 : -1;
      const lo = getI(groupStart, g), hi = getI(groupStart, g + 1);
      let j = lo;
      if (hi - lo == 1) {
        // one order (the common case): startOf and seek inline, the same tests
        const p = getF(ordPrice, lo);
        if (dir > 0 ? p < pm - PRICE_MARGIN : !(p <= pm + PRICE_MARGIN)) continue;
        if (unchecked(load<i32>(varState + (<usize>lo << 2))) != want) continue;
      } else {
        // seek inline: its first eligible order and its ratio, the same values
        j = startOf(g, dir > 0 ? pm - PRICE_MARGIN : pm + PRICE_MARGIN, dir);
        while (j >= lo && j < hi && unchecked(load<i32>(varState + (<usize>j << 2))) != want) j += dir;
        if (j < lo || j >= hi) continue;
      }
      const d = s * (getF(ordPrice, j) - pm), dn = Math.max(0.0, want == AT_LOWER ? d : -d);
      if (skip && pastBound(dn, alpha)) continue;
      if (hi - lo == 1) setI(sGroup, n, -1); // no next candidate: no seek state
      else { setI(sGroup, n, g); setI(sDir, n, dir); setI(sWant, n, want); setI(sPos, n, j); }
      setF(sAlpha, n, alpha); setI(sVar, n, j);
      setF(sRatio, n, dn / alpha);
      place(n, n); noteHead(n); n++;
    }
  }
  if (boundR < Infinity && !keyNaN) {
    let k = 0;
    for (let i = 0; i < n; i++) {
      const r = getF(heapR, i), v = getI(heapV, i);
      if (r > boundR || (r == boundR && v > boundV)) continue;
      if (k != i) { setI(heapS, k, getI(heapS, i)); setF(heapR, k, r); setI(heapV, k, v); }
      k++;
    }
    n = k;
  }
  for (let i = (n >> 1) - 1; i >= 0; i--) siftDown(i, n);
  return n;
}

/**
 * Opens a stream for row r's slack when it is nonbasic, boxed (a fixed column never enters: its
 * flip leaves the slope unchanged) and its pivot-row entry lets it move the right way.
 */
function openSlack(r: i32, sgn: f64, n: i32, skip: bool): i32 {
  const v = getI(rowSlack, r);
  const st = getI(varState, v);
  if (st != AT_LOWER && st != AT_UPPER) return n;
  if (getF(colLo, v) == getF(colUp, v)) return n;
  const a = -getF(rho, r), sa = sgn * a;
  if (st == AT_LOWER ? sa < ALPHA_TOL : sa > -ALPHA_TOL) return n;
  const d = getF(dualLine, r), dn = Math.max(0.0, st == AT_LOWER ? d : -d), aa = Math.abs(a);
  if (skip && pastBound(dn, aa)) return n;
  setI(sGroup, n, -1); setI(sVar, n, v); setF(sAlpha, n, aa);
  setF(sRatio, n, dn / aa);
  place(n, n); noteHead(n);
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
