// Branch and bound on the block decisions over the LP (docs/blocks.md): each node is the LP
// relaxation with some acceptance columns fixed; an integral node is a candidate, priced by the
// LP with every decision fixed; a candidate with a paradoxically accepted block (or family) is
// cut off by a no-good cut on its decisions and its node solved again. The best candidate without
// paradoxically accepted blocks wins; a later candidate replaces it only if strictly better (by
// more than the tolerance), and the search order is canonical, so ties go the same way whatever
// the input order.
import { GridclearError } from '../errors.js';
import { pow10 } from '../model/fixed.js';
import type { LpSolution, LpSolver } from '../periods/formulation.js';
import { appendToLp, BlockRowKind, fixDecisions, type BlocksLp } from './formulation.js';
import type { BasicBlocks } from './normalize.js';

/** Options of the search. */
export interface BlocksSearchOptions {
  /** Most nodes (LP solves of the tree, candidates' price checks not counted); ITERATION_LIMIT beyond. Default 100000. */
  maxNodes?: number;
  /** Called every `progressEvery` nodes (default 100) with the figures so far. */
  onProgress?: (stats: BlocksSearchStats) => void;
  progressEvery?: number;
  /**
   * false: no price check, every integral node is a candidate (the welfare-maximizing MIP, whose
   * acceptance may hold paradoxically accepted blocks). Default true.
   */
  priceCondition?: boolean;
}

/** Figures of one search. */
export interface BlocksSearchStats {
  /** Nodes solved (including re-solves after a cut), candidates priced, cuts added. */
  nodes: number;
  candidates: number;
  cuts: number;
  /** Welfare (money) of the root relaxation and of the best candidate (-Infinity: none yet). */
  rootWelfare: number;
  bestWelfare: number;
  /** LP iterations over all solves, where the method reports them. */
  iterations: number;
}

/** A no-good cut: sum over rejected of y - sum over accepted of y >= 1 - |accepted|. */
export interface BlocksCut { accept: Uint8Array }

/** The result of a search: the decisions and the LP solution with them fixed. */
export interface BlocksSearchResult {
  status: 'optimal' | 'infeasible';
  accept: Uint8Array;
  lp: BlocksLp;
  sol: LpSolution;
  stats: BlocksSearchStats;
}

/** Acceptance values within this of 0 or 1 count as integral. */
export const INTEGRALITY_TOL = 1e-7;
/** Relative welfare tolerance: a node whose bound is not above the best by more is pruned. */
export const WELFARE_RTOL = 1e-9;

/**
 * Solves one node: the LP with the acceptance columns `fixed` (-1 free, 0, 1) and the cuts as
 * rows. The one place a warm-start engine plugs in (it would keep the basis between nodes).
 */
export function solveNode(lp: BlocksLp, fixed: Int8Array, cuts: BlocksCut[], solver: LpSolver): LpSolution {
  const colLower = lp.colLower.slice(), colUpper = lp.colUpper.slice();
  fixed.forEach((f, k) => { if (f >= 0) colLower[lp.acceptCol[k]] = colUpper[lp.acceptCol[k]] = f; });
  let node: BlocksLp = { ...lp, colLower, colUpper };
  if (cuts.length) {
    node = appendToLp(node, {
      cols: [],
      rows: cuts.map((c, i) => ({ kind: BlockRowKind.BlocksCut, ref: i, t: -1, lo: 1 - c.accept.reduce((s, a) => s + a, 0), hi: Infinity })),
    });
    // the cut rows' entries go into the acceptance columns: rebuild those columns
    node = withCutEntries(node, lp, cuts);
  }
  return solver(node);
}

/** Adds each cut's coefficients (+1 rejected, -1 accepted) to the acceptance columns. */
function withCutEntries(node: BlocksLp, lp: BlocksLp, cuts: BlocksCut[]): BlocksLp {
  const n = node.numCols, extra = new Int32Array(n);
  const isAccept = new Int32Array(n).fill(-1);
  lp.acceptCol.forEach((c, k) => { isAccept[c] = k; extra[c] = cuts.length; });
  const colStart = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) colStart[j + 1] = colStart[j] + (node.colStart[j + 1] - node.colStart[j]) + extra[j];
  const colRow = new Int32Array(colStart[n]), colValue = new Float64Array(colStart[n]);
  for (let j = 0; j < n; j++) {
    let p = colStart[j];
    for (let e = node.colStart[j]; e < node.colStart[j + 1]; e++, p++) { colRow[p] = node.colRow[e]; colValue[p] = node.colValue[e]; }
    const k = isAccept[j];
    if (k < 0) continue;
    cuts.forEach((c, i) => { colRow[p] = lp.numRows + i; colValue[p] = c.accept[k] ? -1 : 1; p++; });
  }
  return { ...node, colStart, colRow, colValue };
}

const welfareOf = (lp: BlocksLp, x: Float64Array) => { let w = 0; for (let j = 0; j < lp.numCols; j++) w += lp.colCost[j] * x[j]; return w; };

/**
 * Surplus (money) of each block at the prices of a solution (bus row dual / duration): ratio x
 * sum over periods of duration x quantity x (price - block price), signed for the side.
 */
export function blockSurplus(b: BasicBlocks, lp: BlocksLp, sol: LpSolution): { surplus: Float64Array; scale: Float64Array } {
  const m = b.m, T = m.periodIds.length, nB = m.net.busIds.length, qs = Number(pow10(m.qd)), ps = Number(pow10(m.pd)), hs = Number(pow10(m.dd));
  const n = b.blockIds.length, surplus = new Float64Array(n), scale = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const r = sol.x[lp.ratioCol[k]], P = Number(b.blockPrice[k]) / ps;
    for (let t = 0; t < T; t++) {
      const q = Number(b.blockQty[k * T + t]) / qs;
      if (q === 0) continue;
      const h = Number(m.duration[t]) / hs, price = sol.rowDual[lp.busRow[t * nB + b.blockBus[k]]] / h;
      surplus[k] += r * h * q * b.blockSide[k] * (price - P);
      scale[k] += r * h * q * (Math.abs(price) + Math.abs(P));
    }
  }
  return { surplus, scale };
}

/**
 * The accepted blocks that lose money at the solution's prices: a block whose surplus plus that of
 * its accepted descendants (children may support their parents) is below -tolerance (1e-7 x
 * (1 + its family's traded value)). Returns their indices in canonical order.
 */
export function paradoxical(b: BasicBlocks, accept: ArrayLike<number>, lp: BlocksLp, sol: LpSolution): number[] {
  const { surplus, scale } = blockSurplus(b, lp, sol);
  const n = b.blockIds.length, fam = Float64Array.from(surplus), famScale = Float64Array.from(scale);
  // children have no fixed position relative to their parents: add each accepted block to every ancestor
  for (let k = 0; k < n; k++) {
    if (!accept[k]) continue;
    for (let p = b.blockParent[k]; p >= 0; p = b.blockParent[p]) { fam[p] += surplus[k]; famScale[p] += scale[k]; }
  }
  const out: number[] = [];
  for (let k = 0; k < n; k++) if (accept[k] && fam[k] < -1e-7 * (1 + famScale[k])) out.push(k);
  return out;
}

/** Branch and bound on the block decisions; see the file comment. */
export function searchBlocks(b: BasicBlocks, lp: BlocksLp, solver: LpSolver, opts: BlocksSearchOptions = {}): BlocksSearchResult {
  const n = b.blockIds.length, maxNodes = opts.maxNodes ?? 100_000, every = opts.progressEvery ?? 100;
  const stats: BlocksSearchStats = { nodes: 0, candidates: 0, cuts: 0, rootWelfare: NaN, bestWelfare: -Infinity, iterations: 0 };
  const cuts: BlocksCut[] = [];
  let best: { accept: Uint8Array; sol: LpSolution; lp: BlocksLp } | undefined;
  const stack: Int8Array[] = [new Int8Array(n).fill(-1)];
  while (stack.length) {
    const fixed = stack.pop()!;
    if (stats.nodes >= maxNodes) {
      throw new GridclearError('ITERATION_LIMIT', `branch and bound reached maxNodes (${maxNodes}) with ${stack.length + 1} nodes open; best welfare so far ${stats.bestWelfare}`, { field: 'maxNodes', value: maxNodes, expected: 'a larger maxNodes' });
    }
    const sol = solveNode(lp, fixed, cuts, solver);
    stats.nodes++;
    stats.iterations += sol.iterations ?? 0;
    if (opts.onProgress && stats.nodes % every === 0) opts.onProgress({ ...stats });
    if (sol.status === 'infeasible') continue;
    if (sol.status !== 'optimal') throw new GridclearError('NUMERICAL', `the LP method ended with status ${sol.status} at a node`, { value: sol.status });
    const w = welfareOf(lp, sol.x);
    if (stats.nodes === 1) stats.rootWelfare = w;
    if (best && w <= stats.bestWelfare + WELFARE_RTOL * Math.max(1, Math.abs(stats.bestWelfare))) continue;
    // most fractional acceptance (nearest a half); ties: the first in canonical order
    let pick = -1, dist = Infinity;
    for (let k = 0; k < n; k++) {
      if (fixed[k] >= 0) continue;
      const y = sol.x[lp.acceptCol[k]];
      if (y <= INTEGRALITY_TOL || y >= 1 - INTEGRALITY_TOL) continue;
      const d = Math.abs(y - 0.5);
      if (d < dist) { dist = d; pick = k; }
    }
    if (pick >= 0) {
      const up = sol.x[lp.acceptCol[pick]] >= 0.5;
      const zero = fixed.slice(), one = fixed.slice();
      zero[pick] = 0; one[pick] = 1;
      // depth first; the branch the relaxation leans to is explored first (pushed last)
      if (up) stack.push(zero, one); else stack.push(one, zero);
      continue;
    }
    const accept = Uint8Array.from({ length: n }, (_, k) => (sol.x[lp.acceptCol[k]] >= 0.5 ? 1 : 0));
    const candidateLp = fixDecisions(lp, accept), priced = solver(candidateLp);
    stats.candidates++;
    stats.iterations += priced.iterations ?? 0;
    if (priced.status !== 'optimal') throw new GridclearError('NUMERICAL', `the LP method ended with status ${priced.status} at a candidate`, { value: priced.status });
    if (opts.priceCondition !== false && paradoxical(b, accept, candidateLp, priced).length > 0) {
      cuts.push({ accept });
      stats.cuts++;
      stack.push(fixed);
      continue;
    }
    best = { accept, sol: priced, lp: candidateLp };
    stats.bestWelfare = welfareOf(lp, priced.x);
  }
  if (!best) return { status: 'infeasible', accept: new Uint8Array(n), lp, sol: { status: 'infeasible', x: new Float64Array(lp.numCols), rowDual: new Float64Array(lp.numRows) }, stats };
  return { status: 'optimal', ...best, stats };
}
