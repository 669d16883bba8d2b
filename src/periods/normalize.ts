// Validation and normalization of a market-case/2 market, once, before any maths: ticks, dense
// indices, per-period fixed injections and line bounds, storage and ramp units. Every error is a
// GridclearError naming the element (period, order, storage unit, unit, bus or line).
import { GridclearError, type ErrorCode, type ErrorDetail } from '../errors.js';
import { checkDecimals, exactTicks, fastTicks, toTicks, type DecimalLike } from '../model/fixed.js';
import { firstRepeat } from '../model/ids.js';
import { normalizeNetwork, type BasicNetwork } from '../model/network.js';
import { MARKET_DEFAULTS, type Network } from '../model/types.js';
import { PERIODS_DEFAULTS, type PeriodsMarket } from './types.js';
import { setI64 } from './halves.js';

/** Efficiencies are read as integer parts per million. */
export const EFFICIENCY_DECIMALS = 6;
export const EFFICIENCY_ONE = 1_000_000n;
/** Ticks the LP's f64 arithmetic holds exactly. */
const F64_EXACT = 2n ** 53n;

/** Storage units, validated: ticks and indices. */
export interface BasicStorage {
  ids: string[];
  bus: Int32Array;
  /** Energy ticks (quantityDecimals + durationDecimals). */
  capacity: bigint[];
  initial: bigint[];
  /** Lower and upper bound of the final energy (energy ticks); the upper may be null. */
  finalMin: bigint[];
  finalMax: (bigint | null)[];
  /** Quantity ticks (MW). */
  chargeMax: bigint[];
  dischargeMax: bigint[];
  /** Parts per million, in (0, 1e6]. */
  etaC: bigint[];
  etaD: bigint[];
  /** Price ticks per MWh, >= 0. */
  costC: bigint[];
  costD: bigint[];
}

/** Ramp-limited units, validated. */
export interface BasicUnits {
  ids: string[];
  index: Map<string, number>;
  /** Quantity ticks (MW) or null (unlimited / no initial output). */
  rampUp: (bigint | null)[];
  rampDown: (bigint | null)[];
  initial: (bigint | null)[];
}

/** A validated market-case/2 market; orders keep their input order. */
export interface BasicPeriods {
  pd: number;
  qd: number;
  dd: number;
  cap: bigint;
  floor: bigint;
  /** The network (a one-bus network with bus "*" for a copper plate). */
  net: BasicNetwork;
  copperPlate: boolean;
  periodIds: string[];
  /** Duration ticks (dd decimals), > 0. */
  duration: bigint[];
  /** Per period: fixed injection per bus (quantity ticks). */
  fixed: BigInt64Array[];
  /** Per period: flow bounds per line (quantity ticks, null = unbounded). */
  lineMin: (bigint | null)[][];
  lineMax: (bigint | null)[][];
  orderIds: string[];
  orderPeriod: Int32Array;
  orderBus: Int32Array;
  /** +1 sell (injects), -1 buy. */
  orderSide: Int8Array;
  orderPrice: BigInt64Array;
  orderQty: BigInt64Array;
  /** The same ticks as f64 (exact: validation keeps them within 2^53), for the single-period clearings. */
  orderPriceNum: Float64Array;
  orderQtyNum: Float64Array;
  /** Unit index or -1. */
  orderUnit: Int32Array;
  storage: BasicStorage;
  units: BasicUnits;
}

/** Placeholders until normalizePeriods reads the storage and units (never returned). */
const NO_STORAGE: BasicStorage = { ids: [], bus: new Int32Array(0), capacity: [], initial: [], finalMin: [], finalMax: [], chargeMax: [], dischargeMax: [], etaC: [], etaD: [], costC: [], costD: [] };
const NO_UNITS: BasicUnits = { ids: [], index: new Map(), rampUp: [], rampDown: [], initial: [] };

function fail(code: ErrorCode, message: string, detail: ErrorDetail): never {
  throw new GridclearError(code, message, detail);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads the array `field` of the market (optional ones may be missing). */
function list<T>(m: PeriodsMarket, field: 'periods' | 'orders' | 'storage' | 'units', required: boolean): T[] {
  const v = (m as unknown as Record<string, unknown>)[field];
  if (v === undefined && !required) return [];
  if (!Array.isArray(v)) fail('INVALID_MARKET', `${field} must be an array`, { field, expected: 'an array', value: v });
  return v as T[];
}

/** Ids of one kind of element: non-empty strings, unique; returns id -> index. */
function readIds(items: unknown[], kind: string, code: ErrorCode): Map<string, number> {
  const index = new Map<string, number>();
  items.forEach((item, i) => {
    const id = isObject(item) ? item.id : undefined;
    if (typeof id !== 'string' || id === '') fail(code, `${kind} #${i} needs a non-empty string id`, { index: i, field: 'id', expected: 'a non-empty string', value: id });
    if (index.has(id)) fail('DUPLICATE_ID', `two ${kind}s have the id ${JSON.stringify(id)}`, { id, index: i, field: 'id' });
    index.set(id, i);
  });
  return index;
}

/** Options of normalizePeriods. */
export interface NormalizeOptions {
  /** The member of an order or storage unit that names its bus: 'bus' (default), or 'zone' (a zonal market's zones as the buses, src/blocks). */
  busField?: 'bus' | 'zone';
  /**
   * The caller has sorted the orders by id (UTF-16 code units, as src/blocks does): a repeated id
   * is then next to its first, found without a hash table (the same first repeat, the same error).
   */
  idsSorted?: boolean;
  /**
   * The orders' ids as the caller read them (each a non-empty string, in the orders' order; with
   * `idsSorted`, sorted): checked for repeats only, not read again (src/blocks reads them while it
   * checks the orders' zones).
   */
  ids?: string[];
}

/**
 * Validates and normalizes a market-case/2 market. `net`: its network already normalized (a
 * prepared GridModel's), else normalized here. Throws GridclearError naming the element.
 */
export function normalizePeriods(market: PeriodsMarket, net?: BasicNetwork, opts: NormalizeOptions = {}): BasicPeriods {
  if (!isObject(market)) fail('INVALID_MARKET', 'market must be an object', { expected: 'a market-case/2 object' });
  if (market.format !== undefined && market.format !== 'market-case/2') {
    fail('INVALID_MARKET', `format must be "market-case/2", got ${JSON.stringify(market.format)}`, { field: 'format', expected: 'market-case/2', value: market.format });
  }
  const pd = checkDecimals(market.priceDecimals ?? MARKET_DEFAULTS.priceDecimals, 'priceDecimals');
  const qd = checkDecimals(market.quantityDecimals ?? MARKET_DEFAULTS.quantityDecimals, 'quantityDecimals');
  const dd = market.durationDecimals ?? PERIODS_DEFAULTS.durationDecimals;
  if (!Number.isInteger(dd) || dd < 0 || dd > 6) fail('INVALID_MARKET', `durationDecimals must be an integer in [0, 6], got ${String(dd)}`, { field: 'durationDecimals', expected: 'integer in [0, 6]', value: dd });
  const cap = toTicks(market.priceCap ?? MARKET_DEFAULTS.priceCap, pd, { field: 'priceCap' });
  const floor = toTicks(market.priceFloor ?? MARKET_DEFAULTS.priceFloor, pd, { field: 'priceFloor' });
  if (floor > cap) fail('INVALID_MARKET', 'priceFloor is above priceCap', { field: 'priceFloor', expected: '<= priceCap' });
  const copperPlate = market.network === undefined || market.network === null;
  const network: Network = copperPlate ? { baseMVA: 100, buses: [{ id: '*' }], lines: [] } : market.network!;
  net ??= normalizeNetwork(network, { quantityDecimals: qd, allowNegativeReactance: true });
  // Every field in one literal (filled below): a layout built by adding fields later is lost at a
  // full GC, with the optimized code that read it (ARCHITECTURE.md, "Per-call objects").
  const out: BasicPeriods = {
    pd, qd, dd, cap, floor, net, copperPlate, periodIds: [], duration: [], fixed: [], lineMin: [], lineMax: [], orderIds: [],
    orderPeriod: new Int32Array(0), orderBus: new Int32Array(0), orderSide: new Int8Array(0), orderPrice: new BigInt64Array(0),
    orderQty: new BigInt64Array(0), orderPriceNum: new Float64Array(0), orderQtyNum: new Float64Array(0), orderUnit: new Int32Array(0),
    storage: NO_STORAGE, units: NO_UNITS,
  };
  readPeriods(list(market, 'periods', true), out);
  const units = list<Record<string, unknown>>(market, 'units', false);
  out.units = readUnits(units, qd);
  const key = opts.busField ?? 'bus';
  readOrders(list(market, 'orders', true), out, key, opts.idsSorted === true, opts.ids);
  out.storage = readStorage(list(market, 'storage', false), out, key);
  return out;
}

function readPeriods(periods: PeriodsMarket['periods'], out: BasicPeriods): void {
  if (periods.length === 0) fail('INVALID_MARKET', 'a market-case/2 market needs at least one period', { field: 'periods', expected: 'a non-empty array' });
  readIds(periods, 'period', 'INVALID_MARKET');
  const net = out.net, nL = net.lineIds.length;
  out.periodIds = []; out.duration = []; out.fixed = []; out.lineMin = []; out.lineMax = [];
  periods.forEach((p, t) => {
    const id = p.id;
    out.periodIds.push(id);
    if (p.duration === undefined || p.duration === null) fail('INVALID_MARKET', `period ${JSON.stringify(id)} needs a duration`, { id, index: t, field: 'duration', expected: 'hours > 0' });
    const h = toTicks(p.duration, out.dd, { id, index: t, field: 'duration' });
    if (h <= 0n) fail('INVALID_MARKET', `period ${JSON.stringify(id)}: duration must be > 0`, { id, index: t, field: 'duration', expected: '> 0', value: p.duration });
    out.duration.push(h);
    const fixed = BigInt64Array.from(net.busFixedInjectionTicks);
    if (p.fixedInjections !== undefined) {
      if (!isObject(p.fixedInjections)) fail('INVALID_MARKET', `period ${JSON.stringify(id)}: fixedInjections must be an object`, { id, index: t, field: 'fixedInjections', expected: 'an object of bus id -> MW' });
      for (const [bus, v] of Object.entries(p.fixedInjections)) {
        const b = net.busIndex.get(bus);
        if (b === undefined || out.copperPlate) fail('UNKNOWN_BUS', `period ${JSON.stringify(id)}: fixedInjections names unknown bus ${JSON.stringify(bus)}`, { id, index: t, field: 'fixedInjections', value: bus, expected: 'a bus id of the network' });
        fixed[b] = toTicks(v as DecimalLike, out.qd, { id, index: t, field: `fixedInjections.${bus}` });
      }
    }
    out.fixed.push(fixed);
    const lo = net.lineMinFlowTicks.slice(), hi = net.lineMaxFlowTicks.slice();
    if (p.lines !== undefined) {
      if (!isObject(p.lines)) fail('INVALID_MARKET', `period ${JSON.stringify(id)}: lines must be an object`, { id, index: t, field: 'lines', expected: 'an object of line id -> bounds' });
      for (const [line, b] of Object.entries(p.lines)) {
        const l = net.lineIndex.get(line);
        if (l === undefined || !isObject(b)) fail('INVALID_NETWORK', `period ${JSON.stringify(id)}: lines names unknown line ${JSON.stringify(line)} or is not an object`, { id, index: t, field: 'lines', value: line, expected: 'a line id of the network with { minFlow?, maxFlow? }' });
        if ('minFlow' in b) lo[l] = b.minFlow === null || b.minFlow === undefined ? null : toTicks(b.minFlow as DecimalLike, out.qd, { id, index: t, field: `lines.${line}.minFlow` });
        if ('maxFlow' in b) hi[l] = b.maxFlow === null || b.maxFlow === undefined ? null : toTicks(b.maxFlow as DecimalLike, out.qd, { id, index: t, field: `lines.${line}.maxFlow` });
        if (lo[l] !== null && hi[l] !== null && lo[l]! > hi[l]!) fail('INVALID_NETWORK', `period ${JSON.stringify(id)}: line ${JSON.stringify(line)} has minFlow above maxFlow`, { id, index: t, field: `lines.${line}.minFlow`, expected: '<= maxFlow' });
      }
    }
    void nL;
    out.lineMin.push(lo); out.lineMax.push(hi);
  });
}

function readUnits(units: Record<string, unknown>[], qd: number): BasicUnits {
  const index = readIds(units, 'unit', 'INVALID_MARKET');
  const out: BasicUnits = { ids: [...index.keys()], index, rampUp: [], rampDown: [], initial: [] };
  units.forEach((u, i) => {
    const id = u.id as string;
    const opt = (field: 'rampUp' | 'rampDown' | 'initialOutput', nonNegative: boolean): bigint | null => {
      const v = u[field];
      if (v === undefined || v === null) return null;
      const t = toTicks(v as DecimalLike, qd, { id, index: i, field });
      if (nonNegative && t < 0n) fail('INVALID_MARKET', `unit ${JSON.stringify(id)}: ${field} must be >= 0`, { id, index: i, field, expected: '>= 0', value: v });
      return t;
    };
    out.rampUp.push(opt('rampUp', true)); out.rampDown.push(opt('rampDown', true)); out.initial.push(opt('initialOutput', false));
  });
  return out;
}

function orderFail(code: ErrorCode, id: string, index: number, field: string, message: string, expected: string, value?: unknown): never {
  fail(code, `order ${JSON.stringify(id)}: ${message}`, { id, index, field, expected, value });
}

/** Order ids: non-empty strings, unique (firstRepeat's table; readIds names the first bad one). Returns them. */
function checkOrderIds(orders: PeriodsMarket['orders'], sorted: boolean, given?: string[]): string[] {
  const ids: string[] = given ?? [];
  for (let i = given ? orders.length : 0; i < orders.length; i++) {
    const o = orders[i], id = isObject(o) ? o.id : undefined;
    if (typeof id !== 'string' || id === '') { readIds(orders, 'order', 'INVALID_ORDER'); break; }
    ids.push(id);
  }
  const d = sorted ? adjacentRepeat(ids) : firstRepeat(ids);
  if (d >= 0) fail('DUPLICATE_ID', `two orders have the id ${JSON.stringify(ids[d])}`, { id: ids[d], index: d, field: 'id' });
  return ids;
}

/** firstRepeat of ids sorted ascending: the first id equal to the one before it (-1: none). */
function adjacentRepeat(ids: string[]): number {
  for (let i = 1; i < ids.length; i++) {
    if (ids[i] === ids[i - 1]) return i;
    if (ids[i] < ids[i - 1]) return firstRepeat(ids); // not sorted after all: the general rule
  }
  return -1;
}

/**
 * The exact ticks of a price or quantity the fast path (fastTicks) did not read, and whether they
 * exceed 2^53 in magnitude (decided on the bigint, never on a rounded double).
 */
function slowTicks(v: DecimalLike, decimals: number, id: string, index: number, field: string): { ticks: number; big: bigint } {
  const big = exactTicks(v, decimals, { id, index, field });
  return { ticks: Number(big), big };
}

/** Writes a safe integer into an i64 column through its i32 halves (no bigint per value). */

function readOrders(orders: PeriodsMarket['orders'], out: BasicPeriods, key: 'bus' | 'zone', sorted: boolean, ids?: string[]): void {
  const n = orders.length;
  if (n === 0) fail('EMPTY_MARKET', 'the market has no orders', { field: 'orders' });
  out.orderIds = checkOrderIds(orders, sorted, ids !== undefined && ids.length === n ? ids : undefined);
  const periodIndex = new Map(out.periodIds.map((id, t) => [id, t]));
  out.orderPeriod = new Int32Array(n); out.orderBus = new Int32Array(n);
  out.orderSide = new Int8Array(n); out.orderPrice = new BigInt64Array(n); out.orderQty = new BigInt64Array(n);
  out.orderPriceNum = new Float64Array(n); out.orderQtyNum = new Float64Array(n);
  out.orderUnit = new Int32Array(n).fill(-1);
  const priceHalves = new Int32Array(out.orderPrice.buffer), qtyHalves = new Int32Array(out.orderQty.buffer);
  const cap = Number(out.cap), floor = Number(out.floor), busIndex = out.net.busIndex, pd = out.pd, qd = out.qd;
  // orders usually come period by period: the last period's index is reused while its id repeats
  let lastPeriod: string | undefined, lastT = -1;
  for (let i = 0; i < n; i++) {
    const o = orders[i], id = o.id;
    if (o.side !== 'buy' && o.side !== 'sell') orderFail('UNKNOWN_SIDE', id, i, 'side', `side ${JSON.stringify(o.side)}`, "'buy' or 'sell'", o.side);
    const t = lastT >= 0 && o.period === lastPeriod ? lastT : typeof o.period === 'string' ? periodIndex.get(o.period) : undefined;
    if (t === undefined) orderFail('INVALID_ORDER', id, i, 'period', `names period ${JSON.stringify(o.period)}, which the market lacks`, 'a period id', o.period);
    lastPeriod = o.period; lastT = t;
    const at = (o as { bus?: string; zone?: string })[key];
    const b = out.copperPlate ? (at === undefined || at === '*' ? 0 : undefined) : (typeof at === 'string' ? busIndex.get(at) : undefined);
    if (b === undefined) orderFail('UNKNOWN_BUS', id, i, key, `names ${key} ${JSON.stringify(at)}, which the ${key === 'zone' ? 'market' : 'network'} lacks`, out.copperPlate ? 'no bus (copper plate)' : `a ${key} id of the ${key === 'zone' ? 'market' : 'network'}`, at);
    let price = fastTicks(o.price, pd), pBig: bigint | undefined;
    if (price === undefined) ({ ticks: price, big: pBig } = slowTicks(o.price, pd, id, i, 'price'));
    // a fast-path price is below 1e15 ticks: comparing it with the rounded cap and floor is exact
    if (pBig !== undefined ? pBig > out.cap || pBig < out.floor : price > cap || price < floor) {
      orderFail('PRICE_OUT_OF_RANGE', id, i, 'price', 'price is outside [priceFloor, priceCap]', 'within [priceFloor, priceCap]', o.price);
    }
    let qty = fastTicks(o.quantity, qd), qBig: bigint | undefined;
    if (qty === undefined) ({ ticks: qty, big: qBig } = slowTicks(o.quantity, qd, id, i, 'quantity'));
    if (qty <= 0) orderFail('NON_POSITIVE_QUANTITY', id, i, 'quantity', 'quantity must be > 0', '> 0', o.quantity);
    const qOver = qBig !== undefined && qBig > F64_EXACT, pOver = pBig !== undefined && (pBig > F64_EXACT || -pBig > F64_EXACT);
    if (qOver || pOver) orderFail('OVERFLOW', id, i, qOver ? 'quantity' : 'price', 'more than 2^53 ticks, beyond the LP\'s exact range', '|ticks| <= 2^53', qOver ? o.quantity : o.price);
    if (o.unit !== undefined) {
      const u = typeof o.unit === 'string' ? out.units.index.get(o.unit) : undefined;
      if (u === undefined) orderFail('INVALID_ORDER', id, i, 'unit', `names unit ${JSON.stringify(o.unit)}, which the market lacks`, 'a unit id of `units`', o.unit);
      out.orderUnit[i] = u;
    }
    if (o.participant !== undefined && typeof o.participant !== 'string') orderFail('INVALID_ORDER', id, i, 'participant', 'participant must be a string', 'a string', o.participant);
    out.orderPeriod[i] = t; out.orderBus[i] = b; out.orderSide[i] = o.side === 'sell' ? 1 : -1;
    out.orderPriceNum[i] = price; out.orderQtyNum[i] = qty;
    setI64(priceHalves, i, price); setI64(qtyHalves, i, qty);
  }
}

function readStorage(units: Record<string, unknown>[], out: BasicPeriods, key: 'bus' | 'zone'): BasicStorage {
  readIds(units, 'storage unit', 'INVALID_MARKET');
  const ed = out.qd + out.dd;
  const s: BasicStorage = { ids: [], bus: new Int32Array(units.length), capacity: [], initial: [], finalMin: [], finalMax: [], chargeMax: [], dischargeMax: [], etaC: [], etaD: [], costC: [], costD: [] };
  units.forEach((u, i) => {
    const id = u.id as string;
    const bad = (field: string, message: string, expected: string): never => fail('INVALID_MARKET', `storage unit ${JSON.stringify(id)}: ${message}`, { id, index: i, field, expected, value: u[field] });
    const read = (field: string, decimals: number, dflt?: string): bigint => {
      const v = u[field] ?? dflt;
      if (v === undefined || v === null) bad(field, `${field} is required`, 'a decimal');
      const t = toTicks(v as DecimalLike, decimals, { id, index: i, field });
      if (t < 0n) bad(field, `${field} must be >= 0`, '>= 0');
      if (decimals !== ed && t > F64_EXACT) fail('OVERFLOW', `storage unit ${JSON.stringify(id)}: ${field} has more than 2^53 ticks, beyond the LP's exact range`, { id, index: i, field, expected: '<= 2^53 ticks', value: v });
      return t;
    };
    s.ids.push(id);
    const at = u[key];
    const b = out.copperPlate ? (at === undefined || at === '*' ? 0 : undefined) : (typeof at === 'string' ? out.net.busIndex.get(at) : undefined);
    if (b === undefined) fail('UNKNOWN_BUS', `storage unit ${JSON.stringify(id)} names ${key} ${JSON.stringify(at)}, which the ${key === 'zone' ? 'market' : 'network'} lacks`, { id, index: i, field: key, value: at, expected: `a ${key} id of the ${key === 'zone' ? 'market' : 'network'}` });
    s.bus[i] = b;
    const cap = read('energyCapacity', ed);
    s.capacity.push(cap);
    s.chargeMax.push(read('chargeCapacity', out.qd)); s.dischargeMax.push(read('dischargeCapacity', out.qd));
    for (const [field, arr] of [['chargeEfficiency', s.etaC], ['dischargeEfficiency', s.etaD]] as const) {
      const eta = read(field, EFFICIENCY_DECIMALS, '1');
      if (eta === 0n || eta > EFFICIENCY_ONE) bad(field, `${field} must be in (0, 1]`, 'a decimal in (0, 1] with at most 6 decimals');
      arr.push(eta);
    }
    const initial = read('initialEnergy', ed, '0');
    if (initial > cap) bad('initialEnergy', 'initialEnergy exceeds energyCapacity', '<= energyCapacity');
    s.initial.push(initial);
    if (u.finalEnergy !== undefined && u.minFinalEnergy !== undefined) bad('finalEnergy', 'give finalEnergy or minFinalEnergy, not both', 'one of them');
    const exact = u.finalEnergy !== undefined;
    const fmin = read(exact ? 'finalEnergy' : 'minFinalEnergy', ed, '0');
    if (fmin > cap) bad(exact ? 'finalEnergy' : 'minFinalEnergy', 'the final energy exceeds energyCapacity', '<= energyCapacity');
    s.finalMin.push(fmin); s.finalMax.push(exact ? fmin : null);
    s.costC.push(read('chargeCost', out.pd, '0')); s.costD.push(read('dischargeCost', out.pd, '0'));
  });
  return s;
}

/** True when nothing couples the periods (no storage, no ramp limit): each period clears alone. */
export function uncoupled(m: BasicPeriods): boolean {
  if (m.storage.ids.length > 0) return false;
  for (let u = 0; u < m.units.ids.length; u++) {
    if (m.units.rampUp[u] !== null || m.units.rampDown[u] !== null) return false;
  }
  return true;
}
