// Infeasibility by one line's bounds, certified in TypeScript (shared by clearNodal and verify).
// A line's flow over all fills that balance its island is an interval [lo, hi] (an LP with one
// equality row and box bounds, solved exactly by its one-dimensional dual); when the interval
// misses [minFlow, maxFlow], no fills at all satisfy that line: the market is infeasible, and
// anyone can check the claim by solving the same small problem.
import { GridModel } from '../grid/index.js';
import type { BasicNetwork } from '../model/network.js';

/** The orders of a market as the certificate reads them (any order of the orders). */
export interface CertOrders {
  bus: Int32Array;
  /** +1 sell (injects), -1 buy. */
  side: Int32Array;
  /** Quantity ticks (exact f64 integers). */
  qty: Float64Array;
}

/** A line whose bounds no balanced fills can meet, and by how much (MW: + above maxFlow, - below minFlow). */
export interface LineCertificate {
  line: number;
  island: number;
  /** MW the reachable flow misses the nearest bound by (signed, never 0). */
  gapMw: number;
}

/**
 * max over x of sum_b t_b * inj_b(x) where inj_b are the orders' injections at bus b (sell
 * `sellQ`, buy `buyQ`, in MW), subject to sum_b inj_b = target: min over lambda of
 * lambda*target + sum_b sellQ_b max(0, t_b - lambda) + buyQ_b max(0, lambda - t_b), a convex
 * piecewise linear function whose minimum lies at some t_b (or anywhere when it is constant).
 */
function maxReach(t: Float64Array, sellQ: Float64Array, buyQ: Float64Array, buses: number[], target: number): number {
  if (buses.length === 0) return 0;
  const order = buses.slice().sort((a, b) => t[a] - t[b]);
  // at lambda = t[order[k]]: sells above contribute sellQ*(t - lambda), buys below buyQ*(lambda - t)
  let sellQAbove = 0, sellTAbove = 0, buyQBelow = 0, buyTBelow = 0;
  for (const b of order) { sellQAbove += sellQ[b]; sellTAbove += sellQ[b] * t[b]; }
  let best = Infinity;
  for (let k = 0; k < order.length;) {
    const lam = t[order[k]];
    // move every bus with t <= lam from "above" to "below" (a sell at t == lam contributes 0 either way)
    while (k < order.length && t[order[k]] <= lam) {
      const b = order[k++];
      sellQAbove -= sellQ[b]; sellTAbove -= sellQ[b] * t[b];
      buyQBelow += buyQ[b]; buyTBelow += buyQ[b] * t[b];
    }
    const g = lam * target + (sellTAbove - lam * sellQAbove) + (lam * buyQBelow - buyTBelow);
    if (g < best) best = g;
  }
  return best;
}

/**
 * For each line l in `lines`, the interval of flows (MW) reachable by fills that balance its
 * island, given the fixed injections: [base + min, base + max]. Flows include phase shifts.
 */
export function reachableFlows(net: BasicNetwork, orders: CertOrders, qScale: number, lines: number[], grid = GridModel.from(net)):
  { lo: number; hi: number }[] {
  const nB = net.busIds.length;
  const sellQ = new Float64Array(nB), buyQ = new Float64Array(nB);
  for (let k = 0; k < orders.bus.length; k++) {
    if (orders.side[k] > 0) sellQ[orders.bus[k]] += orders.qty[k] / qScale; else buyQ[orders.bus[k]] += orders.qty[k] / qScale;
  }
  const islandFixed = new Float64Array(net.islandReference.length);
  for (let b = 0; b < nB; b++) islandFixed[net.busIsland[b]] += net.busFixedInjectionMw[b];
  // the fixed injections alone, the reference bus taking the island's imbalance (the orders' share)
  const base = grid.flows(net.busFixedInjectionMw, { slack: true });
  const rows = grid.ptdfRows(lines);
  return lines.map((l, i) => {
    const island = net.busIsland[net.lineFrom[l]], row = rows[i];
    const buses: number[] = [];
    for (let b = 0; b < nB; b++) if (net.busIsland[b] === island && (sellQ[b] > 0 || buyQ[b] > 0)) buses.push(b);
    // orders' injections must sum to -fixed of the island; the reference bus's PTDF is 0 (it takes the slack)
    const target = -islandFixed[island];
    const neg = Float64Array.from(row, (v) => -v);
    const hi = base[l] + maxReach(row, sellQ, buyQ, buses, target);
    const lo = base[l] - maxReach(neg, sellQ, buyQ, buses, target);
    return { lo, hi };
  });
}

/** Relative margin below which a miss is not called infeasible (f64 rounding of the PTDF sums). */
const MARGIN = 1e-9;

/** The gap (MW, signed as in LineCertificate) of one reachable interval against a line's bounds, or 0 when they meet. */
export function boundGap(net: BasicNetwork, l: number, r: { lo: number; hi: number }): number {
  const lo = net.lineMinFlowMw[l], hi = net.lineMaxFlowMw[l];
  const eps = MARGIN * Math.max(1, Math.abs(r.lo), Math.abs(r.hi));
  if (r.lo > hi + eps) return r.lo - hi;
  if (r.hi < lo - eps) return r.hi - lo;
  return 0;
}

/**
 * The first line (the `hint` first, then in input order) whose bounds no balanced fills can meet,
 * or undefined when every single line can be met (an infeasibility of several lines together).
 */
export function lineCertificate(net: BasicNetwork, orders: CertOrders, qScale: number, hint = -1): LineCertificate | undefined {
  const bounded: number[] = [];
  if (hint >= 0) bounded.push(hint);
  for (let l = 0; l < net.lineIds.length; l++) {
    if (l !== hint && (net.lineMinFlowMw[l] > -Infinity || net.lineMaxFlowMw[l] < Infinity)) bounded.push(l);
  }
  if (bounded.length === 0) return undefined;
  const grid = GridModel.from(net);
  try {
    const CHUNK = 64;
    for (let a = 0; a < bounded.length; a += CHUNK) {
      const chunk = bounded.slice(a, a + CHUNK);
      const reach = reachableFlows(net, orders, qScale, chunk, grid);
      for (let i = 0; i < chunk.length; i++) {
        const gap = boundGap(net, chunk[i], reach[i]);
        if (gap !== 0) return { line: chunk[i], island: net.busIsland[net.lineFrom[chunk[i]]], gapMw: gap };
      }
    }
    return undefined;
  } finally {
    grid.dispose();
  }
}
