// A test hook for the updated factors (test/unit/lp-updates.test.ts): when on, after every basis
// update the engine solves B z = a and B^T y = c through the updated factors, on sparse and on
// dense right-hand sides (the hyper-sparse and the dense paths of both solves), and keeps the
// largest residual against the basis matrix itself (its columns, not a factorization), relative
// to 1 + the largest entry of the solution. Off in every normal call.
import { ldI, stI, ldF, stF } from "../grid/mem";
import { m, n, colStart, colRow, colVal, head, rhs, cvec, srcIdx, work, work2, order, density } from "./state";
import { ftran, btran } from "./lu";

let on: bool = false;
let worst: f64 = 0;
let checks: i32 = 0;
/** The solve kind whose predicted density is forced above the dense threshold (lu.ts's kinds 1-4 are the engine's). */
const KIND_DENSE: i32 = 5;

/** Turns the check on or off for the following calls and zeroes its record. */
export function setUpdateCheck(enable: bool): void { on = enable; worst = 0; checks = 0; }
/** Whether the check is on. */
export function updateCheckOn(): bool { return on; }
/** Largest relative residual seen since setUpdateCheck. */
export function updateResidual(): f64 { return worst; }
/** Updates checked since setUpdateCheck. */
export function updateChecks(): i32 { return checks; }

/** Residual of B z = a (a by row in work2, z by position in work2's partner): max |B z - a| / (1 + max |z|). */
function ftranResidual(z: usize, a: usize): f64 {
  for (let i = 0; i < m; i++) stF(work, i, -ldF(a, i));
  let big: f64 = 0;
  for (let p = 0; p < m; p++) {
    const v = ldI(head, p), zp = ldF(z, p);
    big = max(big, abs(zp));
    if (zp == 0) continue;
    if (v >= n) { stF(work, v - n, ldF(work, v - n) - zp); continue; }
    for (let k = ldI(colStart, v), e = ldI(colStart, v + 1); k < e; k++) { const i = ldI(colRow, k); stF(work, i, ldF(work, i) + ldF(colVal, k) * zp); }
  }
  let res: f64 = 0;
  for (let i = 0; i < m; i++) res = max(res, abs(ldF(work, i)));
  return res / (1 + big);
}

/** Residual of B^T y = c (y by row, c by position): max_p |column(head p) . y - c_p| / (1 + max |y|). */
function btranResidual(y: usize, c: usize): f64 {
  let big: f64 = 0, res: f64 = 0;
  for (let i = 0; i < m; i++) big = max(big, abs(ldF(y, i)));
  for (let p = 0; p < m; p++) {
    const v = ldI(head, p);
    let s: f64 = 0;
    if (v >= n) s = -ldF(y, v - n);
    else for (let k = ldI(colStart, v), e = ldI(colStart, v + 1); k < e; k++) s += ldF(colVal, k) * ldF(y, ldI(colRow, k));
    res = max(res, abs(s - ldF(c, p)));
  }
  return res / (1 + big);
}

/**
 * Checks the factors after update number `it`: FTRAN of a basis or nonbasic column chosen by `it`
 * (sparse, listed) and of a dense right-hand side; BTRAN of a unit vector and of a dense one.
 * Uses rhs and cvec (left zero, as the engine expects), work, work2 and order as scratch.
 */
export function checkUpdate(it: i32): void {
  if (m == 0) return;
  checks++;
  const a = work2; // by row: the right-hand side kept for the residual
  // sparse FTRAN: column j of [A -I]
  const j = <i32>((<u32>it * 2654435761) % <u32>(n + m));
  for (let i = 0; i < m; i++) stF(a, i, 0);
  let k = 0;
  if (j >= n) { stF(rhs, j - n, -1.0); stF(a, j - n, -1.0); stI(srcIdx, k++, j - n); }
  else for (let q = ldI(colStart, j), e = ldI(colStart, j + 1); q < e; q++) { const i = ldI(colRow, q); stF(rhs, i, ldF(colVal, q)); stF(a, i, ldF(colVal, q)); stI(srcIdx, k++, i); }
  const z = cvec; // by position; zero between uses, written at the reached positions
  const cnt = ftran(rhs, srcIdx, k, z, order);
  worst = max(worst, ftranResidual(z, a));
  for (let t = 0; t < cnt; t++) stF(z, ldI(order, t), 0);
  for (let p = 0; p < m; p++) stF(z, p, 0);
  for (let i = 0; i < m; i++) stF(rhs, i, 0);
  // dense FTRAN
  for (let i = 0; i < m; i++) { const v = 1.0 + <f64>((i * 7 + it) % 13) / 13.0; stF(rhs, i, v); stF(a, i, v); }
  stF(density, KIND_DENSE, 1.0);
  ftran(rhs, 0, -1, z, order, KIND_DENSE);
  worst = max(worst, ftranResidual(z, a));
  for (let p = 0; p < m; p++) stF(z, p, 0);
  for (let i = 0; i < m; i++) stF(rhs, i, 0);
  // sparse BTRAN: e_p
  const p0 = <i32>((<u32>it * 40503) % <u32>m);
  const c = a; // by position now
  for (let p = 0; p < m; p++) stF(c, p, 0);
  stF(c, p0, 1.0); stF(cvec, p0, 1.0); stI(srcIdx, 0, p0);
  const y = rhs; // by row; zero between uses
  btran(cvec, srcIdx, 1, y, order);
  worst = max(worst, btranResidual(y, c));
  for (let i = 0; i < m; i++) stF(y, i, 0);
  for (let p = 0; p < m; p++) stF(cvec, p, 0);
  // dense BTRAN
  for (let p = 0; p < m; p++) { const v = 1.0 + <f64>((p * 5 + it) % 11) / 11.0; stF(cvec, p, v); stF(c, p, v); }
  stF(density, KIND_DENSE, 1.0);
  btran(cvec, 0, -1, y, order, KIND_DENSE);
  worst = max(worst, btranResidual(y, c));
  for (let i = 0; i < m; i++) stF(y, i, 0);
  for (let p = 0; p < m; p++) stF(cvec, p, 0);
}
