// Prices of islands without a marginal order. When an island's balance holds with every order at
// a bound (its balance slack stays basic), its balance dual is not pinned down by the LP: any
// uniform shift of the island's prices that keeps every order consistent is optimal. We take the
// middle of that interval (or its finite end), so a lone seller is priced at its offer rather
// than at 0. A uniform shift leaves line duals, and so the PTDF price relation, unchanged.
import { nO, nI, nB, ordBus, ordSide, ordPrice, ordQty, busIsland, getF, setF, getI } from "./problem";
import { varState, BASIC } from "./lp";
import { mu, balanceSlack } from "./form";
import { y } from "./basis";

/** Shifts the prices of islands whose balance slack is basic to the middle of their valid range. */
export function centreDegenerateIslands(xs: usize): void {
  const lo = heap.alloc(<usize>(nI + 1) << 3), hi = heap.alloc(<usize>(nI + 1) << 3);
  const pinned = heap.alloc(<usize>(nI + 1) << 2);
  for (let k = 0; k < nI; k++) { setF(lo, k, -Infinity); setF(hi, k, Infinity); store<i32>(pinned + (<usize>k << 2), 0); }
  for (let j = 0; j < nO; j++) {
    const b = getI(ordBus, j), k = getI(busIsland, b);
    if (getI(varState, balanceSlack(k)) != BASIC) continue;
    const x = getF(xs, j), q = getF(ordQty, j);
    const g = getF(ordPrice, j) - getF(mu, b);   // shift at which order j becomes marginal
    const atLower = x <= 1e-9, atUpper = x >= q - 1e-9;
    if (!atLower && !atUpper) { store<i32>(pinned + (<usize>k << 2), 1); continue; }
    // sells at 0 and buys at q need the price at most g; sells at q and buys at 0 at least g
    if (atLower == (getI(ordSide, j) > 0)) setF(hi, k, Math.min(getF(hi, k), g));
    else setF(lo, k, Math.max(getF(lo, k), g));
  }
  for (let k = 0; k < nI; k++) {
    if (getI(varState, balanceSlack(k)) != BASIC || load<i32>(pinned + (<usize>k << 2)) != 0) continue;
    const a = getF(lo, k), c = getF(hi, k);
    if (a > c) continue; // numerically inconsistent: keep the LP's duals
    const shift = isFinite(a) && isFinite(c) ? 0.5 * (a + c) : isFinite(a) ? a : isFinite(c) ? c : 0.0;
    if (shift == 0) continue;
    setF(y, k, getF(y, k) + shift);
    for (let b = 0; b < nB; b++) if (getI(busIsland, b) == k) setF(mu, b, getF(mu, b) + shift);
  }
}
