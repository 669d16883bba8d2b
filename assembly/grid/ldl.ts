// Sparse L D L^T of a symmetric matrix under a fill-reducing permutation (up-looking, by rows of
// the permuted matrix; after T. Davis' LDL). Works for indefinite but nonsingular matrices, which a
// network with negative reactances can produce; the pivot test reports singular ones.
import { ldI, stI, ldF, stF, allocI, allocF, zeroF } from "./mem";

/** Pivots smaller than this times their column's largest entry count as zero (singular). */
// @ts-ignore: decorator
@inline const PIVOT_TOL: f64 = 1e-12;

/** Computes the elimination tree (parent) and the column pointers lp of L; returns nnz(L). */
export function ldlSymbolic(m: i32, ap: usize, ai: usize, lp: usize, parent: usize, perm: usize, pinv: usize): i32 {
  const lnz = allocI(m), flag = allocI(m);
  for (let k = 0; k < m; k++) {
    stI(parent, k, -1); stI(flag, k, k); stI(lnz, k, 0);
    const kk = ldI(perm, k);
    const end = ldI(ap, kk + 1);
    for (let p = ldI(ap, kk); p < end; p++) {
      let i = ldI(pinv, ldI(ai, p));
      if (i >= k) continue;
      while (ldI(flag, i) != k) {
        if (ldI(parent, i) == -1) stI(parent, i, k);
        stI(lnz, i, ldI(lnz, i) + 1);
        stI(flag, i, k);
        i = ldI(parent, i);
      }
    }
  }
  stI(lp, 0, 0);
  for (let k = 0; k < m; k++) stI(lp, k + 1, ldI(lp, k) + ldI(lnz, k));
  return ldI(lp, m);
}

/** Numeric factorization into li/lx/d (pattern from ldlSymbolic); false when a pivot vanishes. */
export function ldlNumeric(
  m: i32, ap: usize, ai: usize, ax: usize, lp: usize, parent: usize,
  li: usize, lx: usize, d: usize, perm: usize, pinv: usize,
): bool {
  const y = allocF(m), pattern = allocI(m), flag = allocI(m), lnz = allocI(m);
  zeroF(y, m);
  for (let k = 0; k < m; k++) {
    let top = m;
    stI(flag, k, k); stI(lnz, k, 0);
    const kk = ldI(perm, k);
    const end = ldI(ap, kk + 1);
    let scale: f64 = 0;
    for (let p = ldI(ap, kk); p < end; p++) {
      let i = ldI(pinv, ldI(ai, p));
      if (i > k) continue;
      stF(y, i, ldF(y, i) + ldF(ax, p));
      scale = max(scale, abs(ldF(ax, p)));
      let len = 0;
      while (ldI(flag, i) != k) { stI(pattern, len++, i); stI(flag, i, k); i = ldI(parent, i); }
      while (len > 0) stI(pattern, --top, ldI(pattern, --len));
    }
    let dk = ldF(y, k);
    stF(y, k, 0);
    for (; top < m; top++) {
      const i = ldI(pattern, top);
      const yi = ldF(y, i);
      stF(y, i, 0);
      const p2 = ldI(lp, i) + ldI(lnz, i);
      for (let p = ldI(lp, i); p < p2; p++) {
        const r = ldI(li, p);
        stF(y, r, ldF(y, r) - ldF(lx, p) * yi);
      }
      const lki = yi / ldF(d, i);
      dk -= lki * yi;
      stI(li, p2, k); stF(lx, p2, lki); stI(lnz, i, ldI(lnz, i) + 1);
    }
    stF(d, k, dk);
    if (!(abs(dk) > PIVOT_TOL * scale)) return false;
  }
  return true;
}
