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
  /** By how much: MWh (energy) or quantity ticks (ramps). */
  amount: number;
}

/** Tick counts up to this are exact as numbers. */
const EXACT = 2n ** 53n;

/** Values this close to a tick (in ticks) are on it: the LP's own accuracy. */
const ON_TICK = 1e-6;

/** A variable to round: an order's fill (`out` 0: fills[index]) or a storage unit's charge (1) or discharge (2) at index g*T + t. */
interface Var { s: number; floor: bigint; frac: number; pref: number; storage: boolean; index: number; max: bigint; out: 0 | 1 | 2; flipSafe: boolean; unit: number }

/** Each ramp-limited unit's net output in the period being rounded and the window its ramp limits allow (null: open). */
interface Units { out: bigint[]; lo: (bigint | null)[]; hi: (bigint | null)[] }

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
  const prevOut: (bigint | null)[] = m.units.initial.slice(); // each unit's rounded output in the period before
  const bounds = Array.from({ length: G * T }, (_, k) => {
    const g = Math.floor(k / T), b = energyBounds(m, g, k % T), scale = Number(m.storage.etaD[g] * EFFICIENCY_ONE * pow10(m.qd + m.dd));
    return { low: Number(b.low) / scale, high: Number(b.high) / scale };
  });
  for (let t = 0; t < T; t++) {
    const h = Number(m.duration[t]) / hs;
    const vars: Var[][] = Array.from({ length: m.net.islandReference.length }, () => []);
    for (const i of byPeriod[t]) {
      const v = split(sol.x[lp.orderCol[i]] * qs, m.orderQty[i]);
      vars[m.net.busIsland[m.orderBus[i]]].push({ s: m.orderSide[i], floor: v.floor, frac: v.frac, pref: v.frac >= 0.5 ? 1 : 0, storage: false, index: i, max: m.orderQty[i], out: 0, flipSafe: false, unit: m.orderUnit[i] });
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
      // the combination of roundings that keeps the stored energy within its bounds (by the LP's
      // energy plus the carried difference) and then closest to the LP's
      const lpE = sol.x[lp.energyCol[k]], { low, high } = bounds[k];
      // roundings of charge and discharge (ticks from their floors: one beyond either neighbour
      // tick too), chosen to keep the stored energy within its bounds (by the LP's energy plus the
      // carried difference), then closest to the LP's
      const inside = (dc: number, dd: number) => {
        const next = eps[g] + (etaC * h * (dc - c.frac) - (h / etaD) * (dd - d.frac)) / qs;
        const e = lpE + next;
        return { next, outside: Math.max(0, low - e, e - high) };
      };
      // the two ticks around the LP value, and a tick beyond them only for a power the LP left
      // strictly inside its limits and only to a value strictly inside them (its reduced cost is
      // zero there, so the prices stay consistent with it)
      const range = (v: { floor: bigint; frac: number }, max: bigint) => {
        const interior = v.frac > 0 || (v.floor > 0n && v.floor < max);
        return [-1, 0, 1, 2].filter((x) => {
          const r = v.floor + BigInt(x);
          if (x === 0 || (x === 1 && v.frac > 0)) return true;
          return interior && r > 0n && r < max && (x !== 2 || v.frac > 0);
        });
      };
      let best = [0, 0], bestKey = Infinity;
      for (const dc of range(c, m.storage.chargeMax[g])) {
        for (const dd of range(d, m.storage.dischargeMax[g])) {
          const { next, outside } = inside(dc, dd);
          // off the two ticks around the LP value only to stay within bounds
          const far = (dc < 0 || dc > 1 || (c.frac === 0 && dc !== 0) ? 1 : 0) + (dd < 0 || dd > 1 || (d.frac === 0 && dd !== 0) ? 1 : 0);
          const key = (outside > 0 ? 1e9 + outside : 0) + far * 1e6 + Math.abs(next);
          if (key < bestKey - 1e-15) { bestKey = key; best = [dc, dd]; }
        }
      }
      const isl = vars[m.net.busIsland[m.storage.bus[g]]];
      // a balancing flip of this unit that keeps its energy within bounds is preferred to one that does not
      isl.push({ s: -1, floor: c.floor, frac: c.frac, pref: best[0], storage: true, index: k, max: m.storage.chargeMax[g], out: 1, unit: -1, flipSafe: inside(1 - best[0], best[1]).outside === 0 });
      isl.push({ s: 1, floor: d.floor, frac: d.frac, pref: best[1], storage: true, index: k, max: m.storage.dischargeMax[g], out: 2, unit: -1, flipSafe: inside(best[0], 1 - best[1]).outside === 0 });
    }
    const units = unitWindows(m, vars, prevOut);
    const outs = [fills, charge, discharge];
    vars.forEach((list, island) => balance(m, t, island, list, units, outs));
    units.out.forEach((o, u) => { prevOut[u] = o; });
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
 * Chooses the roundings of one (island, period) so that its injections equal minus its fixed
 * injection exactly: the preferences first, then one tick at a time the move that costs least:
 * (1) a fractional order flipped to its other tick (the fractional part nearest a half first),
 * (2) a storage unit flipped where its stored energy stays within bounds, (3) an order the LP left
 * strictly inside its limits moved one tick more, (4) any other storage flip, (5) a storage power
 * the LP left strictly inside its limits moved a tick (a broken energy bound is mended by
 * tightening, below), (6) any order, then (7) any storage power with room moved a tick (their
 * prices may contradict them). A move of a unit's order that takes the unit's output further out
 * of its ramp window costs 4 more (a broken ramp is mended by tightening). Ties: the lower position (orders in input order, then storage units,
 * charge before discharge).
 */
function balance(m: BasicPeriods, t: number, island: number, vars: Var[], units: Units, outs: BigInt64Array[]): void {
  let fixed = 0n;
  m.fixed[t].forEach((f, b) => { if (m.net.busIsland[b] === island) fixed += f; });
  let k = -fixed;
  for (const v of vars) k -= BigInt(v.s) * v.floor;
  const delta = vars.map((v) => v.pref);
  let d = 0n;
  vars.forEach((v, j) => { d += BigInt(v.s * delta[j]); });
  while (d !== k) {
    const want = d < k ? 1 : -1;
    let pick = -1, pickCost = Infinity;
    for (let j = 0; j < vars.length; j++) {
      const v = vars[j];
      const step = want * v.s; // +1: this variable one tick up, -1: one tick down
      // as numbers (no BigInt per variable and step) where exact: max within 2^53 ticks
      if (v.max <= EXACT) {
        const r = Number(v.floor) + delta[j] + step;
        if (r < 0 || r > Number(v.max)) continue;
      } else {
        const r = v.floor + BigInt(delta[j] + step);
        if (r < 0n || r > v.max) continue;
      }
      const flip = v.frac > 0 && (delta[j] + step === 0 || delta[j] + step === 1);
      let cost: number;
      if (flip) {
        const dist = delta[j] === 0 ? 1 - v.frac : v.frac;
        cost = v.storage ? (v.flipSafe ? 2 : 4) + dist : dist;
      } else {
        // a variable the LP left at a limit moved off it: its price may contradict it (last resort)
        const interior = v.frac > 0 || (v.floor > 0n && v.floor < v.max);
        cost = v.storage ? (interior ? 5 : 11) : interior ? 3 : 10;
      }
      if (v.unit >= 0 && leavesWindow(units, v.unit, BigInt(v.s * step))) cost += 4;
      if (cost < pickCost) { pickCost = cost; pick = j; }
    }
    if (pick < 0) {
      throw new GridclearError('INTERNAL', `period ${JSON.stringify(m.periodIds[t])}: the LP solution does not balance island ${island}; no rounding can`, { id: m.periodIds[t] });
    }
    delta[pick] += want * vars[pick].s;
    if (vars[pick].unit >= 0) units.out[vars[pick].unit] += BigInt(want);
    d += BigInt(want);
  }
  for (let j = 0; j < vars.length; j++) outs[vars[j].out][vars[j].index] = vars[j].floor + BigInt(delta[j]);
}

/** Whether changing unit u's output by `change` takes it further outside its ramp window. */
function leavesWindow(units: Units, u: number, change: bigint): boolean {
  const out = units.out[u], next = out + change, lo = units.lo[u], hi = units.hi[u];
  const gap = (x: bigint) => (lo !== null && x < lo ? lo - x : hi !== null && x > hi ? x - hi : 0n);
  return gap(next) > gap(out);
}

/**
 * The ramp windows of the period being rounded (from each unit's rounded output in the period
 * before) and the units' outputs at the preferred ticks; preferences of a unit's fractional
 * orders are turned toward its window where the nearer ticks leave it.
 */
function unitWindows(m: BasicPeriods, vars: Var[][], prevOut: (bigint | null)[]): Units {
  const U = m.units.ids.length, u = m.units;
  const out = new Array<bigint>(U).fill(0n);
  const lo = prevOut.map((p, j) => (p === null || u.rampDown[j] === null ? null : p - u.rampDown[j]!));
  const hi = prevOut.map((p, j) => (p === null || u.rampUp[j] === null ? null : p + u.rampUp[j]!));
  const mine: Var[][] = Array.from({ length: U }, () => []);
  for (const list of vars) for (const v of list) if (v.unit >= 0) { out[v.unit] += BigInt(v.s) * (v.floor + BigInt(v.pref)); mine[v.unit].push(v); }
  for (let j = 0; j < U; j++) {
    for (;;) {
      const down = hi[j] !== null && out[j] > hi[j]!, up = lo[j] !== null && out[j] < lo[j]!;
      if (!down && !up) break;
      const want = up ? 1 : -1; // +1: the output one tick up
      let pick: Var | undefined, best = Infinity;
      for (const v of mine[j]) {
        if (v.frac === 0) continue;
        const to = v.pref + want * v.s;
        if (to !== 0 && to !== 1) continue;
        const dist = v.pref === 0 ? 1 - v.frac : v.frac;
        if (dist < best) { best = dist; pick = v; }
      }
      if (!pick) break;
      pick.pref += want * pick.s;
      out[j] += BigInt(want);
    }
  }
  return { out, lo, hi };
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
    const { energy, scale } = storageEnergy(m, g, r.charge, r.discharge);
    energy.forEach((e, t) => {
      const { low, high } = energyBounds(m, g, t);
      if (e < low) out.push({ kind: 'energyLow', k: g * T + t, amount: Number(low - e) / Number(scale) });
      if (e > high) out.push({ kind: 'energyHigh', k: g * T + t, amount: Number(e - high) / Number(scale) });
    });
  }
  const outputs = unitOutputs(m, r.fills), u = m.units;
  for (let j = 0; j < u.ids.length; j++) {
    for (let t = 0; t < T; t++) {
      const prev = t === 0 ? u.initial[j] : outputs[j * T + t - 1];
      if (prev === null) continue;
      const step = outputs[j * T + t] - prev;
      if (u.rampUp[j] !== null && step > u.rampUp[j]!) out.push({ kind: 'rampUp', k: j * T + t, amount: Number(step - u.rampUp[j]!) });
      if (u.rampDown[j] !== null && -step > u.rampDown[j]!) out.push({ kind: 'rampDown', k: j * T + t, amount: Number(-step - u.rampDown[j]!) });
    }
  }
  return out;
}

/** Largest total tightening of one bound: energy steps (stored energy) or quantity ticks (ramps); verify's windows are wider. */
export const MAX_TIGHTENING = 6;

/**
 * Moves the bounds the violations name inward by the amount they were broken: stored energy by
 * that many MWh plus half the unit's energy step, ramps by that many quantity ticks; in all at
 * most MAX_TIGHTENING steps or ticks per bound.
 */
export function tighten(m: BasicPeriods, tight: Tightening, list: Violation[]): void {
  const T = m.periodIds.length, tick = 1 / Number(pow10(m.qd));
  for (const v of list) {
    const g = Math.floor(v.k / T);
    if (v.kind === 'energyLow' || v.kind === 'energyHigh') {
      const step = energyStep(m, g), arr = v.kind === 'energyLow' ? tight.energyLow : tight.energyHigh;
      arr[v.k] = Math.min(arr[v.k] + v.amount + 0.5 * step, MAX_TIGHTENING * step);
    } else {
      const arr = v.kind === 'rampUp' ? tight.rampUp : tight.rampDown;
      arr[v.k] = Math.min(arr[v.k] + v.amount * tick, MAX_TIGHTENING * tick);
    }
  }
}
