// The book benchmark's random event stream (bench/book.bench.mjs), shared with the A/B script
// bench/experiments/book-ab.mjs so that both time the same events.
import { prng } from './market.mjs';

/**
 * A stream of n events in ticks (price 2 decimals, quantity 3): 62% limit (90% GTC, 10% IOC) around
 * a slowly drifting mid, 8% market (IOC, limit 0.50 beyond the mid), 15% cancels and 15% modifies of resting
 * orders (half a smaller quantity, half a new price). Generated against a gridclear book with the
 * same options (`opts`), so that every cancel and modify names an order that rests at that point;
 * one participant per order (no self-trade prevention, which the npm books do not all have).
 * `lib`: the gridclear library whose OrderBook generates it.
 */
export function stream(lib, n, seed, busIds, opts) {
  const buses = busIds ? busIds.map((_, b) => b) : undefined;
  const r = prng(seed);
  const ev = {
    kind: new Uint8Array(n), side: new Uint8Array(n), tif: new Uint8Array(n), flags: new Uint8Array(n),
    time: new BigInt64Array(n), id: new BigInt64Array(n), participant: new Int32Array(n), priceTicks: new BigInt64Array(n),
    quantityTicks: new BigInt64Array(n), expires: new BigInt64Array(n), bus: new Int32Array(n),
  };
  const price = new Float64Array(n), qty = new Float64Array(n), id = new Float64Array(n);
  const book = new lib.OrderBook(opts);
  const live = [], pos = new Map(); // live ids (swap-remove) and their positions
  const drop = (oid) => { const k = pos.get(oid); if (k === undefined) return; const last = live.pop(); if (last.id !== oid) { live[k] = last; pos.set(last.id, k); } pos.delete(oid); };
  const sideOf = new Map();
  let mid = 5000;
  for (let i = 0; i < n; i++) {
    mid += Math.round((r() - 0.5) * 4);
    if (mid < 3000) mid = 3000; else if (mid > 7000) mid = 7000;
    const u = r();
    ev.time[i] = BigInt(i >> 4);
    if (u < 0.3 && live.length > 0) {
      const o = live[Math.floor(r() * live.length)];
      ev.id[i] = BigInt(o.id); id[i] = o.id; ev.participant[i] = o.participant;
      if (u < 0.15) ev.kind[i] = 2;
      else if (u < 0.225) {
        ev.kind[i] = 3; ev.flags[i] = 2;
        const q = Math.max(1, Math.floor(o.qty / 2));
        ev.quantityTicks[i] = BigInt(q); qty[i] = q;
      } else {
        ev.kind[i] = 3; ev.flags[i] = 1;
        const p = o.side === 0 ? mid - 1 - Math.floor(r() * 60) : mid + 1 + Math.floor(r() * 60);
        ev.priceTicks[i] = BigInt(p); price[i] = p;
      }
    } else {
      const side = r() < 0.5 ? 0 : 1;
      const q = 100 + Math.floor(r() * 49) * 100;
      ev.side[i] = side; ev.participant[i] = i % 1000000; ev.id[i] = BigInt(i); id[i] = i;
      ev.quantityTicks[i] = BigInt(q); qty[i] = q;
      if (buses) ev.bus[i] = buses[Math.floor(r() * buses.length)];
      if (u < 0.38) {
        ev.kind[i] = 1; ev.tif[i] = 2;
        const p = side === 0 ? mid + 50 : mid - 50; // a price limit 0.50 beyond the mid (the npm books' market orders have none)
        ev.priceTicks[i] = BigInt(p); price[i] = p;
      } else {
        ev.kind[i] = 0;
        ev.tif[i] = r() < 0.1 ? 2 : 0;
        const off = Math.floor(r() * 80) - 12; // mostly behind the mid, some crossing
        const p = side === 0 ? mid - off : mid + off;
        ev.priceTicks[i] = BigInt(p); price[i] = p;
      }
    }
    const res = book.submit(eventObject(ev, price, qty, id, i, busIds));
    for (const t of res.trades) {
      const rid = t.buyId === id[i] ? t.sellId : t.buyId;
      const k = pos.get(rid);
      if (k !== undefined && rid !== id[i]) { const o = live[k]; o.qty -= Number(t.quantityTicks); if (o.qty <= 0) drop(rid); }
    }
    const oid = id[i];
    if (ev.kind[i] >= 2) drop(oid);
    if (res.restingTicks > 0n) { pos.set(oid, live.length); live.push({ id: oid, participant: ev.participant[i], side: ev.kind[i] <= 1 ? ev.side[i] : sideOf.get(oid), qty: Number(res.restingTicks) }); }
    if (ev.kind[i] <= 1) sideOf.set(oid, ev.side[i]);
  }
  return { ev, price, qty, id, n };
}

/** Event i of the columns as a streaming-API event object. */
export function eventObject(ev, price, qty, id, i, busIds) {
  const k = ev.kind[i], time = Number(ev.time[i]), participant = ev.participant[i];
  if (k === 2) return { type: 'cancel', id: id[i], participant, time };
  if (k === 3) return ev.flags[i] === 2 ? { type: 'modify', id: id[i], participant, quantity: qty[i] / 1000, time }
    : { type: 'modify', id: id[i], participant, price: price[i] / 100, time };
  const e = { type: k === 0 ? 'limit' : 'market', id: id[i], participant, side: ev.side[i] === 0 ? 'buy' : 'sell', price: price[i] / 100, quantity: qty[i] / 1000, tif: ev.tif[i] === 2 ? 'ioc' : 'gtc', time };
  if (busIds) e.bus = busIds[ev.bus[i]];
  return e;
}

