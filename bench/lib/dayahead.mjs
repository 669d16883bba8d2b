// Seeded day-ahead markets with block orders for bench/blocks.bench.mjs: T hourly periods, simple
// orders at random zones (or buses of a network) with a daily demand shape, and block orders
// (sells and buys over windows of 3 to 12 hours; 40% of them partly acceptable) of which a tenth
// are linked (child of an earlier block at the same place) and a tenth in exclusive groups of 3 to
// 5. Zonal markets: zones z0..z(Z-1) on a ring with chords, capacities 300..1000 MW each way.
import { prng } from './market.mjs';

/** A day-ahead market-case/2 market with blocks. `network`: a market-case/1 network (buses at which orders sit) instead of zones. */
export function dayAheadMarket({ periods = 24, zones = 10, ordersPerPeriod, blocks, seed = 1, network }) {
  const r = prng(seed), pick = (a) => a[Math.floor(r() * a.length)];
  const P = Array.from({ length: periods }, (_, t) => ({ id: `h${String(t).padStart(2, '0')}`, duration: '1' }));
  const places = network ? network.buses.map((b) => b.id) : Array.from({ length: zones }, (_, z) => `z${z}`);
  const where = (p) => (network ? { bus: p } : { zone: p });
  const market = { format: 'market-case/2', priceDecimals: 2, quantityDecimals: 3, durationDecimals: 0, priceCap: '4000', priceFloor: '-500', periods: P, orders: [] };
  if (network) market.network = network;
  else {
    market.zones = places.map((id) => ({ id }));
    market.borders = places.map((from, z) => ({ id: `r${z}`, from, to: places[(z + 1) % zones], capacity: String(300 + Math.floor(r() * 700)), reverseCapacity: String(300 + Math.floor(r() * 700)) }));
    for (let c = 0; c < Math.floor(zones / 2); c++) {
      const a = Math.floor(r() * zones), b = (a + 2 + Math.floor(r() * (zones - 3))) % zones;
      market.borders.push({ id: `c${c}`, from: places[a], to: places[b], capacity: String(200 + Math.floor(r() * 400)) });
    }
  }
  const orders = market.orders;
  P.forEach((p, t) => {
    const shape = 0.7 + 0.3 * Math.sin((Math.PI * (t - 6)) / 12);
    for (let i = 0; i < ordersPerPeriod; i++) {
      const sell = r() < 0.5, at = pick(places);
      orders.push({
        id: `o${t}_${i}`, period: p.id, side: sell ? 'sell' : 'buy', ...where(at),
        price: (sell ? 5 + 95 * r() : 20 + 130 * r() * shape).toFixed(2),
        quantity: (0.1 + (sell ? 20 : 20 * shape) * r()).toFixed(3),
      });
    }
  });
  const list = [];
  for (let k = 0; k < blocks; k++) {
    const sell = r() < 0.7, len = 3 + Math.floor(r() * 10), start = Math.floor(r() * (periods - len + 1));
    const q = (5 + 45 * r()).toFixed(3), profile = {};
    for (let t = start; t < start + len && t < periods; t++) profile[P[t].id] = q;
    const b = { id: `B${String(k).padStart(5, '0')}`, side: sell ? 'sell' : 'buy', price: (sell ? 30 + 40 * r() : 50 + 40 * r()).toFixed(2), profile };
    if (r() < 0.4) b.minAcceptanceRatio = (0.2 + 0.6 * r()).toFixed(2);
    const kind = k % 10;
    if (kind === 3 && k > 0) { const parent = list[Math.floor(r() * k)]; b.parent = parent.id; Object.assign(b, network ? { bus: parent.bus } : { zone: parent.zone }); }
    else Object.assign(b, where(pick(places)));
    if (kind === 7) b.exclusiveGroup = `g${Math.floor(k / 40)}`;
    list.push(b);
  }
  market.blocks = list;
  return market;
}
