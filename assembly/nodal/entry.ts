// Nodal clearing entry point: one call per clearing, driven by a header of i32 slots written by
// src/nodal/encode.ts. Row generation: clear each island without lines, add the most violated
// lines' PTDF rows, resume the dual simplex from the last basis, until no line is violated.
import {
  STATUS_OK, STATUS_INFEASIBLE, STATUS_NUMERICAL, STATUS_OUT_OF_MEMORY, STATUS_ITERATION_LIMIT, NH_OUT_FILL, NH_OUT_PRICE, NH_OUT_DUAL, NH_OUT_FLOW,
  NH_OUT_STATS, NH_MAX_ITER, NH_MAX_ADD, NH_FACTOR, NS_ITERATIONS, NS_ACTIVE_LINES, NS_BINDING, NS_ROUNDS, NS_OBJECTIVE,
  NS_INFEASIBLE_KIND, NS_INFEASIBLE_INDEX, NS_INFEASIBLE_AMOUNT, NS_ROUNDING_SHIFT, NS_REFACTORS, NS_ROWS_DROPPED, NS_PEAK_ROWS,
} from "../abi";
import {
  nB, nL, nO, nI, m, busFixed, busIsRef, busIsland, lineFrom, lineTo, lineX, lineShift, lineMin, lineMax,
  ordBus, ordSide, ordPrice, ordQty, varState, baseFlow, islandFixed, lineRow, rowLine, ptdfOB, cap, nOB, orderBuses, ordGroup, groupAt, basic,
  xB, y, mu, inj, work, AT_LOWER, AT_UPPER, BASIC, getF, setF, getI, setI, readHeader, allocState,
  growRows, setRows, room, refactors, rowsDropped, peakRows, lineOB, setGrid, outOfMemory, nonbasicValue, lowerOf, upperOf, setState,
} from "./state";
import { GridFactor, factorize } from "../grid/factor";
import { flows as gridFlows, ptdfRow as gridPtdfRow } from "../grid/flow";
import { refactor, extendInverse, computeDuals, computePrimal } from "./basis";
import { allocSimplex, dualSimplex, DONE, INFEASIBLE, LIMIT, infeasibleRow, lastIter } from "./simplex";
import { roundFills } from "./round";
import { centreDegenerateIslands } from "./degenerate";
import { dropSlackRows } from "./rows";

let grid: GridFactor = changetype<GridFactor>(0);
let qScale: f64 = 1;

/** Factorizes the network with the grid core once per clearing (reference buses from busIsRef). */
function buildGrid(baseMVA: f64): i32 {
  grid = changetype<GridFactor>(heap.alloc(offsetof<GridFactor>()));
  grid.baseMVA = baseMVA; grid.nBus = nB; grid.nLine = nL;
  grid.busPos = heap.alloc(<usize>(nB + 1) << 2);
  for (let b = 0; b < nB; b++) setI(grid.busPos, b, getI(busIsRef, b) != 0 ? -1 : 0);
  grid.lineFrom = lineFrom; grid.lineTo = lineTo; grid.lineX = lineX; grid.lineShift = lineShift;
  return factorize(grid);
}

/** Flows (ticks) of bus injections p (ticks), phase shifts included: one solve of the grid factor. */
function flowsOf(p: usize, out: usize): void {
  const inv = 1.0 / qScale;
  for (let b = 0; b < nB; b++) setF(work, b, getF(p, b) * inv);
  gridFlows(grid, work, out, 0);
  for (let l = 0; l < nL; l++) setF(out, l, getF(out, l) * qScale);
}

let rowScratch: usize = 0; // f64[nB]: one PTDF row at every bus, reused

/** PTDF row of line l (relative to each island's reference bus) into the shared scratch. */
function ptdfRow(l: i32): usize {
  gridPtdfRow(grid, l, rowScratch);
  return rowScratch;
}

/**
 * Makes line l a row of the LP with its slack basic (duals unchanged, so still dual feasible).
 */
function activate(l: i32): bool {
  if (!growRows(m + 1)) return false;
  const i = m - nI;
  // only the PTDF row at the order buses is kept; a line whose row was dropped comes back with it
  let ob = <usize>load<u32>(lineOB + (<usize>l << 2));
  if (ob == 0) {
    if (!room(<usize>(nOB + 4) << 3)) return false;
    const row = ptdfRow(l);
    ob = heap.alloc(<usize>(nOB + 1) << 3);
    for (let k = 0; k < nOB; k++) setF(ob, k, getF(row, getI(orderBuses, k)));
    store<u32>(lineOB + (<usize>l << 2), <u32>ob);
  }
  store<u32>(ptdfOB + (<usize>i << 2), <u32>ob);
  setI(rowLine, i, l);
  setI(lineRow, l, m);
  setI(basic, m, nO + l);
  setI(varState, nO + l, BASIC);
  setRows(m + 1);
  return true;
}

/** Order values of the current basis into xs; bus injections (fixed included) into inj. */
function currentPoint(xs: usize): void {
  for (let j = 0; j < nO; j++) if (getI(varState, j) != BASIC) setF(xs, j, nonbasicValue(j));
  for (let r = 0; r < m; r++) { const v = getI(basic, r); if (v < nO) setF(xs, v, getF(xB, r)); }
  for (let b = 0; b < nB; b++) setF(inj, b, getF(busFixed, b));
  for (let j = 0; j < nO; j++) {
    const b = getI(ordBus, j);
    setF(inj, b, getF(inj, b) + <f64>getI(ordSide, j) * getF(xs, j));
  }
}

/**
 * Activates up to maxAdd of the most violated inactive lines, most violated first (ties: lower
 * line index); returns how many, or -1 without memory. One pass keeps the best maxAdd in a short
 * sorted list.
 */
function addViolated(flows: usize, maxAdd: i32): i32 {
  // maxAdd 0: adaptive, a quarter of the violated lines, between ADAPT_MIN and ADAPT_MAX
  if (maxAdd <= 0) {
    let nv = 0;
    for (let l = 0; l < nL; l++) {
      if (getI(lineRow, l) >= 0) continue;
      const f = getF(flows, l), lo = getF(lineMin, l), up = getF(lineMax, l);
      const v = f > up ? f - up : f < lo ? lo - f : 0.0;
      if (v > 1e-5 * Math.max(1.0, Math.abs(f))) nv++;
    }
    maxAdd = nv >> 2;
    if (maxAdd < ADAPT_MIN) maxAdd = ADAPT_MIN;
    if (maxAdd > ADAPT_MAX) maxAdd = ADAPT_MAX;
  }
  const k = maxAdd < nL ? maxAdd : nL;
  const topL = heap.alloc(<usize>(k + 1) << 2), topV = heap.alloc(<usize>(k + 1) << 3);
  let n = 0;
  for (let l = 0; l < nL; l++) {
    if (getI(lineRow, l) >= 0) continue;
    const f = getF(flows, l), lo = getF(lineMin, l), up = getF(lineMax, l);
    const v = f > up ? f - up : f < lo ? lo - f : 0.0;
    if (!(v > 1e-5 * Math.max(1.0, Math.abs(f)))) continue;
    if (n == k && !(v > getF(topV, n - 1))) continue;
    // insert after every entry with a violation >= v (earlier lines win ties)
    let p = n < k ? n : k - 1;
    while (p > 0 && getF(topV, p - 1) < v) { setF(topV, p, getF(topV, p - 1)); setI(topL, p, getI(topL, p - 1)); p--; }
    setF(topV, p, v); setI(topL, p, l);
    if (n < k) n++;
  }
  for (let i = 0; i < n; i++) if (!activate(getI(topL, i))) return -1;
  return n;
}

/** Lines added per round by default: a quarter of the violated ones, within these bounds. */
const ADAPT_MIN: i32 = 16;
const ADAPT_MAX: i32 = 128;

/** Initial basis: every island's balance slack, orders at the bound their price favours. */
function initBasis(): void {
  for (let k = 0; k < nI; k++) setF(islandFixed, k, 0);
  for (let b = 0; b < nB; b++) { const k = getI(busIsland, b); setF(islandFixed, k, getF(islandFixed, k) + getF(busFixed, b)); }
  for (let j = 0; j < nO; j++) {
    setI(varState, j, AT_LOWER);
    setI(groupAt, 2 * getI(ordGroup, j), getI(groupAt, 2 * getI(ordGroup, j)) + 1);
    if (<f64>getI(ordSide, j) * getF(ordPrice, j) < 0) setState(j, AT_UPPER);
  }
  for (let l = 0; l < nL; l++) setI(varState, nO + l, AT_LOWER);
  for (let k = 0; k < nI; k++) { setI(varState, nO + nL + k, BASIC); setI(basic, k, nO + nL + k); }
  flowsOf(busFixed, baseFlow);
}

/** Clears a networked market (header layout: src/nodal/encode.ts); returns a status code. */
export function nodalClear(hdr: usize, baseMVA: f64, quantityScale: f64): i32 {
  readHeader(hdr);
  qScale = quantityScale;
  const outFill = <usize>getI(hdr, NH_OUT_FILL), outPrice = <usize>getI(hdr, NH_OUT_PRICE), outDual = <usize>getI(hdr, NH_OUT_DUAL);
  const outFlow = <usize>getI(hdr, NH_OUT_FLOW), stats = <usize>getI(hdr, NH_OUT_STATS);
  const maxIter = getI(hdr, NH_MAX_ITER), maxAdd = getI(hdr, NH_MAX_ADD);
  if (!allocState()) return STATUS_OUT_OF_MEMORY;
  allocSimplex();
  // NH_FACTOR: a factor loaded by TypeScript from a prepared GridModel (the same factorization of
  // the same network, so the same numbers), or 0 to factorize here
  const given = <usize>getI(hdr, NH_FACTOR);
  if (given != 0) grid = changetype<GridFactor>(given);
  else {
    const gs = buildGrid(baseMVA);
    if (gs != STATUS_OK) return gs;
  }
  setGrid(changetype<usize>(grid));
  rowScratch = heap.alloc(<usize>(nB + 1) << 3);
  initBasis();
  if (!refactor()) return outOfMemory ? STATUS_OUT_OF_MEMORY : STATUS_NUMERICAL;
  const xs = heap.alloc(<usize>(nO + 1) << 3), flows = heap.alloc(<usize>(nL + 1) << 3);
  const scratch = heap.alloc(<usize>(nL + nI + 1) << 3);
  let rounds = 0, iter = 0, st = DONE;
  while (true) {
    rounds++;
    st = dualSimplex(y, scratch, maxIter, iter);
    iter = lastIter;
    if (st != DONE) break;
    currentPoint(xs);
    flowsOf(inj, flows);
    dropSlackRows();
    const first = m;
    const added = addViolated(flows, maxAdd);
    if (added < 0) return STATUS_OUT_OF_MEMORY;
    if (added == 0) break;
    extendInverse(first);
  }
  setF(stats, NS_ITERATIONS, <f64>iter); setF(stats, NS_ACTIVE_LINES, <f64>(m - nI)); setF(stats, NS_ROUNDS, <f64>rounds);
  setF(stats, NS_REFACTORS, <f64>refactors); setF(stats, NS_ROWS_DROPPED, <f64>rowsDropped);
  setF(stats, NS_PEAK_ROWS, <f64>(peakRows > m - nI ? peakRows : m - nI));
  if (st == INFEASIBLE) {
    const r = infeasibleRow;
    setF(stats, NS_INFEASIBLE_KIND, r < nI ? 1.0 : 2.0);
    setF(stats, NS_INFEASIBLE_INDEX, <f64>(r < nI ? r : getI(rowLine, r - nI)));
    setF(stats, NS_INFEASIBLE_AMOUNT, getF(xB, r) - (getF(xB, r) < lowerOf(getI(basic, r)) ? lowerOf(getI(basic, r)) : upperOf(getI(basic, r))));
    return STATUS_INFEASIBLE;
  }
  if (st == LIMIT) return STATUS_ITERATION_LIMIT;
  if (st != DONE) return outOfMemory ? STATUS_OUT_OF_MEMORY : STATUS_NUMERICAL;
  return finish(xs, flows, outFill, outPrice, outDual, outFlow, stats);
}


/** Rounds the fills, computes their flows, and writes prices, duals and statistics. */
function finish(xs: usize, flows: usize, outFill: usize, outPrice: usize, outDual: usize, outFlow: usize, stats: usize): i32 {
  computeDuals(true);
  computePrimal(heap.alloc(<usize>(m + 1) << 3));
  currentPoint(xs);
  centreDegenerateIslands(xs);
  let obj: f64 = 0;
  for (let j = 0; j < nO; j++) obj += <f64>getI(ordSide, j) * getF(ordPrice, j) * getF(xs, j);
  setF(stats, NS_OBJECTIVE, obj);
  flowsOf(inj, flows);
  const st = roundFills(xs, outFill);
  if (st != STATUS_OK) return st;
  for (let b = 0; b < nB; b++) setF(inj, b, getF(busFixed, b));
  for (let j = 0; j < nO; j++) {
    const b = getI(ordBus, j);
    setF(inj, b, getF(inj, b) + <f64>getI(ordSide, j) * <f64>load<i64>(outFill + (<usize>j << 3)));
  }
  flowsOf(inj, outFlow);
  let shift: f64 = 0, binding = 0;
  for (let l = 0; l < nL; l++) {
    shift = Math.max(shift, Math.abs(getF(outFlow, l) - getF(flows, l)));
    const r = getI(lineRow, l);
    const d = r >= 0 && getI(varState, nO + l) != BASIC ? getF(y, r) : 0.0;
    if (d != 0) binding++;
    setF(outDual, l, d);
  }
  for (let b = 0; b < nB; b++) setF(outPrice, b, getF(mu, b));
  setF(stats, NS_BINDING, <f64>binding);
  setF(stats, NS_ROUNDING_SHIFT, shift);
  return STATUS_OK;
}
