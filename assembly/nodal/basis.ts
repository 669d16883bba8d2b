// The method's basis: a dense explicit inverse of the basis matrix (rows = the LP's rows, kept
// small by row generation), updated in place at every pivot, extended when rows are appended and
// shrunk when rows are dropped. It sees the LP only through lp.ts (bounds, costs, row slacks) and
// the formulation's structural columns (form.ts); it knows nothing of orders, lines or buses.
import { getF, setF, getI, setI, room } from "./problem";
import { m, cap, maxRows, nonbasicValue, costOf, colRow, rowSlack, varState, BASIC, resizeRows, moveRow, setRows } from "./lp";
import { structColumn, structEntry, noteRowMoved } from "./form";
import { structPart, spreadRow } from "./buses";
import { subScaled, subScaled2, subScaledList, subScaledList2, dot4 } from "./kernels";

export let binv: usize = 0;       // f64[cap*cap]: B^-1, row stride cap
export let basic: usize = 0;      // i32[cap]: column basic in each position
export let xB: usize = 0;         // f64[cap]: values of the basic columns
export let y: usize = 0;          // f64[cap]: duals
export let rho: usize = 0;        // f64[cap]: the pivot row of B^-1
export let col: usize = 0;        // f64[2 cap]: the entering column B^-1 a_q, then an i32 scratch
export let h: usize = 0;          // f64[cap]: right-hand side scratch
export let rowList: usize = 0;    // i32[cap]: scratch list of rows
export let dseW: usize = 0;       // f64[cap]: dual steepest-edge weight of each position, ||row of B^-1||^2, or STALE (weightOf)
export let refactors: i32 = 0;    // refactorizations in this call
/** Updates of the inverse (pivots, added rows) since it was last rebuilt. */
export let sinceRefactor: i32 = 0;
/** Set when a block of the call could not be allocated (the call then ends with STATUS_OUT_OF_MEMORY). */
export let outOfMemory: bool = false;

/** Resets the method's counters for a new call. */
export function resetBasis(): void { refactors = 0; sinceRefactor = 0; outOfMemory = false; }

/** Records that an allocation failed. */
export function noteOutOfMemory(): void { outOfMemory = true; }

/**
 * Ensures room for `need` rows (capacity grows by 1.5x, at most lp.maxRows); copies what exists,
 * the inverse and its weights included. False when Wasm memory cannot hold them: the previous
 * blocks stay in the arena until the call ends, so a call holds about 1.8x its last inverse.
 */
export function growRows(need: i32): bool {
  if (need <= cap) return true;
  let c = cap < 8 ? 8 : cap;
  while (c < need) c += c >> 1;
  const most = maxRows;
  if (c > most) c = need > most ? need : most;
  const c8 = <u64>c << 3;
  const bytes = c8 * <u64>c + c8 * 11 + 1024;
  if (bytes > 0xFFFF0000 || !room(<usize>bytes)) return false;
  const old = cap;
  const nb = heap.alloc(<usize>c << 2);
  if (old > 0) memory.copy(nb, basic, <usize>m << 2);
  basic = nb;
  const nbinv = heap.alloc(<usize>c * <usize>c << 3);
  // the inverse is kept (rows are added to it, see extendInverse): rows of m entries, new stride
  if (old > 0) for (let i = 0; i < m; i++) memory.copy(nbinv + (<usize>i * <usize>c << 3), binv + (<usize>i * <usize>old << 3), <usize>m << 3);
  binv = nbinv;
  const nw = heap.alloc(<usize>c << 3);
  if (old > 0) memory.copy(nw, dseW, <usize>m << 3);
  dseW = nw;
  xB = heap.alloc(<usize>c << 3); y = heap.alloc(<usize>c << 3);
  rho = heap.alloc(<usize>c << 3); col = heap.alloc(<usize>c << 4); h = heap.alloc(<usize>c << 3);
  rowList = heap.alloc(<usize>c << 2);
  resizeRows(c);
  return true;
}

/** Writes column v's entries (row space, length m) into out: a slack's -1 in its row, or the formulation's column. */
export function columnOf(v: i32, out: usize): void {
  memory.fill(out, 0, <usize>m << 3);
  const r = getI(colRow, v);
  if (r >= 0) setF(out, r, -1.0);
  else structColumn(v, out);
}

/** Rebuilds B^-1 from the basic columns (Gauss-Jordan, partial pivoting); false if singular. */
export function refactor(): bool {
  const n = m;
  // the basis is copied into scratch at the top of the arena, freed at the end (the stub runtime
  // frees its last block), so a refactorization leaves no memory behind
  const bytes = <usize>n * <usize>n << 3;
  if (!room(bytes + 64)) { noteOutOfMemory(); return false; }
  const a = heap.alloc(bytes), c = rho, nzCols = rowList;
  for (let j = 0; j < n; j++) {
    columnOf(getI(basic, j), c);
    for (let i = 0; i < n; i++) setF(a, i * n + j, getF(c, i));
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) setF(binv, i * cap + j, i == j ? 1.0 : 0.0);
  for (let k = 0; k < n; k++) {
    let p = k, best = Math.abs(getF(a, k * n + k));
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(getF(a, i * n + k));
      if (v > best) { best = v; p = i; }
    }
    if (!(best > 1e-13)) { heap.free(a); return false; }
    if (p != k) { swapRows(a, n, p, k, n); swapRows(binv, cap, p, k, n); }
    // columns < k of a are eliminated (exact zeros in row k) and column k becomes e_k: only
    // columns > k of a change values that are read later, so the loops over a start at k + 1
    // In B^-1 only the nonzero entries of row k change other rows (x - f * 0 == x up to the sign
    // of a zero, and no zero's sign reaches a result: every sum starts at +0), so they are listed once.
    const d = getF(a, k * n + k);
    for (let j = k + 1; j < n; j++) setF(a, k * n + j, getF(a, k * n + j) / d);
    let nz = 0;
    for (let j = 0; j < n; j++) {
      const v = getF(binv, k * cap + j);
      if (v != 0) { setF(binv, k * cap + j, v / d); setI(nzCols, nz++, j); }
    }
    // rows two at a time (each reads row k only, so their order does not matter): row k's
    // entries are loaded once for both
    const ak = a + (<usize>(k * n + k + 1) << 3), bk = binv + (<usize>(k * cap) << 3), len = n - k - 1;
    let held = -1, fh: f64 = 0;
    for (let i = 0; i < n; i++) {
      const f = getF(a, i * n + k);
      if (i == k || f == 0) continue;
      if (held < 0) { held = i; fh = f; continue; }
      subScaled2(a + (<usize>(held * n + k + 1) << 3), a + (<usize>(i * n + k + 1) << 3), ak, fh, f, len);
      subScaledList2(binv + (<usize>(held * cap) << 3), binv + (<usize>(i * cap) << 3), bk, fh, f, nzCols, nz);
      held = -1;
    }
    if (held >= 0) {
      subScaled(a + (<usize>(held * n + k + 1) << 3), ak, fh, len);
      subScaledList(binv + (<usize>(held * cap) << 3), bk, fh, nzCols, nz);
    }
  }
  heap.free(a);
  refactors++;
  sinceRefactor = 0;
  for (let i = 0; i < n; i++) setF(dseW, i, STALE);
  return true;
}

/**
 * A weight not computed yet: rowNorm2 of the row as it is now, computed when first read
 * (weightOf). The pricing reads the weights of the infeasible rows only, so most rows a pivot
 * changes are never normed before they change again. A weight is a function of its row of the
 * inverse and of m, so computed late it has the bits it would have had when marked, as long as
 * neither changed in between: a row that changes is marked again, and before m grows
 * (extendInverse) the marked rows are normed with the old m (the lanes pair the entries by
 * index, but an odd m's last entry is added apart, so m takes part in the rounding).
 */
const STALE: f64 = NaN;

/** The weight of position i (its row's first n entries), normed now when it was marked STALE. */
// @ts-ignore: decorator
@inline export function weightOf(i: i32, n: i32): f64 {
  let w = getF(dseW, i);
  if (w != w) { w = rowNorm2(i, n); setF(dseW, i, w); }
  return w;
}

/**
 * The dual steepest-edge weight of basis position i: ||e_i^T B^-1||^2, from the explicit inverse
 * (exact, no update formula). Two lanes (even and odd columns), then their sum: a fixed order.
 */
export function rowNorm2(i: i32, n: i32): f64 {
  const row = binv + (<usize>(i * cap) << 3);
  let acc = f64x2.splat(0);
  let j = 0;
  for (; j + 1 < n; j += 2) { const v = v128.load(row + (<usize>j << 3)); acc = f64x2.add(acc, f64x2.mul(v, v)); }
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (j < n) { const v = getF(row, j); s += v * v; }
  return s;
}

/**
 * Adds the rows [first, m) to the inverse without a refactorization. Each new row's slack is basic
 * in its own position, so B' = [[B, 0], [A_new, -I]] and B'^-1 = [[B^-1, 0], [A_new B^-1, -I]]:
 * a new row of the inverse is the sum over the basic structural columns p of a_p x (row p of
 * B^-1), O(rows x basic columns). The slacks of the old rows have no entry in the new rows.
 */
export function extendInverse(first: i32): void {
  // the old rows' marked weights normed with the old m, the rows as they are (zeros are appended below)
  for (let i = 0; i < first; i++) weightOf(i, first);
  for (let i = 0; i < first; i++) memory.fill(binv + (<usize>(i * cap + first) << 3), 0, <usize>(m - first) << 3);
  for (let r = first; r < m; r++) {
    const row = binv + (<usize>(r * cap) << 3);
    memory.fill(row, 0, <usize>m << 3);
    setI(basic, r, getI(rowSlack, r));
    for (let p = 0; p < first; p++) {
      const v = getI(basic, p);
      if (getI(colRow, v) >= 0) continue;
      const a = structEntry(v, r);
      if (a != 0) subScaled(row, binv + (<usize>(p * cap) << 3), -a, first);
    }
    setF(row, r, -1.0);
    setF(dseW, r, STALE);
  }
  sinceRefactor++;
}

function swapRows(a: usize, stride: i32, p: i32, k: i32, n: i32): void {
  for (let j = 0; j < n; j++) {
    const t = getF(a, p * stride + j);
    setF(a, p * stride + j, getF(a, k * stride + j));
    setF(a, k * stride + j, t);
  }
}

/**
 * Pivots B^-1 on row r with the entering column alpha = B^-1 A_q (product-form update). Only the
 * nonzero entries of the pivot row change other rows (as in refactor), so they are listed once.
 */
export function pivot(r: i32, alpha: usize): void {
  const p = getF(alpha, r);
  const rowR = binv + (<usize>(r * cap) << 3);
  const nzCols = col + (<usize>cap << 3); // scratch behind col (allocated with twice the room)
  let nz = 0;
  for (let j = 0; j < m; j++) {
    const v = getF(rowR, j);
    if (v != 0) { setF(rowR, j, v / p); setI(nzCols, nz++, j); }
  }
  let held = -1, fh: f64 = 0;
  for (let i = 0; i < m; i++) {
    const f = getF(alpha, i);
    if (i == r || f == 0) continue;
    if (held < 0) { held = i; fh = f; continue; }
    subScaledList2(binv + (<usize>(held * cap) << 3), binv + (<usize>(i * cap) << 3), rowR, fh, f, nzCols, nz);
    held = -1;
  }
  if (held >= 0) subScaledList(binv + (<usize>(held * cap) << 3), rowR, fh, nzCols, nz);
  sinceRefactor++;
  // the rows that changed: their steepest-edge weights are normed when read (weightOf)
  for (let i = 0; i < m; i++) if (i == r || getF(alpha, i) != 0) setF(dseW, i, STALE);
}

/**
 * The entering column B^-1 a_q into out. A slack's column is -e_r, so this is column r of B^-1
 * negated, read off the inverse: ftran of -e_r sums, per row from +0 in column order, terms that
 * are zeros but one, -b (b = B^-1[i][r]), so it gives 0 - b (+0 for a zero b of either sign, else
 * -b), the value written here (with a finite inverse: an infinite or NaN entry would make ftran's
 * zero terms NaN). A structural column is written out and multiplied (ftran).
 */
export function enteringColumn(q: i32, out: usize): void {
  const r = getI(colRow, q);
  if (r < 0) { columnOf(q, h); ftran(h, out); return; }
  const n = m, c = cap;
  for (let i = 0; i < n; i++) setF(out, i, 0.0 - getF(binv, i * c + r));
}

/** out = B^-1 v (both length m). */
export function ftran(v: usize, out: usize): void {
  // four rows per pass (dot4), then two (one per lane), then one: every value as the scalar loop
  const n = m, n2 = n & ~1;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const r0 = binv + (<usize>(i * cap) << 3), r1 = r0 + (<usize>cap << 3), r2 = r1 + (<usize>cap << 3), r3 = r2 + (<usize>cap << 3);
    dot4(r0, r1, r2, r3, v, n, out + (<usize>i << 3));
  }
  for (; i + 1 < n; i += 2) {
    const r0 = binv + (<usize>(i * cap) << 3), r1 = r0 + (<usize>cap << 3);
    let acc = f64x2.splat(0);
    let j = 0;
    for (; j < n2; j += 2) {
      const o = <usize>j << 3;
      const a = v128.load(r0 + o), b = v128.load(r1 + o);
      acc = f64x2.add(acc, f64x2.mul(v128.shuffle<f64>(a, b, 0, 2), v128.load64_splat(v + o)));
      acc = f64x2.add(acc, f64x2.mul(v128.shuffle<f64>(a, b, 1, 3), v128.load64_splat(v + o + 8)));
    }
    if (j < n) {
      const col2 = f64x2.replace_lane(f64x2.splat(getF(r0, j)), 1, getF(r1, j));
      acc = f64x2.add(acc, f64x2.mul(col2, v128.load64_splat(v + (<usize>j << 3))));
    }
    v128.store(out + (<usize>i << 3), acc);
  }
  for (; i < n; i++) {
    const row = binv + (<usize>(i * cap) << 3);
    let s: f64 = 0;
    for (let j = 0; j < n; j++) s += getF(row, j) * getF(v, j);
    setF(out, i, s);
  }
}

/** y = c_B^T B^-1, then the formulation's prices from y (allRows: every price, else the ones pricing needs). */
export function computeDuals(all: bool = false): void {
  for (let j = 0; j < m; j++) setF(y, j, 0);
  for (let r = 0; r < m; r++) {
    const c = costOf(getI(basic, r));
    if (c == 0) continue;
    const row = binv + (<usize>(r * cap) << 3);
    for (let j = 0; j < m; j++) setF(y, j, getF(y, j) + c * getF(row, j));
  }
  spreadRow(y, all);
}

/** x_B = B^-1 (-A_N x_N): the structural part from the formulation (from scratch or updated), plus the nonbasic slacks. */
export function computePrimal(full: bool = true): void {
  structPart(h, full);
  for (let r = 0; r < m; r++) {
    const sv = getI(rowSlack, r);
    if (getI(varState, sv) != BASIC) setF(h, r, getF(h, r) + nonbasicValue(sv));
  }
  ftran(h, xB);
}

/**
 * Drops rows: keepRow[r] is row r's new index or -1, ascending. The dropped rows' slacks must be
 * basic; their positions go with them. With the dropped rows and positions last,
 * B = [[B', 0], [R, -I]] and B^-1 = [[B'^-1, 0], [R B'^-1, -I]], so B'^-1 is B^-1 without them.
 */
export function shrinkRows(keepRow: usize, nr: i32): void {
  const old = m;
  const keepPos = heap.alloc(<usize>(old + 1) << 2);
  let np = 0;
  for (let p = 0; p < old; p++) {
    const r = getI(colRow, getI(basic, p));
    setI(keepPos, p, r >= 0 && getI(keepRow, r) < 0 ? -1 : np++);
  }
  for (let p = 0; p < old; p++) {
    const q = getI(keepPos, p);
    if (q < 0) continue;
    const src = binv + (<usize>(p * cap) << 3), dst = binv + (<usize>(q * cap) << 3);
    for (let r = 0; r < old; r++) {
      const c = getI(keepRow, r);
      if (c >= 0) store<f64>(dst + (<usize>c << 3), load<f64>(src + (<usize>r << 3)));
    }
    setI(basic, q, getI(basic, p));
  }
  for (let r = 0; r < old; r++) {
    const c = getI(keepRow, r);
    if (c < 0) { setI(colRow, getI(rowSlack, r), -1); continue; }
    if (c != r) { moveRow(r, c); noteRowMoved(r, c); }
  }
  setRows(nr);
  for (let p = 0; p < nr; p++) setF(dseW, p, STALE);
}

/** Dual step of an iteration: y += theta rho. */
export function stepDuals(theta: f64): void {
  for (let j = 0; j < m; j++) setF(y, j, getF(y, j) + theta * getF(rho, j));
}
