// verify(): checks a claimed clearing-result/1 of a networked market WITHOUT re-solving the LP.
// Primal feasibility (ticks, bounds, balance, flows) plus dual feasibility and complementary
// slackness (order/price consistency, shadow prices only on binding lines, the PTDF price
// relation) together certify optimality up to the documented rounding.
import { isGridclearError } from '../errors.js';
import { toTicks, pow10 } from '../model/fixed.js';
import type { Market } from '../model/types.js';
import { GridModel } from '../grid/index.js';
import { digestOf } from '../io/digest.js';
import { prepareNodal, withTicks, type NodalInput, type NodalTicks } from '../nodal/prepare.js';
import type { BilateralTrade } from './settle.js';
import { islandGaps } from '../nodal/gaps.js';

/** One failed check: which check, the element it is about, and why. */
export interface VerifyFailure {
  check: 'format' | 'digest' | 'status' | 'fills' | 'prices' | 'lines' | 'balance' | 'flows'
    | 'consistency' | 'shadowPrices' | 'priceRelation' | 'welfare' | 'congestionRent' | 'market' | 'trades';
  id?: string;
  message: string;
}

/** The verdict: ok when no check failed. */
export interface VerifyReport {
  ok: boolean;
  failures: VerifyFailure[];
}

/** Options of verify. */
export interface VerifyOptions {
  /** Flow tolerance in MW for bounds and for claimed flows (default 0.01, the spec's). */
  flowToleranceMw?: number;
  /** Bilateral trades (from settle) to check against the fills and bus prices as well. */
  trades?: readonly BilateralTrade[];
}

/** What verify reads from a result (a parsed clearing-result/1 document). */
export interface ClaimedResult {
  format?: unknown;
  status?: unknown;
  welfare?: unknown;
  fills?: Record<string, unknown>;
  prices?: Record<string, unknown>;
  lines?: Record<string, { flow?: unknown; shadowPrice?: unknown }>;
  congestionRent?: unknown;
  digest?: unknown;
  infeasible?: { island?: unknown; imbalance?: unknown };
  /** Written by nodalOutcome when a line limit, not the balance, cannot be met. */
  infeasibleLine?: unknown;
}

interface Ctx {
  inp: NodalTicks;
  res: ClaimedResult;
  fail: VerifyFailure[];
  tol: number;
  fills: bigint[];
  prices: bigint[];
  shadow: bigint[];
}

/** A copper-plate market as a one-bus network whose bus is the result's price key "*". */
function asOneBus(market: Market): Market {
  return {
    ...market,
    network: { baseMVA: 100, buses: [{ id: '*' }], lines: [] },
    orders: Array.isArray(market.orders) ? market.orders.map((o) => ({ ...o, bus: '*' })) : market.orders,
  };
}

function ticks(v: unknown, decimals: number): bigint | undefined {
  if (typeof v !== 'string') return undefined;
  try { return toTicks(v, decimals, {}); } catch { return undefined; }
}

/**
 * Checks a claimed result of `market` (networked, or copper plate with the single price "*") and
 * names every failed check; never throws for a bad
 * result (only for a market that is itself invalid, which is reported as check 'market').
 */
export function verify(market: Market, result: ClaimedResult, options: VerifyOptions = {}): VerifyReport {
  const fail: VerifyFailure[] = [];
  let inp: NodalInput;
  try {
    inp = prepareNodal(market.network ? market : asOneBus(market));
  } catch (e) {
    if (!isGridclearError(e)) throw e;
    return { ok: false, failures: [{ check: 'market', message: `the market is invalid: ${e.message}` }] };
  }
  if (result?.format !== 'clearing-result/1') fail.push({ check: 'format', message: `format is ${JSON.stringify(result?.format)}, not "clearing-result/1"` });
  if ((result as { mechanism?: unknown })?.mechanism !== undefined) {
    fail.push({ check: 'format', message: `mechanism ${JSON.stringify((result as { mechanism?: unknown }).mechanism)}: verify checks the default clearing (one price per bus) only` });
  }
  if (result?.digest !== digestOf(result as never)) fail.push({ check: 'digest', message: `digest ${JSON.stringify(result?.digest)} does not match the result's canonical form` });
  if (result?.status === 'infeasible') {
    checkInfeasible(inp, result, fail);
    return { ok: fail.length === 0, failures: fail };
  }
  if (result?.status !== 'optimal') {
    fail.push({ check: 'status', message: `status ${JSON.stringify(result?.status)} is neither "optimal" nor "infeasible"` });
    return { ok: false, failures: fail };
  }
  const ctx: Ctx = { inp: withTicks(inp), res: result, fail, tol: options.flowToleranceMw ?? 0.01, fills: [], prices: [], shadow: [] };
  const readable = readFills(ctx) && readPrices(ctx) && readLines(ctx);
  if (!readable) return { ok: false, failures: fail };
  checkBalance(ctx);
  checkConsistency(ctx);
  checkMoney(ctx);
  checkNetwork(ctx);
  if (options.trades) checkTrades(ctx, market, options.trades);
  return { ok: fail.length === 0, failures: fail };
}

function readFills(c: Ctx): boolean {
  const { inp, res, fail } = c;
  const claimed = res.fills ?? {};
  const known = new Set(inp.orderIds);
  for (const id of Object.keys(claimed)) if (!known.has(id)) fail.push({ check: 'fills', id, message: `fill for unknown order ${JSON.stringify(id)}` });
  let ok = true;
  for (let k = 0; k < inp.bus.length; k++) {
    const id = inp.orderIds[inp.perm[k]];
    const f = ticks(claimed[id], inp.qd);
    if (f === undefined) { fail.push({ check: 'fills', id, message: `fill ${JSON.stringify(claimed[id])} is missing or not on the quantity tick` }); ok = false; continue; }
    if (f < 0n || f > inp.qtyTicks[k]) fail.push({ check: 'fills', id, message: `fill ${String(claimed[id])} is outside [0, quantity]` });
    c.fills[k] = f;
  }
  return ok;
}

function readPrices(c: Ctx): boolean {
  const { inp, res, fail } = c;
  let ok = true;
  inp.net.busIds.forEach((id, b) => {
    const p = ticks(res.prices?.[id], inp.pd);
    if (p === undefined) { fail.push({ check: 'prices', id, message: `price ${JSON.stringify(res.prices?.[id])} of bus ${id} is missing or not on the price tick` }); ok = false; }
    c.prices[b] = p ?? 0n;
  });
  return ok;
}

function readLines(c: Ctx): boolean {
  const { inp, res, fail } = c;
  let ok = true;
  inp.net.lineIds.forEach((id, l) => {
    const line = res.lines?.[id];
    const s = ticks(line?.shadowPrice, inp.pd);
    if (s === undefined || typeof line?.flow !== 'number' || !Number.isFinite(line.flow)) {
      fail.push({ check: 'lines', id, message: `line ${id} lacks a numeric flow or a shadowPrice on the price tick` }); ok = false;
    } else if (s < 0n) fail.push({ check: 'shadowPrices', id, message: `shadow price of line ${id} is negative` });
    c.shadow[l] = s ?? 0n;
  });
  return ok;
}

function checkBalance(c: Ctx): void {
  const { inp } = c, net = inp.net;
  const sums = new Array<bigint>(net.islandReference.length).fill(0n);
  net.busFixedInjectionTicks.forEach((f, b) => { sums[net.busIsland[b]] += f; });
  for (let k = 0; k < inp.bus.length; k++) sums[net.busIsland[inp.bus[k]]] += BigInt(inp.side[k]) * c.fills[k];
  sums.forEach((s, i) => {
    if (s !== 0n) c.fail.push({ check: 'balance', id: net.busIds[net.islandReference[i]], message: `island of bus ${net.busIds[net.islandReference[i]]} is off balance by ${s} quantity ticks` });
  });
}

function checkConsistency(c: Ctx): void {
  const { inp } = c;
  for (let k = 0; k < inp.bus.length; k++) {
    const p = c.prices[inp.bus[k]], own = inp.priceTicks[k], f = c.fills[k], q = inp.qtyTicks[k];
    const sell = inp.side[k] > 0;
    const better = sell ? own < p - 1n : own > p + 1n;  // strictly in the money beyond one tick
    const worse = sell ? own > p + 1n : own < p - 1n;
    const id = inp.orderIds[inp.perm[k]];
    if (better && f !== q) c.fail.push({ check: 'consistency', id, message: `order ${id} is in the money at its bus price but not filled fully` });
    if (worse && f !== 0n) c.fail.push({ check: 'consistency', id, message: `order ${id} is out of the money at its bus price but filled` });
  }
}

function checkMoney(c: Ctx): void {
  const { inp, res, fail } = c, md = inp.pd + inp.qd;
  let welfare = 0n;
  const withdrawal = Array.from(inp.net.busFixedInjectionTicks, (f) => -f);
  for (let k = 0; k < inp.bus.length; k++) {
    welfare += inp.side[k] > 0 ? -inp.priceTicks[k] * c.fills[k] : inp.priceTicks[k] * c.fills[k];
    withdrawal[inp.bus[k]] -= BigInt(inp.side[k]) * c.fills[k];
  }
  let rent = 0n;
  withdrawal.forEach((w, b) => { rent += c.prices[b] * w; });
  if (ticks(res.welfare, md) !== welfare) fail.push({ check: 'welfare', message: `welfare ${JSON.stringify(res.welfare)} does not equal the fills' welfare` });
  if (ticks(res.congestionRent, md) !== rent) fail.push({ check: 'congestionRent', message: `congestionRent ${JSON.stringify(res.congestionRent)} does not equal sum of price x net withdrawal` });
}

/** Flows of the fills, bounds, binding status of priced lines, and the PTDF price relation. */
function checkNetwork(c: Ctx): void {
  const { inp, res, fail, tol } = c, net = inp.net, qs = Number(pow10(inp.qd));
  const grid = GridModel.from(net);
  const injection = Float64Array.from(net.busFixedInjectionMw);
  for (let k = 0; k < inp.bus.length; k++) injection[inp.bus[k]] += (inp.side[k] * Number(c.fills[k])) / qs;
  const flows = grid.flows(injection, { slack: true });
  const sign = new Int8Array(net.lineIds.length);
  net.lineIds.forEach((id, l) => {
    const f = flows[l], lo = net.lineMinFlowMw[l], hi = net.lineMaxFlowMw[l];
    const claimed = res.lines![id].flow as number;
    if (Math.abs(claimed - f) > tol) fail.push({ check: 'flows', id, message: `line ${id} claims flow ${claimed} MW, the fills give ${f} MW` });
    if (f > hi + tol || f < lo - tol) fail.push({ check: 'flows', id, message: `line ${id} flow ${f} MW is outside [${lo}, ${hi}]` });
    // binding: at a bound (a line whose dual rounded to 0 still counts for the relation's tolerance)
    sign[l] = Math.abs(f - hi) <= tol ? 1 : Math.abs(f - lo) <= tol ? -1 : 0;
    if (c.shadow[l] > 0n && sign[l] === 0) fail.push({ check: 'shadowPrices', id, message: `line ${id} has shadow price but its flow ${f} MW is not at a bound` });
  });
  checkPriceRelation(c, grid, sign);
}

function checkPriceRelation(c: Ctx, grid: GridModel, sign: Int8Array): void {
  const { inp } = c, net = inp.net;
  const binding: number[] = [];
  sign.forEach((s, l) => { if (s !== 0) binding.push(l); });
  const rows = binding.length ? grid.ptdfRows(binding) : [];
  net.busIds.forEach((id, b) => {
    const ref = net.islandReference[net.busIsland[b]];
    let expected = Number(c.prices[ref]), slack = 1;
    rows.forEach((row, i) => {
      const l = binding[i];
      expected -= Number(c.shadow[l]) * sign[l] * row[b];
      slack += 0.5 * Math.abs(row[b]);
    });
    const gap = Math.abs(Number(c.prices[b]) - expected);
    if (gap > slack + 1e-9 * Math.max(1, Math.abs(expected))) {
      c.fail.push({ check: 'priceRelation', id, message: `price of bus ${id} is ${gap} ticks away from price[ref] - sum shadow*sign*PTDF (allowed ${slack})` });
    }
  });
}

/** Trades add up to every fill (and fixed injection), at the seller's price plus the price difference. */
function checkTrades(c: Ctx, market: Market, trades: readonly BilateralTrade[]): void {
  const { inp, fail } = c, net = inp.net;
  const busOf = new Map<string, number>(), want = new Map<string, bigint>();
  for (let k = 0; k < inp.bus.length; k++) {
    const id = inp.orderIds[inp.perm[k]];
    busOf.set(id, inp.bus[k]);
    want.set(id, c.fills[k]);
  }
  net.busIds.forEach((id, b) => {
    const f = net.busFixedInjectionTicks[b];
    busOf.set(`fixed:${id}`, b);
    want.set(`fixed:${id}`, f < 0n ? -f : f);
  });
  const got = new Map<string, bigint>();
  trades.forEach((t, i) => {
    const sb = busOf.get(t.seller), bb = busOf.get(t.buyer);
    if (sb === undefined || bb === undefined) { fail.push({ check: 'trades', id: String(i), message: `trade #${i} names an unknown party` }); return; }
    if (t.quantityTicks <= 0n) fail.push({ check: 'trades', id: String(i), message: `trade #${i} has a non-positive quantity` });
    if (t.energyPriceTicks !== c.prices[sb]) fail.push({ check: 'trades', id: String(i), message: `trade #${i} energy price is not the seller's bus price` });
    if (t.networkChargeTicks !== c.prices[bb] - c.prices[sb]) fail.push({ check: 'trades', id: String(i), message: `trade #${i} network charge is not the bus price difference` });
    got.set(t.seller, (got.get(t.seller) ?? 0n) + t.quantityTicks);
    got.set(t.buyer, (got.get(t.buyer) ?? 0n) + t.quantityTicks);
  });
  for (const [id, q] of want) {
    if ((got.get(id) ?? 0n) !== q) fail.push({ check: 'trades', id, message: `trades of ${id} add up to ${got.get(id) ?? 0n} quantity ticks, its fill is ${q}` });
  }
  void market;
}

/**
 * An infeasibility claim names an island (its reference bus) and an imbalance. A balance claim is
 * confirmed exactly; a claim naming a line cannot be confirmed without solving and is only checked
 * for naming a line of that island.
 */
function checkInfeasible(inp: NodalInput, res: ClaimedResult, fail: VerifyFailure[]): void {
  const net = inp.net, claim = res.infeasible as { island?: unknown; imbalance?: unknown; line?: unknown } | undefined;
  const line = claim?.line ?? res.infeasibleLine;
  const island = net.islandReference.findIndex((b) => net.busIds[b] === claim?.island);
  if (island < 0) { fail.push({ check: 'status', message: `infeasible result names ${JSON.stringify(claim?.island)}, not an island's reference bus` }); return; }
  if (line !== undefined) {
    const l = net.lineIds.indexOf(String(line));
    if (l < 0 || net.busIsland[net.lineFrom[l]] !== island) fail.push({ check: 'status', id: String(line), message: 'the infeasibility names a line not in that island' });
    return;
  }
  const gap = islandGaps(inp)[island];
  if (gap === 0n) fail.push({ check: 'status', id: String(claim?.island), message: 'the island can balance its fixed injections: not infeasible' });
  else if (ticks(claim?.imbalance, inp.qd) !== gap) fail.push({ check: 'status', id: String(claim?.island), message: `the island's imbalance is ${gap} quantity ticks, not ${String(claim?.imbalance)}` });
}
