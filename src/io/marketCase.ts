// market-case/1: read a market from its JSON file form and write a market back in canonical form.
// Reading checks structure only (types, required ids); values (ticks, ranges, duplicates) are
// checked by the clearing itself, so there is one place that decides what a valid market is.
import { GridclearError, type ErrorCode, type ErrorDetail } from '../errors.js';
import { toTicks, formatTicks, type DecimalLike } from '../model/fixed.js';
import { sequenceValue } from '../model/normalize.js';
import { MARKET_DEFAULTS, type Market, type Order, type Network, type Bus, type Line } from '../model/types.js';

/** The `format` tag of a market case file. */
export const MARKET_CASE_FORMAT = 'market-case/1';

/** Where a text came from, for error messages (e.g. a file name). */
export interface ParseOptions {
  source?: string;
}

type Json = Record<string, unknown>;

/**
 * Parses JSON text; a syntax error becomes PARSE_ERROR with the 1-based line and column, so a
 * person can find the mistake in a large file.
 */
export function parseJsonText(text: string, opts: ParseOptions = {}): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const at = syntaxErrorOffset(text);
    const where = at === undefined ? '' : lineColumn(text, at);
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    const line = at === undefined ? undefined : lineColumnOf(text, at).line;
    throw new GridclearError('PARSE_ERROR', `${prefix(opts)}not valid JSON${where}: ${reason}`, {
      line, expected: 'JSON text',
    });
  }
}

/** Parses a market-case/1 file into a Market, rejecting structurally wrong input by element. */
export function parseMarketCase(text: string, opts: ParseOptions = {}): Market {
  const root = parseJsonText(text, opts);
  if (!isObject(root)) fail('INVALID_MARKET', opts, 'the file must hold a JSON object', { expected: 'object' });
  if (root.format !== MARKET_CASE_FORMAT) {
    fail('INVALID_MARKET', opts, `format must be "${MARKET_CASE_FORMAT}", got ${show(root.format)}`, {
      field: 'format', expected: MARKET_CASE_FORMAT, value: root.format,
    });
  }
  const market: Market = { format: MARKET_CASE_FORMAT, orders: [] };
  if (root.name !== undefined) market.name = str(root.name, 'INVALID_MARKET', opts, { field: 'name' });
  for (const field of ['priceDecimals', 'quantityDecimals'] as const) {
    if (root[field] !== undefined) market[field] = num(root[field], 'INVALID_MARKET', opts, { field });
  }
  for (const field of ['priceCap', 'priceFloor'] as const) {
    if (root[field] !== undefined) market[field] = dec(root[field], 'INVALID_MARKET', opts, { field });
  }
  if (root.network !== undefined && root.network !== null) market.network = readNetwork(root.network, opts);
  if (!Array.isArray(root.orders)) {
    fail('INVALID_MARKET', opts, `orders must be an array, got ${show(root.orders)}`, { field: 'orders', expected: 'array' });
  }
  const list = root.orders as unknown[];
  const orders: Order[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) orders[i] = readOrder(list[i], i, opts);
  market.orders = orders;
  return market;
}

/**
 * Checks one order in place and returns the parsed object itself as the Order (the hot path of a
 * large file: no copy, no allocation unless the order is wrong). Unknown fields are kept.
 */
function readOrder(raw: unknown, index: number, opts: ParseOptions): Order {
  const code = 'INVALID_ORDER';
  if (!isObject(raw)) fail(code, opts, `order #${index} must be an object`, { index, expected: 'object' });
  const id = typeof raw.id === 'string' && raw.id !== '' ? raw.id : readId(raw, code, index, opts, 'order');
  const { side, price, quantity, bus, participant } = raw;
  if (typeof side !== 'string') str(side, code, opts, { id, index, field: 'side' });
  if (typeof price !== 'string' && typeof price !== 'number') dec(price, code, opts, { id, index, field: 'price' });
  if (typeof quantity !== 'string' && typeof quantity !== 'number') dec(quantity, code, opts, { id, index, field: 'quantity' });
  if (bus !== undefined && typeof bus !== 'string') str(bus, code, opts, { id, index, field: 'bus' });
  if (participant !== undefined && typeof participant !== 'string') str(participant, code, opts, { id, index, field: 'participant' });
  if (raw.sequence !== undefined && sequenceValue(raw.sequence) === undefined) {
    fail('INVALID_ORDER', opts, `sequence of ${show(id)} must be an integer with |sequence| < 2^62, got ${show(raw.sequence)}`, {
      id, index, field: 'sequence', expected: 'integer', value: raw.sequence,
    });
  }
  return raw as unknown as Order;
}

/** Checks a parsed network object as a market-case/1 file's `network` (also io/scan.ts). */
export function readNetwork(raw: unknown, opts: ParseOptions): Network {
  const code = 'INVALID_NETWORK';
  if (!isObject(raw)) fail(code, opts, 'network must be an object', { field: 'network', expected: 'object' });
  const baseMVA = num(raw.baseMVA, code, opts, { field: 'baseMVA' });
  for (const field of ['buses', 'lines'] as const) {
    if (!Array.isArray(raw[field])) fail(code, opts, `network.${field} must be an array`, { field, expected: 'array' });
  }
  const buses = (raw.buses as unknown[]).map((b, i) => readBus(b, i, opts));
  const lines = (raw.lines as unknown[]).map((l, i) => readLine(l, i, opts));
  const network: Network = { baseMVA, buses, lines };
  if (raw.referenceBus !== undefined) network.referenceBus = str(raw.referenceBus, code, opts, { field: 'referenceBus' });
  return network;
}

function readBus(raw: unknown, index: number, opts: ParseOptions): Bus {
  const code = 'INVALID_NETWORK';
  if (!isObject(raw)) fail(code, opts, `bus #${index} must be an object`, { index, expected: 'object' });
  const bus: Bus = { id: readId(raw, code, index, opts, 'bus') };
  if (raw.fixedInjection !== undefined) {
    bus.fixedInjection = dec(raw.fixedInjection, code, opts, { id: bus.id, index, field: 'fixedInjection' });
  }
  return bus;
}

function readLine(raw: unknown, index: number, opts: ParseOptions): Line {
  const code = 'INVALID_NETWORK';
  if (!isObject(raw)) fail(code, opts, `line #${index} must be an object`, { index, expected: 'object' });
  const id = readId(raw, code, index, opts, 'line');
  const at = { id, index };
  const line: Line = {
    id,
    from: str(raw.from, code, opts, { ...at, field: 'from' }),
    to: str(raw.to, code, opts, { ...at, field: 'to' }),
    x: num(raw.x, code, opts, { ...at, field: 'x' }),
  };
  if (raw.shiftDeg !== undefined) line.shiftDeg = num(raw.shiftDeg, code, opts, { ...at, field: 'shiftDeg' });
  for (const field of ['minFlow', 'maxFlow'] as const) {
    const v = raw[field];
    if (v === null) line[field] = null;
    else if (v !== undefined) line[field] = dec(v, code, opts, { ...at, field });
  }
  return line;
}

function readId(raw: Json, code: ErrorCode, index: number, opts: ParseOptions, kind: string): string {
  const id = raw.id;
  if (typeof id !== 'string' || id === '') {
    fail(code, opts, `${kind} #${index}: id must be a non-empty string, got ${show(id)}`, {
      index, field: 'id', expected: 'non-empty string', value: id,
    });
  }
  return id;
}

function str(v: unknown, code: ErrorCode, opts: ParseOptions, at: ErrorDetail): string {
  if (typeof v === 'string') return v;
  return fail(code, opts, `${what(at)} must be a string, got ${show(v)}`, { ...at, expected: 'string', value: v });
}

function num(v: unknown, code: ErrorCode, opts: ParseOptions, at: ErrorDetail): number {
  if (typeof v === 'number') return v;
  return fail(code, opts, `${what(at)} must be a number, got ${show(v)}`, { ...at, expected: 'number', value: v });
}

/** Money and energy are decimal strings in the file; plain JSON numbers are accepted too. */
function dec(v: unknown, code: ErrorCode, opts: ParseOptions, at: ErrorDetail): string | number {
  if (typeof v === 'string' || typeof v === 'number') return v;
  return fail(code, opts, `${what(at)} must be a decimal string such as "12.50", got ${show(v)}`, {
    ...at, expected: 'decimal string', value: v,
  });
}

function fail(code: ErrorCode, opts: ParseOptions, message: string, detail: ErrorDetail): never {
  throw new GridclearError(code, prefix(opts) + message, detail);
}

function what(at: ErrorDetail): string {
  const who = at.id !== undefined ? ` of ${JSON.stringify(at.id)}` : '';
  return `${at.field ?? 'value'}${who}`;
}

function prefix(opts: ParseOptions): string {
  return opts.source ? `${opts.source}: ` : '';
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function lineColumnOf(text: string, offset: number): { line: number; column: number } {
  let line = 1, start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) { line++; start = i + 1; }
  return { line, column: offset - start + 1 };
}

function lineColumn(text: string, offset: number): string {
  const { line, column } = lineColumnOf(text, offset);
  return ` at line ${line}, column ${column}`;
}

/** Offset of the first JSON syntax error (JSON.parse does not report it on every engine). */
function syntaxErrorOffset(text: string): number | undefined {
  let i = 0;
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i])) i++; };
  const lit = /(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/y;
  const str = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
  const token = (re: RegExp): boolean => {
    re.lastIndex = i;
    if (!re.exec(text)) return false;
    i = re.lastIndex;
    return true;
  };
  const value = (): boolean => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++; ws();
      if (text[i] === close) { i++; return true; }
      for (;;) {
        if (c === '{') {
          ws();
          if (!token(str)) return false;
          ws();
          if (text[i] !== ':') return false;
          i++;
        }
        if (!value()) return false;
        ws();
        if (text[i] === close) { i++; return true; }
        if (text[i] !== ',') return false;
        i++;
      }
    }
    return token(c === '"' ? str : lit);
  };
  if (!value()) return i;
  ws();
  return i < text.length ? i : undefined;
}

/** Formats a decimal to `decimals` decimals when it lies on that tick, else keeps its exact text. */
function onTick(value: DecimalLike, decimals: number, detail: ErrorDetail): string {
  try {
    return formatTicks(toTicks(value, decimals, detail), decimals);
  } catch (e) {
    if (e instanceof GridclearError && e.code === 'OFF_TICK') return String(value);
    throw e;
  }
}

/**
 * Writes a market as canonical market-case/1 JSON (2-space indent, defaults filled in, decimals
 * as strings on the market's ticks), so that equal markets give equal files.
 */
export function writeMarketCase(market: Market): string {
  const pd = market.priceDecimals ?? MARKET_DEFAULTS.priceDecimals;
  const qd = market.quantityDecimals ?? MARKET_DEFAULTS.quantityDecimals;
  const price = (v: DecimalLike, d: ErrorDetail) => formatTicks(toTicks(v, pd, d), pd);
  const qty = (v: DecimalLike, d: ErrorDetail) => formatTicks(toTicks(v, qd, d), qd);
  const out: Json = { format: MARKET_CASE_FORMAT };
  if (market.name !== undefined) out.name = market.name;
  out.priceDecimals = pd;
  out.quantityDecimals = qd;
  out.priceCap = price(market.priceCap ?? MARKET_DEFAULTS.priceCap, { field: 'priceCap' });
  out.priceFloor = price(market.priceFloor ?? MARKET_DEFAULTS.priceFloor, { field: 'priceFloor' });
  if (market.network) out.network = writeNetwork(market.network, qd);
  out.orders = market.orders.map((o, index) => {
    const at = { id: o.id, index };
    const w: Json = { id: o.id, side: o.side };
    if (o.bus !== undefined) w.bus = o.bus;
    w.price = price(o.price, { ...at, field: 'price' });
    w.quantity = qty(o.quantity, { ...at, field: 'quantity' });
    if (o.participant !== undefined) w.participant = o.participant;
    if (o.sequence !== undefined) {
      const s = o.sequence;
      w.sequence = typeof s === 'bigint' ? (s >= -(2n ** 53n) && s <= 2n ** 53n ? Number(s) : s.toString()) : s;
    }
    return w;
  });
  return JSON.stringify(out, null, 2) + '\n';
}

function writeNetwork(net: Network, qd: number): Json {
  const out: Json = { baseMVA: net.baseMVA };
  if (net.referenceBus !== undefined) out.referenceBus = net.referenceBus;
  out.buses = net.buses.map((b, index) => ({
    id: b.id,
    fixedInjection: formatTicks(toTicks(b.fixedInjection ?? 0, qd, { id: b.id, index, field: 'fixedInjection' }), qd),
  }));
  out.lines = net.lines.map((l, index) => {
    const w: Json = { id: l.id, from: l.from, to: l.to, x: l.x, shiftDeg: l.shiftDeg ?? 0 };
    for (const field of ['minFlow', 'maxFlow'] as const) {
      const v = l[field];
      if (v !== undefined && v !== null) w[field] = onTick(v, qd, { id: l.id, index, field });
    }
    return w;
  });
  return out;
}
