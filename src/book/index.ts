// The continuous order book: price-time priority in the Wasm core (one instance per book), a
// streaming API (submit one event) and a batch API over event columns, grid-aware matching,
// grid fees, a running BLAKE3 digest over a canonical event log, snapshots. See docs/book.md.
import { GridclearError } from '../errors.js';
import { fastTicks, formatTicks, toTicks, type DecimalLike } from '../model/fixed.js';
import type { Market, Order } from '../model/types.js';
import { bookConfig, type BookConfig } from './config.js';
import { BookCore, CHUNK, hex } from './core.js';
import { bookError } from './errors.js';
import * as L from './layout.js';
import { concatTradeColumns, readNotes, readTradeColumns, readTrades } from './records.js';
import type { BatchResult, BookEvent, BookOptions, EventColumns, EventResult, TradeColumns } from './types.js';

export type * from './types.js';
export type { BookConfig, FeeRow } from './config.js';
export { settleBook, type BookSettlement, type SettledTrade } from './settle.js';
export { parseBookLog, eventToJson } from './log.js';

const KIND = { limit: 0, market: 1, cancel: 2, modify: 3 } as const;
const TIF = { gtc: 0, gtt: 1, ioc: 2, fok: 3 } as const;

/** A resting order as listed by `orders()` (priority order: bids best first, then asks best first). */
export interface RestingOrder {
  id: number;
  side: 'buy' | 'sell';
  priceTicks: bigint;
  quantityTicks: bigint;
  participant: number;
  /** Bus index (0 without a network). */
  bus: number;
  tif: 'gtc' | 'gtt';
  expires: number;
}

/** A saved book: the snapshot's bytes (docs/formats.md) and their BLAKE3 hash. */
export interface BookSnapshot {
  bytes: Uint8Array;
  digest: string;
}

/** One delivery period's continuous order book. Not re-entrant; one book per instance of the core. */
export class OrderBook {
  /** The validated options in ticks (read-only). */
  readonly config: BookConfig;
  private readonly core = new BookCore();
  private lastTime = 0;

  /** Creates an empty book (validates the options: INVALID_OPTION, INVALID_MARKET, TOO_LARGE). */
  constructor(options: BookOptions) {
    this.config = bookConfig(options);
    const cap = options.capacity ?? 1024;
    if (!Number.isInteger(cap) || cap < 1) throw new GridclearError('INVALID_OPTION', 'capacity must be a positive integer', { field: 'capacity' });
    this.core.setup(this.config, cap);
  }

  /** Restores a saved book (a node joining late): the options must be the book's own. */
  static restore(options: BookOptions, snapshot: BookSnapshot | Uint8Array): OrderBook {
    const bytes = snapshot instanceof Uint8Array ? snapshot : snapshot.bytes;
    const book = new OrderBook({ ...options, capacity: Math.max(options.capacity ?? 1024, snapshotCount(bytes)) });
    const st = book.core.restore(bytes);
    if (st !== 0) throw new GridclearError('INVALID_SNAPSHOT', 'the snapshot is malformed or does not fit this book (lines, price range, buses)');
    book.lastTime = Math.max(0, book.core.get(L.O_SEQ) > 0 ? Number(new DataView(bytes.buffer, bytes.byteOffset).getBigInt64(16, true)) : 0);
    return book;
  }

  /** Sequence number of the last accepted event (0: none). */
  get seq(): number {
    return this.core.get(L.O_SEQ);
  }

  /** The running digest (64 hex digits; 64 zeros before the first event). */
  get digest(): string {
    return hex(this.core.digestBytes());
  }

  /** Resting orders. */
  get size(): number {
    return this.core.get(L.O_LIVE);
  }

  /**
   * Processes one event: validates it fully (a bad event throws a GridclearError and changes
   * nothing), then matches it. Returns its sequence number, trades, notes and the new digest.
   */
  submit(event: BookEvent): EventResult {
    this.encode(event);
    let st = this.core.ex.bookSubmit();
    if (st === L.BOOK_FULL) {
      this.grow();
      this.encode(event);
      st = this.core.ex.bookSubmit();
    }
    if (st !== 0) throw bookError(st, this.core.get(L.O_FIELD), { id: String(event.id) });
    const c = this.core;
    this.lastTime = c.get(L.E_TIME);
    return {
      seq: c.get(L.O_SEQ),
      trades: readTrades(c.buf, c.trades, c.get(L.O_TRADES)),
      notes: readNotes(c.buf, c.notes, c.get(L.O_NOTES)),
      restingTicks: c.io64[L.O_RESTING],
      killedTicks: c.io64[L.O_KILLED],
      digest: hex(c.digestBytes()),
    };
  }

  /**
   * Processes event columns in order, in chunks of CHUNK events per core call (never one call per
   * event). Stops at the first bad event (`error`, its `index`); the events before it are applied.
   * `digests: true` also returns the digest after every event; `notes: false` drops the notes
   * (a congested network can note many blocked pairs per event).
   */
  submitColumns(cols: EventColumns, opts: { digests?: boolean; notes?: boolean } = {}): BatchResult {
    const n = cols.kind.length;
    const c = this.core;
    const tradeParts: TradeColumns[] = [], noteParts: Uint8Array[] = [];
    const tradeEnd = new Int32Array(n), noteEnd = new Int32Array(n);
    const digests = opts.digests ? new Uint8Array(32 * n) : undefined;
    let done = 0, tradeBase = 0, noteBase = 0, error: Error | undefined;
    while (done < n && !error) {
      const m = Math.min(CHUNK, n - done);
      const ptrs = this.writeChunk(cols, done, m, !!digests);
      const st = c.ex.bookBatch();
      const k = c.get(L.B_DONE);
      const te = new Int32Array(c.buf, ptrs.tradeEnd, k), ne = new Int32Array(c.buf, ptrs.noteEnd, k);
      const nt = k > 0 ? te[k - 1] : 0, nn = k > 0 ? ne[k - 1] : 0;
      for (let i = 0; i < k; i++) { tradeEnd[done + i] = tradeBase + te[i]; noteEnd[done + i] = noteBase + ne[i]; }
      if (digests && k > 0) digests.set(new Uint8Array(c.buf, ptrs.digests, 32 * k), 32 * done);
      tradeParts.push(readTradeColumns(c.buf, c.trades, nt));
      if (opts.notes !== false) noteParts.push(new Uint8Array(c.buf, c.notes, nn * L.NOTE_BYTES).slice());
      tradeBase += nt; noteBase += nn; done += k;
      if (k > 0) this.lastTime = Number(cols.time[done - 1]);
      if (st === L.BOOK_FULL) this.grow();
      else if (st !== 0 && st !== L.BOOK_OUTPUT_FULL) error = bookError(st, c.get(L.O_FIELD), { index: done, id: String(cols.id[done]) });
    }
    return {
      processed: done, error, trades: concatTradeColumns(tradeParts), tradeEnd: tradeEnd.subarray(0, done),
      notes: concat(noteParts), noteEnd: noteEnd.subarray(0, done), digests: digests?.subarray(0, 32 * done), digest: this.digest,
    };
  }

  /** Saves the book's state (resting orders in priority order, flows, sequence, digest) with its BLAKE3 hash. */
  save(): BookSnapshot {
    const s = this.core.save();
    return { bytes: s.bytes, digest: hex(s.digest) };
  }

  /** Resting orders in priority order: bids best first, then asks best first, each level first in first. */
  orders(): RestingOrder[] {
    const { bytes } = this.core.save();
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const count = Number(v.getBigInt64(24, true));
    const out: RestingOrder[] = [];
    let p = L.SNAP_HEADER_BYTES + 8 * this.config.lines;
    for (let i = 0; i < count; i++, p += L.ORDER_BYTES) {
      out.push({
        id: Number(v.getBigInt64(p, true)), priceTicks: v.getBigInt64(p + 8, true), quantityTicks: v.getBigInt64(p + 16, true),
        expires: Number(v.getBigInt64(p + 24, true)), participant: v.getInt32(p + 32, true), bus: v.getInt32(p + 36, true),
        side: v.getUint8(p + 40) === 0 ? 'buy' : 'sell', tif: v.getUint8(p + 41) === 1 ? 'gtt' : 'gtc',
      });
    }
    return out;
  }

  /** Current line flows in MW (a copy). */
  flows(): Float64Array {
    const { bytes } = this.core.save();
    return new Float64Array(bytes.slice(L.SNAP_HEADER_BYTES, L.SNAP_HEADER_BYTES + 8 * this.config.lines).buffer);
  }

  /**
   * Gate closure: the remaining book as a call-auction market (copper plate; add the `network`
   * for a nodal clearing). Each order keeps its priority as its `sequence`; ids and participants
   * become strings.
   */
  toMarket(): Market {
    const cfg = this.config;
    const orders: Order[] = this.orders().map((o, i) => ({
      id: String(o.id), side: o.side, price: formatTicks(o.priceTicks, cfg.priceDecimals),
      quantity: formatTicks(o.quantityTicks, cfg.quantityDecimals), participant: String(o.participant), sequence: i,
      ...(cfg.buses > 0 ? { bus: cfg.busIds[o.bus] } : {}),
    }));
    return {
      priceDecimals: cfg.priceDecimals, quantityDecimals: cfg.quantityDecimals,
      priceFloor: formatTicks(cfg.floorTicks, cfg.priceDecimals), priceCap: formatTicks(cfg.capTicks, cfg.priceDecimals), orders,
    } as Market;
  }

  /** Doubles the capacity: snapshot, a fresh state twice the size, restore (priority kept). */
  private grow(): void {
    const s = this.core.save();
    this.core.setup(this.config, this.core.capacity * 2);
    if (this.core.restore(s.bytes) !== 0) throw new GridclearError('INTERNAL', 'could not restore the book after growing it');
  }

  private ticks(v: DecimalLike | undefined, decimals: number, field: string, id: number): number | bigint {
    if (v === undefined) throw new GridclearError('INVALID_ORDER', `event for order ${id} needs ${field}`, { id: String(id), field });
    const f = fastTicks(v, decimals);
    return f !== undefined ? f : toTicks(v, decimals, { id: String(id), field });
  }

  private put(slot: number, v: number | bigint): void {
    if (typeof v === 'number') this.core.set(slot, v);
    else this.core.io64[slot] = v;
  }

  /** Writes an event into the I/O header (field parsing errors throw before the core is called). */
  private encode(e: BookEvent): void {
    const c = this.core, cfg = this.config;
    const kind = KIND[e.type as keyof typeof KIND];
    if (kind === undefined) throw new GridclearError('INVALID_ORDER', `unknown event type ${JSON.stringify(e.type)}`, { field: 'type', value: e.type });
    if (!Number.isSafeInteger(e.id) || e.id < 0) throw new GridclearError('INVALID_ORDER', 'an event id must be an integer in [0, 2^53)', { field: 'id', value: e.id });
    if (!Number.isInteger(e.participant) || e.participant < 0 || e.participant > 0x7fffffff) {
      throw new GridclearError('INVALID_ORDER', 'participant must be an integer in [0, 2^31)', { id: String(e.id), field: 'participant', value: e.participant });
    }
    const time = e.time ?? this.lastTime;
    if (!Number.isSafeInteger(time)) throw new GridclearError('INVALID_ORDER', 'time must be a safe integer', { id: String(e.id), field: 'time', value: time });
    c.set(L.E_KIND, kind); c.set(L.E_TIME, time); c.set(L.E_ID, e.id); c.set(L.E_PARTICIPANT, e.participant);
    c.set(L.E_SIDE, 0); c.set(L.E_TIF, 0); c.set(L.E_FLAGS, 0); c.set(L.E_PRICE, 0); c.set(L.E_QTY, 0); c.set(L.E_EXPIRES, 0); c.set(L.E_BUS, 0);
    if (e.type === 'cancel') return;
    if (e.type === 'modify') {
      let flags = 0;
      if (e.price !== undefined) { flags |= 1; this.put(L.E_PRICE, this.ticks(e.price, cfg.priceDecimals, 'price', e.id)); }
      if (e.quantity !== undefined) { flags |= 2; this.put(L.E_QTY, this.ticks(e.quantity, cfg.quantityDecimals, 'quantity', e.id)); }
      c.set(L.E_FLAGS, flags);
      return;
    }
    if (e.side !== 'buy' && e.side !== 'sell') throw new GridclearError('UNKNOWN_SIDE', `side must be 'buy' or 'sell'`, { id: String(e.id), field: 'side', value: e.side });
    c.set(L.E_SIDE, e.side === 'buy' ? 0 : 1);
    const tif = TIF[(e.tif ?? (e.type === 'market' ? 'ioc' : 'gtc')) as keyof typeof TIF];
    if (tif === undefined) throw new GridclearError('INVALID_ORDER', `unknown time in force ${JSON.stringify(e.tif)}`, { id: String(e.id), field: 'tif', value: e.tif });
    c.set(L.E_TIF, tif);
    const price = e.price !== undefined ? this.ticks(e.price, cfg.priceDecimals, 'price', e.id) : e.type === 'market'
      ? (e.side === 'buy' ? cfg.capTicks : cfg.floorTicks) : this.ticks(undefined, 0, 'price', e.id);
    this.put(L.E_PRICE, price);
    this.put(L.E_QTY, this.ticks(e.quantity, cfg.quantityDecimals, 'quantity', e.id));
    if (e.type === 'limit' && e.expires !== undefined) {
      if (!Number.isSafeInteger(e.expires)) throw new GridclearError('INVALID_ORDER', 'expires must be a safe integer', { id: String(e.id), field: 'expires' });
      c.set(L.E_EXPIRES, e.expires);
    }
    if (cfg.buses > 0) {
      const b = e.bus === undefined ? undefined : cfg.busIndex.get(e.bus);
      if (b === undefined) throw new GridclearError('UNKNOWN_BUS', `order ${e.id} needs a bus of the network`, { id: String(e.id), field: 'bus', value: e.bus });
      c.set(L.E_BUS, b);
    } else if (e.bus !== undefined) {
      throw new GridclearError('UNKNOWN_BUS', 'a book without a network takes no bus', { id: String(e.id), field: 'bus', value: e.bus });
    }
  }

  /** Copies `m` events of the columns from `from` into the scratch and points the batch header at them. */
  private writeChunk(cols: EventColumns, from: number, m: number, withDigests: boolean): { tradeEnd: number; noteEnd: number; digests: number } {
    const c = this.core, buf = c.buf;
    let p = c.scratch;
    const place = (bytes: number): number => { const q = p; p += (bytes + 15) & ~15; return q; };
    const u8 = (slot: number, src: Uint8Array | undefined) => {
      const q = place(m); const dst = new Uint8Array(buf, q, m);
      if (src) dst.set(src.subarray(from, from + m)); else dst.fill(0);
      c.set(slot, q);
    };
    const i64 = (slot: number, src: BigInt64Array | undefined) => {
      const q = place(8 * m); const dst = new BigInt64Array(buf, q, m);
      if (src) dst.set(src.subarray(from, from + m)); else dst.fill(0n);
      c.set(slot, q);
    };
    const i32 = (slot: number, src: Int32Array | undefined) => {
      const q = place(4 * m); const dst = new Int32Array(buf, q, m);
      if (src) dst.set(src.subarray(from, from + m)); else dst.fill(0);
      c.set(slot, q);
    };
    c.set(L.B_COUNT, m);
    u8(L.B_KIND, cols.kind); u8(L.B_SIDE, cols.side); u8(L.B_TIF, cols.tif); u8(L.B_FLAGS, cols.flags);
    i64(L.B_TIME, cols.time); i64(L.B_ID, cols.id); i32(L.B_PARTICIPANT, cols.participant);
    i64(L.B_PRICE, cols.priceTicks); i64(L.B_QTY, cols.quantityTicks); i64(L.B_EXPIRES, cols.expires); i32(L.B_BUS, cols.bus);
    const tradeEnd = place(4 * m), noteEnd = place(4 * m);
    c.set(L.B_TRADE_END, tradeEnd); c.set(L.B_NOTE_END, noteEnd);
    const digests = withDigests ? place(32 * m) : 0;
    c.set(L.B_DIGESTS, digests);
    return { tradeEnd, noteEnd, digests };
  }
}

function snapshotCount(bytes: Uint8Array): number {
  if (bytes.length < L.SNAP_HEADER_BYTES) throw new GridclearError('INVALID_SNAPSHOT', 'a snapshot has at least a 64-byte header');
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigInt64(24, true));
  if (!(n >= 0 && n < 2 ** 31)) throw new GridclearError('INVALID_SNAPSHOT', 'the snapshot order count is out of range');
  return n;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
