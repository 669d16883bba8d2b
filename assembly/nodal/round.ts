// The rounding rule: LP fills onto the quantity tick with every island balancing exactly.
// Orders at a bound are already on the tick. Per island, each fractional signed fill v = side*x
// is floored; the R = (island target - sum of floors) orders with the largest fractional parts
// (ties: lower order index, i.e. the canonical order) go up by one tick. Each fill moves less than
// one tick from the LP value and stays in [0, quantity].
import { STATUS_OK, STATUS_ROUNDING } from "../abi";
import { nO, nI, ordBus, ordSide, busIsland, getF, setF, getI, setI } from "./problem";
import { islandFixed } from "./form";

/** Rounds xs (f64 ticks) into fills (i64 ticks) by the rule above; STATUS_OK or STATUS_ROUNDING. */
export function roundFills(xs: usize, fills: usize): i32 {
  const frac = heap.alloc(<usize>(nO + 1) << 2);
  const target = heap.alloc(<usize>(nI + 1) << 3);
  for (let k = 0; k < nI; k++) setF(target, k, -getF(islandFixed, k));
  let nf = 0;
  for (let j = 0; j < nO; j++) {
    const s = <f64>getI(ordSide, j), x = getF(xs, j);
    const k = getI(busIsland, getI(ordBus, j));
    const xr = Math.round(x);
    let v: f64;
    if (Math.abs(x - xr) <= 1e-6) v = s * xr;
    else { v = Math.floor(s * x); setI(frac, nf++, j); }
    store<i64>(fills + (<usize>j << 3), <i64>(s * v));
    setF(target, k, getF(target, k) - v);
  }
  sortFrac(frac, nf, xs);
  for (let i = 0; i < nf; i++) {
    const j = getI(frac, i);
    const k = getI(busIsland, getI(ordBus, j));
    if (getF(target, k) < 0.5) continue;
    const s = <i64>getI(ordSide, j);
    const p = fills + (<usize>j << 3);
    store<i64>(p, load<i64>(p) + s);
    setF(target, k, getF(target, k) - 1.0);
  }
  for (let k = 0; k < nI; k++) if (getF(target, k) != 0) return STATUS_ROUNDING;
  return STATUS_OK;
}

@inline function fracOf(xs: usize, j: i32): f64 {
  const v = <f64>getI(ordSide, j) * getF(xs, j);
  return v - Math.floor(v);
}

/** Insertion sort by fractional part, largest first, ties by index (few fractional orders). */
function sortFrac(a: usize, n: i32, xs: usize): void {
  for (let i = 1; i < n; i++) {
    const j = getI(a, i), fj = fracOf(xs, j);
    let p = i - 1;
    while (p >= 0) {
      const q = getI(a, p), fq = fracOf(xs, q);
      if (fq > fj || (fq == fj && q < j)) break;
      setI(a, p + 1, q);
      p--;
    }
    setI(a, p + 1, j);
  }
}
