// A straightforward reference order book in plain TypeScript (sorted arrays, no tricks), written
// from docs/book.md: the tests compare its trades, notes and digests with the Wasm book's.
import { blake3 } from '@noble/hashes/blake3.js';
import type { BookConfig } from '../../src/book/config.js';

export interface RefEvent {
  kind: number; side: number; tif: number; flags: number; time: number; id: number; participant: number;
  price: number; qty: number; expires: number; bus: number;
}
interface RefOrder { id: number; side: number; tif: number; price: number; qty: number; expires: number; part: number; bus: number; }
export interface RefTrade { buyId: number; sellId: number; price: number; qty: number; fee: number; buyer: number; seller: number; buyBus: number; sellBus: number; }
export interface RefNote { kind: number; line: number; id: number; qty: number; by: number; }
export interface RefResult { error?: string; seq?: number; trades: RefTrade[]; notes: RefNote[]; digest: string; }

export class RefBook {
  bids: RefOrder[] = [];
  asks: RefOrder[] = [];
  flows: number[];
  seq = 0;
  lastTime = -Infinity;
  digest: Uint8Array = new Uint8Array(32);
  private noted = new Set<number>();
  private trades: RefTrade[] = [];
  private notes: RefNote[] = [];

  constructor(readonly cfg: BookConfig, readonly floor: number, readonly cap: number, readonly qtyMax: number) {
    this.flows = Array.from(cfg.flows);
  }

  private find(id: number): RefOrder | undefined {
    return this.bids.find((o) => o.id === id) ?? this.asks.find((o) => o.id === id);
  }

  private alive(o: RefOrder | undefined, time: number): o is RefOrder {
    return o !== undefined && !(o.tif === 1 && o.expires <= time);
  }

  private validate(e: RefEvent): string | undefined {
    if (e.kind < 0 || e.kind > 3) return 'kind';
    if (e.time < this.lastTime) return 'time';
    const o = this.find(e.id);
    const priceOk = (p: number) => p >= this.floor && p <= this.cap;
    const qtyOk = (q: number) => q > 0 && q <= this.qtyMax;
    if (e.kind >= 2) {
      if (!this.alive(o, e.time)) return 'unknown';
      if (o.part !== e.participant) return 'owner';
      if (e.kind === 3) {
        if (e.flags < 1 || e.flags > 3) return 'flags';
        if ((e.flags & 1) && !priceOk(e.price)) return 'price';
        if ((e.flags & 2) && !qtyOk(e.qty)) return 'qty';
      }
      return undefined;
    }
    if (e.side < 0 || e.side > 1) return 'side';
    if (e.tif < 0 || e.tif > 3 || (e.kind === 1 && e.tif < 2)) return 'tif';
    if (!priceOk(e.price)) return 'price';
    if (!qtyOk(e.qty)) return 'qty';
    if (e.bus < 0 || e.bus >= Math.max(this.cfg.buses, 1)) return 'bus';
    if (e.tif === 1 ? e.expires <= e.time : e.expires !== 0) return 'expires';
    if (this.alive(o, e.time)) return 'duplicate';
    return undefined;
  }

  private remove(o: RefOrder): void {
    const list = o.side === 0 ? this.bids : this.asks;
    list.splice(list.indexOf(o), 1);
  }

  private rest(o: RefOrder): void {
    const list = o.side === 0 ? this.bids : this.asks;
    let i = 0;
    while (i < list.length && (o.side === 0 ? list[i].price >= o.price : list[i].price <= o.price)) i++;
    list.splice(i, 0, o);
  }

  private note(o: RefOrder, kind: number, line: number, qty: number, by: number): void {
    if (this.noted.has(o.id)) return;
    this.noted.add(o.id);
    this.notes.push({ kind, line, id: o.id, qty, by });
  }

  submit(e: RefEvent): RefResult {
    const err = this.validate(e);
    if (err) return { error: err, trades: [], notes: [], digest: hex(this.digest) };
    const prevTime = this.seq === 0 ? 0 : this.lastTime;
    this.lastTime = e.time;
    this.trades = []; this.notes = []; this.noted = new Set();
    for (const o of [...this.bids, ...this.asks].filter((x) => x.tif === 1 && x.expires <= e.time)) {
      this.note(o, 3, -1, o.qty, 0);
      this.remove(o);
    }
    this.seq++;
    if (e.kind <= 1) {
      this.enter({ id: e.id, side: e.side, tif: e.tif, price: e.price, qty: e.qty, expires: e.tif === 1 ? e.expires : 0, part: e.participant, bus: e.bus },
        e.kind === 0 && e.tif <= 1);
    } else {
      const o = this.find(e.id)!;
      if (e.kind === 2) this.remove(o);
      else {
        const np = e.flags & 1 ? e.price : o.price, nq = e.flags & 2 ? e.qty : o.qty;
        if (np === o.price && nq <= o.qty) o.qty = nq; // keeps its place
        else {
          this.remove(o);
          this.enter({ ...o, price: np, qty: nq }, true);
        }
      }
    }
    const trades = this.trades.map((t) => tradeBytes(t, e.id));
    // book-log/2: BLAKE3 keyed with the previous digest, of the event record and its trade records
    this.digest = blake3(concat([this.record(e, e.time - prevTime), ...trades]), { key: this.digest });
    return { seq: this.seq, trades: this.trades, notes: this.notes, digest: hex(this.digest) };
  }

  private enter(o: RefOrder, rests: boolean): void {
    if (o.tif === 3 && this.walk(o, true) > 0) {
      this.notes.push({ kind: 4, line: -1, id: o.id, qty: o.qty, by: 0 });
      return;
    }
    const left = this.walk(o, false);
    if (left === 0) return;
    if (rests) this.rest({ ...o, qty: left });
    else this.notes.push({ kind: 4, line: -1, id: o.id, qty: left, by: 0 });
  }

  private walk(inc: RefOrder, dry: boolean): number {
    const grid = this.cfg.buses > 0 && this.cfg.lines > 0;
    const flows = dry ? [...this.flows] : this.flows;
    const dryQty = new Map<RefOrder, number>();
    let remaining = inc.qty;
    // pairs found blocked in this walk: the resting bus -> blocking line, its side and flow then
    const cache = new Map<number, { line: number; dir: number; flow: number }>();
    const still = (bus: number) => {
      const c = cache.get(bus);
      if (!c) return false;
      if (c.line < 0) return true;
      return c.dir > 0 ? flows[c.line] >= c.flow : flows[c.line] <= c.flow;
    };
    for (;;) {
      let blocked = false, retry = false;
      const opp = inc.side === 0 ? this.asks : this.bids;
      for (const o of [...opp]) {
        if (inc.side === 0 ? o.price > inc.price : o.price < inc.price) break;
        if (o.part === inc.part) {
          if (!dry) { this.note(o, 2, -1, o.qty, inc.id); this.remove(o); }
          continue;
        }
        const avail = dry ? (dryQty.get(o) ?? o.qty) : o.qty;
        if (avail === 0) continue;
        const sellBus = inc.side === 0 ? o.bus : inc.bus, buyBus = inc.side === 0 ? inc.bus : o.bus;
        const fee = this.fee(o.price, sellBus, buyBus);
        const bid = inc.side === 0 ? inc.price : o.price, ask = inc.side === 0 ? o.price : inc.price;
        if (bid < ask + fee) continue;
        let q = Math.min(remaining, avail);
        if (grid) {
          if (still(o.bus)) {
            if (!dry) this.note(o, 1, cache.get(o.bus)!.line, avail, inc.id);
            blocked = true;
            continue;
          }
          const [room, line, dir] = this.room(flows, sellBus, buyBus, q);
          if (room === 0) {
            cache.set(o.bus, { line, dir, flow: line >= 0 ? flows[line] : 0 });
            if (!dry) this.note(o, 1, line, avail, inc.id);
            blocked = true;
            continue;
          }
          q = room;
          this.apply(flows, sellBus, buyBus, q);
          // the room left after a grid-limited trade can be a tick more (f64 flows): take it too
          const want = Math.min(remaining, avail);
          let cut: [number, number, number] = [0, line, dir];
          while (q < want) {
            cut = this.room(flows, sellBus, buyBus, want - q);
            if (cut[0] === 0) break;
            this.apply(flows, sellBus, buyBus, cut[0]);
            q += cut[0];
          }
          if (blocked) retry = true;
          if (q < want) {
            // cut short by the grid: blocked like a pair with no room (a relieving trade retries it)
            cache.set(o.bus, { line: cut[1], dir: cut[2], flow: cut[1] >= 0 ? flows[cut[1]] : 0 });
            blocked = true;
          }
        }
        if (dry) dryQty.set(o, avail - q);
        else {
          // the same resting order again in this event (a retry): one trade, the quantities summed
          const again = this.trades.find((t) => (inc.side === 0 ? t.sellId : t.buyId) === o.id);
          if (again) again.qty += q;
          else this.trades.push(inc.side === 0
            ? { buyId: inc.id, sellId: o.id, price: o.price, qty: q, fee, buyer: inc.part, seller: o.part, buyBus: inc.bus, sellBus: o.bus }
            : { buyId: o.id, sellId: inc.id, price: o.price, qty: q, fee, buyer: o.part, seller: inc.part, buyBus: o.bus, sellBus: inc.bus });
          o.qty -= q;
          if (o.qty === 0) this.remove(o);
        }
        remaining -= q;
        if (remaining === 0) return 0;
      }
      if (!retry) return remaining;
    }
  }

  private fee(price: number, sell: number, buy: number): number {
    const cfg = this.cfg;
    const zs = cfg.buses > 0 ? cfg.busZone[sell] : -1, zb = cfg.buses > 0 ? cfg.busZone[buy] : -1;
    let fee = 0;
    for (const c of cfg.fees) {
      if ((c.fromZone !== -1 && c.fromZone !== zs) || (c.toZone !== -1 && c.toZone !== zb)) continue;
      fee += Number(c.constTicks) + Math.floor(Math.abs(price) * Number(c.ppm) / 1e6);
      if (c.rate !== 0) {
        let d = 0;
        if (sell !== buy) for (let l = 0; l < cfg.lines; l++) d += Math.abs(cfg.ptdf[sell * cfg.lines + l] - cfg.ptdf[buy * cfg.lines + l]);
        fee += Math.floor(c.rate * d);
      }
    }
    return fee;
  }

  private t(sell: number, buy: number, l: number): number {
    return this.cfg.ptdf[sell * this.cfg.lines + l] - this.cfg.ptdf[buy * this.cfg.lines + l];
  }

  private room(flows: number[], sell: number, buy: number, want: number): [number, number, number] {
    const cfg = this.cfg;
    if (sell === buy) return [want, -1, 0];
    if (cfg.busIsland[sell] !== cfg.busIsland[buy]) return [0, -1, 0];
    const scale = 10 ** cfg.quantityDecimals;
    const qm = want / scale;
    let worst = Infinity, line = -1, dir = 0;
    for (let l = 0; l < cfg.lines; l++) {
      const t = this.t(sell, buy, l), f = flows[l], nf = f + t * qm;
      if (nf > cfg.lineMax[l]) { const c = (cfg.lineMax[l] - f) / t; if (c < worst) { worst = c; line = l; dir = 1; } }
      else if (nf < cfg.lineMin[l]) { const c = (cfg.lineMin[l] - f) / t; if (c < worst) { worst = c; line = l; dir = -1; } }
    }
    if (line < 0) return [want, -1, 0];
    const lim = Math.floor(worst * scale);
    let q = lim > 0 ? (lim < want ? lim : want) : 0;
    const fits = (qq: number) => {
      for (let l = 0; l < cfg.lines; l++) {
        const nf = flows[l] + this.t(sell, buy, l) * (qq / scale);
        if (nf > cfg.lineMax[l] || nf < cfg.lineMin[l]) return false;
      }
      return true;
    };
    while (q > 0 && !fits(q)) q--;
    while (q < want && fits(q + 1)) q++; // the quotient a hair under a whole tick that fits
    return [q, line, dir];
  }

  private apply(flows: number[], sell: number, buy: number, q: number): void {
    if (sell === buy) return;
    const qm = q / 10 ** this.cfg.quantityDecimals;
    for (let l = 0; l < this.cfg.lines; l++) flows[l] = flows[l] + this.t(sell, buy, l) * qm;
  }

  /** The canonical event record of docs/formats.md (compact: a type byte, then varints). */
  private record(e: RefEvent, dt: number): Uint8Array {
    const order = e.kind <= 1;
    const out = [order ? e.kind | (e.side << 2) | (e.tif << 3) : e.kind | ((e.kind === 3 ? e.flags : 0) << 5)];
    out.push(...zig(dt), ...varint(e.id), ...varint(e.participant));
    if (order) {
      out.push(...zig(e.price), ...varint(e.qty), ...varint(e.bus));
      if (e.tif === 1) out.push(...varint(e.expires - e.time));
    } else if (e.kind === 3) {
      if (e.flags & 1) out.push(...zig(e.price));
      if (e.flags & 2) out.push(...varint(e.qty));
    }
    return Uint8Array.from(out);
  }
}

/** The canonical trade record: the resting order's id (the one that is not the event's), price, quantity, fee. */
function tradeBytes(t: RefTrade, eventId: number): Uint8Array {
  const resting = t.buyId === eventId ? t.sellId : t.buyId;
  return Uint8Array.from([...varint(resting), ...zig(t.price), ...varint(t.qty), ...zig(t.fee)]);
}

/** Unsigned LEB128: 7 bits a byte, low bits first, the high bit set on every byte but the last. */
function varint(x: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(x));
  const out: number[] = [];
  while (v >= 0x80n) { out.push(Number(v & 0x7fn) | 0x80); v >>= 7n; }
  out.push(Number(v));
  return out;
}

/** Zigzag: 0, -1, 1, -2, ... as 0, 1, 2, 3, ... then LEB128. */
function zig(x: number): number[] {
  const v = BigInt(x);
  return varint(v >= 0n ? 2n * v : -2n * v - 1n);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

export function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
