// The uniform-price crossing from price cells: both sides' prices on one grid of at most CELLS
// cells of 2^shift ticks (shift 0 when the price range fits: a cell is then a price level). One
// pass sums each side's quantity per cell. Walking buy cells down and sell cells up, every pair
// of different cells crosses (or not) for certain; only a pair of equal cells (one cell: the
// crossing) needs its orders in price order, and only when a cell holds more than one price.
// The same holds for the last cell each side fills and the next one: so whatever the price
// distribution, the crossing costs one pass and a sort of the few orders of a few cells.
import { SORT_PRICE_DOWN, SORT_PRICE_UP, stableSort } from "./sort";

/**
 * At most this many cells per side: both sides' histograms (2 x 2^15 x 8 bytes) stay in a 512 KiB
 * L2 cache. 2^17 cells (2 MiB) cost the histogram pass cache misses: over 0..4000 at 4 decimals
 * (1e6 orders) the core took 27% longer without trades; the few more orders of the crossing cell
 * cost nothing measurable.
 */
const MAX_CELLS: i32 = 1 << 15;

/** The grid: cell of price p = (p - base) >> shift, cells 0..cells-1 ascending in price. */
export let base: i64 = 0, shift: u64 = 0, cells: i32 = 0;
/** Quantity per cell (i64[cells]) of buys and sells; orders per cell (i32[cells]) when counting. */
export let bHist: usize = 0, sHist: usize = 0, bCount: usize = 0, sCount: usize = 0;

/** Per side, after `crossCells` (buys: b*, sells: s*). NONE_*: no such price. */
export const NO_PRICE_LOW: i64 = i64.MIN_VALUE, NO_PRICE_HIGH: i64 = i64.MAX_VALUE;
/** Price of the last level with a fill, the marginal (partly filled) level, the first level not filled completely. */
export let bLastP: i64 = 0, bMargP: i64 = 0, bNextP: i64 = 0, sLastP: i64 = 0, sMargP: i64 = 0, sNextP: i64 = 0;
/** Quantity the marginal level shares (its rest) and the level's total; the last cell with a fill (-1: none). */
export let bRest: i64 = 0, bMargQ: i64 = 0, bLastCell: i32 = -1, sRest: i64 = 0, sMargQ: i64 = 0, sLastCell: i32 = -1;
/** The efficient volume. */
export let volume: i64 = 0;
/** Each side's total quantity and the bits of the largest quantity (setSideTotals). */
export let totalB: i64 = 0, totalS: i64 = 0, qtyBits: u32 = 0;

/**
 * Whether the marginal levels hold few of their sides' quantity (at most 1/32 each): then the fill
 * passes list their orders behind a branch that is almost never taken, else branch-free (a level
 * may hold most of the orders, and a branch taken at random costs more than the store).
 */
export function fewMarginal(): bool {
  return bMargQ <= totalB >> 5 && sMargQ <= totalS >> 5;
}

@inline function cellQ(h: usize, c: i32): i64 { return load<i64>(h + (<usize>c << 3)); }
@inline export function cellOf(p: i64): i32 { return <i32>(<u64>(p - base) >> shift); }

// Scratch: two lists of 4 bytes per order (the orders of a cell, per side) and a merge buffer.
let listB: usize = 0, listS: usize = 0, mergeTmp: usize = 0;

/**
 * Chooses the grid for prices in [lo, hi] and places the histograms: in `small` (HIST_BYTES: up to
 * 16384 cells) or, for more cells, in the first half of `big` (8 x m bytes: up to m/4 cells); counts (8 bytes per
 * cell) at `counts` (0: none). Lists and merge buffer: 4 x m bytes each.
 */
export function setGrid(lo: i64, hi: i64, m: i32, small: usize, big: usize, counts: usize,
                        lb: usize, ls: usize, tmp: usize): void {
  const useBig = (m >> 2) > 16384;
  const room: u64 = <u64>(useBig ? min(m >> 2, MAX_CELLS) : min(m, 16384));
  const span = <u64>(hi - lo); // |lo|, |hi| < 2^62
  let s: u64 = 0;
  while ((span >> s) + 1 > room) s++;
  base = lo; shift = s; cells = <i32>((span >> s) + 1);
  bHist = useBig ? big : small;
  sHist = bHist + (<usize>cells << 3);
  memory.fill(bHist, 0, <usize>cells << 4);
  bCount = counts;
  sCount = counts + (<usize>cells << 2);
  if (counts != 0) memory.fill(counts, 0, <usize>cells << 3);
  listB = lb; listS = ls; mergeTmp = tmp;
}

/** Counts orders per cell from the next sumCells on, at `counts` (4 bytes per cell and side). */
export function countCells(counts: usize): void {
  bCount = counts;
  sCount = counts + (<usize>cells << 2);
  memory.fill(counts, 0, <usize>cells << 3);
}

/** Whether both sides' totals fit in i64 (then totalB, totalS and qtyBits hold). */
export let totalsFit: bool = false;

/** Each side's total quantity and the bits of the largest quantity, found while validating. */
export function setSideTotals(b: i64, s: i64, fit: bool, bits: u32): void {
  totalB = b; totalS = s; totalsFit = fit; qtyBits = bits;
}

/**
 * Sums quantities (and counts orders) per cell; the sides' totals are known (setSideTotals, which
 * must fit): with one cell (every order at one price) they are its sums and no order is read.
 */
export function sumCells(n: i32, nb: i32, side: usize, price: usize, qty: usize): void {
  const counting = bCount != 0;
  if (cells == 1) {
    store<i64>(bHist, totalB); store<i64>(sHist, totalS);
    if (counting) { store<i32>(bCount, nb); store<i32>(sCount, n - nb); }
    return;
  }
  if (counting) sumCellsOf(n, side, price, qty, true);
  else sumCellsOf(n, side, price, qty, false);
}

/** sumCells's pass over the orders, `counting` a constant at each call (each loop compiled alone). */
@inline function sumCellsOf(n: i32, side: usize, price: usize, qty: usize, counting: bool): void {
  // the grid and columns in locals: V8 reloads a Wasm global from memory at every use in a loop
  const b0 = base, sh = shift, bH = bHist, sH = sHist, bC = bCount, sC = sCount;
  for (let i = 0; i < n; i++) {
    const isSell = load<u8>(side + <usize>i) != 0;
    const c = <usize>(<u64>(load<i64>(price + (<usize>i << 3)) - b0) >> sh);
    const q = load<i64>(qty + (<usize>i << 3));
    const at = select<usize>(sH, bH, isSell) + (c << 3);
    store<i64>(at, load<i64>(at) + q);
    if (counting) {
      const k = select<usize>(sC, bC, isSell) + (c << 2);
      store<i32>(k, load<i32>(k) + 1);
    }
  }
}

/** The next non-empty cell from c in direction dir (-1 or 1), or -1 / cells when none. */
function nextCell(h: usize, c: i32, dir: i32): i32 {
  while (c >= 0 && c < cells && cellQ(h, c) == 0) c += dir;
  return c;
}

/** listCells' vector constants (see there). */
const LIST_K = memory.data(48, 16);

/**
 * Lists the buys of cell cb (at listB) and the sells of cell cs (at listS), each best first (by
 * price, then input order); -1 skips a side. Returns the buys' count (sells: `listedS`).
 */
function listCells(n: i32, side: usize, price: usize, cb: i32, cs: i32): i32 {
  let nb = 0, ns = 0;
  const ub = <u64>cb, us = <u64>cs; // -1 matches no cell
  // two prices per SIMD step; the rare step with an order in either cell is listed in scalar code
  // the splats loaded from memory before the loop: binaryen moves a splat used once into the
  // loop, where V8 builds it at every step
  v128.store(LIST_K, i64x2.splat(<i64>(cb >= 0 ? ub : u64.MAX_VALUE)));
  v128.store(LIST_K, i64x2.splat(<i64>(cs >= 0 ? us : u64.MAX_VALUE)), 16);
  v128.store(LIST_K, i64x2.splat(base), 32);
  const vb = v128.load(LIST_K), vs = v128.load(LIST_K, 16), vbase = v128.load(LIST_K, 32), sh = <i32>shift;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const c = i64x2.shr_u(i64x2.sub(v128.load(price + (<usize>i << 3)), vbase), sh);
    if (!v128.any_true(v128.or(i64x2.eq(c, vb), i64x2.eq(c, vs)))) continue;
    for (let j = i; j < i + 2; j++) {
      const cj = <u64>cellOf(load<i64>(price + (<usize>j << 3)));
      if (load<u8>(side + <usize>j) == 0) {
        if (cj == ub) { store<i32>(listB + (<usize>nb << 2), j); nb++; }
      } else if (cj == us) { store<i32>(listS + (<usize>ns << 2), j); ns++; }
    }
  }
  for (; i < n; i++) {
    const c = <u64>cellOf(load<i64>(price + (<usize>i << 3)));
    if (c != ub && c != us) continue;
    if (load<u8>(side + <usize>i) == 0) {
      if (c == ub) { store<i32>(listB + (<usize>nb << 2), i); nb++; }
    } else if (c == us) { store<i32>(listS + (<usize>ns << 2), i); ns++; }
  }
  if (shift != 0) { // one price per cell otherwise: already in input order
    stableSort(listB, nb, mergeTmp, SORT_PRICE_DOWN, price);
    stableSort(listS, ns, mergeTmp, SORT_PRICE_UP, price);
  }
  listedS = ns; listedNb = nb; listedB = cb; listedC = cs;
  return nb;
}
/** The cells the lists hold (-2: none yet) and their lengths. */
let listedS: i32 = 0, listedNb: i32 = 0, listedB: i32 = -2, listedC: i32 = -2;

/** Quantity of the first `skip` ticks of a price-ordered list skipped: index and remaining quantity. */
let skipAt: i32 = 0, skipLeft: i64 = 0;
function skipQty(list: usize, count: i32, qty: usize, skip: i64): void {
  let i = 0;
  while (i < count) {
    const q = load<i64>(qty + (<usize>load<i32>(list + (<usize>i << 2)) << 3));
    if (skip < q) { skipLeft = q - skip; break; }
    skip -= q;
    i++;
  }
  skipAt = i;
}

/** The volume the crossing cell adds: its buys (ub already used) against its sells (us used). */
function crossInCell(nb: i32, ns: i32, price: usize, qty: usize, ub: i64, us: i64): i64 {
  skipQty(listB, nb, qty, ub);
  let i = skipAt, rb = skipLeft;
  skipQty(listS, ns, qty, us);
  let j = skipAt, rs = skipLeft;
  let v: i64 = 0;
  while (i < nb && j < ns) {
    const b = load<i32>(listB + (<usize>i << 2)), s = load<i32>(listS + (<usize>j << 2));
    if (load<i64>(price + (<usize>b << 3)) < load<i64>(price + (<usize>s << 3))) break;
    const t = rb < rs ? rb : rs;
    v += t;
    rb -= t;
    rs -= t;
    if (rb == 0 && ++i < nb) rb = load<i64>(qty + (<usize>load<i32>(listB + (<usize>i << 2)) << 3));
    if (rs == 0 && ++j < ns) rs = load<i64>(qty + (<usize>load<i32>(listS + (<usize>j << 2)) << 3));
  }
  return v;
}

/**
 * The efficient volume: buy cells from the highest down against sell cells from the lowest up; a
 * buy cell above a sell cell crosses, below it does not; in one cell (shift > 0) its orders decide.
 */
function walkCells(n: i32, side: usize, price: usize, qty: usize): i64 {
  let i = nextCell(bHist, cells - 1, -1), j = nextCell(sHist, 0, 1), v: i64 = 0;
  let rb: i64 = i >= 0 ? cellQ(bHist, i) : 0, rs: i64 = j < cells ? cellQ(sHist, j) : 0;
  while (i >= 0 && j < cells && (i > j || (i == j && shift == 0))) {
    const t = rb < rs ? rb : rs;
    v += t; // <= a side's total, which fits
    rb -= t;
    rs -= t;
    if (rb == 0) { i = nextCell(bHist, i - 1, -1); if (i >= 0) rb = cellQ(bHist, i); }
    if (rs == 0) { j = nextCell(sHist, j + 1, 1); if (j < cells) rs = cellQ(sHist, j); }
  }
  if (i >= 0 && j < cells && i == j) {
    const nb = listCells(n, side, price, i, i);
    v += crossInCell(nb, listedS, price, qty, cellQ(bHist, i) - rb, cellQ(sHist, i) - rs);
  }
  return v;
}

/** The cell where a side's fill (volume v, cells from the best in direction dir) ends, and the volume used in it. */
let endCell: i32 = -1, endUsed: i64 = 0;
function fillEnd(h: usize, v: i64, dir: i32): void {
  endCell = -1; endUsed = 0;
  if (v == 0) return;
  let c = dir < 0 ? cells - 1 : 0, cum: i64 = 0;
  while (true) {
    const q = cellQ(h, c);
    if (cum + q >= v) { endCell = c; endUsed = v - cum; return; }
    cum += q;
    c += dir;
  }
}

/** Levels of one side's last cell (a price-ordered list): last, marginal and next prices. */
let lvLast: i64 = 0, lvMarg: i64 = 0, lvNext: i64 = 0, lvRest: i64 = 0, lvQ: i64 = 0;
function levelsOf(list: usize, count: i32, price: usize, qty: usize, used: i64, none: i64): void {
  let k = 0, cum: i64 = 0;
  lvMarg = none; lvNext = none; lvRest = 0; lvQ = 0;
  while (k < count) {
    const p = load<i64>(price + (<usize>load<i32>(list + (<usize>k << 2)) << 3));
    let lq: i64 = 0;
    while (k < count) {
      const o = load<i32>(list + (<usize>k << 2));
      if (load<i64>(price + (<usize>o << 3)) != p) break;
      lq += load<i64>(qty + (<usize>o << 3));
      k++;
    }
    if (cum + lq >= used) {
      lvLast = p;
      if (cum + lq > used) { lvMarg = p; lvNext = p; lvRest = used - cum; lvQ = lq; }
      else if (k < count) lvNext = load<i64>(price + (<usize>load<i32>(list + (<usize>k << 2)) << 3));
      return;
    }
    cum += lq;
  }
}

/** levelsOf for a cell that is one level (shift 0). */
function cellLevel(h: usize, c: i32, used: i64, none: i64): void {
  const p = base + <i64>c, q = cellQ(h, c);
  lvLast = p; lvMarg = none; lvNext = none; lvRest = 0; lvQ = 0;
  if (used < q) { lvMarg = p; lvNext = p; lvRest = used; lvQ = q; }
}

/** The best price of a side's orders in cell c (a pass; shift 0: the cell's price). */
function bestIn(n: i32, side: usize, price: usize, c: i32, sell: bool): i64 {
  if (shift == 0) return base + <i64>c;
  let best = sell ? NO_PRICE_HIGH : NO_PRICE_LOW;
  for (let i = 0; i < n; i++) {
    const p = load<i64>(price + (<usize>i << 3));
    if (cellOf(p) != c || (load<u8>(side + <usize>i) != 0) != sell) continue;
    best = sell ? min(best, p) : max(best, p);
  }
  return best;
}

/**
 * The crossing: volume, and per side the last, marginal and next prices, the marginal level's
 * rest and total (see the exported state). Needs setGrid and sumCells first.
 */
export function crossCells(n: i32, side: usize, price: usize, qty: usize, bBest: i64, sBest: i64): void {
  listedB = -2; listedC = -2;
  const v = walkCells(n, side, price, qty);
  volume = v;
  fillEnd(bHist, v, -1);
  const cb = endCell, ub = endUsed;
  fillEnd(sHist, v, 1);
  const cs = endCell, us = endUsed;
  bLastCell = cb; sLastCell = cs;
  bLastP = NO_PRICE_HIGH; bMargP = NO_PRICE_LOW; bNextP = nextCell(bHist, cells - 1, -1) >= 0 ? bBest : NO_PRICE_LOW; bRest = 0; bMargQ = 0;
  sLastP = NO_PRICE_LOW; sMargP = NO_PRICE_HIGH; sNextP = nextCell(sHist, 0, 1) < cells ? sBest : NO_PRICE_HIGH; sRest = 0; sMargQ = 0;
  if (v == 0) return;
  if (shift == 0) { // a cell is a level
    cellLevel(bHist, cb, ub, NO_PRICE_LOW);
  } else {
    // the crossing cell's lists may be these already
    const nb = cb == listedB && cs == listedC ? listedNb : listCells(n, side, price, cb, cs);
    levelsOf(listB, nb, price, qty, ub, NO_PRICE_LOW);
  }
  bLastP = lvLast; bMargP = lvMarg; bNextP = lvNext; bRest = lvRest; bMargQ = lvQ;
  if (shift == 0) cellLevel(sHist, cs, us, NO_PRICE_HIGH);
  else levelsOf(listS, listedS, price, qty, us, NO_PRICE_HIGH);
  sLastP = lvLast; sMargP = lvMarg; sNextP = lvNext; sRest = lvRest; sMargQ = lvQ;
  if (bNextP == NO_PRICE_LOW) { // the last cell filled completely: the next level is in the next cell
    const c = nextCell(bHist, cb - 1, -1);
    if (c >= 0) bNextP = bestIn(n, side, price, c, false);
  }
  if (sNextP == NO_PRICE_HIGH) {
    const c = nextCell(sHist, cs + 1, 1);
    if (c < cells) sNextP = bestIn(n, side, price, c, true);
  }
}
