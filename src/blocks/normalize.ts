// Validation and normalization of a market with blocks and zones, once: every list in canonical
// order (by id, UTF-16 code units), so the LP, the search and the result do not depend on the
// input order; zones become the buses of a network without lines (one island each); the simple
// part goes through normalizePeriods. Every error is a GridclearError naming the element.
import { GridclearError, type ErrorCode, type ErrorDetail } from '../errors.js';
import { toTicks, type DecimalLike } from '../model/fixed.js';
import type { Network } from '../model/types.js';
import { normalizePeriods, type BasicPeriods } from '../periods/normalize.js';
import type { PeriodsMarket } from '../periods/types.js';
import type { BlocksMarket, BlocksOrder } from './types.js';

/** Whether a market-case/2 market has block orders, zones or borders: clearBlocks clears it (clearPeriods refuses it). */
export function hasBlocks(market: object): boolean {
  const m = market as { blocks?: unknown; zones?: unknown; borders?: unknown };
  return m.blocks !== undefined || m.zones !== undefined || m.borders !== undefined;
}

/** Acceptance ratios are read and written as integer parts per million. */
export const RATIO_DECIMALS = 6;
export const RATIO_ONE = 1_000_000n;

/** A validated market with blocks; blocks, orders, storage and units in canonical (id) order. */
export interface BasicBlocks {
  m: BasicPeriods;
  kind: 'copper' | 'network' | 'zones';
  /** The simple part as a PeriodsMarket in canonical order, zones as the network's buses (a zonal market's orders and storage keep their `zone`: read with normalizePeriods' busField 'zone'). */
  periods: PeriodsMarket;
  blockIds: string[];
  /** +1 sell, -1 buy. */
  blockSide: Int8Array;
  blockPrice: BigInt64Array;
  blockBus: Int32Array;
  /** Quantity ticks per block and period: b*T + t. */
  blockQty: BigInt64Array;
  /** Minimum acceptance ratio, parts per million, in (0, 1e6]. */
  blockMin: bigint[];
  /** Parent block index or -1; exclusive group index or -1. */
  blockParent: Int32Array;
  blockGroup: Int32Array;
  groupIds: string[];
  borderIds: string[];
  borderFrom: Int32Array;
  borderTo: Int32Array;
  /** Quantity ticks per border and period (k*T + t): capacity from -> to, and to -> from. */
  borderCap: BigInt64Array;
  borderRev: BigInt64Array;
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(code: ErrorCode, message: string, detail: ErrorDetail): never {
  throw new GridclearError(code, message, detail);
}

function arr<T>(v: unknown, field: string): T[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) fail('INVALID_MARKET', `${field} must be an array`, { field, expected: 'an array', value: v });
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    if (!isObject(x) || typeof x.id !== 'string' || x.id === '') fail('INVALID_MARKET', `${field} #${i} needs a non-empty string id`, { index: i, field: 'id', expected: 'a non-empty string' });
  }
  return (v as T[]).slice();
}

/** Validates and normalizes a market-case/2 market with blocks and zones. */
export function normalizeBlocks(market: BlocksMarket): BasicBlocks {
  if (!isObject(market)) fail('INVALID_MARKET', 'market must be an object', { expected: 'a market-case/2 object' });
  const zones = arr<{ id: string; fixedInjection?: DecimalLike }>(market.zones, 'zones').sort(byId);
  const zonal = market.zones !== undefined;
  if (zonal && market.network !== undefined && market.network !== null) fail('INVALID_MARKET', 'a market has zones or a network, not both', { field: 'zones', expected: 'no network with zones' });
  if (zonal && zones.length === 0) fail('INVALID_MARKET', 'zones must not be empty', { field: 'zones', expected: 'at least one zone' });
  if (!zonal && market.borders !== undefined) fail('INVALID_MARKET', 'borders need zones', { field: 'borders', expected: 'zones' });
  const orders = arr<BlocksOrder>(market.orders, 'orders').sort(byId);
  const blocks = arr<NonNullable<BlocksMarket['blocks']>[number]>(market.blocks, 'blocks').sort(byId);
  if (!Array.isArray(market.orders)) fail('INVALID_MARKET', 'orders must be an array', { field: 'orders', expected: 'an array' });
  if (orders.length === 0 && blocks.length === 0) fail('EMPTY_MARKET', 'the market has no orders and no blocks', { field: 'orders' });
  // a zonal market's elements name a zone (read as their bus: normalizePeriods' busField), never a bus
  const located = <T extends { id: string; bus?: string; zone?: string }>(list: T[], what: string, ids?: string[]): T[] => {
    for (let index = 0; index < list.length; index++) {
      const x = list[index];
      ids?.push(x.id);
      if (!zonal && x.zone !== undefined) fail('UNKNOWN_BUS', `${what} ${JSON.stringify(x.id)} names a zone, but the market has none`, { id: x.id, index, field: 'zone', value: x.zone, expected: 'no zone' });
      if (zonal && x.bus !== undefined) fail('UNKNOWN_BUS', `${what} ${JSON.stringify(x.id)} names a bus in a zonal market`, { id: x.id, index, field: 'bus', value: x.bus, expected: 'a zone' });
    }
    return list;
  };
  const network: Network | undefined = zonal
    ? { baseMVA: 100, buses: zones.map((z) => ({ id: z.id, ...(z.fixedInjection !== undefined ? { fixedInjection: z.fixedInjection } : {}) })), lines: [] }
    : market.network;
  const ids: string[] = [], simple = located(orders, 'order', ids);
  const periods: PeriodsMarket = {
    format: 'market-case/2', priceDecimals: market.priceDecimals, quantityDecimals: market.quantityDecimals, durationDecimals: market.durationDecimals,
    priceCap: market.priceCap, priceFloor: market.priceFloor, ...(network ? { network } : {}),
    periods: Array.isArray(market.periods) ? market.periods.map((p) => (isObject(p) ? (({ borders, ...rest }) => rest)(p) : p)) : market.periods,
    orders: simple,
    storage: located(arr<NonNullable<BlocksMarket['storage']>[number]>(market.storage, 'storage').sort(byId), 'storage unit'),
    units: arr<NonNullable<PeriodsMarket['units']>[number]>(market.units, 'units').sort(byId),
  };
  for (const k of Object.keys(periods) as (keyof PeriodsMarket)[]) if (periods[k] === undefined) delete periods[k];
  const busField = zonal ? 'zone' : 'bus';
  const m = simple.length > 0 ? normalizePeriods(periods, undefined, { busField, idsSorted: true, ids }) : withoutOrders(periods, busField);
  const out: BasicBlocks = { m, kind: zonal ? 'zones' : m.copperPlate ? 'copper' : 'network', periods } as BasicBlocks;
  readBlocks(blocks, out, zonal);
  readBorders(arr<NonNullable<BlocksMarket['borders']>[number]>(market.borders, 'borders').sort(byId), market.periods, out);
  return out;
}

/** normalizePeriods of a market without simple orders (blocks only). */
function withoutOrders(p: PeriodsMarket, busField: 'bus' | 'zone'): BasicPeriods {
  const first = Array.isArray(p.periods) && isObject(p.periods[0]) ? p.periods[0].id : undefined;
  const bus = p.network && Array.isArray(p.network.buses) && isObject(p.network.buses[0]) ? { [busField]: p.network.buses[0].id } : {};
  const m = normalizePeriods({ ...p, orders: [{ id: '\u0000', side: 'buy', price: p.priceFloor ?? '-500', quantity: '1', period: first as string, ...bus }] }, undefined, { busField });
  return { ...m, orderIds: [], orderPeriod: new Int32Array(0), orderBus: new Int32Array(0), orderSide: new Int8Array(0), orderPrice: new BigInt64Array(0), orderQty: new BigInt64Array(0),
    orderPriceNum: new Float64Array(0), orderQtyNum: new Float64Array(0), orderUnit: new Int32Array(0) };
}

function blockFail(code: ErrorCode, id: string, index: number, field: string, message: string, expected: string, value?: unknown): never {
  fail(code, `block ${JSON.stringify(id)}: ${message}`, { id, index, field, expected, value });
}

/** Whether `id` is among the sorted (ascending) ids. */
function hasId(sorted: string[], id: string): boolean {
  let lo = 0, hi = sorted.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (sorted[mid] < id) lo = mid + 1; else hi = mid; }
  return lo < sorted.length && sorted[lo] === id;
}

function readBlocks(blocks: NonNullable<BlocksMarket['blocks']>, out: BasicBlocks, zonal: boolean): void {
  const m = out.m, n = blocks.length, T = m.periodIds.length;
  const periodIndex = new Map(m.periodIds.map((id, t) => [id, t]));
  const index = new Map<string, number>();
  out.blockIds = []; out.blockSide = new Int8Array(n); out.blockPrice = new BigInt64Array(n); out.blockBus = new Int32Array(n);
  out.blockQty = new BigInt64Array(n * T); out.blockMin = []; out.blockParent = new Int32Array(n).fill(-1); out.blockGroup = new Int32Array(n).fill(-1); out.groupIds = [];
  const groups = new Map<string, number>();
  blocks.forEach((b, i) => {
    const id = b.id;
    if (index.has(id) || hasId(m.orderIds, id)) fail('DUPLICATE_ID', `two orders or blocks have the id ${JSON.stringify(id)}`, { id, index: i, field: 'id' });
    index.set(id, i);
    out.blockIds.push(id);
    if (b.side !== 'buy' && b.side !== 'sell') blockFail('UNKNOWN_SIDE', id, i, 'side', `side ${JSON.stringify(b.side)}`, "'buy' or 'sell'", b.side);
    out.blockSide[i] = b.side === 'sell' ? 1 : -1;
    const price = toTicks(b.price, m.pd, { id, index: i, field: 'price' });
    if (price > m.cap || price < m.floor) blockFail('PRICE_OUT_OF_RANGE', id, i, 'price', 'price is outside [priceFloor, priceCap]', 'within [priceFloor, priceCap]', b.price);
    out.blockPrice[i] = price;
    const where = zonal ? b.zone : b.bus;
    if (zonal && b.bus !== undefined) blockFail('UNKNOWN_BUS', id, i, 'bus', 'names a bus in a zonal market', 'a zone', b.bus);
    if (!zonal && b.zone !== undefined) blockFail('UNKNOWN_BUS', id, i, 'zone', 'names a zone, but the market has none', 'no zone', b.zone);
    const bus = out.kind === 'copper' ? (where === undefined || where === '*' ? 0 : undefined) : typeof where === 'string' ? m.net.busIndex.get(where) : undefined;
    if (bus === undefined) blockFail('UNKNOWN_BUS', id, i, zonal ? 'zone' : 'bus', `names ${zonal ? 'zone' : 'bus'} ${JSON.stringify(where)}, which the market lacks`, zonal ? 'a zone id' : out.kind === 'copper' ? 'no bus (copper plate)' : 'a bus id of the network', where);
    out.blockBus[i] = bus;
    if (!isObject(b.profile)) blockFail('INVALID_ORDER', id, i, 'profile', 'profile must be an object of period id -> MW', 'an object');
    let any = false;
    for (const [pid, q] of Object.entries(b.profile)) {
      const t = periodIndex.get(pid);
      if (t === undefined) blockFail('INVALID_ORDER', id, i, 'profile', `names period ${JSON.stringify(pid)}, which the market lacks`, 'period ids', pid);
      const ticks = toTicks(q, m.qd, { id, index: i, field: `profile.${pid}` });
      if (ticks < 0n) blockFail('NON_POSITIVE_QUANTITY', id, i, `profile.${pid}`, 'a profile quantity must be >= 0', '>= 0', q);
      if (ticks > 2n ** 53n) blockFail('OVERFLOW', id, i, `profile.${pid}`, "more than 2^53 ticks, beyond the LP's exact range", '|ticks| <= 2^53', q);
      out.blockQty[i * T + t] = ticks;
      if (ticks > 0n) any = true;
    }
    if (!any) blockFail('NON_POSITIVE_QUANTITY', id, i, 'profile', 'the profile has no positive quantity', 'a quantity > 0 in some period');
    const min = toTicks(b.minAcceptanceRatio ?? '1', 6, { id, index: i, field: 'minAcceptanceRatio' });
    if (min <= 0n || min > 1_000_000n) blockFail('INVALID_ORDER', id, i, 'minAcceptanceRatio', 'minAcceptanceRatio must be in (0, 1]', 'a decimal in (0, 1] with at most 6 decimals', b.minAcceptanceRatio);
    out.blockMin.push(min);
    if (b.exclusiveGroup !== undefined) {
      if (typeof b.exclusiveGroup !== 'string' || b.exclusiveGroup === '') blockFail('INVALID_ORDER', id, i, 'exclusiveGroup', 'exclusiveGroup must be a non-empty string', 'a string', b.exclusiveGroup);
      if (!groups.has(b.exclusiveGroup)) { groups.set(b.exclusiveGroup, out.groupIds.length); out.groupIds.push(b.exclusiveGroup); }
      out.blockGroup[i] = groups.get(b.exclusiveGroup)!;
    }
  });
  blocks.forEach((b, i) => {
    if (b.parent === undefined) return;
    const p = typeof b.parent === 'string' ? index.get(b.parent) : undefined;
    if (p === undefined) blockFail('INVALID_ORDER', b.id, i, 'parent', `names parent ${JSON.stringify(b.parent)}, which is not a block`, 'a block id', b.parent);
    out.blockParent[i] = p;
  });
  for (let i = 0; i < n; i++) {
    // a chain of parents longer than n has a cycle
    let j = i, steps = 0;
    while (j >= 0 && steps <= n) { j = out.blockParent[j]; steps++; }
    if (j >= 0) blockFail('INVALID_ORDER', blocks[i].id, i, 'parent', 'the parents form a cycle', 'a tree of parents');
  }
}

function readBorders(borders: NonNullable<BlocksMarket['borders']>, periods: BlocksMarket['periods'], out: BasicBlocks): void {
  const m = out.m, T = m.periodIds.length, n = borders.length;
  const seen = new Set<string>();
  out.borderIds = []; out.borderFrom = new Int32Array(n); out.borderTo = new Int32Array(n);
  out.borderCap = new BigInt64Array(n * T); out.borderRev = new BigInt64Array(n * T);
  const cap = (v: unknown, id: string, i: number, field: string): bigint => {
    const t = toTicks(v as DecimalLike, m.qd, { id, index: i, field });
    if (t < 0n) fail('INVALID_NETWORK', `border ${JSON.stringify(id)}: ${field} must be >= 0`, { id, index: i, field, expected: '>= 0', value: v });
    return t;
  };
  const index = new Map<string, number>();
  borders.forEach((b, i) => {
    if (seen.has(b.id)) fail('DUPLICATE_ID', `two borders have the id ${JSON.stringify(b.id)}`, { id: b.id, index: i, field: 'id' });
    seen.add(b.id);
    index.set(b.id, i);
    out.borderIds.push(b.id);
    const f = m.net.busIndex.get(b.from), to = m.net.busIndex.get(b.to);
    if (f === undefined || to === undefined || f === to) fail('UNKNOWN_BUS', `border ${JSON.stringify(b.id)} must join two different zones`, { id: b.id, index: i, field: f === undefined ? 'from' : 'to', expected: 'two different zone ids' });
    out.borderFrom[i] = f; out.borderTo[i] = to;
    if (b.capacity === undefined) fail('INVALID_NETWORK', `border ${JSON.stringify(b.id)} needs a capacity`, { id: b.id, index: i, field: 'capacity', expected: 'MW >= 0' });
    const c = cap(b.capacity, b.id, i, 'capacity'), r = b.reverseCapacity === undefined ? c : cap(b.reverseCapacity, b.id, i, 'reverseCapacity');
    for (let t = 0; t < T; t++) { out.borderCap[i * T + t] = c; out.borderRev[i * T + t] = r; }
  });
  periods.forEach((p, t) => {
    if (p.borders === undefined) return;
    if (!isObject(p.borders)) fail('INVALID_MARKET', `period ${JSON.stringify(p.id)}: borders must be an object`, { id: p.id, index: t, field: 'borders', expected: 'border id -> capacities' });
    for (const [id, v] of Object.entries(p.borders)) {
      const k = index.get(id);
      if (k === undefined || !isObject(v)) fail('INVALID_NETWORK', `period ${JSON.stringify(p.id)}: borders names unknown border ${JSON.stringify(id)} or is not an object`, { id: p.id, index: t, field: 'borders', value: id, expected: 'a border id with { capacity?, reverseCapacity? }' });
      if (v.capacity !== undefined) out.borderCap[k * T + t] = cap(v.capacity, p.id, t, `borders.${id}.capacity`);
      if (v.reverseCapacity !== undefined) out.borderRev[k * T + t] = cap(v.reverseCapacity, p.id, t, `borders.${id}.reverseCapacity`);
    }
  });
}
