// Rounding an LP solution of the multi-period clearing onto the quantity tick, exactly:
// every (island, period) balances to the tick, stored energy (an exact rational, see
// storageEnergy) stays within its bounds and ramps within their limits. Method in docs/periods.md.
import { GridclearError } from '../errors.js';
import { pow10 } from '../model/fixed.js';
import { EFFICIENCY_ONE, type BasicPeriods } from './normalize.js';
import { FINAL_WINDOW_STEPS, energyStep, type LpSolution, type PeriodsLp, type Tightening } from './formulation.js';

/** A rounded schedule: fills per order, charge and discharge per storage unit and period (g*T + t), quantity ticks. */
export interface RoundedSchedule {
  fills: BigInt64Array;
  charge: BigInt64Array;
  discharge: BigInt64Array;
}

/** An exact constraint the rounded schedule breaks (energy column or ramp row index k). */
export interface Violation {
  kind: 'energyLow' | 'energyHigh' | 'rampUp' | 'rampDown';
  k: number;
}

/** Values this close to a tick (in ticks) are on it: the LP's own accuracy. */
const ON_TICK = 1e-6;

interface Var { s: number; floor: bigint; frac: number; pref: number; storage: boolean; index: number; max: bigint; set: (v: bigint) => void }

/**
 * Rounds `sol` onto the quantity tick. Storage units are rounded along time so that the rounded
 * stored energy stays within one energy step of the LP's (error diffusion); each (island, period)
 * is then balanced exactly by choosing which fractional variables round up.
 */
export function roundSchedule(m: BasicPeriods, lp: PeriodsLp, sol: LpSolution): RoundedSchedule {
  const T = m.periodIds.length, G = m.storage.ids.length, qs = Number(pow10(m.qd)), hs = Number(pow10(m.dd)), one = Number(EFFICIENCY_ONE);
  const fills = new BigInt64Array(m.orderIds.length), charge = new BigInt64Array(G * T), discharge = new BigInt64Array(G * T);
  const byPeriod: number[][] = Array.from({ length: T }, () => []);
  for (let i = 0; i < m.orderIds.length; i++) byPeriod[m.orderPeriod[i]].push(i);
  const eps = new Float64Array(G); // rounded minus LP stored energy (MWh)
  for (let t = 0; t < T; t++) {
    const h = Number(m.duration[t]) / hs;
    const vars: Var[][] = Array.from({ length: m.net.islandReference.length }, () => []);
    for (const i of byPeriod[t]) {
      const v = split(sol.x[lp.orderCol[i]] * qs, m.orderQty[i]);
      vars[m.net.busIsland[m.orderBus[i]]].push({ s: m.orderSide[i], ...v, pref: v.frac >= 0.5 ? 1 : 0, storage: false, index: i, max: m.orderQty[i], set: (r) => { fills[i] = r; } });
    }
    const lpC = new Float64Array(G), lpD = new Float64Array(G);
    for (let g = 0; g < G; g++) {
      const k = g * T + t, etaC = Number(m.storage.etaC[g]) / one, etaD = Number(m.storage.etaD[g]) / one;
      lpC[g] = sol.x[lp.chargeCol[k]] * qs; lpD[g] = sol.x[lp.dischargeCol[k]] * qs;
      if (m.storage.etaC[g] === EFFICIENCY_ONE && m.storage.etaD[g] === EFFICIENCY_ONE) {
        // lossless: charging and discharging at once moves no energy; net them (never costs welfare)
        const both = Math.min(lpC[g], lpD[g]);
        lpC[g] -= both; lpD[g] -= both;
      }
      const c = split(lpC[g], m.storage.chargeMax[g]), d = split(lpD[g], m.storage.dischargeMax[g]);
      // the combination of roundings that keeps the stored energy closest to the LP's
      let best = [0, 0], bestGap = Infinity;
      for (const dc of c.frac > 0 ? [0, 1] : [0]) {
        for (const dd of d.frac > 0 ? [0, 1] : [0]) {
          const gap = Math.abs(eps[g] + (etaC * h * (dc - c.frac) - (h / etaD) * (dd - d.frac)) / qs);
          if (gap < bestGap - 1e-15) { bestGap = gap; best = [dc, dd]; }
        }
      }
      const isl = vars[m.net.busIsland[m.storage.bus[g]]];
      isl.push({ s: -1, ...c, pref: best[0], storage: true, index: k, max: m.storage.chargeMax[g], set: (r) => { charge[k] = r; } });
      isl.push({ s: 1, ...d, pref: best[1], storage: true, index: k, max: m.storage.dischargeMax[g], set: (r) => { discharge[k] = r; } });
    }
    vars.forEach((list, island) => balance(m, t, island, list));
    for (let g = 0; g < G; g++) {
      const k = g * T + t, etaC = Number(m.storage.etaC[g]) / one, etaD = Number(m.storage.etaD[g]) / one;
      eps[g] += (etaC * h * (Number(charge[k]) - lpC[g]) - (h / etaD) * (Number(discharge[k]) - lpD[g])) / qs;
    }
  }
  return { fills, charge, discharge };
}

/** Floor and fractional part of an LP value in ticks, within [0, max]; near-ticks snap to the tick. */
function split(v: number, max: bigint): { floor: bigint; frac: number } {
  const r = Math.round(v);
  if (Math.abs(v - r) <= ON_TICK || !Number.isFinite(v)) {
    const c = BigInt(Math.max(0, Math.min(Number(max), Number.isFinite(r) ? r : 0)));
    return { floor: c, frac: 0 };
  }
  const f = Math.floor(v);
  if (f < 0) return { floor: 0n, frac: 0 };
  if (f >= Number(max)) return { floor: max, frac: 0 };
  return { floor: BigInt(f), frac: v - f };
}

/**
 * Chooses which fractional variables of one (island, period) round up so that their injections
 * equal minus the island's fixed injection exactly: preferences first, then the flips that cost
 * least (orders before storage units; lower index first on ties); a full tick of an interior
 * variable only when no fractional one can move.
 */
function balance(m: BasicPeriods, t: number, island: number, vars: Var[]): void {
  let fixed = 0n;
  m.fixed[t].forEach((f, b) => { if (m.net.busIsland[b] === island) fixed += f; });
  let k = -fixed;
  for (const v of vars) k -= BigInt(v.s) * v.floor;
  const delta = vars.map((v) => (v.frac > 0 ? v.pref : 0));
  let d = 0n;
  vars.forEach((v, j) => { d += BigInt(v.s * delta[j]); });
  while (d !== k) {
    const want = d < k ? 1 : -1;
    let pick = -1, pickCost = Infinity;
    vars.forEach((v, j) => {
      if (v.frac === 0) return;
      const can = (v.s === want && delta[j] === 0) || (v.s === -want && delta[j] === 1);
      if (!can) return;
      const cost = (delta[j] === 0 ? 1 - v.frac : v.frac) + (v.storage ? 2 : 0);
      if (cost < pickCost) { pickCost = cost; pick = j; }
    });
    if (pick >= 0) { delta[pick] = 1 - delta[pick]; d += BigInt(want); continue; }
    const j = vars.findIndex((v, q) => {
      const r = v.floor + BigInt(delta[q]);
      return v.s === want ? r < v.max : r > 0n;
    });
    if (j < 0) {
      throw new GridclearError('INTERNAL', `period ${JSON.stringify(m.periodIds[t])}: the LP solution does not balance island ${island}; no rounding can`, { id: m.periodIds[t] });
    }
    delta[j] += want * vars[j].s;
    d += BigInt(want);
  }
  vars.forEach((v, j) => v.set(v.floor + BigInt(delta[j])));
}

/**
 * Stored energy of storage unit g after each period, exactly, as integers of 1/D MWh with
 * D = etaD (ppm) x 10^(6 + quantityDecimals + durationDecimals): returns [values, D].
 */
export function storageEnergy(m: BasicPeriods, g: number, charge: ArrayLike<bigint>, discharge: ArrayLike<bigint>): { energy: bigint[]; scale: bigint } {
  const T = m.periodIds.length, s = m.storage, etaC = s.etaC[g], etaD = s.etaD[g];
  const scale = etaD * EFFICIENCY_ONE * pow10(m.qd + m.dd);
  let e = s.initial[g] * etaD * EFFICIENCY_ONE;
  const energy: bigint[] = [];
  for (let t = 0; t < T; t++) {
    const h = m.duration[t], k = g * T + t;
    e += etaC * etaD * h * charge[k] - EFFICIENCY_ONE * EFFICIENCY_ONE * h * discharge[k];
    energy.push(e);
  }
  return { energy, scale };
}

/** Exact bounds of the stored energy of unit g after period t, in the units of storageEnergy. */
export function energyBounds(m: BasicPeriods, g: number, t: number): { low: bigint; high: bigint } {
  const s = m.storage, f = s.etaD[g] * EFFICIENCY_ONE, T = m.periodIds.length;
  let low = 0n, high = s.capacity[g] * f;
  if (t === T - 1) {
    low = s.finalMin[g] * f;
    if (s.finalMax[g] !== null) {
      const w = s.finalMax[g]! * f + BigInt(FINAL_WINDOW_STEPS) * stepScaled(m, g);
      if (w < high) high = w;
    }
  }
  return { low, high };
}

/** The energy step of unit g in the units of storageEnergy: Hmax x (etaC x etaD + 10^12). */
export function stepScaled(m: BasicPeriods, g: number): bigint {
  let hMax = 0n;
  for (const h of m.duration) if (h > hMax) hMax = h;
  return hMax * (m.storage.etaC[g] * m.storage.etaD[g] + EFFICIENCY_ONE * EFFICIENCY_ONE);
}

/** Net output (quantity ticks) of every unit in every period (u*T + t): its sell fills minus its buy fills. */
export function unitOutputs(m: BasicPeriods, fills: ArrayLike<bigint>): BigInt64Array {
  const T = m.periodIds.length, out = new BigInt64Array(m.units.ids.length * T);
  for (let i = 0; i < m.orderIds.length; i++) {
    const u = m.orderUnit[i];
    if (u >= 0) out[u * T + m.orderPeriod[i]] += BigInt(m.orderSide[i]) * fills[i];
  }
  return out;
}

/** The exact constraints (stored energy bounds, ramp limits) a rounded schedule breaks. */
export function violations(m: BasicPeriods, r: RoundedSchedule): Violation[] {
  const T = m.periodIds.length, out: Violation[] = [];
  for (let g = 0; g < m.storage.ids.length; g++) {
    const { energy } = storageEnergy(m, g, r.charge, r.discharge);
    energy.forEach((e, t) => {
      const { low, high } = energyBounds(m, g, t);
      if (e < low) out.push({ kind: 'energyLow', k: g * T + t });
      if (e > high) out.push({ kind: 'energyHigh', k: g * T + t });
    });
  }
  const outputs = unitOutputs(m, r.fills), u = m.units;
  for (let j = 0; j < u.ids.length; j++) {
    for (let t = 0; t < T; t++) {
      const prev = t === 0 ? u.initial[j] : outputs[j * T + t - 1];
      if (prev === null) continue;
      const step = outputs[j * T + t] - prev;
      if (u.rampUp[j] !== null && step > u.rampUp[j]!) out.push({ kind: 'rampUp', k: j * T + t });
      if (u.rampDown[j] !== null && -step > u.rampDown[j]!) out.push({ kind: 'rampDown', k: j * T + t });
    }
  }
  return out;
}

/** Moves the bounds the violations name inward: two energy steps, or two quantity ticks. */
export function tighten(m: BasicPeriods, tight: Tightening, list: Violation[]): void {
  const T = m.periodIds.length, tick = 1 / Number(pow10(m.qd));
  for (const v of list) {
    const g = Math.floor(v.k / T);
    if (v.kind === 'energyLow') tight.energyLow[v.k] += 2 * energyStep(m, g);
    else if (v.kind === 'energyHigh') tight.energyHigh[v.k] += 2 * energyStep(m, g);
    else if (v.kind === 'rampUp') tight.rampUp[v.k] += 2 * tick;
    else tight.rampDown[v.k] += 2 * tick;
  }
}
