// verifyPeriods(): checks a claimed clearing-result/2 WITHOUT re-solving: primal feasibility
// (ticks, bounds, balance per island and period, stored energy trajectories, ramps, flows) and
// dual feasibility with complementary slackness (orders against their bus prices, shadow prices
// on binding lines, the PTDF price relation, the storage and ramp conditions) up to the
// documented tolerances (docs/formats.md, clearing-result/2).
import { isGridclearError } from '../errors.js';
import { canonicalTicks } from '../settle/verify.js';
import { formatTicks, pow10 } from '../model/fixed.js';
import { GridModel } from '../grid/index.js';
import { EFFICIENCY_ONE, normalizePeriods, type BasicPeriods } from './normalize.js';
import { energyBounds, stepScaled, storageEnergy, unitOutputs, type RoundedSchedule } from './round.js';
import { netWithdrawals, welfareOf } from './outcome.js';
import { periodsDigestOf, PERIODS_RESULT_FORMAT, type PeriodsResultJson } from './result.js';
import type { PeriodsMarket } from './types.js';
import { balanceGap } from './gaps.js';

/** One failed check, the element it is about (an id, with the period where there is one), and why. */
export interface PeriodsVerifyFailure {
  check: 'market' | 'format' | 'digest' | 'status' | 'keys' | 'decimals' | 'fills' | 'storage' | 'units' | 'balance' | 'energy' | 'ramps'
    | 'welfare' | 'congestionRent' | 'flows' | 'shadowPrices' | 'priceRelation' | 'consistency' | 'storagePrices' | 'rampPrices';
  id?: string;
  period?: string;
  message: string;
}

/** The verdict: ok when no check failed. */
export interface PeriodsVerifyReport {
  ok: boolean;
  failures: PeriodsVerifyFailure[];
}

/** How near (in energy steps / quantity ticks) a stored energy or a ramp counts as at its bound. */
export const BINDING_STEPS = 8;

interface Ctx {
  m: BasicPeriods;
  res: PeriodsResultJson;
  fail: (f: PeriodsVerifyFailure) => void;
  r: RoundedSchedule;
  prices: bigint[][];
  shadow: bigint[][];
  value: bigint[];
  ramp: bigint[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);


/** Options of verifyPeriods. */
export interface PeriodsVerifyOptions {
  /** The market's network prepared once (as for clearPeriods): no new validation or factorization. */
  grid?: GridModel;
}

/** Checks a claimed clearing-result/2 of `market`; never throws for a bad result (an invalid market is check 'market'). */
export function verifyPeriods(market: PeriodsMarket, result: PeriodsResultJson, options: PeriodsVerifyOptions = {}): PeriodsVerifyReport {
  const failures: PeriodsVerifyFailure[] = [];
  let m: BasicPeriods;
  try { m = normalizePeriods(market, options.grid?.network); } catch (e) {
    if (!isGridclearError(e)) throw e;
    return { ok: false, failures: [{ check: 'market', message: `the market is invalid: ${e.message}` }] };
  }
  const fail = (f: PeriodsVerifyFailure) => { failures.push(f); };
  if (!isObj(result) || result.format !== PERIODS_RESULT_FORMAT) fail({ check: 'format', message: `format is not "${PERIODS_RESULT_FORMAT}"` });
  else if (result.digest !== periodsDigestOf(result)) fail({ check: 'digest', message: `digest ${JSON.stringify(result.digest)} does not match the result's canonical form` });
  if (failures.length) return { ok: false, failures };
  if (result.status === 'infeasible') {
    checkInfeasible(m, result, fail);
    return { ok: failures.length === 0, failures };
  }
  if (result.status !== 'optimal') return { ok: false, failures: [{ check: 'status', message: `status ${JSON.stringify(result.status)} is neither "optimal" nor "infeasible"` }] };
  const ctx = read(m, result, fail);
  if (!ctx) return { ok: false, failures };
  checkPrimal(ctx);
  checkMoney(ctx);
  checkNetwork(ctx, options.grid);
  checkOrders(ctx);
  checkStorage(ctx);
  checkRamps(ctx);
  return { ok: failures.length === 0, failures };
}

function sameKeys(c: { fail: Ctx['fail'] }, obj: unknown, ids: string[], what: string, period?: string): obj is Record<string, unknown> {
  if (!isObj(obj)) { c.fail({ check: 'keys', period, message: `${what} must be an object` }); return false; }
  const keys = Object.keys(obj), want = new Set(ids);
  const extra = keys.filter((k) => !want.has(k)), missing = ids.filter((k) => !(k in obj));
  if (extra.length || missing.length) { c.fail({ check: 'keys', period, message: `${what}: missing ${JSON.stringify(missing.slice(0, 3))}, unknown ${JSON.stringify(extra.slice(0, 3))}` }); return false; }
  return true;
}

/** Reads every value on its tick; undefined when the result cannot be read at all. */
function read(m: BasicPeriods, res: PeriodsResultJson, fail: Ctx['fail']): Ctx | undefined {
  const T = m.periodIds.length, G = m.storage.ids.length, U = m.units.ids.length, pd = m.pd, qd = m.qd, dd = m.dd;
  const c = { fail };
  let ok = true;
  const num = (v: unknown, d: number, id: string, what: string, period?: string): bigint => {
    const t = canonicalTicks(v, d);
    if (t === undefined) { fail({ check: 'decimals', id, period, message: `${what} ${JSON.stringify(v)} is not a canonical decimal with ${d} decimals` }); ok = false; return 0n; }
    return t;
  };
  const series = (v: unknown, d: number, id: string, what: string): bigint[] => {
    if (!Array.isArray(v) || v.length !== T) { fail({ check: 'keys', id, message: `${what} must be an array of ${T} decimals` }); ok = false; return new Array(T).fill(0n); }
    return v.map((x, t) => num(x, d, id, what, m.periodIds[t]));
  };
  if (!sameKeys(c, res.fills, m.orderIds, 'fills')) return undefined;
  const fills = BigInt64Array.from(m.orderIds, (id) => num(res.fills![id], qd, id, 'fill'));
  if (!Array.isArray(res.periods) || res.periods.length !== T) { fail({ check: 'keys', message: `periods must be an array of the ${T} periods` }); return undefined; }
  const prices: bigint[][] = [], shadow: bigint[][] = [];
  res.periods.forEach((p, t) => {
    const pid = m.periodIds[t];
    if (!isObj(p) || p.id !== pid) { fail({ check: 'keys', period: pid, message: `periods[${t}] must be period ${JSON.stringify(pid)}` }); ok = false; return; }
    if (sameKeys(c, p.prices, m.net.busIds, 'prices', pid)) prices.push(m.net.busIds.map((b) => num(p.prices[b], pd, b, 'price', pid)));
    else { ok = false; prices.push([]); }
    if (m.copperPlate) { if (p.lines !== undefined) { fail({ check: 'keys', period: pid, message: 'a copper-plate result has no lines' }); ok = false; } shadow.push([]); }
    else if (sameKeys(c, p.lines, m.net.lineIds, 'lines', pid)) {
      shadow.push(m.net.lineIds.map((l) => {
        const line = p.lines![l];
        if (!isObj(line) || typeof line.flow !== 'number' || !Number.isFinite(line.flow)) { fail({ check: 'flows', id: l, period: pid, message: `line ${l} lacks a numeric flow` }); ok = false; }
        return num(isObj(line) ? line.shadowPrice : undefined, pd, l, 'shadowPrice', pid);
      }));
    } else { ok = false; shadow.push([]); }
  });
  if (!ok) return undefined;
  const charge = new BigInt64Array(G * T), discharge = new BigInt64Array(G * T), value: bigint[] = new Array(G * T).fill(0n), ramp: bigint[] = new Array(U * T).fill(0n);
  if (!sameKeys(c, res.storage, m.storage.ids, 'storage') || !sameKeys(c, res.units, m.units.ids, 'units')) return undefined;
  m.storage.ids.forEach((id, g) => {
    const s = res.storage![id] as Record<string, unknown>;
    if (!sameKeys(c, s, ['charge', 'discharge', 'energy', 'value'], `storage ${id}`)) { ok = false; return; }
    const ch = series(s.charge, qd, id, 'charge'), di = series(s.discharge, qd, id, 'discharge'), va = series(s.value, pd, id, 'value');
    const en = series(s.energy, qd + dd, id, 'energy');
    for (let t = 0; t < T; t++) { charge[g * T + t] = ch[t]; discharge[g * T + t] = di[t]; value[g * T + t] = va[t]; }
    const exact = storageEnergy(m, g, charge, discharge), toTick = exact.scale / pow10(qd + dd);
    exact.energy.forEach((e, t) => {
      const floor = e >= 0n ? e / toTick : -((-e + toTick - 1n) / toTick);
      if (floor !== en[t]) fail({ check: 'energy', id, period: m.periodIds[t], message: `stored energy ${formatTicks(en[t], qd + dd)} is not the schedule's (rounded down: ${formatTicks(floor, qd + dd)})` });
    });
  });
  const outputs = unitOutputs(m, fills);
  m.units.ids.forEach((id, u) => {
    const s = res.units![id] as Record<string, unknown>;
    if (!sameKeys(c, s, ['output', 'rampShadowPrice'], `unit ${id}`)) { ok = false; return; }
    const out = series(s.output, qd, id, 'output'), rp = series(s.rampShadowPrice, pd + dd, id, 'rampShadowPrice');
    for (let t = 0; t < T; t++) {
      ramp[u * T + t] = rp[t];
      if (out[t] !== outputs[u * T + t]) fail({ check: 'units', id, period: m.periodIds[t], message: `output ${formatTicks(out[t], qd)} is not the unit's sell fills minus buy fills` });
    }
  });
  if (!ok) return undefined;
  return { m, res, fail, r: { fills, charge, discharge }, prices, shadow, value, ramp };
}

function checkPrimal(c: Ctx): void {
  const { m, r } = c, T = m.periodIds.length, s = m.storage;
  m.orderIds.forEach((id, i) => {
    if (r.fills[i] < 0n || r.fills[i] > m.orderQty[i]) c.fail({ check: 'fills', id, message: `fill ${formatTicks(r.fills[i], m.qd)} is outside [0, quantity]` });
  });
  s.ids.forEach((id, g) => {
    for (let t = 0; t < T; t++) {
      const k = g * T + t, period = m.periodIds[t];
      if (r.charge[k] < 0n || r.charge[k] > s.chargeMax[g]) c.fail({ check: 'storage', id, period, message: 'charge outside [0, chargeCapacity]' });
      if (r.discharge[k] < 0n || r.discharge[k] > s.dischargeMax[g]) c.fail({ check: 'storage', id, period, message: 'discharge outside [0, dischargeCapacity]' });
    }
    storageEnergy(m, g, r.charge, r.discharge).energy.forEach((e, t) => {
      const { low, high } = energyBounds(m, g, t);
      if (e < low || e > high) c.fail({ check: 'energy', id, period: m.periodIds[t], message: 'stored energy outside its bounds (capacity, final energy)' });
    });
  });
  const w = netWithdrawals(m, r), net = m.net;
  w.forEach((wt, t) => {
    const sums = new Array<bigint>(net.islandReference.length).fill(0n);
    wt.forEach((x, b) => { sums[net.busIsland[b]] += x; });
    sums.forEach((v, k) => {
      if (v !== 0n) c.fail({ check: 'balance', id: net.busIds[net.islandReference[k]], period: m.periodIds[t], message: `island is off balance by ${v} quantity ticks` });
    });
  });
  const out = unitOutputs(m, r.fills), u = m.units;
  u.ids.forEach((id, j) => {
    for (let t = 0; t < T; t++) {
      const prev = t === 0 ? u.initial[j] : out[j * T + t - 1];
      if (prev === null) continue;
      const step = out[j * T + t] - prev;
      if ((u.rampUp[j] !== null && step > u.rampUp[j]!) || (u.rampDown[j] !== null && -step > u.rampDown[j]!)) {
        c.fail({ check: 'ramps', id, period: m.periodIds[t], message: `net output changes by ${formatTicks(step, m.qd)} MW, beyond its ramp limits` });
      }
    }
  });
}

function checkMoney(c: Ctx): void {
  const { m, r, res } = c, md = m.pd + m.qd + m.dd;
  if (canonicalTicks(res.welfare, md) !== welfareOf(m, r)) c.fail({ check: 'welfare', message: `welfare ${JSON.stringify(res.welfare)} is not the schedule's welfare ${formatTicks(welfareOf(m, r), md)}` });
  netWithdrawals(m, r).forEach((w, t) => {
    let rent = 0n;
    w.forEach((x, b) => { rent += c.prices[t][b] * x; });
    rent *= m.duration[t];
    if (canonicalTicks(res.periods![t].congestionRent, md) !== rent) c.fail({ check: 'congestionRent', period: m.periodIds[t], message: `congestionRent is not duration x sum of price x net withdrawal (${formatTicks(rent, md)})` });
  });
}

/** Per period: flows of the schedule, line bounds, binding lines, and the PTDF price relation. */
function checkNetwork(c: Ctx, prepared?: GridModel): void {
  const { m } = c, net = m.net, nL = net.lineIds.length, qs = Number(pow10(m.qd));
  if (nL === 0) return;
  const grid = prepared ?? GridModel.from(net);
  const withdrawals = netWithdrawals(m, c.r);
  const slackCount = net.islandReference.length + m.storage.ids.length + m.units.ids.length;
  withdrawals.forEach((w, t) => {
    const period = m.periodIds[t];
    const flows = grid.flows(Float64Array.from(w, (x) => -Number(x) / qs), { slack: true });
    let priced = 0;
    c.shadow[t].forEach((s) => { if (s !== 0n) priced++; });
    const tol = 0.01 + (slackCount + priced) / qs;
    const sign = new Int8Array(nL);
    net.lineIds.forEach((id, l) => {
      const f = flows[l], lo = m.lineMin[t][l], hi = m.lineMax[t][l];
      const loMw = lo === null ? -Infinity : Number(lo) / qs, hiMw = hi === null ? Infinity : Number(hi) / qs;
      const claimed = (c.res.periods![t].lines![id] as { flow: number }).flow;
      if (Math.abs(claimed - f) > tol) c.fail({ check: 'flows', id, period, message: `line claims flow ${claimed} MW, the schedule gives ${f} MW` });
      if (f > hiMw + tol || f < loMw - tol) c.fail({ check: 'flows', id, period, message: `flow ${f} MW is outside [${loMw}, ${hiMw}]` });
      const s = c.shadow[t][l];
      if (s > 0n && !(Math.abs(f - hiMw) <= tol)) c.fail({ check: 'shadowPrices', id, period, message: `positive shadow price but flow ${f} MW is not at maxFlow` });
      if (s < 0n && !(Math.abs(f - loMw) <= tol)) c.fail({ check: 'shadowPrices', id, period, message: `negative shadow price but flow ${f} MW is not at minFlow` });
      sign[l] = s !== 0n ? 1 : 0;
    });
    priceRelation(c, grid, t, sign);
  });
}

function priceRelation(c: Ctx, grid: GridModel, t: number, sign: Int8Array): void {
  const net = c.m.net, binding: number[] = [];
  sign.forEach((s, l) => { if (s) binding.push(l); });
  const rows = binding.length ? grid.ptdfRows(binding) : [];
  net.busIds.forEach((id, b) => {
    const ref = net.islandReference[net.busIsland[b]];
    let expected = Number(c.prices[t][ref]), slack = 1;
    rows.forEach((row, i) => {
      expected -= Number(c.shadow[t][binding[i]]) * row[b];
      slack += 0.5 * Math.abs(row[b]);
    });
    const gap = Math.abs(Number(c.prices[t][b]) - expected);
    if (gap > slack + 1e-9 * Math.max(1, Math.abs(expected))) {
      c.fail({ check: 'priceRelation', id, period: c.m.periodIds[t], message: `price is ${gap} ticks from price[ref] - sum shadowPrice x PTDF (allowed ${slack})` });
    }
  });
}

/**
 * Each order against its bus price in its period; an order of a ramp-limited unit against that
 * price less (rampShadowPrice[t] - rampShadowPrice[t+1]) / duration. Within one price tick (three
 * for an order of a unit), compared exactly in ticks of priceDecimals + durationDecimals.
 */
function checkOrders(c: Ctx): void {
  const { m, r } = c, T = m.periodIds.length;
  m.orderIds.forEach((id, i) => {
    const t = m.orderPeriod[i], h = m.duration[t], u = m.orderUnit[i];
    let eff = c.prices[t][m.orderBus[i]] * h;
    let tol = h;
    if (u >= 0) {
      eff -= c.ramp[u * T + t] - (t + 1 < T ? c.ramp[u * T + t + 1] : 0n);
      tol = 3n * h;
    }
    const own = m.orderPrice[i] * h, sell = m.orderSide[i] > 0, f = r.fills[i], q = m.orderQty[i];
    const better = sell ? own < eff - tol : own > eff + tol;
    const worse = sell ? own > eff + tol : own < eff - tol;
    if (better && f !== q) c.fail({ check: 'consistency', id, period: m.periodIds[t], message: 'in the money at its (effective) bus price but not filled fully' });
    if (worse && f !== 0n) c.fail({ check: 'consistency', id, period: m.periodIds[t], message: 'out of the money at its (effective) bus price but filled' });
  });
}

/**
 * Storage: charge against etaC x value - price - chargeCost, discharge against price - value /
 * etaD - dischargeCost (zero where the power is strictly inside its limits, of the right sign at
 * them); value changes only where the stored energy is at a bound; no charging and discharging at
 * once at a positive price.
 */
function checkStorage(c: Ctx): void {
  const { m, r } = c, s = m.storage, T = m.periodIds.length, one = EFFICIENCY_ONE;
  s.ids.forEach((id, g) => {
    const { energy } = storageEnergy(m, g, r.charge, r.discharge), near = BigInt(BINDING_STEPS) * stepScaled(m, g);
    for (let t = 0; t < T; t++) {
      const k = g * T + t, period = m.periodIds[t], lmp = c.prices[t][s.bus[g]], mu = c.value[k];
      // in millionths of a price tick
      const rcC = s.etaC[g] * mu - one * (lmp + s.costC[g]), tolC = 2n * one + s.etaC[g];
      const rcD = s.etaD[g] * (lmp - s.costD[g]) - one * mu, tolD = 2n * s.etaD[g] + one;
      slack(c, rcC, tolC, r.charge[k], s.chargeMax[g], id, period, 'charge');
      slack(c, rcD, tolD, r.discharge[k], s.dischargeMax[g], id, period, 'discharge');
      if (r.charge[k] > 0n && r.discharge[k] > 0n && lmp > 1n) c.fail({ check: 'storagePrices', id, period, message: 'charges and discharges at once at a positive price' });
      const { low, high } = energyBounds(m, g, t);
      const atLow = energy[t] - low <= near, atHigh = high - energy[t] <= near;
      const dv = t + 1 < T ? c.value[k + 1] - mu : -mu; // reduced cost of the stored energy after t
      if ((dv > 1n && !atHigh) || (dv < -1n && !atLow)) {
        c.fail({ check: 'storagePrices', id, period, message: `value of stored energy changes by ${dv} price ticks after this period, but the energy is not at the matching bound` });
      }
    }
  });
}

function slack(c: Ctx, rc: bigint, tol: bigint, x: bigint, max: bigint, id: string, period: string, what: string): void {
  const bad = max === 0n ? false : x === 0n ? rc > tol : x === max ? rc < -tol : rc > tol || rc < -tol;
  if (bad) c.fail({ check: 'storagePrices', id, period, message: `${what} ${x === 0n ? 'is zero' : x === max ? 'is at its limit' : 'is inside its limits'} but its reduced cost is ${Number(rc) / 1e6} price ticks` });
}

/** Ramps: a nonzero ramp shadow price only on a limit that exists and binds (within BINDING_STEPS ticks), + up, - down. */
function checkRamps(c: Ctx): void {
  const { m, r } = c, T = m.periodIds.length, u = m.units, out = unitOutputs(m, r.fills), near = BigInt(BINDING_STEPS);
  u.ids.forEach((id, j) => {
    for (let t = 0; t < T; t++) {
      const rho = c.ramp[j * T + t];
      if (rho === 0n) continue;
      const prev = t === 0 ? u.initial[j] : out[j * T + t - 1];
      const period = m.periodIds[t];
      if (prev === null) { c.fail({ check: 'rampPrices', id, period, message: 'a ramp shadow price where no ramp limit applies' }); continue; }
      const step = out[j * T + t] - prev;
      const limit = rho > 0n ? u.rampUp[j] : u.rampDown[j];
      const binds = limit !== null && (rho > 0n ? limit - step <= near : limit + step <= near);
      if (!binds) c.fail({ check: 'rampPrices', id, period, message: `ramp shadow price ${rho > 0n ? '> 0' : '< 0'} but the ${rho > 0n ? 'up' : 'down'} limit does not bind` });
    }
  });
}

/**
 * An infeasibility claim: a named period and island must be the first that cannot balance, by
 * exactly the claimed imbalance; a claim without them (the LP is infeasible for another reason)
 * cannot be confirmed without solving, but is refused where a balance gap exists.
 */
function checkInfeasible(m: BasicPeriods, res: PeriodsResultJson, fail: Ctx['fail']): void {
  const claim = res.infeasible, gap = balanceGap(m);
  if (!isObj(claim)) { fail({ check: 'status', message: 'an infeasible result needs an infeasible object' }); return; }
  if (claim.period === undefined && claim.island === undefined && claim.imbalance === undefined) {
    if (gap) fail({ check: 'status', period: gap.period, message: `period ${gap.period} cannot balance island ${gap.island}: the result must name it` });
    return;
  }
  if (!gap) { fail({ check: 'status', period: String(claim.period), message: 'every period and island can balance its fixed injections' }); return; }
  if (claim.period !== gap.period || claim.island !== gap.island || claim.imbalance !== gap.imbalance) {
    fail({ check: 'status', period: gap.period, message: `the first imbalance is period ${gap.period}, island ${gap.island}, ${gap.imbalance} MW` });
  }
}
