// The price check of a candidate (decisions fixed) as "there exist prices": the LP's own duals
// first; where they show an accepted block (family) losing money and the duals are not unique
// (a degenerate optimum), the optimal dual face is searched for prices with which no accepted
// family loses money: a feasibility LP in the row duals y (columns = the candidate's rows) with,
// per column of the candidate, its reduced cost c_j - A_j'y of the sign its value allows (= 0
// strictly inside its bounds, <= 0 at its lower bound, >= 0 at its upper bound), each row's dual
// of the sign its activity allows (0 strictly inside, >= 0 at its upper bound, <= 0 at its lower
// bound, free for an equality), and per accepted family surplus(y) >= 0. Infeasible: the candidate
// is paradoxical whatever the prices; feasible: its solution is the candidate's duals.
import type { LpSolution, LpSolver, PeriodsLp } from '../periods/formulation.js';
import { pow10 } from '../model/fixed.js';
import type { BlocksLp } from './formulation.js';
import type { BasicBlocks } from './normalize.js';

/** A market's block figures as numbers (quantity per block and period, price, hours per period), made once per market. */
interface BlockNumbers { qty: Float64Array; price: Float64Array; hours: Float64Array }
const numbersOf = new WeakMap<BasicBlocks, BlockNumbers>();
/** The block figures of `b` as numbers (the same conversions as `Number(ticks) / scale` at each use; the price checks repeat them per candidate). */
function numbers(b: BasicBlocks): BlockNumbers {
  let v = numbersOf.get(b);
  if (v) return v;
  const m = b.m, qs = Number(pow10(m.qd)), ps = Number(pow10(m.pd)), hs = Number(pow10(m.dd));
  v = {
    qty: toNumbers(b.blockQty, qs), price: toNumbers(b.blockPrice, ps), hours: toNumbers(m.duration, hs),
  };
  numbersOf.set(b, v);
  return v;
}

/** `Number(v[i]) / scale` per entry (a plain loop: Float64Array.from with a callback is several times slower). */
function toNumbers(v: ArrayLike<bigint>, scale: number): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = Number(v[i]) / scale;
  return out;
}

/** Relative distance within which a value counts as at its bound. */
const AT_BOUND = 1e-9;

const near = (v: number, bound: number) => Number.isFinite(bound) && Math.abs(v - bound) <= AT_BOUND * Math.max(1, Math.abs(bound));

/**
 * The price check of a candidate whose LP `cand` (decisions fixed) was solved as `sol`: the
 * indices of the accepted blocks that lose money whatever the optimal prices (empty: none), and
 * the solution with the prices used (its own duals, or duals from the optimal face).
 */
export function priceCheck(b: BasicBlocks, accept: ArrayLike<number>, cand: BlocksLp, sol: LpSolution, solver: LpSolver): { lossy: number[]; sol: LpSolution } {
  const lossy = paradoxical(b, accept, cand, sol);
  if (lossy.length === 0) return { lossy, sol };
  const faceLp = dualFace(b, accept, cand, sol);
  // a dual bounded from both sides that cross: no optimal prices at all pass (the face is empty)
  for (let i = 0; i < faceLp.numCols; i++) if (faceLp.colLower[i] > faceLp.colUpper[i]) return { lossy, sol };
  const face = solver(faceLp);
  if (face.status !== 'optimal') return { lossy, sol };
  const priced: LpSolution = { ...sol, rowDual: Float64Array.from(face.x.subarray(0, cand.numRows)) };
  const left = paradoxical(b, accept, cand, priced);
  return left.length === 0 ? { lossy: left, sol: priced } : { lossy, sol };
}

/** The feasibility LP of the optimal dual face with the money test of every accepted family (see the file comment). */
function dualFace(b: BasicBlocks, accept: ArrayLike<number>, lp: BlocksLp, sol: LpSolution): PeriodsLp {
  const nR = lp.numRows, nC = lp.numCols, x = sol.x;
  // (the LP's arrays read once: its object comes in several shapes, a read per column would be a megamorphic lookup)
  const colStart = lp.colStart, colRow = lp.colRow, colValue = lp.colValue, colLower = lp.colLower, colUpper = lp.colUpper, colCost = lp.colCost;
  // activity of each row
  const act = new Float64Array(nR);
  for (let j = 0; j < nC; j++) for (let e = colStart[j]; e < colStart[j + 1]; e++) act[colRow[e]] += colValue[e] * x[j];
  // variables: y per row, bounds by the row's activity
  const yLo = new Float64Array(nR), yHi = new Float64Array(nR);
  const rowLower = lp.rowLower, rowUpper = lp.rowUpper;
  for (let i = 0; i < nR; i++) {
    const lo = rowLower[i], hi = rowUpper[i];
    if (lo === hi) { yLo[i] = -Infinity; yHi[i] = Infinity; continue; }
    const atLo = near(act[i], lo), atHi = near(act[i], hi);
    yLo[i] = atLo ? -Infinity : 0;
    yHi[i] = atHi ? Infinity : 0;
  }
  // constraints: A_j'y against c_j per non-fixed column; then one per accepted family. A column
  // with one entry (every simple order: its bus row) bounds that row's dual instead of adding a
  // row: the same set, and the LP shrinks to the columns that join rows (blocks, borders, buses)
  const rows: { lo: number; hi: number; idx: number[]; val: number[] }[] = [];
  for (let j = 0; j < nC; j++) {
    const lo = colLower[j], hi = colUpper[j];
    if (lo === hi) continue;
    const atLo = near(x[j], lo), atHi = near(x[j], hi), c = colCost[j];
    // d = c - A'y: d <= 0 at lower (A'y >= c), d >= 0 at upper (A'y <= c), d = 0 inside
    const rLo = atHi && !atLo ? -Infinity : c, rHi = atLo && !atHi ? Infinity : c;
    if (colStart[j + 1] - colStart[j] === 1) {
      const i = colRow[colStart[j]], v = colValue[colStart[j]];
      const a = rLo / v, b = rHi / v;
      yLo[i] = Math.max(yLo[i], v > 0 ? a : b);
      yHi[i] = Math.min(yHi[i], v > 0 ? b : a);
      continue;
    }
    const idx: number[] = [], val: number[] = [];
    for (let e = colStart[j]; e < colStart[j + 1]; e++) { idx.push(colRow[e]); val.push(colValue[e]); }
    rows.push({ lo: rLo, hi: rHi, idx, val });
  }
  // bounds that cross by no more than the LP methods' tolerance (1e-7 relative) meet, as a solver's feasibility tolerance would allow
  for (let i = 0; i < nR; i++) {
    if (yLo[i] > yHi[i] && yLo[i] - yHi[i] <= 1e-7 * Math.max(1, Math.abs(yLo[i]))) yLo[i] = yHi[i] = (yLo[i] + yHi[i]) / 2;
  }
  const m = b.m, T = m.periodIds.length, nB = m.net.busIds.length, { qty, price, hours } = numbers(b);
  const n = b.blockIds.length, ratioCol = lp.ratioCol, busRow = lp.busRow, blockSide = b.blockSide, blockBus = b.blockBus;
  // accepted descendants by a walk over the accepted children (one pass builds the lists)
  const kids: number[][] = Array.from({ length: n }, () => []);
  for (let c = 0; c < n; c++) if (accept[c] && b.blockParent[c] >= 0) kids[b.blockParent[c]].push(c);
  const family = (k: number): number[] => {
    const out = [k];
    for (let i = 0; i < out.length; i++) for (const c of kids[out[i]]) out.push(c);
    return [k, ...out.slice(1).sort((x, y) => x - y)]; // canonical order, as the face LP's entries are
  };
  for (let k = 0; k < n; k++) {
    if (!accept[k]) continue;
    // surplus(y) = sum over family members f of r_f x side_f x sum_t q_ft (y_bus(f,t) - P_f h_t) >= 0
    const coef = new Map<number, number>();
    let constant = 0;
    for (const f of family(k)) {
      const r = x[ratioCol[f]], s = blockSide[f], P = price[f], bus = blockBus[f];
      for (let t = 0; t < T; t++) {
        const q = qty[f * T + t];
        if (q === 0) continue;
        const row = busRow[t * nB + bus];
        coef.set(row, (coef.get(row) ?? 0) + r * s * q);
        constant += r * s * q * P * hours[t];
      }
    }
    rows.push({ lo: constant, hi: Infinity, idx: [...coef.keys()], val: [...coef.values()] });
  }
  // the LP in columns: one column per y (its entries: the constraint rows it appears in)
  const counts = new Int32Array(nR + 1);
  for (const r of rows) for (const i of r.idx) counts[i + 1]++;
  for (let i = 0; i < nR; i++) counts[i + 1] += counts[i];
  const faceStart = counts.slice(), fill = counts.slice(0, nR);
  const faceRow = new Int32Array(faceStart[nR]), faceValue = new Float64Array(faceStart[nR]);
  rows.forEach((r, k) => r.idx.forEach((i, e) => { faceRow[fill[i]] = k; faceValue[fill[i]] = r.val[e]; fill[i]++; }));
  return {
    numCols: nR, numRows: rows.length, colCost: new Float64Array(nR), colLower: yLo, colUpper: yHi,
    rowLower: Float64Array.from(rows, (r) => r.lo), rowUpper: Float64Array.from(rows, (r) => r.hi),
    colStart: faceStart, colRow: faceRow, colValue: faceValue,
  } as unknown as PeriodsLp;
}

/**
 * Surplus (money) of each block at the prices of a solution (bus row dual / duration): ratio x
 * sum over periods of duration x quantity x (price - block price), signed for the side.
 */
export function blockSurplus(b: BasicBlocks, lp: BlocksLp, sol: LpSolution): { surplus: Float64Array; scale: Float64Array } {
  const m = b.m, T = m.periodIds.length, nB = m.net.busIds.length, { qty, price: blockPrice, hours } = numbers(b);
  const n = b.blockIds.length, surplus = new Float64Array(n), scale = new Float64Array(n);
  // every array read once here: the LP and solution objects come in several shapes, and a
  // property read in the loop over blocks and periods is then a megamorphic lookup each time
  const x = sol.x, dual = sol.rowDual, ratioCol = lp.ratioCol, busRow = lp.busRow, blockBus = b.blockBus, blockSide = b.blockSide;
  for (let k = 0; k < n; k++) {
    const r = x[ratioCol[k]], P = blockPrice[k], bus = blockBus[k], side = blockSide[k];
    let s = 0, sc = 0;
    for (let t = 0; t < T; t++) {
      const q = qty[k * T + t];
      if (q === 0) continue;
      const h = hours[t], price = dual[busRow[t * nB + bus]] / h;
      s += r * h * q * side * (price - P);
      sc += r * h * q * (Math.abs(price) + Math.abs(P));
    }
    surplus[k] = s; scale[k] = sc;
  }
  return { surplus, scale };
}

/**
 * The accepted blocks that lose money at the solution's prices: a block whose surplus plus that of
 * its accepted descendants (children may support their parents) is below -tolerance (1e-7 x
 * (1 + its family's traded value)). Returns their indices in canonical order.
 */
export function paradoxical(b: BasicBlocks, accept: ArrayLike<number>, lp: BlocksLp, sol: LpSolution): number[] {
  const { fam, famScale } = familySurplus(b, accept, lp, sol), n = b.blockIds.length;
  const out: number[] = [];
  for (let k = 0; k < n; k++) if (accept[k] && fam[k] < -1e-7 * (1 + famScale[k])) out.push(k);
  return out;
}

/** Surplus (money) of each accepted block's family (itself and its accepted descendants) at the solution's prices, and its scale (traded value). */
export function familySurplus(b: BasicBlocks, accept: ArrayLike<number>, lp: BlocksLp, sol: LpSolution): { fam: Float64Array; famScale: Float64Array } {
  const { surplus, scale } = blockSurplus(b, lp, sol);
  const n = b.blockIds.length, fam = Float64Array.from(surplus), famScale = Float64Array.from(scale), parent = b.blockParent;
  // children have no fixed position relative to their parents: add each accepted block to every ancestor
  for (let k = 0; k < n; k++) {
    if (!accept[k] || parent[k] < 0) continue;
    for (let p = parent[k]; p >= 0; p = parent[p]) { fam[p] += surplus[k]; famScale[p] += scale[k]; }
  }
  return { fam, famScale };
}
