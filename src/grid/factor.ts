// Encodes a BasicNetwork for the grid core, factorizes it, and runs solves on the factor.
// The factor is kept in JS typed arrays between calls and copied into a fresh arena for each call
// (see assembly/grid/factor.ts for why): no Wasm region outlives a call.
import { GridclearError } from '../errors.js';
import { STATUS_OK, STATUS_SINGULAR, G } from '../wasm/abi.js';
import { withArena, type Arena } from '../wasm/engine.js';
import type { BasicNetwork } from '../model/network.js';

/** Byte offsets of the GridFactor header (declared in assembly/abi.ts as G_*). */
const H = {
  baseMVA: G.BASE_MVA, nBus: G.N_BUS, nLine: G.N_LINE, m: G.M, nnzL: G.NNZ_L, busPos: G.BUS_POS, posBus: G.POS_BUS,
  lp: G.LP, li: G.LI, lx: G.LX, d: G.D, lineFrom: G.LINE_FROM, lineTo: G.LINE_TO, lineX: G.LINE_X,
  lineShift: G.LINE_SHIFT, work: G.WORK, size: G.SIZE,
} as const;

/** The factor of a network's reduced susceptance matrix, held in JS memory. */
export interface FactorData {
  net: BasicNetwork;
  /** Reduced dimension (buses minus one reference per island) and nnz of strictly lower L. */
  m: number;
  nnzL: number;
  busPos: Int32Array;
  posBus: Int32Array;
  lp: Int32Array;
  li: Int32Array;
  lx: Float64Array;
  d: Float64Array;
}

type Fn = (...args: number[]) => number;

function entry(a: Arena, name: string): Fn {
  const fn = a.ex[name];
  if (typeof fn !== 'function') throw new GridclearError('INTERNAL', `the Wasm core lacks ${name}`);
  return fn as Fn;
}

function checkLayout(a: Arena): void {
  const got = entry(a, 'gridHeaderLayout')();
  if (got !== 1) throw new GridclearError('INTERNAL', 'the GridFactor class of the Wasm core does not have the offsets declared in assembly/abi.ts');
}

/** Writes the network's line columns and the header; returns the header address. */
function writeHeader(a: Arena, net: BasicNetwork): number {
  const n = net.busIds.length, nl = net.lineIds.length;
  const hdr = a.alloc(H.size);
  const cols = [a.alloc(4 * n), a.alloc(4 * nl), a.alloc(4 * nl), a.alloc(8 * nl), a.alloc(8 * nl)];
  a.i32(cols[1], nl).set(net.lineFrom);
  a.i32(cols[2], nl).set(net.lineTo);
  a.f64(cols[3], nl).set(net.lineX);
  a.f64(cols[4], nl).set(net.lineShiftRad);
  const dv = new DataView(a.buffer);
  dv.setFloat64(hdr + H.baseMVA, net.baseMVA, true);
  dv.setInt32(hdr + H.nBus, n, true);
  dv.setInt32(hdr + H.nLine, nl, true);
  dv.setInt32(hdr + H.busPos, cols[0], true);
  dv.setInt32(hdr + H.lineFrom, cols[1], true);
  dv.setInt32(hdr + H.lineTo, cols[2], true);
  dv.setInt32(hdr + H.lineX, cols[3], true);
  dv.setInt32(hdr + H.lineShift, cols[4], true);
  return hdr;
}

function lineBytes(net: BasicNetwork): number {
  return H.size + 4 * net.busIds.length + 24 * net.lineIds.length;
}

/**
 * Factorizes the network in the core (minimum-degree ordering + sparse L D L^T) and copies the
 * factor out. Throws INVALID_NETWORK when an island's susceptance matrix is singular.
 */
export function factorizeNetwork(net: BasicNetwork): FactorData {
  return withArena((a) => {
    checkLayout(a);
    const n = net.busIds.length, nl = net.lineIds.length;
    a.reserve(lineBytes(net) + 400 * (n + nl));
    const hdr = writeHeader(a, net);
    const busPosPtr = new DataView(a.buffer).getInt32(hdr + H.busPos, true);
    const isRef = new Uint8Array(n);
    for (const r of net.islandReference) isRef[r] = 1;
    a.i32(busPosPtr, n).set(Int32Array.from(isRef, (r) => (r ? -1 : 0)));
    let status: number;
    try {
      status = entry(a, 'gridFactorize')(hdr);
    } catch (e) {
      throw new GridclearError('TOO_MANY_ORDERS', `the network's factor does not fit in Wasm memory (${String(e)})`);
    }
    if (status === STATUS_SINGULAR) {
      throw new GridclearError('INVALID_NETWORK', 'the susceptance matrix of an island is singular (reactances cancel out)', {
        field: 'x', expected: 'reactances whose reduced susceptance matrix is nonsingular',
      });
    }
    if (status !== STATUS_OK) throw new GridclearError('INTERNAL', `gridFactorize returned status ${status}`);
    const dv = new DataView(a.buffer);
    const get = (off: number) => dv.getInt32(hdr + off, true);
    const m = get(H.m), nnzL = get(H.nnzL);
    return {
      net, m, nnzL,
      busPos: a.i32(get(H.busPos), n).slice(), posBus: a.i32(get(H.posBus), m).slice(),
      lp: a.i32(get(H.lp), m + 1).slice(), li: a.i32(get(H.li), nnzL).slice(),
      lx: a.f64(get(H.lx), nnzL).slice(), d: a.f64(get(H.d), m).slice(),
    };
  });
}

/** Bytes of a factor's columns (the memory a GridModel holds and copies per call). */
export function factorBytes(f: FactorData): number {
  return 4 * (f.busPos.length + f.posBus.length + f.lp.length + f.li.length) + 8 * (f.lx.length + f.d.length);
}

/** Arena bytes loadFactor needs (pass to `arena.reserve` together with the call's own columns). */
export function factorArenaBytes(f: FactorData): number {
  return lineBytes(f.net) + factorBytes(f) + 8 * Math.max(1, f.m) + 16 * 12;
}

/**
 * Copies a factor into the arena (after reserve) and returns the address of its GridFactor
 * header, for any core entry that solves on the network (e.g. the nodal clearing): pass the
 * address to the entry and use factor.ts / flow.ts there.
 */
export function loadFactor(a: Arena, f: FactorData): number {
  const hdr = writeHeader(a, f.net);
  const dv = new DataView(a.buffer);
  const put = (off: number, ptr: number) => dv.setInt32(hdr + off, ptr, true);
  dv.setInt32(hdr + H.m, f.m, true);
  dv.setInt32(hdr + H.nnzL, f.nnzL, true);
  const n = f.net.busIds.length;
  a.i32(dv.getInt32(hdr + H.busPos, true), n).set(f.busPos);
  const i32s: [number, Int32Array][] = [[H.posBus, f.posBus], [H.lp, f.lp], [H.li, f.li]];
  for (const [off, arr] of i32s) { const p = a.alloc(4 * arr.length); a.i32(p, arr.length).set(arr); put(off, p); }
  const f64s: [number, Float64Array][] = [[H.lx, f.lx], [H.d, f.d]];
  for (const [off, arr] of f64s) { const p = a.alloc(8 * arr.length); a.f64(p, arr.length).set(arr); put(off, p); }
  put(H.work, a.alloc(8 * Math.max(1, f.m)));
  return hdr;
}

/** DC flows (MW per line) and angles (rad per bus) for per-bus injections in MW. */
export function runFlows(f: FactorData, injMw: Float64Array): { flows: Float64Array; angles: Float64Array } {
  const n = f.net.busIds.length, nl = f.net.lineIds.length;
  return withArena((a) => {
    a.reserve(factorArenaBytes(f) + 8 * (2 * n + nl));
    const hdr = loadFactor(a, f);
    const inj = a.alloc(8 * n), fl = a.alloc(8 * nl), th = a.alloc(8 * n);
    a.f64(inj, n).set(injMw);
    const status = entry(a, 'gridFlows')(hdr, inj, fl, th);
    if (status !== STATUS_OK) throw new GridclearError('INTERNAL', `gridFlows returned status ${status}`);
    return { flows: a.f64(fl, nl).slice(), angles: a.f64(th, n).slice() };
  });
}

/** PTDF rows (one Float64Array of length nBus per line index), in one core call. */
export function runPtdfRows(f: FactorData, lines: Int32Array): Float64Array[] {
  const n = f.net.busIds.length, k = lines.length;
  return withArena((a) => {
    a.reserve(factorArenaBytes(f) + 4 * k + 8 * k * n);
    const hdr = loadFactor(a, f);
    const lp = a.alloc(4 * k), out = a.alloc(8 * k * n);
    a.i32(lp, k).set(lines);
    const status = entry(a, 'gridPtdfRows')(hdr, lp, k, out);
    if (status !== STATUS_OK) throw new GridclearError('INTERNAL', `gridPtdfRows returned status ${status}`);
    const all = a.f64(out, k * n);
    return Array.from({ length: k }, (_, r) => all.slice(r * n, (r + 1) * n));
  });
}
