// Rounding an LP solution of the multi-period clearing onto the quantity tick, exactly:
// every (island, period) balances to the tick, stored energy (an exact rational, see
// storageEnergy) stays within its bounds and ramps within their limits. Method in docs/periods.md.
import { GridclearError } from '../errors.js';
import { pow10 } from '../model/fixed.js';
import { EFFICIENCY_ONE, type BasicPeriods } from './normalize.js';
import { FINAL_WINDOW_STEPS, energyStep, type LpSolution, type PeriodsLp, type Tightening } from './formulation.js';
import { periodMembers } from './single.js';
import { halvesOf, setI64 } from './halves.js';

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

/** Values this close to a tick (in ticks) are on it: the LP's own accuracy. */
const ON_TICK = 1e-6;

/**
 * The variables of one period to round, as columns by position p: the period's orders in input
 * order, then each storage unit's charge and discharge. An order's fill (`out` 0: fills[index]) or
 * a storage unit's charge (1) or discharge (2) at index g*T + t. Ticks as numbers: every quantity
 * is within 2^53 ticks (normalizePeriods), so floors, maxima and rounded values are exact.
 */
interface Vars {
  n: number;
  /** +1 injects (sell, discharge), -1 withdraws (buy, charge). */
  s: Int8Array;
  floor: Float64Array;
  frac: Float64Array;
  max: Float64Array;
  /** The preferred tick's offset from the floor (-1..2), then the chosen one's. */
  delta: Int32Array;
  storage: Uint8Array;
  flipSafe: Uint8Array;
  unit: Int32Array;
  out: Uint8Array;
  index: Int32Array;
}

function newVars(n: number): Vars {
  return {
    n: 0, s: new Int8Array(n), floor: new Float64Array(n), frac: new Float64Array(n), max: new Float64Array(n), delta: new Int32Array(n),
    storage: new Uint8Array(n), flipSafe: new Uint8Array(n), unit: new Int32Array(n), out: new Uint8Array(n), index: new Int32Array(n),
  };
}

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
  const byPeriod = periodMembers(m), nI = m.net.islandReference.length;
  let most = 0;
  for (const list of byPeriod) most = Math.max(most, list.length);
  const vars = newVars(most + 2 * G), island = new Int32Array(most + 2 * G), lists = new Int32Array(most + 2 * G), listStart = new Int32Array(nI + 1);
  const eps = new Float64Array(G); // rounded minus LP stored energy (MWh)
  const prevOut: (bigint | null)[] = m.units.initial.slice(); // each unit's rounded output in the period before
  const low = new Float64Array(G * T), high = new Float64Array(G * T);
  for (let k = 0; k < G * T; k++) {
    const g = Math.floor(k / T), b = energyBounds(m, g, k % T), scale = Number(m.storage.etaD[g] * EFFICIENCY_ONE * pow10(m.qd + m.dd));
    low[k] = Number(b.low) / scale; high[k] = Number(b.high) / scale;
  }
  const chargeMax = m.storage.chargeMax.map(Number), dischargeMax = m.storage.dischargeMax.map(Number);
  // per (unit, period) the LP's least room to the stored-energy bounds from the period on until
  // the next period whose charge or discharge the LP left strictly inside its limits (MWh): a
  // carried difference beyond it breaks a bound where the LP holds the energy at it (idle at empty
  // or full, where no rounding mends it before a power off its limits can)
  const aheadLow = new Float64Array(G * T), aheadHigh = new Float64Array(G * T);
  for (let g = 0; g < G; g++) {
    let lo = Infinity, hi = Infinity;
    for (let t = T - 1; t >= 0; t--) {
      const k = g * T + t, e = sol.x[lp.energyCol[k]];
      lo = Math.min(lo, e - low[k]); hi = Math.min(hi, high[k] - e);
      aheadLow[k] = lo; aheadHigh[k] = hi;
      const c = sol.x[lp.chargeCol[k]] * qs, d = sol.x[lp.dischargeCol[k]] * qs;
      if ((c > ON_TICK && c < chargeMax[g] - ON_TICK) || (d > ON_TICK && d < dischargeMax[g] - ON_TICK)) { lo = Infinity; hi = Infinity; }
    }
  }
  const lpC = new Float64Array(G), lpD = new Float64Array(G);
  // the hot loops are small functions of their own: V8 optimizes them within the first clearing,
  // where one function holding them all took seconds of TurboFan time and ran unoptimized meanwhile
  for (let t = 0; t < T; t++) {
    const h = Number(m.duration[t]) / hs;
    let p = orderVars(vars, island, byPeriod[t], sol.x, lp.orderCol, qs, m.orderQtyNum, m.orderSide, m.orderUnit, m.net.busIsland, m.orderBus);
    for (let g = 0; g < G; g++) {
      const k = g * T + t;
      lpC[g] = sol.x[lp.chargeCol[k]] * qs; lpD[g] = sol.x[lp.dischargeCol[k]] * qs;
      storageVars(m, vars, island, p, g, k, h, qs, one, lpC, lpD, eps[g], sol.x[lp.energyCol[k]], low[k], high[k], aheadLow[k], aheadHigh[k], chargeMax[g], dischargeMax[g]);
      p += 2;
    }
    vars.n = p;
    islandLists(island, p, nI, listStart, lists);
    const units = unitWindows(m, vars, lists, prevOut);
    for (let r = 0; r < nI; r++) balance(m, t, r, vars, lists.subarray(listStart[r], listStart[r + 1]), units, fills, charge, discharge);
    units.out.forEach((o, u) => { prevOut[u] = o; });
    for (let g = 0; g < G; g++) {
      const k = g * T + t, etaC = Number(m.storage.etaC[g]) / one, etaD = Number(m.storage.etaD[g]) / one;
      eps[g] += (etaC * h * (Number(charge[k]) - lpC[g]) - (h / etaD) * (Number(discharge[k]) - lpD[g])) / qs;
    }
  }
  return { fills, charge, discharge };
}

/** Each island's positions in order (orders in input order, then storage units, charge before discharge): lists[listStart[r]..listStart[r + 1]). */
function islandLists(island: Int32Array, p: number, nI: number, listStart: Int32Array, lists: Int32Array): void {
  listStart.fill(0);
  for (let q = 0; q < p; q++) listStart[island[q] + 1]++;
  for (let r = 0; r < nI; r++) listStart[r + 1] += listStart[r];
  const fillAt = listStart.slice(0, nI);
  for (let q = 0; q < p; q++) lists[fillAt[island[q]]++] = q;
}

/** The period's orders (`mine`, input order) as the variables at positions 0.. of `v`; returns their count. */
function orderVars(v: Vars, island: Int32Array, mine: Int32Array, x: Float64Array, orderCol: Int32Array, qs: number, orderQty: Float64Array,
  orderSide: Int8Array, orderUnit: Int32Array, busIsland: Int32Array, orderBus: Int32Array): number {
  const s = v.s, floor = v.floor, frac = v.frac, max = v.max, delta = v.delta, storage = v.storage, flipSafe = v.flipSafe, unit = v.unit, out = v.out, index = v.index;
  for (let p = 0; p < mine.length; p++) {
    const i = mine[p];
    split(x[orderCol[i]] * qs, orderQty[i]);
    s[p] = orderSide[i]; floor[p] = splitFloor; frac[p] = splitFrac; max[p] = orderQty[i]; delta[p] = splitFrac >= 0.5 ? 1 : 0;
    storage[p] = 0; flipSafe[p] = 0; unit[p] = orderUnit[i]; out[p] = 0; index[p] = i;
    island[p] = busIsland[orderBus[i]];
  }
  return mine.length;
}

/**
 * Storage unit g's charge and discharge in the period (k = g*T + t) as the variables at positions
 * p and p + 1 of `v`, with their preferred ticks: the combination of roundings that keeps the
 * stored energy within its bounds (by the LP's energy `lpE` plus the carried difference `eps`),
 * then the carried difference within the LP's least room to the bounds from this period up to the
 * next one where the LP leaves a power of the unit strictly inside its limits (`aheadLow`,
 * `aheadHigh`: where the LP holds the unit idle at empty or full in between, no rounding can mend
 * a difference carried there, and the exact check would find that bound broken: a tightening
 * re-solve), a tick beyond the two around the LP value allowed for it as for the bounds of the
 * period itself, and then closest to the LP's. `lpC`, `lpD`: the LP's powers in ticks
 * (netted here where lossless).
 */
function storageVars(m: BasicPeriods, vars: Vars, island: Int32Array, p: number, g: number, k: number, h: number, qs: number, one: number,
  lpC: Float64Array, lpD: Float64Array, eps: number, lpE: number, low: number, high: number, aheadLow: number, aheadHigh: number, chargeMax: number, dischargeMax: number): void {
  const etaC = Number(m.storage.etaC[g]) / one, etaD = Number(m.storage.etaD[g]) / one;
  if (m.storage.etaC[g] === EFFICIENCY_ONE && m.storage.etaD[g] === EFFICIENCY_ONE) {
    // lossless: charging and discharging at once moves no energy; net them (never costs welfare)
    const both = Math.min(lpC[g], lpD[g]);
    lpC[g] -= both; lpD[g] -= both;
  }
  split(lpC[g], chargeMax);
  const c = { floor: splitFloor, frac: splitFrac };
  split(lpD[g], dischargeMax);
  const d = { floor: splitFloor, frac: splitFrac };
  const inside = (dc: number, dd: number) => {
    const next = eps + (etaC * h * (dc - c.frac) - (h / etaD) * (dd - d.frac)) / qs;
    const e = lpE + next;
    return { next, outside: Math.max(0, low - e, e - high), ahead: Math.max(0, -aheadLow - next, next - aheadHigh) };
  };
  // the two ticks around the LP value, and a tick beyond them only for a power the LP left
  // strictly inside its limits and only to a value strictly inside them (its reduced cost is
  // zero there, so the prices stay consistent with it)
  const range = (v: { floor: number; frac: number }, max: number) => {
    const interior = v.frac > 0 || (v.floor > 0 && v.floor < max);
    return [-1, 0, 1, 2].filter((x) => {
      const r = v.floor + x;
      if (x === 0 || (x === 1 && v.frac > 0)) return true;
      return interior && r > 0 && r < max && (x !== 2 || v.frac > 0);
    });
  };
  let best = [0, 0], bestKey = Infinity;
  for (const dc of range(c, chargeMax)) {
    for (const dd of range(d, dischargeMax)) {
      const { next, outside, ahead } = inside(dc, dd);
      // off the two ticks around the LP value only to stay within bounds (now or later)
      const far = (dc < 0 || dc > 1 || (c.frac === 0 && dc !== 0) ? 1 : 0) + (dd < 0 || dd > 1 || (d.frac === 0 && dd !== 0) ? 1 : 0);
      const key = (outside > 0 ? 1e9 + outside : 0) + (ahead > 0 ? 1e7 + ahead : 0) + far * 1e6 + Math.abs(next);
      if (key < bestKey - 1e-15) { bestKey = key; best = [dc, dd]; }
    }
  }
  const isl = m.net.busIsland[m.storage.bus[g]];
  // a balancing flip of this unit that keeps its energy within bounds is preferred to one that does not
  for (let side = 0; side < 2; side++, p++) {
    const v = side === 0 ? c : d;
    vars.s[p] = side === 0 ? -1 : 1; vars.floor[p] = v.floor; vars.frac[p] = v.frac; vars.max[p] = side === 0 ? chargeMax : dischargeMax; vars.delta[p] = best[side];
    vars.storage[p] = 1; vars.unit[p] = -1; vars.out[p] = side + 1; vars.index[p] = k;
    const flip = side === 0 ? inside(1 - best[0], best[1]) : inside(best[0], 1 - best[1]);
    vars.flipSafe[p] = flip.outside === 0 && flip.ahead === 0 ? 1 : 0;
    island[p] = isl;
  }
}

/** split's results (no object per call). */
let splitFloor = 0, splitFrac = 0;

/** Floor and fractional part of an LP value in ticks, within [0, max] (splitFloor, splitFrac); near-ticks snap to the tick. */
function split(v: number, max: number): void {
  const r = Math.round(v);
  if (Math.abs(v - r) <= ON_TICK || !Number.isFinite(v)) {
    splitFloor = Math.max(0, Math.min(max, Number.isFinite(r) ? r : 0)); splitFrac = 0;
    return;
  }
  const f = Math.floor(v);
  if (f < 0) { splitFloor = 0; splitFrac = 0; return; }
  if (f >= max) { splitFloor = max; splitFrac = 0; return; }
  splitFloor = f; splitFrac = v - f;
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
 * charge before discharge). `list`: the island's positions in `v`, in that order.
 */
function balance(m: BasicPeriods, t: number, island: number, v: Vars, list: Int32Array, units: Units, fills: BigInt64Array, charge: BigInt64Array, discharge: BigInt64Array): void {
  let fixed = 0n;
  const f = m.fixed[t], busIsland = m.net.busIsland;
  for (let b = 0; b < f.length; b++) if (busIsland[b] === island) fixed += f[b];
  // injections at the floors (exact as a number while the maxima add up to at most 2^53) and at the preferences
  let atFloor = 0, room = 0, d = 0;
  for (let q = 0; q < list.length; q++) { const j = list[q]; atFloor += v.s[j] * v.floor[j]; room += v.max[j]; d += v.s[j] * v.delta[j]; }
  let floorBig: bigint;
  if (room <= Number.MAX_SAFE_INTEGER) floorBig = BigInt(atFloor);
  else { floorBig = 0n; for (let q = 0; q < list.length; q++) floorBig += BigInt(v.s[list[q]]) * BigInt(v.floor[list[q]]); }
  // the ticks still to move: (minus the fixed injection, less the floors) minus the preferences
  let need = Number(-fixed - floorBig - BigInt(d));
  const s = v.s, delta = v.delta, unit = v.unit;
  while (need !== 0) {
    const want = need > 0 ? 1 : -1, pick = cheapestMove(v, list, want, units);
    if (pick < 0) {
      throw new GridclearError('INTERNAL', `period ${JSON.stringify(m.periodIds[t])}: the LP solution does not balance island ${island}; no rounding can`, { id: m.periodIds[t] });
    }
    delta[pick] += want * s[pick];
    if (unit[pick] >= 0) units.out[unit[pick]] += BigInt(want);
    need -= want;
  }
  writeRounded(v, list, fills, charge, discharge);
}

/**
 * The chosen ticks of the island's positions into the fills, charges and discharges: an order's
 * fill (0 <= fill <= 2^53) as the two i32 halves of its i64 (no bigint per order).
 */
function writeRounded(v: Vars, list: Int32Array, fills: BigInt64Array, charge: BigInt64Array, discharge: BigInt64Array): void {
  const floor = v.floor, delta = v.delta, out = v.out, index = v.index;
  const h = halvesOf(fills);
  for (let q = 0; q < list.length; q++) {
    const j = list[q], o = out[j], value = floor[j] + delta[j];
    if (o === 0) setI64(h, index[j], value);
    else if (o === 1) charge[index[j]] = BigInt(value);
    else discharge[index[j]] = BigInt(value);
  }
}

/** balance's next move: the position whose one tick in direction `want` (of the island's injection) costs least, else -1. */
function cheapestMove(v: Vars, list: Int32Array, want: number, units: Units): number {
  const s = v.s, floor = v.floor, frac = v.frac, max = v.max, delta = v.delta, storage = v.storage, flipSafe = v.flipSafe, unit = v.unit;
  let pick = -1, pickCost = Infinity;
  for (let q = 0; q < list.length; q++) {
    const j = list[q], step = want * s[j]; // +1: this variable one tick up, -1: one tick down
    const r = floor[j] + delta[j] + step;
    if (r < 0 || r > max[j]) continue;
    const fr = frac[j], to = delta[j] + step;
    let cost: number;
    if (fr > 0 && (to === 0 || to === 1)) {
      const dist = delta[j] === 0 ? 1 - fr : fr;
      cost = storage[j] ? (flipSafe[j] ? 2 : 4) + dist : dist;
    } else {
      // a variable the LP left at a limit moved off it: its price may contradict it (last resort)
      const interior = fr > 0 || (floor[j] > 0 && floor[j] < max[j]);
      cost = storage[j] ? (interior ? 5 : 11) : interior ? 3 : 10;
    }
    if (unit[j] >= 0 && leavesWindow(units, unit[j], BigInt(s[j] * step))) cost += 4;
    if (cost < pickCost) { pickCost = cost; pick = j; }
  }
  return pick;
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
 * orders are turned toward its window where the nearer ticks leave it. `lists`: the positions
 * island by island (the order in which a unit's orders are looked at).
 */
function unitWindows(m: BasicPeriods, v: Vars, lists: Int32Array, prevOut: (bigint | null)[]): Units {
  const U = m.units.ids.length, u = m.units;
  const out = new Array<bigint>(U).fill(0n);
  const lo = prevOut.map((p, j) => (p === null || u.rampDown[j] === null ? null : p - u.rampDown[j]!));
  const hi = prevOut.map((p, j) => (p === null || u.rampUp[j] === null ? null : p + u.rampUp[j]!));
  if (U === 0) return { out, lo, hi };
  const mine: number[][] = Array.from({ length: U }, () => []);
  for (let q = 0; q < v.n; q++) {
    const j = lists[q], w = v.unit[j];
    if (w >= 0) { out[w] += BigInt(v.s[j] * (v.floor[j] + v.delta[j])); mine[w].push(j); }
  }
  for (let j = 0; j < U; j++) {
    for (;;) {
      const down = hi[j] !== null && out[j] > hi[j]!, up = lo[j] !== null && out[j] < lo[j]!;
      if (!down && !up) break;
      const want = up ? 1 : -1; // +1: the output one tick up
      let pick = -1, best = Infinity;
      for (const p of mine[j]) {
        if (v.frac[p] === 0) continue;
        const to = v.delta[p] + want * v.s[p];
        if (to !== 0 && to !== 1) continue;
        const dist = v.delta[p] === 0 ? 1 - v.frac[p] : v.frac[p];
        if (dist < best) { best = dist; pick = p; }
      }
      if (pick < 0) break;
      v.delta[pick] += want * v.s[pick];
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
  if (m.units.ids.length === 0) return out;
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

/**
 * Before the re-solve that `tighten` asks for: every other period where a storage unit with a
 * broken energy bound has its LP stored energy at one of its bounds gets that bound moved inward
 * by half an energy step too. The re-solve shifts such a unit's trajectory, and the rounding then
 * broke another bound of the same unit that the LP held at a bound (on the case118 days of the
 * bench: 3 of 5 seeds needed a second re-solve, each time for that reason). Bounds the list
 * already names are left to `tighten`, and so are periods whose room (upper minus lower bound) is
 * below PREEMPT_ROOM energy steps: there half a step is a large part of the room (on a coarse
 * quantity tick it emptied a unit's room and no schedule was found).
 */
export function preempt(m: BasicPeriods, tight: Tightening, list: Violation[], lp: PeriodsLp, x: Float64Array): void {
  const T = m.periodIds.length, units = new Set<number>(), named = new Set<number>();
  for (const v of list) if (v.kind === 'energyLow' || v.kind === 'energyHigh') { units.add(Math.floor(v.k / T)); named.add(v.k); }
  for (const g of units) {
    const step = energyStep(m, g), half = 0.5 * step;
    for (let t = 0; t < T; t++) {
      const k = g * T + t, j = lp.energyCol[k], e = x[j], lo = lp.colLower[j], hi = lp.colUpper[j];
      // a unit whose room is a few energy steps (a coarse quantity tick) is left to tighten alone
      if (named.has(k) || hi - lo < PREEMPT_ROOM * step) continue;
      if (tight.energyLow[k] === 0 && e - lo <= AT_BOUND * (1 + Math.abs(lo))) tight.energyLow[k] = half;
      if (tight.energyHigh[k] === 0 && hi - e <= AT_BOUND * (1 + Math.abs(hi))) tight.energyHigh[k] = half;
    }
  }
}

/** preempt moves no bound of a period whose stored-energy room is below this many energy steps. */
const PREEMPT_ROOM = 16;

/** An LP stored energy this close to its bound (relative to 1 + |bound|) is at it (preempt). */
const AT_BOUND = 1e-9;
