// The Wasm order book against the plain reference book (test/helpers/bookReference.ts) on random
// event streams, with and without a network and fees, and the book's invariants after every event.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OrderBook, type BookOptions, type EventColumns } from '../../src/book/index.js';
import { GridModel } from '../../src/grid/index.js';
import type { Network } from '../../src/model/types.js';
import { RefBook, type RefEvent } from '../helpers/bookReference.js';

const RUNS = { numRuns: Number(process.env.BOOK_RUNS ?? 60) };
const NET: Network = {
  baseMVA: 100,
  buses: [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }, { id: 'e' }],
  lines: [
    { id: 'ab', from: 'a', to: 'b', x: 0.1, maxFlow: '3', minFlow: '-3' },
    { id: 'bc', from: 'b', to: 'c', x: 0.2, maxFlow: '2.5', minFlow: '-4' },
    { id: 'ca', from: 'c', to: 'a', x: 0.15, maxFlow: '5', minFlow: '-1.5' },
    { id: 'cd', from: 'c', to: 'd', x: 0.1, maxFlow: '1', minFlow: '-1' },
  ],
};
const GRID = GridModel.from(NET);
const BASE: BookOptions = { priceDecimals: 0, quantityDecimals: 3, priceFloor: '-5', priceCap: '20', capacity: 4 };
const WITH_NET: BookOptions = { ...BASE, network: { grid: GRID, flows: [0.5, -1, 0, 0] } };
const WITH_FEES: BookOptions = {
  ...WITH_NET,
  fees: {
    payer: 'shared', zones: { a: 'north', b: 'north', c: 'south', d: 'south' },
    components: [
      { operator: 'dso-n', perUnit: '1', fromZone: 'north', toZone: 'south' },
      { operator: 'tso', percent: '12.5' },
      { operator: 'tso', perDistance: 1.5 },
    ],
  },
};

// A meshed network where a few lines bind and most have room to spare: gridRoom checks only the
// lines that an order's quantity could push past a bound (grid.ts ensureTight), so the loose lines
// must never be the ones that block, and the blocking line must be the one a scan of all finds.
const MESH_BUSES = 12;
const MESH: Network = {
  baseMVA: 100,
  buses: Array.from({ length: MESH_BUSES }, (_, b) => ({ id: `m${b}` })),
  lines: Array.from({ length: 2 * MESH_BUSES }, (_, l) => {
    const from = l % MESH_BUSES, to = l < MESH_BUSES ? (from + 1) % MESH_BUSES : (from * 5 + 3) % MESH_BUSES;
    const max = [0.8, 40, 2.5, 200, 1.2, 15, 90, 3][l % 8];
    return { id: `ml${l}`, from: `m${from}`, to: `m${to === from ? (to + 2) % MESH_BUSES : to}`, x: 0.05 + (l % 5) * 0.03, maxFlow: String(max), minFlow: String(-max * (l % 3 === 0 ? 0.5 : 1)) };
  }),
};
const MESH_GRID = GridModel.from(MESH);
const WITH_MESH: BookOptions = { ...BASE, network: { grid: MESH_GRID, flows: MESH.lines.map((_, l) => (l % 4 === 1 ? 0.3 : 0)) } };
// The mesh with a third of its lines at their upper bound and a third at their lower bound: most
// pairs are blocked by several lines at once (ties at zero room: the lowest index is the one
// noted), which gridRoom finds on the lines that can bind a single tick (grid.ts).
const WITH_MESH_AT_BOUNDS: BookOptions = {
  ...BASE,
  network: { grid: MESH_GRID, flows: MESH.lines.map((ln, l) => (l % 3 === 0 ? Number(ln.maxFlow) : l % 3 === 1 ? Number(ln.minFlow) : 0)) },
};

// The mesh with radial branches (a leaf bus on eight mesh buses, four of them two deep, and a
// parallel pair of leaf lines), their lines between the mesh lines in index order: the PTDF entries
// of a radial line are nonzero only for the buses beyond it, so the core keeps such lines apart
// (after the dense ones; grid.ts addFlows updates them from the two buses' sparse entries) and
// must still note the lowest index on ties (at their bounds: room 0 on a radial and a mesh line).
const RADIAL: Network = {
  baseMVA: 100,
  buses: [...MESH.buses, ...Array.from({ length: 12 }, (_, k) => ({ id: `r${k}` }))],
  lines: MESH.lines.flatMap((ml, l) => {
    const k = l >> 1;
    if (l % 2 === 1 || k >= 12) return [ml];
    const from = k < 8 ? `m${k}` : `r${k - 8}`, max = [0.6, 1.5, 4, 0.9][k % 4];
    const radial = { id: `rl${k}`, from, to: `r${k}`, x: 0.07, maxFlow: String(max), minFlow: String(-max) };
    return k === 5 ? [ml, radial, { ...radial, id: 'rl5b' }] : [ml, radial];
  }),
};
const RADIAL_GRID = GridModel.from(RADIAL);
const WITH_RADIAL: BookOptions = { ...BASE, network: { grid: RADIAL_GRID, flows: RADIAL.lines.map((_, l) => (l % 5 === 2 ? 0.2 : 0)) } };
const WITH_RADIAL_AT_BOUNDS: BookOptions = {
  ...BASE,
  network: { grid: RADIAL_GRID, flows: RADIAL.lines.map((ln, l) => (l % 3 === 0 ? Number(ln.maxFlow) : l % 3 === 1 ? Number(ln.minFlow) : 0)) },
};
// -0 starting flows: adding a +0 change makes them +0, so the core may not skip the radial lines
const WITH_RADIAL_NEG_ZERO: BookOptions = { ...BASE, network: { grid: RADIAL_GRID, flows: RADIAL.lines.map(() => -0) } };

/** A random event (small id, participant and price spaces so that events collide and trade). */
function genEvent(buses: number): fc.Arbitrary<RefEvent> {
  const w = <T,>(pairs: [number, T][]) => fc.oneof(...pairs.map(([weight, v]) => ({ weight, arbitrary: fc.constant(v) })));
  return fc.record({
    kind: w([[50, 0], [10, 1], [15, 2], [15, 3], [1, 5]]),
    side: w([[50, 0], [50, 1], [1, 2]]),
    tif: w([[60, 0], [15, 1], [12, 2], [12, 3]]),
    flags: w([[10, 1], [10, 2], [10, 3], [1, 0]]),
    dt: w([[5, 0], [3, 1], [1, 3]]),
    id: fc.integer({ min: 0, max: 40 }),
    wrong: w([[20, 0], [1, 1]]),
    price: fc.oneof({ weight: 30, arbitrary: fc.integer({ min: 3, max: 12 }) }, { weight: 1, arbitrary: fc.constantFrom(-6, -5, 20, 21) }),
    qty: w([[1, 1], [5, 500], [5, 1000], [4, 1500], [4, 2000], [3, 2500], [2, 4000], [1, 0], [1, 7]]),
    exp: w([[1, -1], [1, 0], [5, 1], [5, 3], [3, 6]]),
    bus: fc.integer({ min: 0, max: Math.max(buses, 1) - 1 }),
  }).map((r) => ({ ...r, participant: 0, time: r.dt, expires: r.exp }));
}

/**
 * Absolute times from the increments (a few going back, to reach OUT_OF_ORDER); new orders get
 * fresh ids (a few reuse one), cancels and modifies name one of the last ten orders; the
 * participant follows the id (a few name another, to reach NOT_OWNER).
 */
function withTimes(evs: (RefEvent & { dt: number; wrong: number })[]): RefEvent[] {
  let t = 0;
  return evs.map((e, i) => {
    t += e.dt;
    const time = i % 23 === 22 ? t - 1 : t;
    const id = e.kind <= 1 && e.id % 20 !== 0 ? 100 + i : 100 + Math.max(0, i - 1 - (e.id % 10));
    return { ...e, id, participant: (id + e.wrong) % 5, time, expires: e.tif === 1 ? time + e.expires : (e.expires === -1 && e.kind === 0 ? 1 : 0) };
  });
}

function columns(evs: RefEvent[]): EventColumns {
  return {
    kind: Uint8Array.from(evs, (e) => e.kind), side: Uint8Array.from(evs, (e) => e.side), tif: Uint8Array.from(evs, (e) => e.tif),
    flags: Uint8Array.from(evs, (e) => e.flags), time: BigInt64Array.from(evs, (e) => BigInt(e.time)), id: BigInt64Array.from(evs, (e) => BigInt(e.id)),
    participant: Int32Array.from(evs, (e) => e.participant), priceTicks: BigInt64Array.from(evs, (e) => BigInt(e.price)),
    quantityTicks: BigInt64Array.from(evs, (e) => BigInt(e.qty)), expires: BigInt64Array.from(evs, (e) => BigInt(e.expires)),
    bus: Int32Array.from(evs, (e) => e.bus),
  };
}

/** What the streams reached (checked after each property: a stream family that never trades or blocks tests nothing). */
const seen = { trades: 0, blocked: 0, errors: 0, killed: 0, selfTrade: 0, expired: 0 };

const noteKey = (n: { kind: number; id: number; qty: number; line: number; by: number }) => `${n.kind}/${n.id}/${n.qty}/${n.line}/${n.by}`;

/** Runs a stream event by event through the batch API (one event per batch) and the reference. */
function compare(options: BookOptions, evs: RefEvent[]): void {
  const book = new OrderBook(options);
  const ref = new RefBook(book.config, Number(book.config.floorTicks), Number(book.config.capTicks), Number(book.config.maxQtyTicks));
  let submitted = 0n, traded = 0n, cancelled = 0n;
  for (let i = 0; i < evs.length; i++) {
    const e = evs[i];
    const before = book.orders();
    const r = book.submitColumns(columns([e]));
    const x = ref.submit(e);
    expect(r.error === undefined, `event ${i} ${JSON.stringify(e)} ref ${x.error} book ${r.error?.message}`).toBe(x.error === undefined);
    if (r.error) {
      seen.errors++;
      expect(book.orders()).toEqual(before); // a bad event changes nothing
      continue;
    }
    const t = r.trades;
    const trades = Array.from({ length: t.length }, (_, k) => ({
      buyId: Number(t.buyId[k]), sellId: Number(t.sellId[k]), price: Number(t.priceTicks[k]), qty: Number(t.quantityTicks[k]), fee: Number(t.feeTicks[k]),
      buyer: t.buyer[k], seller: t.seller[k], buyBus: t.buyBus[k], sellBus: t.sellBus[k],
    }));
    expect(trades).toEqual(x.trades);
    const nv = new DataView(r.notes.buffer, r.notes.byteOffset, r.notes.byteLength);
    const notes = Array.from({ length: r.notes.length / 32 }, (_, k) => noteKey({
      kind: nv.getInt32(32 * k, true), line: nv.getInt32(32 * k + 4, true), id: Number(nv.getBigInt64(32 * k + 8, true)),
      qty: Number(nv.getBigInt64(32 * k + 16, true)), by: Number(nv.getBigInt64(32 * k + 24, true)),
    })).sort();
    expect(notes).toEqual(x.notes.map(noteKey).sort());
    expect(r.digest).toBe(x.digest);
    seen.trades += trades.length;
    for (const n of x.notes) {
      if (n.kind === 1) seen.blocked++; else if (n.kind === 2) seen.selfTrade++; else if (n.kind === 3) seen.expired++; else seen.killed++;
    }
    // conservation: submitted = traded + resting + cancelled (a modify counts as cancel + submit)
    const restingBefore = new Map(before.map((o) => [o.id, o.quantityTicks]));
    if (e.kind <= 1) submitted += BigInt(e.qty);
    if (e.kind === 2) cancelled += restingBefore.get(e.id)!;
    if (e.kind === 3) {
      const old = restingBefore.get(e.id)!;
      cancelled += old;
      submitted += e.flags & 2 ? BigInt(e.qty) : old;
    }
    for (const n of x.notes) if (n.kind !== 1) cancelled += BigInt(n.qty);
    for (const tr of trades) traded += 2n * BigInt(tr.qty);
    const resting = book.orders().reduce((s, o) => s + o.quantityTicks, 0n);
    expect(submitted).toBe(traded + resting + cancelled);
    if (!options.network && !options.fees) {
      // priority: the resting orders an event trades with come in the book's priority order
      const rank = new Map(before.map((o, k) => [o.id, k]));
      const ranks = trades.map((tr) => rank.get(tr.buyId === e.id ? tr.sellId : tr.buyId) ?? -1);
      for (let k = 1; k < ranks.length; k++) expect(ranks[k]).toBeGreaterThan(ranks[k - 1]);
    }
    // a modify that keeps its place (same price, no larger quantity) does not walk: it stays the
    // resting side, whose price sets the trade price and so a percentage fee
    const old = before.find((o) => o.id === e.id);
    const kept = e.kind === 3 && old !== undefined && (!(e.flags & 1) || BigInt(e.price) === old.priceTicks)
      && (!(e.flags & 2) || BigInt(e.qty) <= old.quantityTicks);
    checkInvariants(book, ref, e, options, kept);
  }
}

/** After an event: flows within bounds; without a network the book is not crossed; the event's rested order has no tradeable counterparty. */
function checkInvariants(book: OrderBook, ref: RefBook, e: RefEvent, options: BookOptions, kept: boolean): void {
  const cfg = book.config;
  const flows = book.flows();
  expect(Array.from(flows)).toEqual(ref.flows);
  expect(Buffer.from(flows.buffer, flows.byteOffset, flows.byteLength).equals(Buffer.from(Float64Array.from(ref.flows).buffer))).toBe(true); // bit for bit (-0)
  for (let l = 0; l < cfg.lines; l++) {
    expect(flows[l]).toBeLessThanOrEqual(cfg.lineMax[l]);
    expect(flows[l]).toBeGreaterThanOrEqual(cfg.lineMin[l]);
  }
  const orders = book.orders();
  const bids = orders.filter((o) => o.side === 'buy'), asks = orders.filter((o) => o.side === 'sell');
  if (!options.network && !options.fees && bids.length && asks.length) expect(bids[0].priceTicks < asks[0].priceTicks).toBe(true);
  const me = orders.find((o) => o.id === e.id);
  if (me && e.kind !== 2 && !kept) {
    const r = ref as unknown as { fee(p: number, s: number, b: number): number; room(f: number[], s: number, b: number, q: number): [number, number] };
    for (const o of me.side === 'buy' ? asks : bids) {
      if (o.participant === me.participant) continue;
      const [buy, sell] = me.side === 'buy' ? [me, o] : [o, me];
      const fee = r.fee(Number(o.priceTicks), sell.bus, buy.bus);
      if (buy.priceTicks < sell.priceTicks + BigInt(fee)) continue;
      expect(cfg.lines > 0 ? r.room(ref.flows, sell.bus, buy.bus, Number(o.quantityTicks))[0] : 1).toBe(0);
    }
  }
}

describe('order book vs the reference book', () => {
  it('copper plate: identical trades, notes and digests; invariants after every event', () => {
    fc.assert(fc.property(fc.array(genEvent(0), { minLength: 20, maxLength: 120 }), (evs) => compare(BASE, withTimes(evs as never).map((e) => ({ ...e, bus: 0 })))), RUNS);
    expect(Math.min(seen.trades, seen.errors, seen.killed, seen.selfTrade, seen.expired), JSON.stringify(seen)).toBeGreaterThan(0);
  });
  it('with a network: identical trades, notes, flows and digests; no line passes a bound', () => {
    fc.assert(fc.property(fc.array(genEvent(5), { minLength: 20, maxLength: 120 }), (evs) => compare(WITH_NET, withTimes(evs as never))), RUNS);
    expect(seen.blocked).toBeGreaterThan(0);
  });
  it('with a network: a grid-limited trade leaves the pair no room (f64 flows; a stream that failed before)', () => {
    // the room before a trade was floored to 1000 ticks, the room after it computed as 1 tick more
    fc.assert(fc.property(fc.array(genEvent(5), { minLength: 20, maxLength: 120 }), (evs) => compare(WITH_NET, withTimes(evs as never))), {
      ...RUNS, seed: -1113878375, endOnFailure: true,
      path: '6:2:2:3:3:8:7:7:7:7:7:8:10:10:5:5:5:5:5:5:5:5:5:5:5:5:5:5:5:5:5:5:5:5:5:5:5:5:5:5:5:5:5:5:5:5:5:5:5:5:5:5:5:6:5:6:6:6:6:6:6:5:5:7:7:7:7:7:7:7:7:7:7:7:7:7:7:7:7:7',
    });
  });
  it('with a network: a trade the grid cut short is retried when a later trade relieves its line (a stream that failed before)', () => {
    fc.assert(fc.property(fc.array(genEvent(5), { minLength: 20, maxLength: 120 }), (evs) => compare(WITH_NET, withTimes(evs as never))), {
      ...RUNS, seed: -682057749, endOnFailure: true,
      path: '26:4:3:3:7:7:7:11:11:11:12:13:12:12:12:12:14:13:14:14:18:17:17:22:21:21:21:21:12:21:21:23:23:23:24:24:25:24:24:24:30:30:30:30:30:30:30:30:30:32:1:0:9:11:15:15:15:15:15:15:6:0:1:9:12:10:10:10:10:4:3:7:8:8:8:8:9:11:11:11:11:11:12:12:12:12:12:12:12:13:12:13:13:13:13:13:13:14:15:14:14:14:14:15:1:7:2:6:11:12:16:16:16:16:16:16:16:16:16:16:16:16:16:16',
    });
  });
  it('with a network: a room quotient a hair under a whole tick that fits is that tick (a stream that failed in CI)', () => {
    // sell 104 traded 749 of 1000 with buy 103 (line ca); the room left for one more tick was
    // (lineMin - flow) / t = 0.000999... MW, floored to 0 ticks, yet flow + t x 0.001 is within the
    // bound: a check of that tick (the invariant's) found room for the pair blocked at line ca
    fc.assert(fc.property(fc.array(genEvent(5), { minLength: 20, maxLength: 120 }), (evs) => compare(WITH_NET, withTimes(evs as never))), {
      ...RUNS, seed: 1634021623, endOnFailure: true,
      path: '44:4:1:4:10:9:9:9:9:16:18:17:17:17:17:18:23:24:23:23:24:29:29:29:32:28:30:29:29:34:33:33:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21:21',
    });
  });
  it('with a network and fees: a modify that keeps its place is not an arrival (a stream the invariant wrongly failed)', () => {
    // buy 100 at 8 kept its place after a quantity decrease; sell 101 at 5 had arrived when the
    // fee at the resting buy's price (8) left no margin; seen from 101's price the fee allows a trade
    fc.assert(fc.property(fc.array(genEvent(5), { minLength: 20, maxLength: 120 }), (evs) => compare(WITH_FEES, withTimes(evs as never))), {
      ...RUNS, seed: -1985201447, endOnFailure: true,
      path: '30:5:7:11:13:12:12:12:12:17:21:23:22:22:22:22:23:23:23:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13',
    });
  });
  it('with a meshed network where most lines have room: identical trades, notes, flows and digests', () => {
    const before = seen.blocked;
    fc.assert(fc.property(fc.array(genEvent(MESH_BUSES), { minLength: 20, maxLength: 120 }), (evs) => compare(WITH_MESH, withTimes(evs as never))), RUNS);
    expect(seen.blocked).toBeGreaterThan(before);
  });
  it('with a meshed network: a walk that trades with the same orders again and again (retries) keeps one trade per pair (a stream that failed before)', () => {
    // 83 trades with 3 resting orders in one event filled the trade buffer (2 x live + 2 records):
    // the walk stopped there while the rules (and the reference) went on matching
    fc.assert(fc.property(fc.array(genEvent(MESH_BUSES), { minLength: 20, maxLength: 120 }), (evs) => compare(WITH_MESH, withTimes(evs as never))), {
      ...RUNS, seed: -1176056553, endOnFailure: true, path: "255:2:1:1:4:6:7:3:3:9:7:7:7:7:10:8:14:14:14:18:18:18:18:22:2:1:3:17:17:22:21:21:21:21:23:28:28:32:31:31:31:31:32:37:37:37:37:28:28:28:28:28:29:28:30:30:30:30:30:30:30:30:30:30:30:30:30:30:30:30:30:30:30:30:30:30:30:31:30:31:31:32:31:31:31:33:3:4:33:33:34:33:33:33:34:34:34:34:34:35:35:35:35:37:35:35:35:35:36:31:3:31:31:31:31:36:36:36:36:36:18:27:3:29:39:39:39:39:39:39:39:39:39:39:39:39",
    });
  });
  it('with a meshed network whose lines start at their bounds: the same blocking lines as a check of every line', () => {
    const before = seen.blocked;
    fc.assert(fc.property(fc.array(genEvent(MESH_BUSES), { minLength: 20, maxLength: 120 }), (evs) => compare(WITH_MESH_AT_BOUNDS, withTimes(evs as never))), RUNS);
    expect(seen.blocked).toBeGreaterThan(before);
  });
  it('with radial branches (lines kept apart by the core): identical trades, notes, flows bit for bit and digests', () => {
    const rows = RADIAL_GRID.ptdfDense();
    const nb = RADIAL.buses.length;
    expect(rows.filter((r) => r.filter((v) => !Object.is(v, 0)).length * 8 <= nb).length).toBeGreaterThan(4);
    const before = seen.blocked;
    for (const opts of [WITH_RADIAL, WITH_RADIAL_AT_BOUNDS, WITH_RADIAL_NEG_ZERO]) {
      fc.assert(fc.property(fc.array(genEvent(nb), { minLength: 20, maxLength: 120 }), (evs) => compare(opts, withTimes(evs as never))), RUNS);
    }
    expect(seen.blocked).toBeGreaterThan(before);
  });
  it('with a network and fees (zone pair, percent, distance; shared payer)', () => {
    fc.assert(fc.property(fc.array(genEvent(5), { minLength: 20, maxLength: 120 }), (evs) => compare(WITH_FEES, withTimes(evs as never))), RUNS);
  });
});
