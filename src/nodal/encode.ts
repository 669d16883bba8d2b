// The one core call of a nodal clearing: sizes and writes every column, calls nodalClear, copies
// results out (views taken fresh after the call, which may grow memory), resets the arena.
import { GridclearError } from '../errors.js';
import { pow10 } from '../model/fixed.js';
import {
  STATUS_OK, STATUS_INFEASIBLE, STATUS_ITERATION_LIMIT, STATUS_SINGULAR, STATUS_ROUNDING, STATUS_BAD_INPUT,
  STATUS_NUMERICAL, STATUS_OUT_OF_MEMORY, STATUS_ROW_CAP, NH, NS,
} from '../wasm/abi.js';
import { withArena, type Arena } from '../wasm/engine.js';
import type { NodalInput } from './prepare.js';
import { factorArenaBytes, loadFactor, type FactorData } from '../grid/factor.js';
import type { BasicNetwork } from '../model/network.js';
import { Slab, slabBytes } from '../model/slab.js';

/** Header slots (i32, NH_* of assembly/abi.ts) read by assembly/nodal/problem.ts and entry.ts. */
export const HEADER_SLOTS = NH.SLOTS;
/** Length of the f64 statistics column (NS_* of assembly/abi.ts). */
const STATS = NS.SLOTS;

/** What the core returns, in canonical order (fills) and network order (buses, lines). */
export interface CoreOutput {
  status: number;
  fills: BigInt64Array;
  mu: Float64Array;
  lineDual: Float64Array;
  flowTicks: Float64Array;
  stats: Float64Array;
}

function bytesNeeded(nB: number, nL: number, nO: number): number {
  const inputs = 4 * HEADER_SLOTS + nB * 16 + nL * 40 + nO * 24;
  const outputs = nO * 8 + nB * 8 + nL * 16 + STATS * 8;
  const core = nO * 48 + (nB + nL) * 600 + 64 * nB * 8 + (1 << 20);
  return inputs + outputs + core;
}

function f64Column(a: Arena, v: ArrayLike<number>): number {
  const p = a.alloc(8 * Math.max(1, v.length));
  a.f64(p, v.length).set(v);
  return p;
}

function i32Column(a: Arena, v: ArrayLike<number>): number {
  const p = a.alloc(4 * Math.max(1, v.length));
  a.i32(p, v.length).set(v);
  return p;
}

/** The network's columns as the core reads them (f64 ticks, reference flags). */
interface NetColumns {
  isRef: Int32Array;
  fixed: Float64Array;
  lineMin: Float64Array;
  lineMax: Float64Array;
}

/** Per prepared network (a GridModel's, immutable once built): computed once, not per call. */
const netColumnCache = new WeakMap<BasicNetwork, NetColumns>();

function cachedNetColumns(net: BasicNetwork): NetColumns {
  let c = netColumnCache.get(net);
  if (!c) { c = netColumns(net); netColumnCache.set(net, c); }
  return c;
}

function netColumns(net: BasicNetwork): NetColumns {
  const nB = net.busIds.length, nL = net.lineIds.length;
  const slab = new Slab(slabBytes(nB, 4) + slabBytes(nB, 8) + 2 * slabBytes(nL, 8));
  const isRef = slab.i32(nB), fixed = slab.f64(nB), lineMin = slab.f64(nL), lineMax = slab.f64(nL);
  for (let i = 0; i < net.islandReference.length; i++) isRef[net.islandReference[i]] = 1;
  const f = net.busFixedInjectionTicks;
  for (let b = 0; b < nB; b++) if (f[b] !== 0n) fixed[b] = Number(f[b]);
  for (let l = 0; l < nL; l++) {
    const lo = net.lineMinFlowTicks[l], hi = net.lineMaxFlowTicks[l];
    lineMin[l] = lo === null ? -Infinity : Number(lo);
    lineMax[l] = hi === null ? Infinity : Number(hi);
  }
  return { isRef, fixed, lineMin, lineMax };
}

/**
 * Runs the core on a prepared market; throws on statuses other than OK, INFEASIBLE and ROW_CAP.
 * With `factor` (a GridModel's, of the same network) the core uses it instead of factorizing.
 * `maxRows` > 0: the core stops with STATUS_ROW_CAP once it holds more line rows, its basis in the
 * output columns (assembly/nodal/entry.ts writeBasis).
 */
export function runNodal(inp: NodalInput, maxIterations: number, linesPerRound: number, factor?: FactorData, maxRows = 0): CoreOutput {
  const net = inp.net;
  const nB = net.busIds.length, nL = net.lineIds.length, nO = inp.bus.length;
  // a network normalized for this call only is not cached (a WeakMap entry per call costs GC work)
  const cols = factor ? cachedNetColumns(net) : netColumns(net);
  const scale = Number(pow10(inp.qd));
  return withArena((a) => {
    a.reserve(bytesNeeded(nB, nL, nO) + (factor ? factorArenaBytes(factor) : 0));
    const grid = factor ? loadFactor(a, factor) : 0;
    const hdr = a.alloc(4 * HEADER_SLOTS);
    const slots = new Int32Array(HEADER_SLOTS);
    slots[NH.BUSES] = nB; slots[NH.LINES] = nL; slots[NH.ORDERS] = nO; slots[NH.ISLANDS] = net.islandReference.length;
    slots[NH.BUS_ISLAND] = i32Column(a, net.busIsland); slots[NH.BUS_IS_REF] = i32Column(a, cols.isRef);
    slots[NH.BUS_FIXED] = f64Column(a, cols.fixed);
    slots[NH.LINE_FROM] = i32Column(a, net.lineFrom); slots[NH.LINE_TO] = i32Column(a, net.lineTo);
    slots[NH.LINE_X] = f64Column(a, net.lineX); slots[NH.LINE_SHIFT] = f64Column(a, net.lineShiftRad);
    slots[NH.LINE_MIN] = f64Column(a, cols.lineMin); slots[NH.LINE_MAX] = f64Column(a, cols.lineMax);
    slots[NH.ORDER_BUS] = i32Column(a, inp.bus); slots[NH.ORDER_SIDE] = i32Column(a, inp.side);
    slots[NH.ORDER_PRICE] = f64Column(a, inp.price); slots[NH.ORDER_QTY] = f64Column(a, inp.qty);
    slots[NH.OUT_FILL] = a.alloc(8 * Math.max(1, nO)); slots[NH.OUT_PRICE] = a.alloc(8 * Math.max(1, nB));
    slots[NH.OUT_DUAL] = a.alloc(8 * Math.max(1, nL)); slots[NH.OUT_FLOW] = a.alloc(8 * Math.max(1, nL));
    slots[NH.OUT_STATS] = a.alloc(8 * STATS);
    slots[NH.MAX_ITER] = maxIterations; slots[NH.MAX_ADD] = linesPerRound; slots[NH.FACTOR] = grid;
    slots[NH.MAX_ROWS] = maxRows;
    a.i32(hdr, HEADER_SLOTS).set(slots);
    a.f64(slots[NH.OUT_STATS], STATS).fill(0);
    const fn = a.ex.nodalClear as (h: number, base: number, scale: number) => number;
    if (typeof fn !== 'function') throw new GridclearError('INTERNAL', 'the Wasm core lacks nodalClear');
    let status: number;
    try {
      status = fn(hdr, net.baseMVA, scale);
    } catch (e) {
      // the core sizes its own scratch and returns STATUS_OUT_OF_MEMORY; a trap is a bug
      throw new GridclearError('INTERNAL', `the nodal core trapped: ${e instanceof Error ? e.message : String(e)}`);
    }
    checkStatus(status);
    // copied out into one buffer (src/model/slab.ts): the columns stay internal to the clearing
    const out = new Slab(slabBytes(nO, 8) + slabBytes(nB, 8) + 2 * slabBytes(nL, 8) + slabBytes(STATS, 8));
    const copy = <T extends Float64Array | BigInt64Array>(to: T, from: T): T => { to.set(from as never); return to; };
    return {
      status,
      fills: copy(out.i64(nO), a.i64(slots[NH.OUT_FILL], nO)),
      mu: copy(out.f64(nB), a.f64(slots[NH.OUT_PRICE], nB)),
      lineDual: copy(out.f64(nL), a.f64(slots[NH.OUT_DUAL], nL)),
      flowTicks: copy(out.f64(nL), a.f64(slots[NH.OUT_FLOW], nL)),
      stats: copy(out.f64(STATS), a.f64(slots[NH.OUT_STATS], STATS)),
    };
  });
}

/** Throws the GridclearError of a core status other than OK and INFEASIBLE. */
export function checkStatus(status: number): void {
  // ROW_CAP is not an error: the caller moves the clearing to the sparse path
  if (status === STATUS_OK || status === STATUS_INFEASIBLE || status === STATUS_ROW_CAP) return;
  if (status === STATUS_SINGULAR) {
    throw new GridclearError('INVALID_NETWORK', 'the susceptance matrix of an island is singular (reactances cancel out)', {
      field: 'x', expected: 'a nonsingular susceptance matrix per island',
    });
  }
  if (status === STATUS_NUMERICAL) {
    throw new GridclearError('NUMERICAL', 'the nodal LP solver lost accuracy: the basis stayed singular after a fresh factorization');
  }
  if (status === STATUS_OUT_OF_MEMORY) {
    throw new GridclearError('TOO_MANY_ORDERS', 'the nodal LP solver ran out of Wasm memory (too many line rows for 4 GiB)', {
      expected: 'fewer binding lines or orders per call',
    });
  }
  if (status === STATUS_BAD_INPUT) throw new GridclearError('INVALID_NETWORK', 'the grid core rejected the network (zero or non-finite reactance or shift)', { field: 'x' });
  if (status === STATUS_ITERATION_LIMIT) throw new GridclearError('ITERATION_LIMIT', 'the nodal solver reached maxIterations', { field: 'maxIterations', expected: 'a larger limit' });
  if (status === STATUS_ROUNDING) throw new GridclearError('INTERNAL', 'rounding the fills onto the tick could not keep an island balanced');
  throw new GridclearError('INTERNAL', `nodalClear returned status ${status}`);
}
