// Scaling by powers of two (exact: scaling and unscaling change no bits beyond the exponent):
// two rounds of geometric scaling, rows then columns, each factor 2^-round(mean exponent of the
// smallest and largest entry). Integer arithmetic on the exponent bits: no log, no rounding mode.
import { ldI, ldF, stF } from "../grid/mem";
import { m, n, colStart, colRow, colVal, colScale, rowScale, work, work2 } from "./state";

/** Unbiased binary exponent of a positive normal f64. */
@inline function expOf(v: f64): i32 {
  return <i32>((reinterpret<u64>(v) >> 52) & 0x7ff) - 1023;
}

/** 2^k for |k| <= 1000. */
@inline function pow2(k: i32): f64 {
  return reinterpret<f64>(<u64>(k + 1023) << 52);
}

/** The factor that centres [lo, hi] around 1 (1 for an empty range). */
function centre(lo: f64, hi: f64): f64 {
  if (!(hi > 0) || lo == Infinity) return 1.0;
  const k = -((expOf(lo) + expOf(hi) + 1) >> 1);
  return pow2(max(-200, min(200, k)));
}

/** Computes colScale and rowScale (or all ones) and scales the matrix in place. */
export function scaleMatrix(on: bool): void {
  for (let j = 0; j < n; j++) stF(colScale, j, 1.0);
  for (let i = 0; i < m; i++) stF(rowScale, i, 1.0);
  if (!on) return;
  for (let round = 0; round < 2; round++) {
    rowRange(0);
    for (let i = 0; i < m; i++) stF(rowScale, i, ldF(rowScale, i) * centre(ldF(work, i) * ldF(rowScale, i), ldF(work2, i) * ldF(rowScale, i)));
    for (let j = 0; j < n; j++) stF(colScale, j, colCentre(j));
  }
  apply();
}

/**
 * Scales an LP whose first n0 columns and m0 rows keep the factors `given` holds (columns, then
 * rows: a resident engine's LP after appended rows or columns): each new row centred over its
 * entries times the columns' factors (new columns' taken as 1), then each new column over its
 * entries times the rows' factors. The old rows and columns keep theirs, so the kept basis's
 * scaled rows of B^-1, and with them its edge weights, stay what they were.
 */
export function scaleCarried(given: usize, n0: i32, m0: i32): void {
  for (let j = 0; j < n; j++) stF(colScale, j, j < n0 ? ldF(given, j) : 1.0);
  for (let i = 0; i < m; i++) stF(rowScale, i, i < m0 ? ldF(given, n0 + i) : 1.0);
  if (m > m0) {
    rowRange(n0 < n ? n0 : 0);
    for (let i = m0; i < m; i++) stF(rowScale, i, centre(ldF(work, i), ldF(work2, i)));
  }
  for (let j = n0; j < n; j++) stF(colScale, j, colCentre(j));
  apply();
}

/** work/work2: the least and largest |a_ij| colScale_j of each row over the columns below `upTo` (all when 0). */
function rowRange(upTo: i32): void {
  for (let i = 0; i < m; i++) { stF(work, i, Infinity); stF(work2, i, 0); }
  const end = upTo > 0 ? upTo : n;
  for (let j = 0; j < end; j++) {
    const s = ldF(colScale, j);
    for (let k = ldI(colStart, j), e = ldI(colStart, j + 1); k < e; k++) {
      const i = ldI(colRow, k), v = abs(ldF(colVal, k)) * s;
      if (v == 0) continue;
      if (v < ldF(work, i)) stF(work, i, v);
      if (v > ldF(work2, i)) stF(work2, i, v);
    }
  }
}

/** The factor that centres column j's entries times their rows' factors. */
function colCentre(j: i32): f64 {
  let lo: f64 = Infinity, hi: f64 = 0;
  for (let k = ldI(colStart, j), e = ldI(colStart, j + 1); k < e; k++) {
    const v = abs(ldF(colVal, k)) * ldF(rowScale, ldI(colRow, k));
    if (v == 0) continue;
    lo = min(lo, v); hi = max(hi, v);
  }
  return centre(lo, hi);
}

/** Scales the matrix in place by colScale and rowScale. */
function apply(): void {
  for (let j = 0; j < n; j++) {
    const s = ldF(colScale, j);
    for (let k = ldI(colStart, j), e = ldI(colStart, j + 1); k < e; k++) stF(colVal, k, ldF(colVal, k) * s * ldF(rowScale, ldI(colRow, k)));
  }
}
