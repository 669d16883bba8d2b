// Nodal clearing API: the welfare-maximizing double auction under DC power-flow limits
// (see docs/nodal.md for the method, tolerances, the rounding rule and the price relations).
import { formatTicks, pow10 } from '../model/fixed.js';
import { MARKET_DEFAULTS, type Market } from '../model/types.js';
import { GridModel } from '../grid/index.js';
import type { FactorData } from '../grid/factor.js';
import { GridclearError } from '../errors.js';
import { NS } from '../wasm/abi.js';
import type { ClearingOutcome } from '../io/result.js';
import { prepareNodal, F64_SAFE_SUM, type NodalInput } from './prepare.js';
import { normalizeMarket, type BasicMarket } from '../model/normalize.js';
import { lineCertificate } from './certify.js';
import { keptFactor } from './netcache.js';
import { islandGaps } from './gaps.js';
import { runNodal, type CoreOutput } from './encode.js';
import { clearSparse, sparseRowCap } from './sparse.js';
import { STATUS_ROW_CAP } from '../wasm/abi.js';
import type { NodalInfeasibility, NodalOptions, NodalResult, NodalStats } from './types.js';

export type * from './types.js';

/** linesPerRound sent to the core when the option is absent: its adaptive rule. */
const ADAPTIVE = 0;

/** Checked options of a nodal clearing (denseRowLimit 0: the default rule, sparseRowCap). */
export interface CheckedNodalOptions { maxIterations: number; linesPerRound: number; denseRowLimit: number }

export function checkOptions(o: NodalOptions): CheckedNodalOptions {
  // linesPerRound absent: 0, the core's adaptive rule (a quarter of the violated lines, 16 to 128)
  const maxIterations = o.maxIterations ?? 200_000, linesPerRound = o.linesPerRound ?? ADAPTIVE;
  positive('maxIterations', maxIterations); positive('linesPerRound', o.linesPerRound ?? 1); positive('denseRowLimit', o.denseRowLimit ?? 1);
  return { maxIterations, linesPerRound, denseRowLimit: o.denseRowLimit ?? 0 };
}

/** INVALID_OPTION unless v is an integer in [1, 2^31 - 1] (no array per call: checkOptions runs on every clearing). */
function positive(field: string, v: unknown): void {
  if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > 2 ** 31 - 1) {
    throw new GridclearError('INVALID_OPTION', `${field} must be a positive integer, got ${String(v)}`, { field, value: v, expected: 'an integer >= 1' });
  }
}

/** The factor of a prepared GridModel, after checking that it fits the market (cheap checks only). */
function preparedFactor(market: Market, grid: GridModel): FactorData {
  const bad = (message: string): never => {
    throw new GridclearError('INVALID_OPTION', message, { field: 'grid', expected: 'GridModel.from(market.network, { quantityDecimals: market.quantityDecimals, allowNegativeReactance: true })' });
  };
  if (!(grid instanceof GridModel)) bad('grid must be a GridModel');
  const net = grid.network, qd = market?.quantityDecimals ?? MARKET_DEFAULTS.quantityDecimals;
  if (Number.isInteger(qd) && net.quantityDecimals !== qd) bad(`grid was built with quantityDecimals ${net.quantityDecimals}, the market has ${String(qd)}`);
  const n = market?.network;
  if (n && (n.buses?.length !== net.busIds.length || (n.lines ?? []).length !== net.lineIds.length)) bad('grid was built from another network (bus or line count differs)');
  return grid.factorData;
}

function balanceCheck(inp: NodalInput): NodalInfeasibility | undefined {
  const gaps = islandGaps(inp);
  const i = gaps.findIndex((g) => g !== 0n);
  if (i < 0) return undefined;
  return { island: inp.net.busIds[inp.net.islandReference[i]], imbalance: formatTicks(gaps[i], inp.qd) };
}

function emptyResult(inp: NodalInput, infeasible: NodalInfeasibility, stats: NodalStats): NodalResult {
  const net = inp.net, nB = net.busIds.length, nL = net.lineIds.length;
  return {
    status: 'infeasible', priceDecimals: inp.pd, quantityDecimals: inp.qd,
    orderIds: inp.orderIds, busIds: net.busIds, lineIds: net.lineIds,
    fills: new BigInt64Array(inp.bus.length), priceTicks: new BigInt64Array(nB), shadowPriceTicks: new BigInt64Array(nL),
    bindingSign: new Int8Array(nL), flows: new Float64Array(nL), welfareTicks: 0n, congestionRentTicks: 0n,
    busReference: busReferenceOf(net), infeasible, stats,
  };
}

/** Each bus's island reference bus (a plain loop: TypedArray.from with a mapper iterates slowly). */
function busReferenceOf(net: NodalInput['net']): Int32Array {
  const isl = net.busIsland, ref = net.islandReference, out = new Int32Array(isl.length);
  for (let b = 0; b < isl.length; b++) out[b] = ref[isl[b]];
  return out;
}

function statsOf(s: Float64Array, moneyScale: number, qScale: number, path: NodalStats['path']): NodalStats {
  return {
    path, iterations: s[NS.ITERATIONS], activeLines: s[NS.ACTIVE_LINES], bindingLines: s[NS.BINDING], rounds: s[NS.ROUNDS],
    lpWelfare: -s[NS.OBJECTIVE] / moneyScale, roundingFlowShiftMw: s[NS.ROUNDING_SHIFT] / qScale,
    refactorizations: s[NS.REFACTORS], rowsDropped: s[NS.ROWS_DROPPED], peakLines: s[NS.PEAK_ROWS],
  };
}

/**
 * Clears a networked market: maximizes welfare under DC flow limits, one price per bus (LMP),
 * a shadow price per line, fills on the quantity tick with every island balanced exactly.
 * Throws GridclearError for bad input; a market whose fixed injections (or line limits) cannot
 * be met comes back with status 'infeasible' and says which island and by how much.
 */
export function clearNodal(market: Market, options: NodalOptions = {}): NodalResult {
  if (options === null || typeof options !== 'object') {
    throw new GridclearError('INVALID_OPTION', 'options must be an object', { expected: 'an object', value: options });
  }
  const opt = checkOptions(options);
  if (options.grid !== undefined) {
    const factor = preparedFactor(market, options.grid);
    return clearNodalBasic(normalizeMarket(market, { network: 'require', net: factor.net }), opt, factor);
  }
  // the kept factor of this network object when it is unchanged (netcache.ts)
  const factor = keptFactor(market?.network, market?.quantityDecimals ?? MARKET_DEFAULTS.quantityDecimals);
  const r = clearNodalBasic(normalizeMarket(market, { network: 'require', net: factor?.net }), opt, factor);
  // the kept network's id arrays stay its own: the caller may change the result's
  if (factor) { r.busIds = r.busIds.slice(); r.lineIds = r.lineIds.slice(); }
  return r;
}

/**
 * Clears a market already normalized (normalizeMarket, or a case file scanned into columns:
 * src/nodal/scanned.ts) with checked options. Internal: the public entry is clearNodal.
 */
export function clearNodalBasic(m: BasicMarket, opt: CheckedNodalOptions, factor?: FactorData): NodalResult {
  const inp = prepareNodal(m);
  const qScale = Number(pow10(inp.qd)), moneyScale = Number(pow10(inp.pd + inp.qd));
  const noStats: NodalStats = {
    path: 'dense', iterations: 0, activeLines: 0, bindingLines: 0, rounds: 0, lpWelfare: 0, roundingFlowShiftMw: 0,
    refactorizations: 0, rowsDropped: 0, peakLines: 0,
  };
  const gap = balanceCheck(inp);
  if (gap) return emptyResult(inp, gap, noStats);
  // the dense core first; past its row cap it hands over to the sparse path (src/nodal/sparse.ts),
  // whose infeasible end goes back to the dense core alone (it names the infeasibility)
  let out = runNodal(inp, opt.maxIterations, opt.linesPerRound, factor, opt.denseRowLimit || sparseRowCap(inp));
  let path: NodalStats['path'] = 'dense';
  if (out.status === STATUS_ROW_CAP) {
    const sparse = clearSparse(inp, out, opt.maxIterations, factor, qScale);
    if (sparse) path = 'sparse';
    out = sparse ?? runNodal(inp, opt.maxIterations, opt.linesPerRound, factor);
  }
  const stats = statsOf(out.stats, moneyScale, qScale, path);
  if (out.status !== 0) return emptyResult(inp, lineInfeasibility(inp, out, qScale), stats);
  return decode(inp, out, stats, qScale);
}

/**
 * The core found no fills that meet the line limits. A line whose bounds alone no balanced fills
 * can meet (the core's line first, then in input order) is named with its certified gap
 * (src/nodal/certify.ts: anyone can check it by a one-row LP). Where only several lines together
 * cannot be met, the core's line and amount are named as they are (verify confirms such a claim
 * by clearing the market again).
 */
function lineInfeasibility(inp: NodalInput, out: CoreOutput, qScale: number): NodalInfeasibility {
  const net = inp.net, kind = out.stats[NS.INFEASIBLE_KIND], index = out.stats[NS.INFEASIBLE_INDEX];
  const cert = lineCertificate(net, inp, qScale, kind === 1 ? -1 : index);
  if (cert) return { island: net.busIds[net.islandReference[cert.island]], imbalance: lineGapText(cert.gapMw, inp.qd), line: net.lineIds[cert.line] };
  const amount = formatTicks(BigInt(Math.round(out.stats[NS.INFEASIBLE_AMOUNT])), inp.qd);
  if (kind === 1) return { island: net.busIds[net.islandReference[index]], imbalance: amount };
  return { island: net.busIds[net.islandReference[net.busIsland[net.lineFrom[index]]]], imbalance: amount, line: net.lineIds[index] };
}

/** A line's gap in MW on the quantity tick, rounded away from zero (never 0). */
function lineGapText(gapMw: number, qd: number): string {
  const scale = 10 ** qd;
  const t = Math.max(1, Math.ceil(Math.abs(gapMw) * scale - 1e-9));
  return formatTicks(BigInt(gapMw < 0 ? -t : t), qd);
}

function decode(inp: NodalInput, out: CoreOutput, stats: NodalStats, qScale: number): NodalResult {
  const net = inp.net, nL = net.lineIds.length;
  const { fills, fillNum } = permuteFills(inp, out.fills);
  const welfare = welfareOf(inp, fillNum);
  const priceTicks = roundedTicks(out.mu, false);
  const rent = rentOf(inp, fillNum, priceTicks);
  // signed (contract revision 2): + held at maxFlow, - held at minFlow; the core's dual is the opposite sign
  const shadow = roundedTicks(out.lineDual, true), sign = new Int8Array(nL), flows = new Float64Array(nL);
  for (let l = 0; l < nL; l++) {
    const y = out.lineDual[l];
    sign[l] = y < 0 ? 1 : y > 0 ? -1 : 0;
    if (sign[l] < 0 && shadow[l] !== 0n) shadow[l] = -shadow[l];
    const f = Math.round((out.flowTicks[l] / qScale) * 1e6) / 1e6;
    flows[l] = f === 0 ? 0 : f;
  }
  return {
    status: 'optimal', priceDecimals: inp.pd, quantityDecimals: inp.qd,
    orderIds: inp.orderIds, busIds: net.busIds, lineIds: net.lineIds,
    fills, priceTicks, shadowPriceTicks: shadow, bindingSign: sign, flows,
    welfareTicks: welfare, congestionRentTicks: rent,
    busReference: busReferenceOf(net), stats,
  };
}

/**
 * The core's fills (canonical order, i64) in input order, and as f64 (exact: 0 <= fill <= qty <= 2^53),
 * moved as i32 halves so that no bigint is made per order.
 */
function permuteFills(inp: NodalInput, core: BigInt64Array): { fills: BigInt64Array; fillNum: Float64Array } {
  const n = inp.bus.length, perm = inp.perm;
  const fills = new BigInt64Array(n), fillNum = inp.orderScratch;
  const src = new Int32Array(core.buffer, core.byteOffset, 2 * n), dst = new Int32Array(fills.buffer);
  const lo = LITTLE_ENDIAN ? 0 : 1, hi = 1 - lo;
  for (let k = 0; k < n; k++) {
    const i = perm[k], a = src[2 * k + lo], b = src[2 * k + hi];
    dst[2 * i + lo] = a; dst[2 * i + hi] = b;
    fillNum[k] = b * 4294967296 + (a >>> 0);
  }
  return { fills, fillNum };
}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Sum of buy price*fill minus sell price*fill (money ticks), exact: in f64 when every partial sum fits, else bigint. */
function welfareOf(inp: NodalInput, fill: Float64Array): bigint {
  const n = fill.length;
  if (inp.maxAbsPrice * inp.totalQty <= F64_SAFE_SUM) {
    let w = 0;
    for (let k = 0; k < n; k++) w -= inp.side[k] * inp.price[k] * fill[k];
    return BigInt(w);
  }
  let w = 0n;
  for (let k = 0; k < n; k++) if (fill[k] !== 0) w -= BigInt(inp.side[k] * inp.price[k]) * BigInt(fill[k]);
  return w;
}

/**
 * Every value (its absolute value with `abs`) rounded to the nearest tick (Math.round: halves up)
 * as a BigInt64Array: a safe integer is written as two i32 halves (no bigint per value), anything
 * else through BigInt.
 */
function roundedTicks(v: Float64Array, abs: boolean): BigInt64Array {
  const n = v.length, out = new BigInt64Array(n), h = new Int32Array(out.buffer);
  const lo = LITTLE_ENDIAN ? 0 : 1, hi = 1 - lo;
  for (let i = 0; i < n; i++) {
    const r = Math.round(abs ? Math.abs(v[i]) : v[i]);
    if (r === 0) continue;
    if (r <= Number.MAX_SAFE_INTEGER && r >= -Number.MAX_SAFE_INTEGER) {
      const top = Math.floor(r / 4294967296);
      h[2 * i + lo] = (r - top * 4294967296) | 0; h[2 * i + hi] = top | 0;
    } else out[i] = BigInt(r);
  }
  return out;
}

/**
 * Congestion rent: sum over buses of price x (order withdrawals (buys - sells) minus the fixed
 * injection), exact; buses with neither orders filled nor a fixed injection add nothing.
 */
function rentOf(inp: NodalInput, fill: Float64Array, priceTicks: BigInt64Array): bigint {
  const net = inp.net, n = fill.length, nB = net.busIds.length, fixed = net.busFixedInjectionTicks;
  let rent = 0n;
  if (inp.totalQty <= F64_SAFE_SUM) {
    // every partial sum is at most totalQty: exact in f64
    const acc = inp.busScratch; // zeroed, used once
    for (let k = 0; k < n; k++) acc[inp.bus[k]] -= inp.side[k] * fill[k];
    for (let b = 0; b < nB; b++) {
      const a = acc[b], f = fixed[b];
      if (a === 0 && f === 0n) continue;
      rent += priceTicks[b] * ((a === 0 ? 0n : BigInt(a)) - f);
    }
    return rent;
  }
  const withdrawal = Array.from(fixed, (f) => -f);
  for (let k = 0; k < n; k++) if (fill[k] !== 0) withdrawal[inp.bus[k]] -= BigInt(inp.side[k] * fill[k]);
  for (let b = 0; b < nB; b++) if (withdrawal[b] !== 0n) rent += priceTicks[b] * withdrawal[b];
  return rent;
}

/** The clearing-result/1 outcome of a nodal result (write it with io's toClearingResult). */
export function nodalOutcome(r: NodalResult): ClearingOutcome {
  return {
    status: r.status, priceDecimals: r.priceDecimals, quantityDecimals: r.quantityDecimals,
    orderIds: r.orderIds, fills: r.fills,
    prices: r.busIds.map((key, b) => ({ key, ticks: r.priceTicks[b] })),
    lines: r.lineIds.map((id, l) => ({ id, flow: r.flows[l], shadowPriceTicks: r.shadowPriceTicks[l] })),
    welfareTicks: r.welfareTicks, congestionRentTicks: r.congestionRentTicks,
    ...(r.infeasible ? { infeasible: { ...r.infeasible } } : {}),
  };
}
