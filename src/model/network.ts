// Network validation and normalization: dense indices, ticks, islands, one reference per island.
// Everything downstream (the grid core, the nodal clearing) sees only this BasicNetwork.
import { GridclearError } from '../errors.js';
import { fastTicks, show, toTicks, type DecimalLike } from './fixed.js';
import type { Network } from './types.js';
import { Slab, slabBytes } from './slab.js';

/** A validated network with dense indices (buses and lines in input order). */
export interface BasicNetwork {
  baseMVA: number;
  busIds: string[];
  busIndex: Map<string, number>;
  /** Per bus: fixed injection in quantity ticks, and the same in MW. */
  busFixedInjectionTicks: BigInt64Array;
  busFixedInjectionMw: Float64Array;
  lineIds: string[];
  lineIndex: Map<string, number>;
  lineFrom: Int32Array;
  lineTo: Int32Array;
  /** Reactance (p.u., tap folded in; may be negative only with allowNegativeReactance). */
  lineX: Float64Array;
  lineShiftRad: Float64Array;
  /** Flow bounds in MW, -Infinity / +Infinity when unbounded. */
  lineMinFlowMw: Float64Array;
  lineMaxFlowMw: Float64Array;
  /** Flow bounds in quantity ticks, null when unbounded. */
  lineMinFlowTicks: (bigint | null)[];
  lineMaxFlowTicks: (bigint | null)[];
  /** Island of each bus (0.., numbered by first bus), and each island's reference bus index. */
  busIsland: Int32Array;
  islandReference: Int32Array;
  quantityDecimals: number;
}

/** Options of normalizeNetwork. */
export interface NetworkOptions {
  /** Decimals of the quantity tick (flow bounds and fixed injections are on it). */
  quantityDecimals: number;
  /** Accept x < 0 (series-compensated branches, as in MATPOWER case300). Default false. */
  allowNegativeReactance?: boolean;
}

/**
 * Physical ranges the f64 network maths keeps accurate (flows to well within the contract's
 * 0.01 MW): reactances of 1e-9 .. 1e9 p.u. in magnitude, phase shifts within one turn, baseMVA
 * up to 1e6. Beyond them flows are numerically meaningless, so they are input errors.
 */
const MIN_X = 1e-9, MAX_X = 1e9, MAX_SHIFT_DEG = 360, MAX_BASE_MVA = 1e6;

/** 10^d for the quantity decimals of a clearing (0..18): a table read instead of a power per line. */
const POW10 = Array.from({ length: 19 }, (_, d) => 10 ** d);

function bad(message: string, detail: ConstructorParameters<typeof GridclearError>[2]): never {
  throw new GridclearError('INVALID_NETWORK', message, detail);
}

function checkId(id: unknown, kind: string, index: number): string {
  if (typeof id !== 'string' || id === '') {
    bad(`${kind} #${index} needs a non-empty string id`, { index, field: 'id', expected: 'a non-empty string', value: id });
  }
  return id;
}

function readBuses(network: Network, qd: number, out: BasicNetwork): IslandScratch {
  if (!Array.isArray(network.buses) || network.buses.length === 0) {
    bad('a network needs at least one bus', { field: 'buses', expected: 'a non-empty array' });
  }
  const n = network.buses.length;
  // the bus columns and findIslands' in one buffer (src/model/slab.ts)
  const nl = out.lineFrom.length;
  const slab = new Slab(2 * slabBytes(n, 8) + 3 * slabBytes(n, 4) + 2 * slabBytes(2 * nl, 4));
  out.busFixedInjectionTicks = slab.i64(n);
  out.busFixedInjectionMw = slab.f64(n);
  out.busIsland = slab.i32(n);
  const scratch = { head: slab.i32(n), next: slab.i32(2 * nl), to: slab.i32(2 * nl) };
  const scale = POW10[qd] ?? 10 ** qd;
  for (let index = 0; index < n; index++) {
    const bus = network.buses[index];
    if (bus === null || typeof bus !== 'object') bad(`bus #${index} must be an object, got ${show(bus)}`, { index, expected: 'an object', value: bus });
    const id = checkId(bus.id, 'bus', index);
    if (out.busIndex.set(id, index).size === index) { // one lookup: a repeated id does not grow the map (which is then dropped)
      throw new GridclearError('DUPLICATE_ID', `bus id ${JSON.stringify(id)} appears twice`, { id, index, field: 'id' });
    }
    out.busIds.push(id);
    const fixed = bus.fixedInjection;
    if (fixed !== undefined && fixed !== null) {
      // the columns start at 0: a zero (the common case) needs no bigint; a fast-path value is an
      // exact integer below 1e15, so t / 10^qd is the same f64 as Number(BigInt(t)) / 10^qd
      const f = fastTicks(fixed, qd);
      if (f === 0) continue;
      const t = f !== undefined ? BigInt(f) : toTicks(fixed, qd, { id, index, field: 'fixedInjection' });
      out.busFixedInjectionTicks[index] = t;
      out.busFixedInjectionMw[index] = (f ?? Number(t)) / scale;
    }
  }
  return scratch;
}

function bound(v: DecimalLike | null | undefined, qd: number, id: string, index: number, field: string): bigint | null {
  return v === undefined || v === null ? null : toTicks(v, qd, { id, index, field });
}

function endpoint(out: BasicNetwork, busId: unknown, id: string, index: number, field: 'from' | 'to'): number {
  const b = typeof busId === 'string' ? out.busIndex.get(busId) : undefined;
  if (b === undefined) {
    throw new GridclearError('UNKNOWN_BUS', `line ${JSON.stringify(id)}: ${field} names unknown bus ${show(busId)}`, {
      id, index, field, value: busId, expected: 'the id of a bus of the network',
    });
  }
  return b;
}

function readLine(lines: Network['lines'], l: number, opts: NetworkOptions, out: BasicNetwork): void {
  const line = lines[l];
  if (line === null || typeof line !== 'object') bad(`line #${l} must be an object, got ${show(line)}`, { index: l, expected: 'an object', value: line });
  const id = checkId(line.id, 'line', l);
  if (out.lineIndex.set(id, l).size === l) { // one lookup, as for buses
    throw new GridclearError('DUPLICATE_ID', `line id ${JSON.stringify(id)} appears twice`, { id, index: l, field: 'id' });
  }
  out.lineIds.push(id);
  const f = endpoint(out, line.from, id, l, 'from');
  const t = endpoint(out, line.to, id, l, 'to');
  if (f === t) bad(`line ${JSON.stringify(id)} connects bus ${show(line.from)} to itself`, { id, index: l, field: 'to', expected: 'a bus other than from', value: line.to });
  const x = line.x;
  if (typeof x !== 'number' || !Number.isFinite(x) || x === 0 || (x < 0 && !opts.allowNegativeReactance) || Math.abs(x) < MIN_X || Math.abs(x) > MAX_X) {
    bad(`line ${JSON.stringify(id)}: reactance x must be a finite non-zero number${opts.allowNegativeReactance ? '' : ' > 0'}, got ${show(x)}`, {
      id, index: l, field: 'x', value: x,
      expected: `|x| in [${MIN_X}, ${MAX_X}]${opts.allowNegativeReactance ? '' : ', x > 0 (allowNegativeReactance permits x < 0)'}`,
    });
  }
  const shift = line.shiftDeg ?? 0;
  if (typeof shift !== 'number' || !Number.isFinite(shift) || Math.abs(shift) > MAX_SHIFT_DEG) {
    bad(`line ${JSON.stringify(id)}: shiftDeg must be a number of degrees in [-${MAX_SHIFT_DEG}, ${MAX_SHIFT_DEG}], got ${show(shift)}`, { id, index: l, field: 'shiftDeg', value: shift, expected: `a number of degrees in [-${MAX_SHIFT_DEG}, ${MAX_SHIFT_DEG}]` });
  }
  const lo = bound(line.minFlow, opts.quantityDecimals, id, l, 'minFlow');
  const hi = bound(line.maxFlow, opts.quantityDecimals, id, l, 'maxFlow');
  if (lo !== null && hi !== null && lo > hi) {
    bad(`line ${JSON.stringify(id)}: minFlow ${show(line.minFlow)} exceeds maxFlow ${show(line.maxFlow)}`, { id, index: l, field: 'minFlow', value: line.minFlow, expected: '<= maxFlow' });
  }
  const scale = POW10[opts.quantityDecimals] ?? 10 ** opts.quantityDecimals;
  out.lineFrom[l] = f; out.lineTo[l] = t; out.lineX[l] = x; out.lineShiftRad[l] = (shift * Math.PI) / 180;
  out.lineMinFlowTicks.push(lo); out.lineMaxFlowTicks.push(hi);
  out.lineMinFlowMw[l] = lo === null ? -Infinity : Number(lo) / scale;
  out.lineMaxFlowMw[l] = hi === null ? Infinity : Number(hi) / scale;
}

/** findIslands' adjacency lists (carved with the bus columns by readBuses). */
interface IslandScratch { head: Int32Array; next: Int32Array; to: Int32Array }

/** Connected components over lines (numbered by their first bus) and one reference per island. */
function findIslands(out: BasicNetwork, referenceBus: number | undefined, { head, next, to }: IslandScratch): void {
  const n = out.busIds.length;
  head.fill(-1);
  for (let l = 0, e = 0; l < out.lineFrom.length; l++) {
    const f = out.lineFrom[l], t = out.lineTo[l];
    to[e] = t; next[e] = head[f]; head[f] = e++;
    to[e] = f; next[e] = head[t]; head[t] = e++;
  }
  const island = out.busIsland.fill(-1), refs: number[] = [], stack: number[] = [];
  for (let b = 0; b < n; b++) {
    if (island[b] >= 0) continue;
    const k = refs.length;
    refs.push(b);
    island[b] = k; stack.push(b);
    while (stack.length) {
      const u = stack.pop()!;
      for (let e = head[u]; e >= 0; e = next[e]) if (island[to[e]] < 0) { island[to[e]] = k; stack.push(to[e]); }
    }
  }
  if (referenceBus !== undefined) refs[island[referenceBus]] = referenceBus;
  out.islandReference = Int32Array.from(refs);
}

/**
 * `net` with other fixed injections and line bounds (one period of a day): every field in
 * normalizeNetwork's order, in one literal, not a spread, so that the copies share one layout
 * that survives full GCs (ARCHITECTURE.md, "Per-call objects").
 */
export function networkWith(net: BasicNetwork, p: Pick<BasicNetwork, 'busFixedInjectionTicks' | 'busFixedInjectionMw' |
  'lineMinFlowMw' | 'lineMaxFlowMw' | 'lineMinFlowTicks' | 'lineMaxFlowTicks'>): BasicNetwork {
  return {
    baseMVA: net.baseMVA, busIds: net.busIds, busIndex: net.busIndex, busFixedInjectionTicks: p.busFixedInjectionTicks,
    busFixedInjectionMw: p.busFixedInjectionMw, lineIds: net.lineIds, lineIndex: net.lineIndex, lineFrom: net.lineFrom,
    lineTo: net.lineTo, lineX: net.lineX, lineShiftRad: net.lineShiftRad, lineMinFlowMw: p.lineMinFlowMw,
    lineMaxFlowMw: p.lineMaxFlowMw, lineMinFlowTicks: p.lineMinFlowTicks, lineMaxFlowTicks: p.lineMaxFlowTicks,
    busIsland: net.busIsland, islandReference: net.islandReference, quantityDecimals: net.quantityDecimals,
  };
}

/**
 * Validates a network and normalizes it once, before any maths: dense indices in input order,
 * ticks for bounds and fixed injections, islands each with one reference bus (the network's
 * `referenceBus` in its own island, else the island's first bus). Throws GridclearError
 * (INVALID_NETWORK, UNKNOWN_BUS, DUPLICATE_ID, INVALID_NUMBER, OFF_TICK) naming the element.
 */
export function normalizeNetwork(network: Network, opts: NetworkOptions): BasicNetwork {
  if (network === null || typeof network !== 'object' || Array.isArray(network)) bad('network must be an object', { expected: 'an object with baseMVA, buses, lines' });
  const { baseMVA } = network;
  if (typeof baseMVA !== 'number' || !Number.isFinite(baseMVA) || baseMVA <= 0 || baseMVA > MAX_BASE_MVA) {
    bad(`baseMVA must be a number in (0, ${MAX_BASE_MVA}], got ${show(baseMVA)}`, { field: 'baseMVA', value: baseMVA, expected: `a number in (0, ${MAX_BASE_MVA}]` });
  }
  const lines = network.lines ?? [];
  if (!Array.isArray(lines)) bad('lines must be an array', { field: 'lines', expected: 'an array' });
  const nl = lines.length;
  // the line columns in one buffer (src/model/slab.ts)
  const slab = new Slab(2 * slabBytes(nl, 4) + 4 * slabBytes(nl, 8));
  const out: BasicNetwork = {
    baseMVA, busIds: [], busIndex: new Map(), busFixedInjectionTicks: new BigInt64Array(0), busFixedInjectionMw: new Float64Array(0),
    lineIds: [], lineIndex: new Map(), lineFrom: slab.i32(nl), lineTo: slab.i32(nl), lineX: slab.f64(nl),
    lineShiftRad: slab.f64(nl), lineMinFlowMw: slab.f64(nl), lineMaxFlowMw: slab.f64(nl),
    lineMinFlowTicks: [], lineMaxFlowTicks: [], busIsland: new Int32Array(0), islandReference: new Int32Array(0),
    quantityDecimals: opts.quantityDecimals,
  };
  const scratch = readBuses(network, opts.quantityDecimals, out);
  for (let l = 0; l < nl; l++) readLine(lines, l, opts, out);
  let ref: number | undefined;
  if (network.referenceBus !== undefined) {
    ref = typeof network.referenceBus === 'string' ? out.busIndex.get(network.referenceBus) : undefined;
    if (ref === undefined) {
      throw new GridclearError('UNKNOWN_BUS', `referenceBus ${show(network.referenceBus)} is not a bus of the network`, {
        field: 'referenceBus', value: network.referenceBus, expected: 'the id of a bus of the network',
      });
    }
  }
  findIslands(out, ref, scratch);
  return out;
}
