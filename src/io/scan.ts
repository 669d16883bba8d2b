// market-case/1 text straight to order columns, without an object per order: a scanner over the
// text of a copper-plate case in its usual shape (the top-level fields of section 1, `orders` as
// objects with string `id`, `side`, `price`, `quantity` and optionally `participant`, no escapes).
// It decides nothing about validity itself: decimals go through the same parser as every other
// path (model/fixed.ts fastTicks) and the market's fields through the same checks (model/normalize
// readHeader); anything else it does not recognise, or any value those reject, makes it give up
// (undefined), and the caller reads the file the general way (parseMarketCase), which accepts or
// rejects it with the usual error naming the element. So the scanner is a shortcut, never a
// second set of rules.
import { GridclearError } from '../errors.js';
import { fastTicks, fastTicksIn } from '../model/fixed.js';
import { MARKET_DEFAULTS, type Market } from '../model/types.js';
import { MARKET_CASE_FORMAT, readNetwork } from './marketCase.js';

/** A copper-plate case as columns: the market's own fields (orders left empty), ids and ticks. */
export interface ScannedCase {
  market: Market;
  ids: string[];
  /** Total UTF-16 code units of the ids. */
  idChars: number;
  /** 0 buy, 1 sell. */
  side: Uint8Array;
  /** Ticks, exact (the shared parser's fast path: |ticks| < 1e15). */
  price: Float64Array;
  qty: Float64Array;
  /** Each order's bus id (networked cases only; then `market.network` is the parsed network). */
  bus?: string[];
}

const QUOTE = 34, BACKSLASH = 92, COMMA = 44, COLON = 58;
const OPEN_OBJECT = 123, CLOSE_OBJECT = 125, OPEN_ARRAY = 91, CLOSE_ARRAY = 93;

/** Thrown inside the scanner when the text is not in the shape it reads (caught, never escapes). */
class GiveUp {}
const GIVE_UP = new GiveUp();

/** Scanner state over one text. */
class Scanner {
  /** Keeps the instances' layout alive across full GCs: see ARCHITECTURE.md, "Per-call objects". */
  static readonly anchor = new Scanner('');
  pos = 0;
  /** Where the last string's content began. */
  start = 0;
  constructor(readonly text: string) {}

  /** Skips JSON whitespace; returns the next code unit (NaN at the end). */
  peek(): number {
    const t = this.text;
    let p = this.pos, c = t.charCodeAt(p);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = t.charCodeAt(++p);
    this.pos = p;
    return c;
  }

  expect(c: number): void {
    if (this.peek() !== c) throw GIVE_UP;
    this.pos++;
  }

  /** A string without escapes or control characters; returns its end (the closing quote), pos after it. */
  stringEnd(): number {
    if (this.peek() !== QUOTE) throw GIVE_UP;
    const t = this.text;
    let p = this.pos + 1;
    this.start = p;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === QUOTE) break;
      if (c < 32 || c === BACKSLASH || Number.isNaN(c)) throw GIVE_UP; // escapes, control characters, end of text
      p++;
    }
    this.pos = p + 1;
    return p;
  }

  string(): string {
    const end = this.stringEnd();
    return this.text.slice(this.start, end);
  }

  /** The literal `null`. */
  isNull(): boolean {
    if (this.peek() !== 110 || !this.text.startsWith('null', this.pos)) return false;
    this.pos += 4;
    return true;
  }

  /** A non-negative integer literal (what decimals fields hold). */
  integer(): number {
    this.peek();
    const t = this.text;
    let p = this.pos, v = 0, c = t.charCodeAt(p);
    if (!(c >= 48 && c <= 57)) throw GIVE_UP;
    for (; c >= 48 && c <= 57; c = t.charCodeAt(++p)) v = v * 10 + (c - 48);
    if (c === 46 || c === 101 || c === 69 || p - this.pos > 3) throw GIVE_UP; // 1.5, 1e2, huge
    this.pos = p;
    return v;
  }

  /** The text of the JSON object at pos (strings may hold escapes); pos after it. */
  objectText(): string {
    if (this.peek() !== OPEN_OBJECT) throw GIVE_UP;
    const t = this.text, from = this.pos;
    let p = from, depth = 0;
    for (;;) {
      const c = t.charCodeAt(p++);
      if (Number.isNaN(c)) throw GIVE_UP;
      if (c === QUOTE) {
        for (let d = t.charCodeAt(p++); d !== QUOTE; d = t.charCodeAt(p++)) {
          if (Number.isNaN(d)) throw GIVE_UP;
          if (d === BACKSLASH) p++;
        }
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
      else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) { if (--depth === 0) break; }
    }
    this.pos = p;
    return t.slice(from, p);
  }

  /** After a member: true when another follows (a comma), false at `close`. */
  next(close: number): boolean {
    const c = this.peek();
    this.pos++;
    if (c === COMMA) return true;
    if (c === close) return false;
    throw GIVE_UP;
  }
}

/** Order fields the scanner reads (bit per field: each at most once). */
const F_ID = 1, F_SIDE = 2, F_PRICE = 4, F_QTY = 8, F_PARTICIPANT = 16, F_BUS = 32, REQUIRED = F_ID | F_SIDE | F_PRICE | F_QTY;

/** Growable Int32 column (positions of the price and quantity texts). */
function grow(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, 2 * a.length));
  b.set(a);
  return b;
}

/** What scanOrders reads of the orders array. */
export interface ScannedOrders {
  ids: string[];
  /** Total UTF-16 code units of the ids. */
  idChars: number;
  side: Uint8Array;
  /** Per order i: its price's text range at[4i], at[4i + 1], its quantity's at[4i + 2], at[4i + 3]. */
  at: Int32Array;
  bus: string[];
  /** The prices' and quantities' ticks on these decimals, when a scanner parsed them all (as ticksColumn does). */
  ticks?: { priceDecimals: number; quantityDecimals: number; price: Float64Array; qty: Float64Array };
}

/**
 * Reads the orders array of text at pos exactly as scanOrders does, returning what it returns and
 * the position after the array; or undefined (then scanOrders reads it). It may parse the ticks
 * on the decimals the market has said so far (or the defaults): used only when the market's
 * decimals turn out to be those.
 */
export type OrdersScanner = (text: string, pos: number, priceDecimals: number, quantityDecimals: number) =>
  (ScannedOrders & { end: number }) | undefined;

let ordersScanner: OrdersScanner | undefined;

/**
 * Lets a host read the orders array with a faster scanner: the `gridclear` command installs the
 * Wasm core's (auction/textScan.ts). The library itself stays pure TypeScript here.
 */
export function useOrdersScanner(f: OrdersScanner | undefined): void {
  ordersScanner = f;
}

/** Reads the orders array: ids, sides, and where each price and quantity text lies. */
function scanOrders(s: Scanner, market: Market): ScannedOrders {
  const fast = ordersScanner?.(s.text, s.pos, market.priceDecimals ?? MARKET_DEFAULTS.priceDecimals,
    market.quantityDecimals ?? MARKET_DEFAULTS.quantityDecimals);
  if (fast) {
    s.pos = fast.end;
    return { ids: fast.ids, idChars: fast.idChars, side: fast.side, at: fast.at, bus: fast.bus, ticks: fast.ticks };
  }
  const t = s.text;
  const ids: string[] = [], bus: string[] = [];
  let side = new Uint8Array(1024);
  let at = new Int32Array(4096);
  let idChars = 0;
  s.expect(OPEN_ARRAY);
  if (s.peek() === CLOSE_ARRAY) { s.pos++; return { ids, idChars, side: side.subarray(0, 0), at, bus }; }
  do {
    s.expect(OPEN_OBJECT);
    const k = ids.length;
    at = grow(at, 4 * k + 4);
    if (k === side.length) { const more = new Uint8Array(2 * k); more.set(side); side = more; }
    let seen = 0;
    do {
      const keyEnd = s.stringEnd();
      const key = keyName(t, s.start, keyEnd);
      s.expect(COLON);
      if (key === F_ID) {
        const id = s.string();
        if (id.length === 0) throw GIVE_UP;
        ids.push(id);
        idChars += id.length;
      } else if (key === F_SIDE) {
        const end = s.stringEnd();
        const n = end - s.start;
        if (n === 3 && t.startsWith('buy', end - 3)) side[k] = 0;
        else if (n === 4 && t.startsWith('sell', end - 4)) side[k] = 1;
        else throw GIVE_UP; // the general path names the order and the side
      } else if (key === F_PRICE || key === F_QTY) {
        const end = s.stringEnd();
        const w = 4 * k + (key === F_PRICE ? 0 : 2);
        at[w] = s.start;
        at[w + 1] = end;
      } else if (key === F_PARTICIPANT) {
        s.stringEnd();
      } else if (key === F_BUS) {
        if (bus.length !== k) throw GIVE_UP; // an earlier order without a bus: the general path names it
        bus.push(s.string());
      } else throw GIVE_UP; // sequence, unknown fields: the general path
      if (seen & key) throw GIVE_UP; // a repeated field
      seen |= key;
    } while (s.next(CLOSE_OBJECT));
    if ((seen & REQUIRED) !== REQUIRED || (bus.length > 0 && bus.length !== k + 1)) throw GIVE_UP;
  } while (s.next(CLOSE_ARRAY));
  return { ids, idChars, side: side.subarray(0, ids.length), at, bus };
}

/** The order field the key text [start, end) names, or 0. */
function keyName(t: string, start: number, end: number): number {
  switch (end - start) {
    case 2: return t.startsWith('id', start) ? F_ID : 0;
    case 3: return t.startsWith('bus', start) ? F_BUS : 0;
    case 4: return t.startsWith('side', start) ? F_SIDE : 0;
    case 5: return t.startsWith('price', start) ? F_PRICE : 0;
    case 8: return t.startsWith('quantity', start) ? F_QTY : 0;
    case 11: return t.startsWith('participant', start) ? F_PARTICIPANT : 0;
    default: return 0;
  }
}

/** Ticks of the decimal texts at[off + 4i .. +1] by the shared parser; false when one is not a plain decimal. */
function ticksColumn(t: string, at: Int32Array, off: number, n: number, decimals: number, out: Float64Array): boolean {
  if (fastTicks('0', decimals) === undefined) return false; // decimals the fast parser does not take
  for (let i = 0; i < n; i++) {
    const v = fastTicksIn(t, at[4 * i + off], at[4 * i + off + 1], decimals);
    if (v === undefined) return false;
    out[i] = v;
  }
  return true;
}

/**
 * Scans a market-case/1 text into columns, or gives up (undefined) on anything but the usual
 * shape and plain values: then parseMarketCase must read it (and decides what is wrong). A
 * network (small next to the orders) is parsed and checked as parseMarketCase does; then every
 * order must name its bus.
 */
export function scanMarketCase(text: string): ScannedCase | undefined {
  const s = new Scanner(text);
  const market: Market = { format: MARKET_CASE_FORMAT, orders: [] };
  let orders: ReturnType<typeof scanOrders> | undefined;
  let format = false, hasNetworkKey = false;
  try {
    s.expect(OPEN_OBJECT);
    do {
      const key = s.string();
      s.expect(COLON);
      if (key === 'format') format = s.string() === MARKET_CASE_FORMAT;
      else if (key === 'name') market.name = s.string();
      else if (key === 'priceDecimals') market.priceDecimals = s.integer();
      else if (key === 'quantityDecimals') market.quantityDecimals = s.integer();
      else if (key === 'priceCap') market.priceCap = s.string();
      else if (key === 'priceFloor') market.priceFloor = s.string();
      else if (key === 'orders' && !orders) orders = scanOrders(s, market);
      else if (key === 'network' && !hasNetworkKey) {
        hasNetworkKey = true;
        if (!s.isNull()) market.network = network(s);
      } else throw GIVE_UP; // repeated or unknown fields
    } while (s.next(CLOSE_OBJECT));
    if (!Number.isNaN(s.peek()) || !format || !orders) throw GIVE_UP; // text after the object
    if (market.network ? orders.bus.length !== orders.ids.length : orders.bus.length > 0) throw GIVE_UP;
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
  const n = orders.ids.length;
  const pd = market.priceDecimals ?? MARKET_DEFAULTS.priceDecimals, qd = market.quantityDecimals ?? MARKET_DEFAULTS.quantityDecimals;
  const parsed = orders.ticks;
  let price: Float64Array, qty: Float64Array;
  if (parsed && parsed.priceDecimals === pd && parsed.quantityDecimals === qd && fastTicks('0', pd) !== undefined && fastTicks('0', qd) !== undefined) {
    price = parsed.price;
    qty = parsed.qty;
  } else {
    price = new Float64Array(n);
    qty = new Float64Array(n);
    if (!ticksColumn(text, orders.at, 0, n, pd, price) || !ticksColumn(text, orders.at, 2, n, qd, qty)) return undefined;
  }
  const scanned: ScannedCase = { market, ids: orders.ids, idChars: orders.idChars, side: orders.side.slice(), price, qty };
  if (market.network) scanned.bus = orders.bus;
  return scanned;
}

/** The network object, parsed and checked as parseMarketCase does (any complaint: give up). */
function network(s: Scanner): NonNullable<Market['network']> {
  try {
    return readNetwork(JSON.parse(s.objectText()), {});
  } catch (e) {
    if (e instanceof SyntaxError || e instanceof GridclearError) throw GIVE_UP;
    throw e;
  }
}
