// Validation of book options into the core's config: price range in ticks, the network's
// bus-major PTDF, line bounds and starting flows, zones and the fee table.
import { GridclearError } from '../errors.js';
import { checkDecimals, toTicks } from '../model/fixed.js';
import { MAX_LEVELS } from './layout.js';
import type { BookOptions, FeeSchedule } from './types.js';

/** A book's options as the core takes them (kept in JS to rebuild the core state on growth). */
export interface BookConfig {
  priceDecimals: number;
  quantityDecimals: number;
  floorTicks: bigint;
  capTicks: bigint;
  maxQtyTicks: bigint;
  buses: number;
  lines: number;
  /** PTDF bus-major: entry (b, l) at b * lines + l. */
  ptdf: Float64Array;
  lineMin: Float64Array;
  lineMax: Float64Array;
  flows: Float64Array;
  busIsland: Int32Array;
  busZone: Int32Array;
  busIds: string[];
  busIndex: Map<string, number>;
  lineIds: string[];
  zoneNames: string[];
  fees: FeeRow[];
  payer: 'buyer' | 'seller' | 'shared';
  /** Chain the digest. */
  hash: boolean;
}

/** One fee component in ticks. */
export interface FeeRow {
  operator: string;
  constTicks: bigint;
  ppm: bigint;
  rate: number;
  fromZone: number;
  toZone: number;
}

function opt(message: string, field: string, value?: unknown): never {
  throw new GridclearError('INVALID_OPTION', message, { field, value });
}

/** Validates options; every error is an INVALID_OPTION / INVALID_MARKET naming the field. */
export function bookConfig(options: BookOptions): BookConfig {
  const pd = checkDecimals(options.priceDecimals, 'priceDecimals');
  const qd = checkDecimals(options.quantityDecimals, 'quantityDecimals');
  const floorTicks = toTicks(options.priceFloor, pd, { field: 'priceFloor' });
  const capTicks = toTicks(options.priceCap, pd, { field: 'priceCap' });
  if (capTicks < floorTicks) throw new GridclearError('INVALID_MARKET', 'priceCap is below priceFloor', { field: 'priceCap' });
  if (capTicks - floorTicks + 1n > BigInt(MAX_LEVELS)) {
    throw new GridclearError('TOO_LARGE', `the book's price range has ${capTicks - floorTicks + 1n} ticks, more than ${MAX_LEVELS}`, {
      field: 'priceCap', expected: `at most ${MAX_LEVELS} price ticks between floor and cap`,
    });
  }
  const big = 2n ** 43n;
  if (capTicks >= big || floorTicks <= -big) throw new GridclearError('OVERFLOW', 'price cap / floor beyond 2^43 ticks', { field: 'priceCap' });
  const maxQtyTicks = options.maxQuantity === undefined ? BigInt(Number.MAX_SAFE_INTEGER) : toTicks(options.maxQuantity, qd, { field: 'maxQuantity' });
  if (maxQtyTicks <= 0n || maxQtyTicks > BigInt(Number.MAX_SAFE_INTEGER)) opt('maxQuantity must be > 0 and at most 2^53 - 1 ticks', 'maxQuantity');
  const cfg: BookConfig = {
    priceDecimals: pd, quantityDecimals: qd, floorTicks, capTicks, maxQtyTicks, buses: 0, lines: 0,
    ptdf: new Float64Array(0), lineMin: new Float64Array(0), lineMax: new Float64Array(0), flows: new Float64Array(0),
    busIsland: new Int32Array(0), busZone: new Int32Array(0), busIds: [], busIndex: new Map(), lineIds: [], zoneNames: [], fees: [], payer: 'buyer', hash: options.digest ?? true,
  };
  if (typeof cfg.hash !== 'boolean') opt('digest must be a boolean', 'digest', options.digest);
  if (options.network) networkConfig(cfg, options.network);
  if (options.fees) feeConfig(cfg, options.fees);
  return cfg;
}

function networkConfig(cfg: BookConfig, network: NonNullable<BookOptions['network']>): void {
  const grid = network.grid;
  if (!grid || typeof grid.ptdfDense !== 'function') opt('network.grid must be a GridModel', 'network.grid');
  const net = grid.network;
  const nb = net.busIds.length, nl = net.lineIds.length;
  const rows = grid.ptdfDense(Math.max(4_000_000, nb * nl));
  const ptdf = new Float64Array(nb * nl);
  for (let l = 0; l < nl; l++) {
    const row = rows[l];
    for (let b = 0; b < nb; b++) ptdf[b * nl + l] = row[b];
  }
  const flows = new Float64Array(nl);
  if (network.flows !== undefined) {
    if (network.flows.length !== nl) opt(`network.flows needs one value per line (${nl})`, 'network.flows');
    for (let l = 0; l < nl; l++) flows[l] = Number(network.flows[l]);
  }
  for (let l = 0; l < nl; l++) {
    const f = flows[l];
    if (!Number.isFinite(f) || f > net.lineMaxFlowMw[l] || f < net.lineMinFlowMw[l]) {
      throw new GridclearError('INVALID_OPTION', `the starting flow of line ${net.lineIds[l]} is not within its bounds`, {
        id: net.lineIds[l], field: 'network.flows', value: f,
      });
    }
  }
  Object.assign(cfg, {
    buses: nb, lines: nl, ptdf, flows, lineMin: Float64Array.from(net.lineMinFlowMw), lineMax: Float64Array.from(net.lineMaxFlowMw),
    busIsland: Int32Array.from(net.busIsland), busZone: new Int32Array(nb).fill(-1), busIds: net.busIds, busIndex: net.busIndex, lineIds: net.lineIds,
  });
}

function feeConfig(cfg: BookConfig, fees: FeeSchedule): void {
  const payer = fees.payer ?? 'buyer';
  if (payer !== 'buyer' && payer !== 'seller' && payer !== 'shared') opt("fees.payer must be 'buyer', 'seller' or 'shared'", 'fees.payer', payer);
  cfg.payer = payer;
  const zoneOf = new Map<string, number>();
  const zone = (name: string): number => {
    let z = zoneOf.get(name);
    if (z === undefined) { z = zoneOf.size; zoneOf.set(name, z); cfg.zoneNames.push(name); }
    return z;
  };
  for (const [bus, name] of Object.entries(fees.zones ?? {})) {
    const b = cfg.busIndex.get(bus);
    if (b === undefined) throw new GridclearError('UNKNOWN_BUS', `fees.zones names bus ${bus}, not in the network`, { id: bus, field: 'fees.zones' });
    cfg.busZone[b] = zone(String(name));
  }
  if (!Array.isArray(fees.components)) opt('fees.components must be an array', 'fees.components');
  fees.components.forEach((c, i) => {
    const field = `fees.components[${i}]`;
    if (typeof c.operator !== 'string' || c.operator === '') opt(`${field}.operator must be a non-empty string`, field);
    const constTicks = c.perUnit === undefined ? 0n : toTicks(c.perUnit, cfg.priceDecimals, { field: `${field}.perUnit` });
    const ppm = c.percent === undefined ? 0n : toTicks(c.percent, 4, { field: `${field}.percent` });
    const rate = c.perDistance ?? 0;
    if (constTicks < 0n || ppm < 0n || ppm > 1_000_000n || !(rate >= 0) || !Number.isFinite(rate)) opt(`${field}: fees are >= 0 (percent at most 100)`, field);
    if (rate > 0 && cfg.buses === 0) opt(`${field}.perDistance needs a network`, field);
    const z = (name: string | undefined): number => (name === undefined ? -1 : (zoneOf.get(name) ?? -2));
    cfg.fees.push({ operator: c.operator, constTicks, ppm, rate, fromZone: z(c.fromZone), toZone: z(c.toZone) });
  });
}

/** Electrical distance of a bus pair, summed over lines in index order exactly as the core does. */
export function distanceOf(cfg: BookConfig, sell: number, buy: number): number {
  if (cfg.buses === 0 || sell === buy) return 0;
  const nl = cfg.lines, ps = sell * nl, pb = buy * nl;
  let d = 0;
  for (let l = 0; l < nl; l++) d += Math.abs(cfg.ptdf[ps + l] - cfg.ptdf[pb + l]);
  return d;
}

/** Per-component fees per unit of a trade at `price` (ticks) from bus `sell` to `buy`, as the core computes them. */
export function feeParts(cfg: BookConfig, price: bigint, sell: number, buy: number): bigint[] {
  const zs = cfg.buses > 0 ? cfg.busZone[sell] : -1, zb = cfg.buses > 0 ? cfg.busZone[buy] : -1;
  const ap = price < 0n ? -price : price;
  return cfg.fees.map((c) => {
    if ((c.fromZone !== -1 && c.fromZone !== zs) || (c.toZone !== -1 && c.toZone !== zb)) return 0n;
    let f = c.constTicks + (ap * c.ppm) / 1_000_000n;
    if (c.rate !== 0) f += BigInt(Math.floor(c.rate * distanceOf(cfg, sell, buy)));
    return f;
  });
}
