// The order book's rules one by one, streaming vs batch, replay, snapshots, tampering, settlement.
import { describe, expect, it } from 'vitest';
import { OrderBook, settleBook, type BookEvent, type BookOptions, type EventColumns } from '../../src/book/index.js';
import { clearAuction } from '../../src/auction/index.js';
import { GridModel } from '../../src/grid/index.js';
import { blake3 } from '@noble/hashes/blake3.js';
import { isGridclearError } from '../../src/errors.js';
import { randomStream } from '../helpers/bookStreams.js';

const OPTS: BookOptions = { priceDecimals: 2, quantityDecimals: 3, priceFloor: '-500', priceCap: '4000' };
const lim = (id: number, participant: number, side: 'buy' | 'sell', price: string, quantity: string, extra: Partial<BookEvent> = {}): BookEvent =>
  ({ type: 'limit', id, participant, side, price, quantity, ...extra }) as BookEvent;

function codeOf(f: () => unknown): string | undefined {
  try { f(); } catch (e) { return isGridclearError(e) ? e.code : 'not a GridclearError'; }
  return undefined;
}

describe('order book rules', () => {
  it('price-time priority; trades at the resting price', () => {
    const b = new OrderBook(OPTS);
    b.submit(lim(1, 1, 'sell', '10.00', '1'));
    b.submit(lim(2, 2, 'sell', '9.50', '1'));
    b.submit(lim(3, 3, 'sell', '9.50', '1'));
    const r = b.submit(lim(4, 4, 'buy', '12.00', '2.5'));
    expect(r.trades.map((t) => [t.sellId, t.priceTicks, t.quantityTicks])).toEqual([[2, 950n, 1000n], [3, 950n, 1000n], [1, 1000n, 500n]]);
    expect(r.restingTicks).toBe(0n);
    expect(b.orders().map((o) => [o.id, o.quantityTicks])).toEqual([[1, 500n]]);
  });

  it('thousands of resting orders with scattered ids: every one found again (the id table grows from 1024 entries)', () => {
    const b = new OrderBook({ ...OPTS, capacity: 1 << 14 });
    const ids = Array.from({ length: 5000 }, (_, i) => (i * 2654435761) % 2 ** 40 + (i % 7) * 2 ** 45);
    ids.forEach((id, i) => b.submit(lim(id, i, i % 2 ? 'sell' : 'buy', i % 2 ? `${1000 + (i % 97)}` : `${500 - (i % 89)}`, '1')));
    expect(b.size).toBe(5000);
    const copy = OrderBook.restore({ ...OPTS, capacity: 1 << 14 }, b.save());
    expect(copy.orders()).toEqual(b.orders());
    expect(copy.submit({ type: 'cancel', id: ids[4321], participant: 4321 }).seq).toBe(5001);
    // best prices from the cached best levels, after the best levels empty one by one
    const order = ids.map((id, i) => ({ id, i })).sort((x, y) => (x.id * 7919) % 10007 - (y.id * 7919) % 10007);
    for (const { id, i } of order) b.submit({ type: 'cancel', id, participant: i });
    expect(b.size).toBe(0);
    const r = b.submit(lim(1, 1, 'sell', '1', '1'));
    expect(r.restingTicks).toBe(1000n);
  });

  it('IOC kills the rest, FOK all or nothing, market orders up to their limit', () => {
    const b = new OrderBook(OPTS);
    b.submit(lim(1, 1, 'sell', '10.00', '1'));
    b.submit(lim(2, 1, 'sell', '11.00', '1'));
    const fok = b.submit(lim(3, 2, 'buy', '10.50', '1.5', { tif: 'fok' }));
    expect(fok.trades).toEqual([]);
    expect(fok.killedTicks).toBe(1500n);
    const ioc = b.submit(lim(4, 2, 'buy', '10.50', '1.5', { tif: 'ioc' }));
    expect(ioc.trades.map((t) => t.quantityTicks)).toEqual([1000n]);
    expect(ioc.killedTicks).toBe(500n);
    const mkt = b.submit({ type: 'market', id: 5, participant: 3, side: 'buy', quantity: '3', price: '10.99' });
    expect(mkt.trades).toEqual([]);
    expect(mkt.killedTicks).toBe(3000n);
    expect(b.submit({ type: 'market', id: 6, participant: 3, side: 'buy', quantity: '0.5' }).trades[0].priceTicks).toBe(1100n);
  });

  it('modify: a quantity decrease keeps priority, an increase or a new price re-queues', () => {
    const b = new OrderBook(OPTS);
    b.submit(lim(1, 1, 'sell', '10.00', '2'));
    b.submit(lim(2, 2, 'sell', '10.00', '2'));
    b.submit({ type: 'modify', id: 1, participant: 1, quantity: '1' });
    expect(b.orders().map((o) => o.id)).toEqual([1, 2]);
    b.submit({ type: 'modify', id: 1, participant: 1, quantity: '3' });
    expect(b.orders().map((o) => o.id)).toEqual([2, 1]);
    const r = b.submit({ type: 'modify', id: 2, participant: 2, price: '5.00' });
    expect(b.orders().map((o) => [o.id, o.priceTicks])).toEqual([[2, 500n], [1, 1000n]]);
    expect(r.trades).toEqual([]);
  });

  it('self-trade prevention cancels the resting order of the same participant', () => {
    const b = new OrderBook(OPTS);
    b.submit(lim(1, 7, 'sell', '10.00', '1'));
    b.submit(lim(2, 8, 'sell', '10.00', '1'));
    const r = b.submit(lim(3, 7, 'buy', '10.00', '1'));
    expect(r.notes).toEqual([{ kind: 'self-trade', id: 1, quantityTicks: 1000n, line: -1, by: 3 }]);
    expect(r.trades.map((t) => t.sellId)).toEqual([2]);
  });

  it('good-till-time orders expire at the first event at or after their time', () => {
    const b = new OrderBook(OPTS);
    b.submit(lim(1, 1, 'sell', '10.00', '1', { tif: 'gtt', expires: 5, time: 1 }));
    expect(b.submit(lim(2, 2, 'sell', '11.00', '1', { time: 4 })).notes).toEqual([]);
    const r = b.submit(lim(3, 3, 'buy', '12.00', '1', { time: 5 }));
    expect(r.notes[0]).toMatchObject({ kind: 'expired', id: 1 });
    expect(r.trades.map((t) => t.sellId)).toEqual([2]);
  });

  it('a bad event is a typed error and changes nothing (not even the sequence or digest)', () => {
    const b = new OrderBook({ ...OPTS, maxQuantity: '100' });
    b.submit(lim(1, 1, 'sell', '10.00', '1', { time: 10, tif: 'gtt', expires: 20 }));
    const before = { orders: b.orders(), seq: b.seq, digest: b.digest };
    const cases: [string, () => unknown][] = [
      ['UNKNOWN_ORDER', () => b.submit({ type: 'cancel', id: 9, participant: 1 })],
      ['NOT_OWNER', () => b.submit({ type: 'cancel', id: 1, participant: 2 })],
      ['DUPLICATE_ID', () => b.submit(lim(1, 1, 'buy', '1.00', '1'))],
      ['OFF_TICK', () => b.submit(lim(2, 1, 'buy', '1.001', '1'))],
      ['PRICE_OUT_OF_RANGE', () => b.submit(lim(2, 1, 'buy', '4000.01', '1'))],
      ['NON_POSITIVE_QUANTITY', () => b.submit(lim(2, 1, 'buy', '1.00', '0'))],
      ['NON_POSITIVE_QUANTITY', () => b.submit(lim(2, 1, 'buy', '1.00', '100.001'))],
      ['OUT_OF_ORDER', () => b.submit(lim(2, 1, 'buy', '1.00', '1', { time: 9 }))],
      ['INVALID_ORDER', () => b.submit(lim(2, 1, 'buy', '1.00', '1', { tif: 'gtt', expires: 10, time: 10 }))],
      ['INVALID_ORDER', () => b.submit({ type: 'market', id: 2, participant: 1, side: 'buy', quantity: '1', tif: 'gtc' as never })],
      ['INVALID_ORDER', () => b.submit({ type: 'modify', id: 1, participant: 1 })],
      ['UNKNOWN_SIDE', () => b.submit(lim(2, 1, 'up' as never, '1.00', '1'))],
      ['UNKNOWN_BUS', () => b.submit(lim(2, 1, 'buy', '1.00', '1', { bus: 'x' }))],
      ['INVALID_ORDER', () => b.submit(lim(-1, 1, 'buy', '1.00', '1'))],
      ['UNKNOWN_ORDER', () => b.submit({ type: 'cancel', id: 1, participant: 1, time: 20 })], // expired by then
    ];
    for (const [code, f] of cases) expect(codeOf(f), code).toBe(code);
    expect({ orders: b.orders(), seq: b.seq, digest: b.digest }).toEqual(before);
  });

  it('the first digest is BLAKE3 keyed with 32 zero bytes of the compact event record; then the previous digest is the key', () => {
    const b = new OrderBook(OPTS);
    const r = b.submit(lim(7, 3, 'sell', '-1.25', '2.5', { time: 42 }));
    // type byte (limit, sell, gtc), zigzag time step 42 (from 0), id 7, participant 3,
    // zigzag price -125 = 249 (two LEB128 bytes), quantity 2500 (two bytes), bus 0
    const rec = Uint8Array.from([0 | (1 << 2), 84, 7, 3, 0xf9, 0x01, 0xc4, 0x13, 0]);
    const hx = (u: Uint8Array) => Buffer.from(u).toString('hex');
    expect(r.digest).toBe(hx(blake3(rec, { key: new Uint8Array(32) })));
    expect(r.digest).toBe('63910243ba0622d652ce82e89ab8acefbf4f468b8357cc2d7ffcd8239c3ccad8'); // docs/formats.md
    // a trade: the resting order's id, its price, the quantity, the fee; the time step from 42
    const r2 = b.submit(lim(8, 4, 'buy', '-1', '1', { time: 50 }));
    const rec2 = Uint8Array.from([0, 16, 8, 4, 0xc7, 0x01, 0xe8, 0x07, 0, 7, 0xf9, 0x01, 0xe8, 0x07, 0]);
    expect(r2.trades.length).toBe(1);
    expect(r2.digest).toBe(hx(blake3(rec2, { key: Buffer.from(r.digest, 'hex') })));
    expect(r2.digest).toBe('6f9ecc006207007bc727b6142f8cd2b6052282b3da41297acdedab28d48b0c77'); // docs/formats.md
  });
});

/** Events as batch columns (decimal -> ticks as the streaming API parses them). */
function toColumns(book: OrderBook, evs: BookEvent[]): EventColumns {
  const n = evs.length, cfg = book.config;
  const cols: EventColumns = {
    kind: new Uint8Array(n), side: new Uint8Array(n), tif: new Uint8Array(n), flags: new Uint8Array(n), time: new BigInt64Array(n),
    id: new BigInt64Array(n), participant: new Int32Array(n), priceTicks: new BigInt64Array(n), quantityTicks: new BigInt64Array(n),
    expires: new BigInt64Array(n), bus: new Int32Array(n),
  };
  const tick = (v: unknown, d: number) => BigInt(Math.round(Number(v) * 10 ** d));
  let time = 0;
  evs.forEach((e, i) => {
    cols.kind[i] = { limit: 0, market: 1, cancel: 2, modify: 3 }[e.type];
    time = e.time ?? time;
    cols.time[i] = BigInt(time); cols.id[i] = BigInt(e.id); cols.participant[i] = e.participant;
    if (e.type === 'modify') {
      if (e.price !== undefined) { cols.flags![i] |= 1; cols.priceTicks[i] = tick(e.price, cfg.priceDecimals); }
      if (e.quantity !== undefined) { cols.flags![i] |= 2; cols.quantityTicks[i] = tick(e.quantity, cfg.quantityDecimals); }
    } else if (e.type !== 'cancel') {
      cols.side[i] = e.side === 'buy' ? 0 : 1;
      cols.tif[i] = { gtc: 0, gtt: 1, ioc: 2, fok: 3 }[e.tif ?? (e.type === 'market' ? 'ioc' : 'gtc')];
      cols.priceTicks[i] = e.price !== undefined ? tick(e.price, cfg.priceDecimals) : e.side === 'buy' ? cfg.capTicks : cfg.floorTicks;
      cols.quantityTicks[i] = tick(e.quantity, cfg.quantityDecimals);
      if (e.type === 'limit' && e.expires !== undefined) cols.expires![i] = BigInt(e.expires);
      if (e.bus !== undefined) cols.bus![i] = cfg.busIndex.get(e.bus)!;
    }
  });
  return cols;
}

/** Submits events one by one, skipping rejected ones; the digest chain. */
function stream(book: OrderBook, evs: BookEvent[]): string[] {
  const out: string[] = [];
  for (const e of evs) {
    try { out.push(book.submit(e).digest); } catch (err) { if (!isGridclearError(err)) throw err; }
  }
  return out;
}

const NET = GridModel.from({
  baseMVA: 100, buses: [{ id: 'n1' }, { id: 'n2' }, { id: 'n3' }],
  lines: [{ id: 'l12', from: 'n1', to: 'n2', x: 0.1, maxFlow: '4', minFlow: '-4' }, { id: 'l23', from: 'n2', to: 'n3', x: 0.1, maxFlow: '2', minFlow: '-6' },
    { id: 'l13', from: 'n1', to: 'n3', x: 0.2, maxFlow: '3', minFlow: '-3' }],
});

describe('streaming, batch, replay, snapshots', () => {
  for (const [name, opts, buses] of [['copper plate', OPTS, []], ['network', { ...OPTS, network: { grid: NET } }, ['n1', 'n2', 'n3']]] as const) {
    it(`${name}: streaming and batch give the same digests, including growth from capacity 8`, () => {
      const evs = randomStream(4000, 11, [...buses]);
      const a = new OrderBook({ ...opts, capacity: 8 });
      const chain = stream(a, evs);
      const b = new OrderBook({ ...opts, capacity: 8 });
      const valid: BookEvent[] = [];
      const c = new OrderBook({ ...opts, capacity: 8 });
      for (const e of evs) { try { c.submit(e); valid.push(e); } catch { /* rejected: not in the log */ } }
      const r = b.submitColumns(toColumns(b, valid), { digests: true });
      expect(r.error).toBeUndefined();
      expect(r.processed).toBe(chain.length);
      const digests = Array.from({ length: r.processed }, (_, i) => Buffer.from(r.digests!.subarray(32 * i, 32 * i + 32)).toString('hex'));
      expect(digests).toEqual(chain);
      expect(b.orders()).toEqual(a.orders());
      expect(r.trades.length).toBeGreaterThan(500);
      // the trade columns (several core calls: the book grows) are the streaming trades in order
      const d = new OrderBook({ ...opts, capacity: 8 });
      const st = valid.flatMap((e) => d.submit(e).trades);
      const col = (k: 'buyId' | 'sellId' | 'priceTicks' | 'quantityTicks' | 'buyer' | 'seller' | 'buyBus' | 'sellBus') => Array.from(r.trades[k] as ArrayLike<number | bigint>, (v) => Number(v));
      expect(r.trades.length).toBe(st.length);
      expect(col('buyId')).toEqual(st.map((t) => t.buyId));
      expect(col('sellId')).toEqual(st.map((t) => t.sellId));
      expect(col('priceTicks')).toEqual(st.map((t) => Number(t.priceTicks)));
      expect(col('quantityTicks')).toEqual(st.map((t) => Number(t.quantityTicks)));
      expect(col('seller')).toEqual(st.map((t) => t.seller));
      expect(col('buyBus')).toEqual(st.map((t) => t.buyBus));
      const quiet = new OrderBook({ ...opts, capacity: 8 }).submitColumns(toColumns(b, valid), { notes: false });
      expect(quiet.notes.length).toBe(0);
      expect(quiet.noteEnd).toEqual(r.noteEnd);
      expect(quiet.digest).toBe(r.digest);
    });

    it(`${name}: replay and snapshot-restore give identical digests; a tampered entry changes every later digest`, () => {
      const evs = randomStream(2000, 5, [...buses]);
      const a = new OrderBook(opts);
      const chain = stream(a, evs);
      expect(stream(new OrderBook(opts), evs)).toEqual(chain);
      const b = new OrderBook(opts);
      stream(b, evs.slice(0, 1000));
      const snap = b.save();
      const c = OrderBook.restore(opts, snap);
      expect(snap.digest).toBe(Buffer.from(blake3(snap.bytes)).toString('hex')); // the core's BLAKE3 over many chunks
      expect(c.save().digest).toBe(snap.digest);
      expect(c.digest).toBe(b.digest);
      expect(c.seq).toBe(b.seq);
      stream(c, evs.slice(1000));
      expect(c.digest).toBe(a.digest);
      expect(c.orders()).toEqual(a.orders());
      // tamper: one quantity of a limit order in the middle
      const k = evs.findIndex((e, i) => i > 700 && e.type === 'limit');
      const tampered = evs.map((e, i) => (i === k ? { ...e, quantity: '0.999' } as BookEvent : e));
      const t = stream(new OrderBook(opts), tampered);
      const at = stream(new OrderBook(opts), evs.slice(0, k)).length;
      for (let i = 0; i < Math.min(t.length, chain.length); i++) {
        if (i < at) expect(t[i]).toBe(chain[i]); else expect(t[i]).not.toBe(chain[i]);
      }
    });
  }

  it('digest: false gives the same trades and orders, and a digest of zeros', () => {
    const evs = randomStream(1500, 3);
    const a = new OrderBook(OPTS), b = new OrderBook({ ...OPTS, digest: false });
    const ta: unknown[] = [], tb: unknown[] = [];
    for (const e of evs) {
      try { ta.push(a.submit(e).trades); } catch { ta.push('rejected'); }
      try { tb.push(b.submit(e).trades); } catch { tb.push('rejected'); }
    }
    expect(tb).toEqual(ta);
    expect(b.orders()).toEqual(a.orders());
    expect(b.seq).toBe(a.seq);
    expect(b.digest).toBe('0'.repeat(64));
    expect(a.digest).not.toBe('0'.repeat(64));
  });

  it('a snapshot that does not fit is INVALID_SNAPSHOT', () => {
    const b = new OrderBook(OPTS);
    b.submit(lim(1, 1, 'sell', '10.00', '1'));
    const bytes = b.save().bytes.slice();
    bytes[64 + 8 + 6] = 0x7f; // price far beyond the cap
    expect(codeOf(() => OrderBook.restore(OPTS, bytes))).toBe('INVALID_SNAPSHOT');
    expect(codeOf(() => OrderBook.restore({ ...OPTS, network: { grid: NET } }, b.save()))).toBe('INVALID_SNAPSHOT');
  });
});

describe('grid and fees', () => {
  it('a trade moves only what every line can carry; a blocked pair is skipped and names its line', () => {
    const b = new OrderBook({ ...OPTS, network: { grid: NET } });
    b.submit(lim(1, 1, 'sell', '10.00', '10', { bus: 'n1' }));
    b.submit(lim(2, 2, 'sell', '11.00', '10', { bus: 'n2' }));
    const r = b.submit(lim(3, 3, 'buy', '20.00', '20', { bus: 'n3' }));
    const flows = b.flows();
    for (let l = 0; l < 3; l++) { expect(flows[l]).toBeLessThanOrEqual(NET.network.lineMaxFlowMw[l]); expect(flows[l]).toBeGreaterThanOrEqual(NET.network.lineMinFlowMw[l]); }
    expect(r.trades.length).toBeGreaterThan(0);
    expect(r.trades[0].sellId).toBe(1);
    const blocked = r.notes.filter((n) => n.kind === 'blocked');
    expect(blocked.length).toBeGreaterThan(0);
    expect(blocked[0].line).toBeGreaterThanOrEqual(0);
    // the line that blocks is at its bound
    const l = blocked[blocked.length - 1].line;
    expect(Math.abs(flows[l] - NET.network.lineMaxFlowMw[l]) < 1e-3 || Math.abs(flows[l] - NET.network.lineMinFlowMw[l]) < 1e-3).toBe(true);
  });

  it('the floored room that still overloads a line by f64 rounding is cut by a tick (grid.ts fits)', () => {
    // one line, t = 1: room (0.963 - 0.342) x 1000 floors to 621 ticks, but 0.342 + 0.621 is
    // 0.9630000000000001 > 0.963; 620 fits, then the top-up finds one more tick (0.962 + 0.001 fits)
    const two = GridModel.from({ baseMVA: 100, buses: [{ id: 'a' }, { id: 'b' }], lines: [{ id: 'ab', from: 'a', to: 'b', x: 0.1, maxFlow: '0.963', minFlow: '-0.963' }] });
    expect(0.342 + 621 / 1000).toBeGreaterThan(0.963);
    const b = new OrderBook({ ...OPTS, network: { grid: two, flows: [0.342] } });
    b.submit(lim(1, 1, 'sell', '10.00', '1', { bus: 'a' }));
    const r = b.submit(lim(2, 2, 'buy', '10.00', '1', { bus: 'b' }));
    const f = b.flows()[0];
    expect(f).toBeLessThanOrEqual(0.963);
    expect(r.trades.map((t) => t.quantityTicks)).toEqual([621n]);
    expect(f).toBe(0.342 + 620 / 1000 + 1 / 1000);
    expect(r.notes.map((n) => n.kind)).toEqual([]);
  });

  it('a match needs bid >= ask + fee; settlement per trade and per operator is exact', () => {
    const opts: BookOptions = {
      ...OPTS, network: { grid: NET },
      fees: { payer: 'shared', zones: { n1: 'A', n2: 'B', n3: 'B' }, components: [{ operator: 'dso', perUnit: '0.50', fromZone: 'A', toZone: 'B' }, { operator: 'tso', percent: '1' }] },
    };
    const b = new OrderBook(opts);
    b.submit(lim(1, 1, 'sell', '10.00', '1', { bus: 'n1' }));
    expect(b.submit(lim(2, 2, 'buy', '10.59', '1', { bus: 'n2' })).trades).toEqual([]); // 10.00 + 0.50 + 0.10 = 10.60
    const r = b.submit(lim(3, 3, 'buy', '10.60', '1', { bus: 'n2' }));
    expect(r.trades.map((t) => [t.priceTicks, t.feeTicks])).toEqual([[1000n, 60n]]);
    const s = settleBook(b.config, r.trades);
    expect(s.trades[0]).toMatchObject({ energy: '10.00000', fees: [{ operator: 'dso', amount: '0.50000' }, { operator: 'tso', amount: '0.10000' }], buyerPays: '10.30000', sellerReceives: '9.70000' });
    expect(s.operators).toEqual({ dso: '0.50000', tso: '0.10000' });
    expect(s.buyersPay).toBe('10.30000');
  });

  it('gate closure: the remaining book clears in the call auction with its priority as sequence', () => {
    const b = new OrderBook(OPTS);
    b.submit(lim(1, 1, 'sell', '10.00', '1'));
    b.submit(lim(2, 2, 'buy', '9.00', '2'));
    b.submit(lim(3, 3, 'sell', '12.00', '1'));
    const m = b.toMarket();
    expect(m.orders.map((o) => [o.id, o.side, o.price, o.sequence])).toEqual([['2', 'buy', '9.00', 0], ['1', 'sell', '10.00', 1], ['3', 'sell', '12.00', 2]]);
    expect(clearAuction(m).volumeTicks).toBe(0n); // an uncrossed book: nothing trades
  });
});
