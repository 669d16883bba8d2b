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
    for (let i = 0; i < m; i++) { stF(work, i, Infinity); stF(work2, i, 0); }
    for (let j = 0; j < n; j++) {
      const s = ldF(colScale, j);
      for (let k = ldI(colStart, j), e = ldI(colStart, j + 1); k < e; k++) {
        const i = ldI(colRow, k), v = abs(ldF(colVal, k)) * s;
        if (v == 0) continue;
        if (v < ldF(work, i)) stF(work, i, v);
        if (v > ldF(work2, i)) stF(work2, i, v);
      }
    }
    for (let i = 0; i < m; i++) stF(rowScale, i, ldF(rowScale, i) * centre(ldF(work, i) * ldF(rowScale, i), ldF(work2, i) * ldF(rowScale, i)));
    for (let j = 0; j < n; j++) {
      let lo: f64 = Infinity, hi: f64 = 0;
      for (let k = ldI(colStart, j), e = ldI(colStart, j + 1); k < e; k++) {
        const v = abs(ldF(colVal, k)) * ldF(rowScale, ldI(colRow, k));
        if (v == 0) continue;
        lo = min(lo, v); hi = max(hi, v);
      }
      stF(colScale, j, centre(lo, hi));
    }
  }
  for (let j = 0; j < n; j++) {
    const s = ldF(colScale, j);
    for (let k = ldI(colStart, j), e = ldI(colStart, j + 1); k < e; k++) stF(colVal, k, ldF(colVal, k) * s * ldF(rowScale, ldI(colRow, k)));
  }
}
