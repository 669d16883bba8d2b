// verifyBlocks(): checks a claimed clearing-result/2 of a market with blocks WITHOUT re-solving
// the combinatorial problem: given the block decisions in the result, the rest is the LP
// certificate of the multi-period clearing (verifyPeriods on the simple part, with the block fills
// and border flows as fixed injections), the border conditions, the family and group rules, and
// the money test of every accepted block. Tolerances in docs/formats.md.
import { isGridclearError } from '../errors.js';
import { canonicalTicks } from '../settle/verify.js';
import { formatTicks } from '../model/fixed.js';
import type { GridModel } from '../grid/index.js';
import { periodsDigestOf, PERIODS_RESULT_FORMAT, type PeriodsResultJson } from '../periods/result.js';
import { verifyPeriods, type PeriodsVerifyFailure } from '../periods/verify.js';
import type { PeriodsMarket } from '../periods/types.js';
import { fillRange } from './flows.js';
import { blocksWelfare, paradoxicallyRejected, residualFixed, surplusTicks, zonalRent } from './clear.js';
import { normalizeBlocks, RATIO_DECIMALS, RATIO_ONE, type BasicBlocks } from './normalize.js';
import type { BlocksResultJson } from './result.js';
import type { BlocksMarket } from './types.js';

/** One failed check, the element it is about, and why. */
export interface BlocksVerifyFailure {
  check: PeriodsVerifyFailure['check'] | 'blocks' | 'borders' | 'links' | 'exclusive' | 'paradoxicallyAccepted' | 'partialBlock' | 'paradoxicallyRejected';
  id?: string;
  period?: string;
  message: string;
}

/** The verdict: ok when no check failed. */
export interface BlocksVerifyReport {
  ok: boolean;
  failures: BlocksVerifyFailure[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);


function exactKeys(obj: unknown, keys: string[]): boolean {
  if (!isObj(obj)) return false;
  const have = Object.keys(obj);
  return have.length === keys.length && keys.every((k) => Object.hasOwn(obj, k));
}

/** Checks a claimed result of a market with blocks; never throws for a bad result (an invalid market is check 'market'). */
export function verifyBlocks(market: BlocksMarket, result: BlocksResultJson, options: { grid?: GridModel } = {}): BlocksVerifyReport {
  const failures: BlocksVerifyFailure[] = [];
  const fail = (f: BlocksVerifyFailure) => { failures.push(f); };
  let b: BasicBlocks;
  try { b = normalizeBlocks(market); } catch (e) {
    if (!isGridclearError(e)) throw e;
    return { ok: false, failures: [{ check: 'market', message: `the market is invalid: ${e.message}` }] };
  }
  if (!isObj(result) || result.format !== PERIODS_RESULT_FORMAT) return { ok: false, failures: [{ check: 'format', message: `format is not "${PERIODS_RESULT_FORMAT}"` }] };
  if (result.digest !== periodsDigestOf(result as PeriodsResultJson)) return { ok: false, failures: [{ check: 'digest', message: `digest ${JSON.stringify(result.digest)} does not match the result's canonical form` }] };
  if (result.status === 'infeasible') {
    // an infeasible claim cannot be confirmed without solving the combinatorial problem
    if (!exactKeys(result, ['format', 'status', 'infeasible', 'digest']) || !isObj(result.infeasible)) fail({ check: 'keys', message: 'an infeasible result has exactly format, status, infeasible, digest' });
    return { ok: failures.length === 0, failures };
  }
  if (result.status !== 'optimal') return { ok: false, failures: [{ check: 'status', message: `status ${JSON.stringify(result.status)} is neither "optimal" nor "infeasible"` }] };
  const keys = ['format', 'status', 'welfare', 'fills', 'periods', 'storage', 'units', 'blocks', 'paradoxicallyRejected', 'digest'];
  if (!exactKeys(result, keys)) return { ok: false, failures: [{ check: 'keys', message: `an optimal result has exactly ${keys.join(', ')}` }] };
  const m = b.m, T = m.periodIds.length, qd = m.qd, md = m.pd + qd + m.dd;
  const decisions = readBlocks(b, result, fail);
  const flows = readBorders(b, result, fail);
  if (!decisions || !flows) return { ok: false, failures };
  // the LP certificate of the simple part, the blocks and borders as fixed injections
  const fixed = residualFixed(b, decisions.fills, flows);
  const blocksW = blocksWelfare(b, decisions.fills), claimedW = canonicalTicks(result.welfare, md);
  if (claimedW === undefined) return { ok: false, failures: [{ check: 'decimals', message: `welfare ${JSON.stringify(result.welfare)} is not a canonical decimal with ${md} decimals` }] };
  const { market: rm, result: rr } = residual(b, fixed, result, claimedW - blocksW);
  for (const f of verifyPeriods(rm, rr, { grid: b.kind === 'network' ? options.grid : undefined }).failures) {
    fail(f.check === 'welfare' ? { ...f, message: 'welfare is not the schedule\'s welfare (simple orders, storage and blocks)' } : f);
  }
  const prices = readPrices(b, result);
  if (!prices) return { ok: false, failures };
  checkBorders(b, prices, flows, fail);
  if (b.kind === 'zones') {
    zonalRent(b, prices, flows).forEach((rent, t) => {
      if (result.periods![t].congestionRent !== formatTicks(rent, md)) fail({ check: 'congestionRent', period: m.periodIds[t], message: `congestionRent is not duration x sum over borders of flow x (price[to] - price[from]) (${formatTicks(rent, md)})` });
    });
  }
  checkMoney(b, prices, decisions, result, fail);
  const prb = paradoxicallyRejected(b, prices, decisions.ratio);
  const want = Object.fromEntries(prb.map((p) => [p.id, formatTicks(p.lostSurplus, md)]));
  const claimed = result.paradoxicallyRejected;
  if (!isObj(claimed) || Object.keys(claimed).length !== prb.length || prb.some((p) => claimed[p.id] !== want[p.id])) {
    fail({ check: 'paradoxicallyRejected', message: `paradoxicallyRejected must be exactly the rejected blocks in the money at the prices: ${JSON.stringify(want)}` });
  }
  void T;
  return { ok: failures.length === 0, failures };
}

/** Ratios and fills of the blocks; the family and group rules. */
function readBlocks(b: BasicBlocks, res: BlocksResultJson, fail: (f: BlocksVerifyFailure) => void) {
  const T = b.m.periodIds.length, n = b.blockIds.length, qd = b.m.qd;
  if (!isObj(res.blocks) || !exactKeys(res.blocks, b.blockIds)) { fail({ check: 'keys', message: 'blocks must have exactly the block ids' }); return undefined; }
  const ratio = new BigInt64Array(n), fills = new BigInt64Array(n * T);
  let ok = true;
  b.blockIds.forEach((id, k) => {
    const r = res.blocks![id];
    if (!exactKeys(r, ['ratio', 'fills', 'surplus']) || !Array.isArray(r.fills) || r.fills.length !== T) { fail({ check: 'keys', id, message: 'a block has exactly ratio, fills (one per period), surplus' }); ok = false; return; }
    const v = canonicalTicks(r.ratio, RATIO_DECIMALS);
    if (v === undefined || (v !== 0n && (v < b.blockMin[k] || v > RATIO_ONE))) { fail({ check: 'blocks', id, message: `ratio ${JSON.stringify(r.ratio)} is neither 0 nor in [minAcceptanceRatio, 1] with ${RATIO_DECIMALS} decimals` }); ok = false; return; }
    ratio[k] = v;
    for (let t = 0; t < T; t++) {
      const f = canonicalTicks(r.fills[t], qd), { low, high } = fillRange(v, b.blockQty[k * T + t]);
      if (f === undefined || f < low || f > high) { fail({ check: 'blocks', id, period: b.m.periodIds[t], message: `fill ${JSON.stringify(r.fills[t])} is not ratio x quantity rounded down or up (${formatTicks(low, qd)} or ${formatTicks(high, qd)})` }); ok = false; continue; }
      fills[k * T + t] = f;
    }
  });
  if (!ok) return undefined;
  b.blockIds.forEach((id, k) => {
    const p = b.blockParent[k];
    if (p >= 0 && ratio[k] !== 0n && ratio[p] === 0n) fail({ check: 'links', id, message: `accepted, but its parent ${JSON.stringify(b.blockIds[p])} is not` });
  });
  const taken = new Map<number, string>();
  b.blockIds.forEach((id, k) => {
    const g = b.blockGroup[k];
    if (g < 0 || ratio[k] === 0n) return;
    if (taken.has(g)) fail({ check: 'exclusive', id, message: `a second accepted block of exclusive group ${JSON.stringify(b.groupIds[g])} (with ${JSON.stringify(taken.get(g))})` });
    else taken.set(g, id);
  });
  return { ratio, fills };
}

/** Border flows on the quantity tick within their capacities (zonal markets), else none. */
function readBorders(b: BasicBlocks, res: BlocksResultJson, fail: (f: BlocksVerifyFailure) => void): BigInt64Array | undefined {
  const T = b.m.periodIds.length, nK = b.borderIds.length, flows = new BigInt64Array(nK * T);
  if (!Array.isArray(res.periods) || res.periods.length !== T) { fail({ check: 'keys', message: `periods must be an array of the ${T} periods` }); return undefined; }
  let ok = true;
  res.periods.forEach((p, t) => {
    const period = b.m.periodIds[t];
    if (!isObj(p)) { ok = false; return; }
    if (b.kind !== 'zones') {
      if (p.borders !== undefined) { fail({ check: 'keys', period, message: 'borders only in a zonal market' }); ok = false; }
      return;
    }
    if (!exactKeys(p, ['id', 'prices', 'borders', 'congestionRent']) || !exactKeys(p.borders, b.borderIds)) { fail({ check: 'keys', period, message: 'a period of a zonal market has exactly id, prices, borders (every border id), congestionRent' }); ok = false; return; }
    b.borderIds.forEach((id, k) => {
      const f = canonicalTicks(p.borders![id], b.m.qd);
      if (f === undefined) { fail({ check: 'decimals', id, period, message: `border flow ${JSON.stringify(p.borders![id])} is not a canonical decimal with ${b.m.qd} decimals` }); ok = false; return; }
      if (f > b.borderCap[k * T + t] || f < -b.borderRev[k * T + t]) fail({ check: 'borders', id, period, message: `flow ${formatTicks(f, b.m.qd)} MW is outside [-reverseCapacity, capacity]` });
      flows[k * T + t] = f;
    });
  });
  return ok ? flows : undefined;
}

/** The simple part as a market-case/2 market and result, the blocks and border flows as fixed injections. */
function residual(b: BasicBlocks, fixed: BigInt64Array[], res: BlocksResultJson, welfare: bigint): { market: PeriodsMarket; result: PeriodsResultJson } {
  const m = b.m, md = m.pd + m.qd + m.dd, explicit = b.kind !== 'network';
  const busId = (o: { bus?: string; zone?: string }) => (b.kind === 'copper' ? '*' : b.kind === 'zones' ? o.zone : o.bus);
  const market: PeriodsMarket = {
    ...b.periods,
    network: explicit ? { baseMVA: 100, buses: m.net.busIds.map((id) => ({ id })), lines: [] } : b.periods.network,
    periods: b.periods.periods.map((p, t) => ({ ...p, fixedInjections: Object.fromEntries(m.net.busIds.map((id, j) => [id, formatTicks(fixed[t][j], m.qd)])) })),
    orders: b.periods.orders.map(({ zone: _, ...o }: { zone?: string } & PeriodsMarket['orders'][number]) => ({ ...o, bus: busId({ ...o, zone: _ }) })),
    storage: (b.periods.storage ?? []).map(({ zone: _, ...s }: { zone?: string } & NonNullable<PeriodsMarket['storage']>[number]) => ({ ...s, bus: busId({ ...s, zone: _ }) })),
  };
  const fills = { ...(res.fills as Record<string, string>) };
  if (market.orders.length === 0) {
    // blocks only: one placeholder order (a buy of one tick at the price floor, never filled)
    market.orders = [{ id: '\u0000', side: 'buy', price: formatTicks(m.floor, m.pd), quantity: formatTicks(1n, m.qd), period: m.periodIds[0], bus: m.net.busIds[0] }];
    fills['\u0000'] = formatTicks(0n, m.qd);
  }
  const periods = (res.periods ?? []).map((p) => {
    const { borders: _, ...rest } = p as unknown as Record<string, unknown>;
    // a zone's own withdrawals (its border flows counted as injections) sum to zero: its rent is the borders'
    return explicit ? { ...rest, lines: {}, ...(b.kind === 'zones' ? { congestionRent: formatTicks(0n, md) } : {}) } : rest;
  }) as unknown as PeriodsResultJson['periods'];
  const body = { format: 'clearing-result/2' as const, status: 'optimal' as const, welfare: formatTicks(welfare, md), fills, periods, storage: res.storage, units: res.units };
  return { market, result: { ...body, digest: periodsDigestOf(body) } };
}

/** Price ticks per period and bus (zone) from the result (verifyPeriods has checked their spelling). */
function readPrices(b: BasicBlocks, res: BlocksResultJson): bigint[][] | undefined {
  const out: bigint[][] = [];
  for (const p of res.periods ?? []) {
    if (!isObj(p) || !isObj(p.prices)) return undefined;
    const row: bigint[] = [];
    for (const id of b.m.net.busIds) {
      const v = canonicalTicks(p.prices[id], b.m.pd);
      if (v === undefined) return undefined;
      row.push(v);
    }
    out.push(row);
  }
  return out;
}

/**
 * Border flows against zone price differences (money per MWh, price ticks): a flow below capacity
 * needs price[to] <= price[from] + 1 tick, a flow above -reverseCapacity needs price[to] >=
 * price[from] - 1 tick (flows go toward the higher price; a border not at a limit has equal prices).
 */
function checkBorders(b: BasicBlocks, prices: bigint[][], flows: BigInt64Array, fail: (f: BlocksVerifyFailure) => void): void {
  const T = b.m.periodIds.length;
  b.borderIds.forEach((id, k) => {
    for (let t = 0; t < T; t++) {
      const f = flows[k * T + t], d = prices[t][b.borderTo[k]] - prices[t][b.borderFrom[k]], period = b.m.periodIds[t];
      if (d > 1n && f < b.borderCap[k * T + t]) fail({ check: 'borders', id, period, message: `price rises by ${d} ticks across the border but the flow is below capacity` });
      if (d < -1n && f > -b.borderRev[k * T + t]) fail({ check: 'borders', id, period, message: `price falls by ${-d} ticks across the border but the flow is above -reverseCapacity` });
    }
  });
}

/**
 * The money test, in millionths of a money tick: each block's surplus as claimed; every accepted
 * block with its accepted descendants at least -tol; a block accepted strictly between its minimum
 * ratio and 1 within tol of zero surplus on its own. tol = sum over the blocks concerned and
 * periods of duration x (fill x 1 price tick + |price - block price| x |fill - ratio x quantity|):
 * the prices' rounding (half a tick each way) and the fills' rounding onto the quantity tick.
 */
function checkMoney(b: BasicBlocks, prices: bigint[][], d: { ratio: BigInt64Array; fills: BigInt64Array }, res: BlocksResultJson, fail: (f: BlocksVerifyFailure) => void): void {
  const m = b.m, T = m.periodIds.length, n = b.blockIds.length, md = m.pd + m.qd + m.dd;
  const surplus: bigint[] = [], tol: bigint[] = [];
  for (let k = 0; k < n; k++) {
    const own = surplusTicks(b, prices, k, (t) => d.fills[k * T + t]);
    surplus.push(own * RATIO_ONE);
    let e = 0n;
    for (let t = 0; t < T; t++) {
      const gap = prices[t][b.blockBus[k]] - b.blockPrice[k], f = d.fills[k * T + t], dev = f * RATIO_ONE - d.ratio[k] * b.blockQty[k * T + t];
      e += m.duration[t] * (f * RATIO_ONE + (gap < 0n ? -gap : gap) * (dev < 0n ? -dev : dev));
    }
    tol.push(e);
    if (canonicalTicks(res.blocks![b.blockIds[k]].surplus, md) !== own) fail({ check: 'blocks', id: b.blockIds[k], message: `surplus ${JSON.stringify(res.blocks![b.blockIds[k]].surplus)} is not side x sum of (price - block price) x fill x duration (${formatTicks(own, md)})` });
  }
  const fam = surplus.slice(), famTol = tol.slice();
  for (let k = 0; k < n; k++) {
    if (d.ratio[k] === 0n) continue;
    for (let p = b.blockParent[k]; p >= 0; p = b.blockParent[p]) { fam[p] += surplus[k]; famTol[p] += tol[k]; }
  }
  for (let k = 0; k < n; k++) {
    if (d.ratio[k] === 0n) continue;
    if (fam[k] < -famTol[k]) fail({ check: 'paradoxicallyAccepted', id: b.blockIds[k], message: `accepted, but loses ${formatTicks(-fam[k] / RATIO_ONE, md)} at the prices (with its accepted descendants; tolerance ${formatTicks(famTol[k] / RATIO_ONE, md)})` });
    const partial = d.ratio[k] > b.blockMin[k] && d.ratio[k] < RATIO_ONE;
    if (partial && (surplus[k] > tol[k] || surplus[k] < -tol[k])) fail({ check: 'partialBlock', id: b.blockIds[k], message: `accepted strictly between its minimum ratio and 1, but its surplus ${formatTicks(surplus[k] / RATIO_ONE, md)} is not zero (tolerance ${formatTicks(tol[k] / RATIO_ONE, md)})` });
  }
}
