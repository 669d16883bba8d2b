// clearing-result/1: build the result JSON from a clearing's outcome (ticks), write it, read it.
// Generic over clearings: a copper-plate auction gives one price "*", a nodal clearing gives a
// price per bus and a flow and shadow price per line; other mechanisms add fields.
import { GridclearError } from '../errors.js';
import { formatTicks } from '../model/fixed.js';
import type { Market } from '../model/types.js';
import type { AuctionResult } from '../auction/types.js';
import { canonicalJson } from './digest.js';
import { sha256Hex } from './sha256.js';
import { ByteWriter } from './bytes.js';
import { parseJsonText, type ParseOptions } from './marketCase.js';

/** The `format` tag of a clearing result file. */
export const CLEARING_RESULT_FORMAT = 'clearing-result/1';

/** What any clearing produced, in ticks, before it is written as clearing-result/1. */
export interface ClearingOutcome {
  status: 'optimal' | 'infeasible';
  /** Omitted for the default (uniform / nodal) clearing. */
  mechanism?: string;
  priceDecimals: number;
  quantityDecimals: number;
  /** Order ids in input order; `fills[i]` (quantity ticks) belongs to `orderIds[i]`. */
  orderIds: string[];
  fills: BigInt64Array;
  /** '*' for a copper plate, bus ids otherwise (in bus order); price ticks. */
  prices: { key: string; ticks: bigint }[];
  lines?: { id: string; flow: number; shadowPriceTicks: bigint }[];
  /** Money ticks: priceDecimals + quantityDecimals decimals. */
  welfareTicks: bigint;
  congestionRentTicks: bigint;
  /** With status 'infeasible': the island, its imbalance in MW (a decimal string) and, when a line's bounds are what cannot be met, the line. */
  infeasible?: { island: string; imbalance: string; line?: string };
  /** Mechanism-specific fields, written after the contract's fields (before `digest`). */
  extra?: Record<string, unknown>;
}

/** Fields the call auction's other mechanisms add (pay-as-bid, trade reduction; docs/formats.md). */
export interface MechanismFields {
  /** Traded MWh (quantity tick). */
  volume?: string;
  buyersPay?: string;
  sellersReceive?: string;
  /** buyersPay - sellersReceive, kept by the auctioneer. */
  surplus?: string;
  /** Trade reduction: what buyers pay / sellers receive per MWh (null if nothing trades). */
  buyPrice?: string | null;
  sellPrice?: string | null;
  /** Pay-as-bid: the prices of the bilateral trades with a positive quantity. */
  tradePrices?: { count: number; min: string | null; max: string | null; average: string | null };
  /** Pay-as-bid: the price rule of each trade. */
  payAsBidPrice?: 'midpoint' | 'bid' | 'ask';
  /** The bilateral trades behind the totals (buyer and seller order ids, decimal strings). */
  trades?: { buyer: string; seller: string; quantity: string; price: string }[];
}

/** Fields every clearing-result/1 file has. Exact: a misspelt field is a type error. */
export interface ClearingResultBase extends MechanismFields {
  format: 'clearing-result/1';
  mechanism?: string;
  digest: string;
}

/** A result that cleared: fills of every order, a price per bus ("*" on a copper plate). */
export interface OptimalClearingResult extends ClearingResultBase {
  status: 'optimal';
  welfare: string;
  fills: Record<string, string>;
  prices: Record<string, string>;
  lines?: Record<string, { flow: number; shadowPrice: string }>;
  congestionRent: string;
}

/** A result of a market whose fixed injections cannot be balanced: no fills, no prices. */
export interface InfeasibleClearingResult extends ClearingResultBase {
  status: 'infeasible';
  infeasible: { island: string; imbalance: string; line?: string };
}

/** A clearing-result/1 document as a plain object (key order as in the spec's example). */
export type ClearingResultJson = OptimalClearingResult | InfeasibleClearingResult;

/**
 * Writes what ByteWriter.tickMembers writes with the same arguments, byte for byte, and returns
 * true; or returns false and writes nothing (then tickMembers writes them).
 */
export type TickMembersWriter = (keys: readonly string[], ticks: BigInt64Array, decimals: number,
  order: ArrayLike<number> | null, sep: string, colon: string, out: ByteWriter) => boolean;

let membersWriter: TickMembersWriter | undefined;

/**
 * Lets a host write the large maps of a result (its fills) with a faster writer: the `gridclear`
 * command installs the Wasm core's (auction/text.ts), which costs a clearing's process far less
 * than JavaScript loops that run once. The library itself stays pure TypeScript here.
 */
export function useTickMembersWriter(f: TickMembersWriter | undefined): void {
  membersWriter = f;
}

/** The members of a map of ticks, by the installed writer when it takes them. */
function tickMembers(keys: readonly string[], values: TickValues, order: ArrayLike<number> | null, sep: string, colon: string, out: ByteWriter): void {
  if (membersWriter?.(keys, values.ticks, values.decimals, order, sep, colon, out)) return;
  out.tickMembers(keys, values.ticks, values.decimals, order, sep, colon, formatTicks);
}

/** Key order of maps built here: JS objects list integer-like keys ("7") first, files must not. */
const keyOrder = new WeakMap<object, string[]>();

/**
 * A map of the file (fills, prices, lines) as parallel lists in the file's key order: what the
 * digest and the text writer read, so that large results never go through an object with one
 * property per order (slow to build, to sort and to serialize).
 */
class Entries {
  /** Keeps the instances' layout alive across full GCs: see ARCHITECTURE.md, "Per-call objects". */
  static readonly anchor = new Entries([], []);
  constructor(readonly keys: string[], readonly values: unknown[] | TickValues) {}

  /** The map as an object that remembers its key order (for writeClearingResult). */
  toObject(): Record<string, unknown> {
    const map: Record<string, unknown> = Object.create(null);
    const v = this.values;
    for (let i = 0; i < this.keys.length; i++) map[this.keys[i]] = v instanceof TickValues ? v.at(i) : v[i];
    keyOrder.set(map, this.keys);
    return map;
  }
}

/** A map's values as a column of ticks: written as decimal strings without a string per value. */
class TickValues {
  /** Keeps the instances' layout alive across full GCs: see ARCHITECTURE.md, "Per-call objects". */
  static readonly anchor = new TickValues(new BigInt64Array(0), 0);
  constructor(readonly ticks: BigInt64Array, readonly decimals: number) {}

  at(i: number): string {
    return formatTicks(this.ticks[i], this.decimals);
  }
}

/** One bilateral trade of a result file (order ids, canonical decimals). */
export interface TradeRow { buyer: string; seller: string; quantity: string; price: string }

/**
 * A mechanism's trades as columns (order indices, ticks): written into the file text without an
 * object per trade; `toObjects` gives the array the result object holds.
 */
class TradeRows {
  /** Keeps the instances' layout alive across full GCs: see ARCHITECTURE.md, "Per-call objects". */
  static readonly anchor = new TradeRows([], { buyer: new Int32Array(0), seller: new Int32Array(0), quantityTicks: new BigInt64Array(0), priceTicks: new BigInt64Array(0) }, 0, 0);
  constructor(readonly ids: string[], readonly trades: NonNullable<AuctionResult['trades']>,
              readonly quantityDecimals: number, readonly priceDecimals: number) {}

  toObjects(): TradeRow[] {
    const { ids, trades: t, quantityDecimals: qd, priceDecimals: pd } = this;
    const rows = new Array<TradeRow>(t.buyer.length);
    for (let i = 0; i < t.buyer.length; i++) {
      rows[i] = { buyer: ids[t.buyer[i]], seller: ids[t.seller[i]], quantity: formatTicks(t.quantityTicks[i], qd), price: formatTicks(t.priceTicks[i], pd) };
    }
    return rows;
  }

  /** What writeValue writes for toObjects() at this indent. */
  write(indent: string, out: ByteWriter): void {
    const { ids, trades: t, quantityDecimals: qd, priceDecimals: pd } = this;
    const n = t.buyer.length;
    if (n === 0) { out.raw('[]'); return; }
    const row = `${indent}  `, field = `\n${row}  `;
    out.raw('[');
    for (let i = 0; i < n; i++) {
      out.raw(i ? `,\n${row}{${field}"buyer": ` : `\n${row}{${field}"buyer": `);
      out.json(ids[t.buyer[i]]);
      out.raw(`,${field}"seller": `);
      out.json(ids[t.seller[i]]);
      out.raw(`,${field}"quantity": `);
      out.ticks(t.quantityTicks[i], qd, formatTicks);
      out.raw(`,${field}"price": `);
      out.ticks(t.priceTicks[i], pd, formatTicks);
      out.raw(`\n${row}}`);
    }
    out.raw(`\n${indent}]`);
  }
}

/** Entries of `keys` with values(i); duplicate keys are found when the digest sorts them. */
function entries(keys: string[], values: (i: number) => unknown): Entries {
  const v = new Array<unknown>(keys.length);
  for (let i = 0; i < keys.length; i++) v[i] = values(i);
  return new Entries(keys, v);
}

const RESERVED = new Set(['format', 'status', 'mechanism', 'welfare', 'fills', 'prices', 'lines', 'congestionRent', 'infeasible', 'digest']);
/** What each map holds, for the DUPLICATE_ID message. */
const MAP_NOUN: Record<string, string> = { fills: 'orders', prices: 'buses', lines: 'lines' };

/** The fields of an outcome's clearing-result/1 in file order (maps as Entries), without the digest. */
function resultFields(outcome: ClearingOutcome): [string, unknown][] {
  const pd = outcome.priceDecimals, qd = outcome.quantityDecimals, md = pd + qd;
  const out: [string, unknown][] = [['format', CLEARING_RESULT_FORMAT], ['status', outcome.status]];
  if (outcome.mechanism !== undefined) out.push(['mechanism', outcome.mechanism]);
  if (outcome.status === 'infeasible') {
    if (!outcome.infeasible) throw new GridclearError('INTERNAL', 'an infeasible outcome must say which island and by how much');
    const inf = outcome.infeasible;
    out.push(['infeasible', inf.line === undefined ? { island: inf.island, imbalance: inf.imbalance } : { island: inf.island, line: inf.line, imbalance: inf.imbalance }]);
  } else {
    const { orderIds, fills, prices, lines } = outcome;
    if (orderIds.length !== fills.length) {
      throw new GridclearError('INTERNAL', `${orderIds.length} order ids but ${fills.length} fills`);
    }
    out.push(['welfare', formatTicks(outcome.welfareTicks, md)]);
    out.push(['fills', new Entries(orderIds, new TickValues(fills, qd))]);
    out.push(['prices', entries(prices.map((p) => p.key), (i) => formatTicks(prices[i].ticks, pd))]);
    if (lines) {
      out.push(['lines', entries(lines.map((l) => l.id), (i) => ({ flow: lines[i].flow, shadowPrice: formatTicks(lines[i].shadowPriceTicks, pd) }))]);
    }
    out.push(['congestionRent', formatTicks(outcome.congestionRentTicks, md)]);
  }
  for (const [k, v] of Object.entries(outcome.extra ?? {})) {
    if (RESERVED.has(k)) throw new GridclearError('INTERNAL', `extra field ${JSON.stringify(k)} would overwrite a contract field`);
    if (v !== undefined && typeof v !== 'function') out.push([k, v]);
  }
  return out;
}

/** The fields the digest covers (src/io/digest.ts canonicalForm). */
const DIGEST_FIELDS = new Set(['format', 'status', 'welfare', 'fills', 'prices', 'congestionRent', 'lines']);

/**
 * Writes canonicalJson of Entries: keys in UTF-16 code-unit order; a repeated key is a
 * DUPLICATE_ID (reported at its later position, as a map built in file order would find it).
 */
function canonicalEntries(e: Entries, field: string, out: ByteWriter): void {
  const { keys, values } = e;
  const order = Array.from(keys, (_, i) => i);
  order.sort((a, b) => {
    const ka = keys[a], kb = keys[b];
    return ka < kb ? -1 : ka === kb ? a - b : 1; // one ordering comparison per pair, not two
  });
  for (let j = 1; j < order.length; j++) {
    const i = order[j];
    if (keys[order[j - 1]] === keys[i]) {
      throw new GridclearError('DUPLICATE_ID', `two ${MAP_NOUN[field]} have the id ${JSON.stringify(keys[i])}`, { id: keys[i], index: i });
    }
  }
  out.raw('{');
  if (values instanceof TickValues) {
    tickMembers(keys, values, order, ',', ':', out);
    out.raw('}');
    return;
  }
  for (let j = 0; j < order.length; j++) {
    const i = order[j];
    if (j > 0) out.raw(',');
    out.json(keys[i]);
    out.raw(':');
    const v = values[i];
    if (typeof v === 'string') out.json(v);
    else out.raw(canonicalJson(field === 'lines' ? { shadowPrice: (v as { shadowPrice?: string }).shadowPrice } : v));
  }
  out.raw('}');
}

/** The digest of result fields: the same canonical text canonicalForm builds from the finished object. */
function fieldsDigest(fields: [string, unknown][]): string {
  const covered = fields.filter(([k, v]) => DIGEST_FIELDS.has(k) && v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
  const out = new ByteWriter();
  out.raw('{');
  covered.forEach(([k, v], i) => {
    out.raw(i ? ',' : '');
    out.json(k);
    out.raw(':');
    if (v instanceof Entries) canonicalEntries(v, k, out);
    else if (typeof v === 'string') out.json(v);
    else out.raw(canonicalJson(v));
  });
  out.raw('}');
  return `sha256:${sha256Hex(out.bytes())}`;
}

/**
 * Builds the clearing-result/1 object of an outcome: decimals formatted on the market's ticks,
 * fills in input order, prices in bus order, and the digest of its canonical form.
 */
export function toClearingResult(outcome: ClearingOutcome): ClearingResultJson {
  const fields = resultFields(outcome);
  const digest = fieldsDigest(fields);
  const out: Record<string, unknown> = {};
  for (const [k, v] of fields) out[k] = v instanceof Entries ? v.toObject() : v instanceof TradeRows ? v.toObjects() : v;
  out.digest = digest;
  return out as unknown as ClearingResultJson;
}

/** The head of a result: everything but its maps (what a summary prints). */
export type ClearingResultHead = (ClearingResultBase & { status: 'optimal'; welfare: string; congestionRent: string })
  | InfeasibleClearingResult;

/**
 * An outcome's clearing-result/1 file text, byte for byte what
 * `writeClearingResult(toClearingResult(outcome))` writes, without building the result object
 * (several times faster for large markets: the CLI's path), and the result's head.
 */
export function clearingResultText(outcome: ClearingOutcome): { text: string; head: ClearingResultHead } {
  const fields = resultFields(outcome);
  const digest = fieldsDigest(fields);
  const head: Record<string, unknown> = {};
  const out = new ByteWriter();
  out.raw('{');
  fields.forEach(([k, v], i) => {
    out.raw(i ? ',\n  ' : '\n  ');
    out.json(k);
    out.raw(': ');
    if (v instanceof Entries) writeEntries(v, '  ', out);
    else if (v instanceof TradeRows) {
      v.write('  ', out);
      let rows: TradeRow[] | undefined; // the head's trades as objects, built if read
      Object.defineProperty(head, k, { enumerable: true, configurable: true, get: () => (rows ??= v.toObjects()) });
    } else {
      head[k] = v;
      writeValueTo(v, '  ', out);
    }
  });
  out.raw(`,\n  "digest": ${JSON.stringify(digest)}\n}\n`);
  head.digest = digest;
  return { text: out.text(), head: head as unknown as ClearingResultHead };
}

/** Entries as writeValue writes the map they stand for. */
function writeEntries(e: Entries, indent: string, out: ByteWriter): void {
  const { keys, values } = e;
  if (keys.length === 0) { out.raw('{}'); return; }
  const inner = indent + '  ';
  const sep = `,\n${inner}`;
  out.raw('{');
  if (values instanceof TickValues) {
    out.raw(sep.slice(1));
    tickMembers(keys, values, null, sep, ': ', out);
    out.raw(`\n${indent}}`);
    return;
  }
  for (let i = 0; i < keys.length; i++) {
    out.raw(i ? sep : sep.slice(1));
    out.json(keys[i]);
    out.raw(': ');
    const v = values[i];
    if (typeof v === 'string') out.json(v);
    else writeValueTo(v, inner, out);
  }
  out.raw(`\n${indent}}`);
}

/** writeValue into a ByteWriter (small values: a line's flow and shadow price, extra fields). */
function writeValueTo(v: unknown, indent: string, out: ByteWriter): void {
  const parts: string[] = [];
  writeValue(v, indent, parts);
  out.raw(parts.join(''));
}

/** Writes a result as the spec's examples are written: JSON with a 2-space indent and a final newline. */
export function writeClearingResult(result: ClearingResultJson): string {
  const parts: string[] = [];
  writeValue(result, '', parts);
  parts.push('\n');
  return parts.join('');
}

/** JSON.stringify(value, null, 2), except that maps built by toClearingResult keep their key order. */
function writeValue(value: unknown, indent: string, parts: string[]): void {
  if (value === null || typeof value !== 'object') {
    parts.push(JSON.stringify(value) ?? 'null');
    return;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    parts.push(JSON.stringify(value));
    return;
  }
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) { parts.push('[]'); return; }
    parts.push('[');
    value.forEach((v, i) => {
      parts.push(i ? ',\n' : '\n', inner);
      writeValue(v === undefined || typeof v === 'function' ? null : v, inner, parts);
    });
    parts.push('\n', indent, ']');
    return;
  }
  const obj = value as Record<string, unknown>;
  const own = Object.keys(obj);
  const stored = keyOrder.get(obj);
  if (stored && sameKeys(stored, own)) {
    // Object order is already the wanted order: the native writer is several times faster.
    parts.push(JSON.stringify(obj, null, 2).replace(/\n/g, '\n' + indent));
    return;
  }
  const keys = (stored && stored.length === own.length ? stored : own).filter((k) => obj[k] !== undefined && typeof obj[k] !== 'function');
  if (keys.length === 0) { parts.push('{}'); return; }
  let text = '{';
  for (let i = 0; i < keys.length; i++) {
    const v = obj[keys[i]];
    text += `${i ? ',\n' : '\n'}${inner}${JSON.stringify(keys[i])}: `;
    if (typeof v === 'string') { text += JSON.stringify(v); continue; }
    parts.push(text);
    text = '';
    writeValue(v, inner, parts);
  }
  parts.push(text, '\n', indent, '}');
}

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Integer division rounded half away from zero (b > 0). */
function roundDiv(a: bigint, b: bigint): bigint {
  const q = a / b, r = a % b;
  if ((r < 0n ? -r : r) * 2n >= b) return a < 0n ? q - 1n : q + 1n;
  return q;
}

/**
 * The price reported as prices["*"]: the uniform price when there is one; otherwise (pay-as-bid,
 * trade reduction that removed a trade) what buyers pay per MWh on average, buyersPay / volume,
 * rounded half away from zero to the price tick; with no volume, the middle of the clearing interval.
 */
export function headlinePriceTicks(r: AuctionResult): bigint {
  if (r.priceTicks !== null) return r.priceTicks;
  if (r.volumeTicks > 0n) return roundDiv(r.buyersPayTicks, r.volumeTicks);
  return roundDiv(r.priceLowTicks + r.priceHighTicks, 2n);
}

/** The fields a non-default auction mechanism adds to its result (see docs/formats.md). */
function auctionExtra(r: AuctionResult, ids: string[]): Record<string, unknown> {
  const pd = r.priceDecimals, qd = r.quantityDecimals, md = pd + qd;
  const price = (t: bigint | null) => (t === null ? null : formatTicks(t, pd));
  const extra: Record<string, unknown> = {
    volume: formatTicks(r.volumeTicks, qd),
    buyersPay: formatTicks(r.buyersPayTicks, md),
    sellersReceive: formatTicks(r.sellersReceiveTicks, md),
    surplus: formatTicks(r.surplusTicks, md),
  };
  if (r.mechanism === 'trade-reduction') {
    extra.buyPrice = price(r.buyPriceTicks);
    extra.sellPrice = price(r.sellPriceTicks);
  }
  if (r.mechanism === 'pay-as-bid') {
    if (!r.trades) throw new GridclearError('INVALID_OPTION', 'a pay-as-bid result needs its trades (clear with trades: true)', { field: 'trades' });
    const { priceTicks: p, quantityTicks: q } = r.trades;
    let count = 0, min: bigint | null = null, max: bigint | null = null;
    for (let i = 0; i < p.length; i++) {
      if (q[i] <= 0n) continue;
      count++;
      if (min === null || p[i] < min) min = p[i];
      if (max === null || p[i] > max) max = p[i];
    }
    const average = count ? headlinePriceTicks(r) : null;
    extra.tradePrices = { count, min: price(min), max: price(max), average: price(average) };
    extra.payAsBidPrice = r.payAsBidPrice ?? 'midpoint';
  }
  // the bilateral trades, so that verify can check every total and price (what the buyer pays)
  if (!r.trades) throw new GridclearError('INVALID_OPTION', `a ${r.mechanism} result needs its trades (clear with trades: true)`, { field: 'trades' });
  extra.trades = new TradeRows(ids, r.trades, qd, pd);
  return extra;
}

/** Adapts a call auction's result to the generic outcome, so every clearing is written one way. */
export function auctionOutcome(market: Market, r: AuctionResult): ClearingOutcome {
  const orderIds = r.orderIds ?? market.orders.map((o) => o.id);
  const outcome: ClearingOutcome = {
    status: 'optimal',
    priceDecimals: r.priceDecimals,
    quantityDecimals: r.quantityDecimals,
    orderIds,
    fills: r.fills,
    prices: [{ key: '*', ticks: headlinePriceTicks(r) }],
    welfareTicks: r.welfareTicks,
    congestionRentTicks: 0n,
  };
  if (r.mechanism !== 'uniform') {
    outcome.mechanism = r.mechanism;
    outcome.extra = auctionExtra(r, orderIds);
  }
  return outcome;
}

/** Reads a clearing-result/1 file (for `verify`); checks its structure, not its digest or values. */
export function parseClearingResult(text: string, opts: ParseOptions = {}): ClearingResultJson {
  const root = parseJsonText(text, opts);
  const src = opts.source ? `${opts.source}: ` : '';
  const bad = (field: string, expected: string): never => {
    throw new GridclearError('PARSE_ERROR', `${src}clearing result: ${field} must be ${expected}`, { field, expected });
  };
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(root)) return bad('the document', 'a JSON object');
  if (root.format !== CLEARING_RESULT_FORMAT) bad('format', `"${CLEARING_RESULT_FORMAT}"`);
  if (typeof root.digest !== 'string') bad('digest', 'a string');
  if (root.mechanism !== undefined && typeof root.mechanism !== 'string') bad('mechanism', 'a string');
  if (root.status === 'infeasible') {
    const inf = root.infeasible;
    if (!isObj(inf) || typeof inf.island !== 'string' || typeof inf.imbalance !== 'string') bad('infeasible', 'an object { island, imbalance } of strings');
    return root as unknown as InfeasibleClearingResult;
  }
  if (root.status !== 'optimal') bad('status', '"optimal" or "infeasible"');
  for (const f of ['welfare', 'congestionRent']) if (typeof root[f] !== 'string') bad(f, 'a decimal string');
  for (const f of ['fills', 'prices']) {
    const m = root[f];
    if (!isObj(m)) return bad(f, 'an object of decimal strings');
    for (const k of Object.keys(m)) if (typeof m[k] !== 'string') bad(`${f}.${k}`, 'a decimal string');
  }
  if (root.lines !== undefined) {
    if (!isObj(root.lines)) return bad('lines', 'an object');
    for (const [k, l] of Object.entries(root.lines)) {
      if (!isObj(l) || typeof l.shadowPrice !== 'string') bad(`lines.${k}.shadowPrice`, 'a decimal string');
      const flow = (l as Record<string, unknown>).flow;
      if (flow !== undefined && flow !== null && typeof flow !== 'number') bad(`lines.${k}.flow`, 'a number');
    }
  }
  return root as unknown as OptimalClearingResult;
}
