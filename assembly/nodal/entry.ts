// Nodal clearing entry point: one call per clearing, driven by a header of i32 slots written by
// src/nodal/encode.ts. Row generation: clear each island without lines, add the most violated
// lines' PTDF rows, resume the dual simplex from the last basis, until no line is violated.
// The pieces: problem.ts (the input), form.ts, buses.ts, streams.ts, rows.ts (the formulation),
// lp.ts (the LP as data), basis.ts, simplex.ts (the method), round.ts, degenerate.ts (the result).
import {
  STATUS_OK, STATUS_INFEASIBLE, STATUS_NUMERICAL, STATUS_ROW_CAP, STATUS_OUT_OF_MEMORY, STATUS_ITERATION_LIMIT, NH_OUT_FILL, NH_OUT_PRICE, NH_OUT_DUAL, NH_OUT_FLOW,
  NH_OUT_STATS, NH_MAX_ITER, NH_MAX_ADD, NH_FACTOR, NH_MAX_ROWS, NS_ITERATIONS, NS_ACTIVE_LINES, NS_BINDING, NS_ROUNDS, NS_OBJECTIVE,
  NS_INFEASIBLE_KIND, NS_INFEASIBLE_INDEX, NS_INFEASIBLE_AMOUNT, NS_ROUNDING_SHIFT, NS_REFACTORS, NS_ROWS_DROPPED, NS_PEAK_ROWS,
} from "../abi";
import { nB, nL, nO, nI, ordQty, busFixed, busIsRef, lineFrom, lineTo, lineX, lineShift, ordBus, ordSide, ordPrice, getF, setF, getI, setI, readHeader } from "./problem";
import { m, colKind, colRef, rowKind, rowRef, rowSlack, varState, COL_ORDER, ROW_BALANCE, BASIC, nonbasicValue, lowerOf, upperOf } from "./lp";
import { allocForm, setBounds, initRows, baseFlow, mu, inj, work, lineSlack, balanceSlack, injUpper, obSlot, obStart } from "./form";
import { setGrid } from "./buses";
import { allocLineRows, addViolated, dropSlackRows, lineRow, rowsDropped, peakRows, PAST_CAP } from "./rows";
import { basic, xB, y, growRows, refactor, extendInverse, computeDuals, computePrimal, resetBasis, refactors, outOfMemory } from "./basis";
import { GridFactor, factorize } from "../grid/factor";
import { flows as gridFlows } from "../grid/flow";
import { allocSimplex, dualSimplex, DONE, INFEASIBLE, LIMIT, infeasibleRow, lastIter } from "./simplex";
import { roundFills } from "./round";
import { centreDegenerateIslands } from "./degenerate";

/** Loop state: the line rows passed the caller's cap. */
const ROW_CAP: i32 = -100;

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

/** Order values of the current basis into xs; bus injections (fixed included) into inj. */
function currentPoint(xs: usize): void {
  for (let j = 0; j < nO; j++) if (getI(varState, j) != BASIC) setF(xs, j, nonbasicValue(j));
  for (let r = 0; r < m; r++) { const v = getI(basic, r); if (getI(colKind, v) == COL_ORDER) setF(xs, getI(colRef, v), getF(xB, r)); }
  for (let b = 0; b < nB; b++) setF(inj, b, getF(busFixed, b));
  for (let j = 0; j < nO; j++) {
    const b = getI(ordBus, j);
    setF(inj, b, getF(inj, b) + <f64>getI(ordSide, j) * getF(xs, j));
  }
}

/** Whether every partial sum of busFixed and order quantities is an exact integer (see roundInj). */
let injExact = false;
let basicBus: usize = 0; // i32[nB]: 1 for a bus with a basic order (roundInj's scratch, kept zero between calls)

/** Sets injExact: the fixed injections are integers and they and all quantities sum to at most 2^53 in magnitude. */
function checkInjExact(): void {
  let s: f64 = 0;
  let ok = true;
  for (let b = 0; b < nB; b++) { const f = getF(busFixed, b); if (Math.floor(f) != f) ok = false; s += Math.abs(f); }
  for (let j = 0; j < nO; j++) s += getF(ordQty, j);
  injExact = ok && s <= 9007199254740992.0;
  basicBus = heap.alloc(<usize>(nB + 1) << 2); memory.fill(basicBus, 0, <usize>(nB + 1) << 2);
}

/**
 * The bus injections of the current basis between rounds (what currentPoint computes, the same
 * bits) in O(buses + orders at buses with a basic order): at a bus without a basic order every
 * term is an integer (0 or side x quantity) and every partial sum is exact (injExact), so the sum
 * in order equals busFixed + injUpper (kept exact by setState); a bus with a basic order is summed
 * order by order as currentPoint does. Only the basic orders' values are written to xs (finish recomputes them all).
 */
function roundInj(xs: usize): void {
  if (!injExact) { currentPoint(xs); return; }
  for (let b = 0; b < nB; b++) setF(inj, b, getF(busFixed, b) + getF(injUpper, b));
  for (let r = 0; r < m; r++) { const v = getI(basic, r); if (getI(colKind, v) == COL_ORDER) setF(xs, getI(colRef, v), getF(xB, r)); }
  for (let r = 0; r < m; r++) {
    const v = getI(basic, r);
    if (getI(colKind, v) != COL_ORDER) continue;
    const b = getI(ordBus, getI(colRef, v));
    if (getI(basicBus, b) != 0) continue;
    setI(basicBus, b, 1);
    const k = getI(obSlot, b), end = getI(obStart, k + 1);
    let t = getF(busFixed, b);
    for (let j = getI(obStart, k); j < end; j++) {
      const x = getI(varState, j) == BASIC ? getF(xs, j) : nonbasicValue(j);
      t += <f64>getI(ordSide, j) * x;
    }
    setF(inj, b, t);
  }
  for (let r = 0; r < m; r++) {
    const v = getI(basic, r);
    if (getI(colKind, v) == COL_ORDER) setI(basicBus, getI(ordBus, getI(colRef, v)), 0);
  }
}

/** Initial basis: every island's balance slack basic, orders at the bound their price favours. */
function initBasis(): void {
  initRows();
  for (let r = 0; r < m; r++) setI(basic, r, getI(rowSlack, r));
  flowsOf(busFixed, baseFlow);
  setBounds();
}

/** Clears a networked market (header layout: src/nodal/encode.ts); returns a status code. */
export function nodalClear(hdr: usize, baseMVA: f64, quantityScale: f64): i32 {
  readHeader(hdr);
  qScale = quantityScale;
  const outFill = <usize>getI(hdr, NH_OUT_FILL), outPrice = <usize>getI(hdr, NH_OUT_PRICE), outDual = <usize>getI(hdr, NH_OUT_DUAL);
  const outFlow = <usize>getI(hdr, NH_OUT_FLOW), stats = <usize>getI(hdr, NH_OUT_STATS);
  const maxIter = getI(hdr, NH_MAX_ITER), maxAdd = getI(hdr, NH_MAX_ADD), rowCap = getI(hdr, NH_MAX_ROWS);
  allocForm();
  resetBasis();
  if (!growRows(nI + 8)) return STATUS_OUT_OF_MEMORY;
  allocLineRows(nB);
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
  initBasis();
  checkInjExact();
  if (!refactor()) return outOfMemory ? STATUS_OUT_OF_MEMORY : STATUS_NUMERICAL;
  const xs = heap.alloc(<usize>(nO + 1) << 3), flows = heap.alloc(<usize>(nL + 1) << 3);
  let rounds = 0, iter = 0, st = DONE;
  while (true) {
    rounds++;
    st = dualSimplex(y, maxIter, iter);
    iter = lastIter;
    if (st != DONE) break;
    roundInj(xs);
    flowsOf(inj, flows);
    dropSlackRows();
    const first = m;
    // past the cap the dense inverse (O(rows^2) per iteration) loses to the sparse path: hand over
    // (the lines that would take it there are not activated: PAST_CAP)
    const added = addViolated(flows, maxAdd, rowCap > 0 ? max(0, rowCap - (m - nI)) : -1);
    if (added == PAST_CAP) { st = ROW_CAP; break; }
    if (added < 0) return STATUS_OUT_OF_MEMORY;
    if (added == 0) break;
    extendInverse(first);
  }
  setF(stats, NS_ITERATIONS, <f64>iter); setF(stats, NS_ACTIVE_LINES, <f64>(m - nI)); setF(stats, NS_ROUNDS, <f64>rounds);
  setF(stats, NS_REFACTORS, <f64>refactors); setF(stats, NS_ROWS_DROPPED, <f64>rowsDropped);
  setF(stats, NS_PEAK_ROWS, <f64>(peakRows > m - nI ? peakRows : m - nI));
  if (st == INFEASIBLE) {
    const r = infeasibleRow;
    const balance = getI(rowKind, r) == ROW_BALANCE;
    setF(stats, NS_INFEASIBLE_KIND, balance ? 1.0 : 2.0);
    setF(stats, NS_INFEASIBLE_INDEX, <f64>getI(rowRef, r));
    setF(stats, NS_INFEASIBLE_AMOUNT, getF(xB, r) - (getF(xB, r) < lowerOf(getI(basic, r)) ? lowerOf(getI(basic, r)) : upperOf(getI(basic, r))));
    return STATUS_INFEASIBLE;
  }
  if (st == LIMIT) return STATUS_ITERATION_LIMIT;
  if (st == ROW_CAP) { writeBasis(outFill, outPrice, outDual); return STATUS_ROW_CAP; }
  if (st != DONE) return outOfMemory ? STATUS_OUT_OF_MEMORY : STATUS_NUMERICAL;
  return finish(xs, flows, outFill, outPrice, outDual, outFlow, stats);
}

/**
 * The basis at a hand-over (STATUS_ROW_CAP), for the sparse path to start from (src/nodal/sparse.ts):
 * per order its state (i64 0 at lower, 1 at upper, 2 basic) in the fills column; per line -1 (no
 * row) or its slack's state in the duals column; per island its balance slack's state in the
 * prices column (entries 0..islands-1).
 */
function writeBasis(outFill: usize, outPrice: usize, outDual: usize): void {
  for (let j = 0; j < nO; j++) store<i64>(outFill + (<usize>j << 3), <i64>getI(varState, j));
  for (let l = 0; l < nL; l++) setF(outDual, l, lineRow(l) >= 0 ? <f64>getI(varState, lineSlack(l)) : -1.0);
  for (let k = 0; k < nI; k++) setF(outPrice, k, <f64>getI(varState, balanceSlack(k)));
}

/** Rounds the fills, computes their flows, and writes prices, duals and statistics. */
function finish(xs: usize, flows: usize, outFill: usize, outPrice: usize, outDual: usize, outFlow: usize, stats: usize): i32 {
  computeDuals(true);
  computePrimal();
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
    const r = lineRow(l);
    const d = r >= 0 && getI(varState, getI(rowSlack, r)) != BASIC ? getF(y, r) : 0.0;
    if (d != 0) binding++;
    setF(outDual, l, d);
  }
  for (let b = 0; b < nB; b++) setF(outPrice, b, getF(mu, b));
  setF(stats, NS_BINDING, <f64>binding);
  setF(stats, NS_ROUNDING_SHIFT, shift);
  return STATUS_OK;
}
