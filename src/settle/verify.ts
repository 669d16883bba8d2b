// verify(): checks a claimed clearing-result/1 (contract revision 2) WITHOUT re-solving the LP.
// Exact key sets and canonical spellings, primal feasibility (ticks, bounds, balance, flows) plus
// dual feasibility and complementary slackness (order/price consistency, signed shadow prices only
// on lines held at the matching bound, the PTDF price relation) within the contract's tolerance.
// Never throws for a bad result: every problem is a named failure.
import { isGridclearError } from '../errors.js';
import { formatTicks, show } from '../model/fixed.js';
import { normalizeMarket, tickColumns, type BasicMarket } from '../model/normalize.js';
import type { Market } from '../model/types.js';
import { digestOf } from '../io/digest.js';
import type { ClearingResultJson } from '../io/result.js';
import type { BilateralTrade } from './settle.js';
import { checkInfeasible, checkNetwork, checkTrades } from './verifyNetwork.js';
import { checkMechanism, MECHANISM_FIELDS } from './verifyAuction.js';

/** One failed check: which check, the element it is about, and why. */
export interface VerifyFailure {
  check: 'format' | 'digest' | 'status' | 'fills' | 'prices' | 'lines' | 'balance' | 'flows'
    | 'consistency' | 'shadowPrices' | 'priceRelation' | 'welfare' | 'congestionRent' | 'market' | 'trades' | 'mechanism';
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
  /**
   * Flow tolerance in MW for bounds and for claimed flows. Default: the contract's
   * `0.01 MW + tick x (islands + lines with a nonzero shadow price)`.
   */
  flowToleranceMw?: number;
  /** Bilateral trades (from settle) to check against the fills and bus prices as well. */
  trades?: readonly BilateralTrade[];
}

/** What verify reads from a result (a parsed clearing-result/1 document); anything else is judged too. */
export interface ClaimedResult {
  format?: unknown;
  status?: unknown;
  mechanism?: unknown;
  welfare?: unknown;
  fills?: unknown;
  prices?: unknown;
  lines?: unknown;
  congestionRent?: unknown;
  digest?: unknown;
  infeasible?: unknown;
  trades?: unknown;
}

/** The state of one verification: the market, the claimed values in ticks, and the failures. */
export interface Ctx {
  m: BasicMarket;
  /** Exact price and quantity ticks per order (input order). */
  price: BigInt64Array;
  qty: BigInt64Array;
  res: Record<string, unknown>;
  fail: VerifyFailure[];
  /** Per order (input order): the claimed fill. */
  fills: bigint[];
  /** Per bus (copper plate: the one price "*"). */
  prices: bigint[];
  /** Per line: the claimed signed shadow price and flow. */
  shadow: bigint[];
  flows: number[];
  flowTol?: number;
}

/** Money decimals of a market. */
export const moneyDecimals = (m: BasicMarket): number => m.priceDecimals + m.quantityDecimals;

/**
 * Ticks of a canonical decimal string: exactly `decimals` decimals (none when 0), `-` only before
 * a nonzero value, no other spelling (contract revision 2: one clearing, one digest). Else undefined.
 */
export function canonicalTicks(v: unknown, decimals: number): bigint | undefined {
  if (typeof v !== 'string' || v.length > 200) return undefined;
  const m = CANONICAL.exec(v);
  if (!m || (m[3] ?? '').length !== decimals) return undefined;
  const t = BigInt(m[2] + (m[3] ?? ''));
  if (m[1] === '-' && t === 0n) return undefined; // "-0.00"
  return m[1] === '-' ? -t : t;
}

/** A decimal with any number of decimals (money may exceed 2^63 ticks: no range limit here). */
const CANONICAL = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasOwn = (o: object, k: string): boolean => Object.hasOwn(o, k);

/**
 * Checks that `map` has exactly the keys `keys` (a missing or extra key is a failure) and reads
 * each value with `read`; false when any key is missing or unreadable.
 */
export function readMap(c: Ctx, field: 'fills' | 'prices' | 'lines', keys: readonly string[], read: (v: unknown, key: string, i: number) => boolean): boolean {
  const map = c.res[field];
  if (!isMap(map)) { c.fail.push({ check: field, message: `${field} must be an object, got ${show(map)}` }); return false; }
  const known = new Set(keys);
  for (const k of Object.keys(map)) if (!known.has(k)) c.fail.push({ check: field, id: k, message: `${field} has a key ${JSON.stringify(k)} the market does not have` });
  let ok = true;
  keys.forEach((k, i) => {
    if (!hasOwn(map, k)) { c.fail.push({ check: field, id: k, message: `${field} lacks ${JSON.stringify(k)}` }); ok = false; return; }
    if (!read(map[k], k, i)) ok = false;
  });
  return ok;
}

/**
 * Checks a claimed result of `market` (networked, or copper plate with the single price "*") and
 * names every failed check. Never throws for a bad result; a market that is itself invalid is
 * reported as check 'market'.
 */
export function verify(market: Market, result: ClaimedResult | ClearingResultJson | null | undefined, options: VerifyOptions = {}): VerifyReport {
  let m: BasicMarket;
  try {
    m = normalizeMarket(market);
  } catch (e) {
    if (!isGridclearError(e)) throw e;
    return { ok: false, failures: [{ check: 'market', message: `the market is invalid: ${e.message}` }] };
  }
  if (!isMap(result)) return { ok: false, failures: [{ check: 'format', message: `a result is a JSON object, got ${show(result)}` }] };
  return verifyObject(market, m, result, options);
}

/** verify of a result that is an object. */
function verifyObject(market: Market, m: BasicMarket, result: Record<string, unknown>, options: VerifyOptions): VerifyReport {
  const fail: VerifyFailure[] = [];
  if (result.format !== 'clearing-result/1') fail.push({ check: 'format', message: `format is ${show(result.format)}, not "clearing-result/1"` });
  let digest: string | undefined;
  try { digest = digestOf(result as never); } catch { digest = undefined; }
  if (digest === undefined || result.digest !== digest) fail.push({ check: 'digest', message: `digest ${show(result.digest)} does not match the result's canonical form` });
  const { price, qty } = tickColumns(m);
  const c: Ctx = { m, price, qty, res: result, fail, fills: [], prices: [], shadow: [], flows: [], flowTol: options.flowToleranceMw };
  if (result.status === 'infeasible') {
    for (const f of ['fills', 'prices', 'lines', 'welfare', 'congestionRent', 'mechanism']) {
      if (result[f] !== undefined) fail.push({ check: 'status', message: `an infeasible result holds no ${f}` });
    }
    checkInfeasible(c, market);
    return { ok: fail.length === 0, failures: fail };
  }
  if (result.status !== 'optimal') {
    fail.push({ check: 'status', message: `status ${show(result.status)} is neither "optimal" nor "infeasible"` });
    return { ok: false, failures: fail };
  }
  if (result.infeasible !== undefined) fail.push({ check: 'status', message: 'an optimal result has no infeasible field' });
  const mechanism = result.mechanism;
  if (mechanism !== undefined && (m.network || !hasOwn(MECHANISM_FIELDS, String(mechanism)) || typeof mechanism !== 'string')) {
    fail.push({ check: 'mechanism', message: `mechanism ${show(mechanism)} is not one verify knows for this market (pay-as-bid or trade-reduction, copper plate)` });
    return { ok: false, failures: fail };
  }
  if (!readResult(c)) return { ok: false, failures: fail };
  checkFills(c);
  if (mechanism === undefined) checkConsistency(c);
  checkMoney(c);
  if (mechanism !== undefined) checkMechanism(c, mechanism as string);
  else if (m.network) checkNetwork(c);
  else checkCopperPrice(c);
  if (options.trades) checkTrades(c, options.trades);
  return { ok: fail.length === 0, failures: fail };
}

/** Reads fills, prices and lines with their exact key sets and canonical spellings. */
function readResult(c: Ctx): boolean {
  const { m, fail } = c, pd = m.priceDecimals, qd = m.quantityDecimals;
  const fillsOk = readMap(c, 'fills', m.orderIds, (v, id, i) => {
    const f = canonicalTicks(v, qd);
    if (f === undefined) { fail.push({ check: 'fills', id, message: `fill ${show(v)} is not a canonical decimal with ${qd} decimals` }); return false; }
    c.fills[i] = f;
    return true;
  });
  const busIds = m.network ? m.network.busIds : ['*'];
  const pricesOk = readMap(c, 'prices', busIds, (v, id, b) => {
    const p = canonicalTicks(v, pd);
    if (p === undefined) { fail.push({ check: 'prices', id, message: `price ${show(v)} of ${id === '*' ? 'the market' : `bus ${id}`} is not a canonical decimal with ${pd} decimals` }); return false; }
    c.prices[b] = p;
    return true;
  });
  let linesOk = true;
  if (m.network) {
    linesOk = readMap(c, 'lines', m.network.lineIds, (v, id, l) => {
      const keys = isMap(v) ? Object.keys(v) : [];
      const s = isMap(v) ? canonicalTicks(v.shadowPrice, pd) : undefined;
      const flow = isMap(v) ? v.flow : undefined;
      if (s === undefined || typeof flow !== 'number' || !Number.isFinite(flow) || keys.some((k) => k !== 'flow' && k !== 'shadowPrice')) {
        fail.push({ check: 'lines', id, message: `line ${id} must be { flow: a finite number, shadowPrice: a canonical decimal with ${pd} decimals }, got ${show(v)}` });
        return false;
      }
      c.shadow[l] = s; c.flows[l] = flow;
      return true;
    });
  } else if (c.res.lines !== undefined) {
    fail.push({ check: 'lines', message: 'a copper-plate result has no lines' });
  }
  return fillsOk && pricesOk && linesOk;
}

/** Fills within [0, quantity]; every island (the copper plate) balances exactly, fixed injections included. */
function checkFills(c: Ctx): void {
  const { m, fail } = c, n = m.orderIds.length, net = m.network;
  const islands = net ? net.islandReference.length : 1;
  const sums = new Array<bigint>(islands).fill(0n);
  if (net) net.busFixedInjectionTicks.forEach((f, b) => { sums[net.busIsland[b]] += f; });
  for (let i = 0; i < n; i++) {
    const f = c.fills[i], id = m.orderIds[i];
    if (f < 0n || f > c.qty[i]) fail.push({ check: 'fills', id, message: `fill ${formatTicks(f, m.quantityDecimals)} of ${id} is outside [0, quantity]` });
    const k = net ? net.busIsland[m.bus![i]] : 0;
    sums[k] += m.side[i] === 1 ? f : -f;
  }
  sums.forEach((s, k) => {
    if (s === 0n) return;
    const id = net ? net.busIds[net.islandReference[k]] : '*';
    fail.push({ check: 'balance', id, message: `${net ? `the island of bus ${id}` : 'the market'} is off balance by ${formatTicks(s, m.quantityDecimals)} (supply - demand)` });
  });
}

/** Welfare and congestion rent, exact (bigint), in canonical spelling. */
function checkMoney(c: Ctx): void {
  const { m, res, fail } = c, md = moneyDecimals(m), n = m.orderIds.length, net = m.network;
  let welfare = 0n;
  const withdrawal = net ? Array.from(net.busFixedInjectionTicks, (f) => -f) : [0n];
  for (let i = 0; i < n; i++) {
    const f = c.fills[i];
    if (f === 0n) continue;
    const sell = m.side[i] === 1;
    welfare += sell ? -c.price[i] * f : c.price[i] * f;
    withdrawal[net ? m.bus![i] : 0] += sell ? -f : f;
  }
  let rent = 0n;
  if (net) withdrawal.forEach((w, b) => { rent += c.prices[b] * w; });
  const w = canonicalTicks(res.welfare, md), r = canonicalTicks(res.congestionRent, md);
  if (w !== welfare) fail.push({ check: 'welfare', message: `welfare ${show(res.welfare)} is not the fills' welfare ${formatTicks(welfare, md)}` });
  if (r !== rent) fail.push({ check: 'congestionRent', message: `congestionRent ${show(res.congestionRent)} is not ${formatTicks(rent, md)} (sum of price x net withdrawal)` });
}

/**
 * Every order consistent with its bus price p: a buy above p (a sell below) filled fully, a buy
 * below p (a sell above) not at all. A network's prices come from a rounded LP, so there one price
 * tick of slack; a copper plate's price is exact.
 */
export function checkConsistency(c: Ctx, priceOf?: (i: number) => bigint): void {
  const { m } = c, slack = m.network ? 1n : 0n;
  for (let i = 0; i < m.orderIds.length; i++) {
    const p = priceOf ? priceOf(i) : c.prices[m.network ? m.bus![i] : 0];
    const own = c.price[i], f = c.fills[i], sell = m.side[i] === 1, id = m.orderIds[i];
    const better = sell ? own < p - slack : own > p + slack;
    const worse = sell ? own > p + slack : own < p - slack;
    if (better && f !== c.qty[i]) c.fail.push({ check: 'consistency', id, message: `order ${id} is in the money at its price ${formatTicks(p, m.priceDecimals)} but not filled fully` });
    if (worse && f !== 0n) c.fail.push({ check: 'consistency', id, message: `order ${id} is out of the money at its price ${formatTicks(p, m.priceDecimals)} but filled` });
  }
}

/** A copper plate's clearing price lies in [priceFloor, priceCap]; congestion rent is 0 (checked by checkMoney). */
function checkCopperPrice(c: Ctx): void {
  const { m } = c, p = c.prices[0];
  if (p < m.priceFloorTicks || p > m.priceCapTicks) {
    c.fail.push({ check: 'prices', id: '*', message: `the price ${formatTicks(p, m.priceDecimals)} lies outside [priceFloor, priceCap]` });
  }
}
