// Random markets over a day (market-case/2) on a PGLib network, for bench/periods.bench.mjs and
// the tests: T periods with a daily price shape, n prosumer orders per period (sellers on a random
// fifth of the buses, buyers anywhere, as bench/lib/prosumers.mjs), ramp-limited units (one sell
// offer per period each) and storage units at random buses. Deterministic for a seed.
import { rng } from './mesh.mjs';

/**
 * `base`: importMatpower's market of the case. Options: periods (T), duration (hours, a decimal
 * string), orders (per period), storage, units (counts), tighten (line limit factor), seed.
 */
export function dayMarket(base, { periods, duration = '1', orders, storage = 0, units = 0, tighten = 0.5, seed = 1 }) {
  const rand = rng(seed);
  const buses = base.network.buses;
  const load = base.orders.filter((o) => o.side === 'buy').reduce((s, o) => s + Number(o.quantity), 0);
  const meanQty = (2 * load) / orders;
  const scale = (v) => (v === null || v === undefined ? v : (Number(v) * tighten).toFixed(3));
  const sellerBuses = buses.filter(() => rand() < 0.2);
  const pick = (a) => a[Math.floor(rand() * a.length)].id;
  const T = periods;
  const ps = Array.from({ length: T }, (_, t) => ({ id: `t${String(t).padStart(2, '0')}`, duration }));
  // evening peak, midday dip: sellers' and buyers' prices move with it, so storage shifts energy
  const shape = (t) => 1 + 0.35 * Math.sin((2 * Math.PI * (t + 0.5)) / T - Math.PI / 2) - 0.15 * Math.cos((4 * Math.PI * (t + 0.5)) / T);
  const unitIds = Array.from({ length: units }, (_, u) => ({ id: `u${u}`, bus: pick(sellerBuses), qty: meanQty * (5 + 10 * rand()), price: 15 + 40 * rand() }));
  const list = [];
  ps.forEach((p, t) => {
    const f = shape(t);
    for (let j = 0; j < orders; j++) {
      const sell = rand() < 0.5;
      list.push({
        id: `p${t}-${j}`, period: p.id, side: sell ? 'sell' : 'buy', bus: sell ? pick(sellerBuses) : pick(buses),
        price: ((sell ? 10 + 60 * rand() : 30 + 70 * rand()) * f).toFixed(4),
        quantity: Math.max(0.001, meanQty * 2 * rand()).toFixed(3),
      });
    }
    for (const u of unitIds) list.push({ id: `${u.id}-${t}`, period: p.id, side: 'sell', bus: u.bus, price: u.price.toFixed(4), quantity: u.qty.toFixed(3), unit: u.id });
  });
  const store = Array.from({ length: storage }, (_, g) => {
    const power = meanQty * (5 + 10 * rand()), hours = 2 + 2 * rand(), cap = power * hours;
    return {
      id: `s${g}`, bus: pick(buses), energyCapacity: cap.toFixed(5), chargeCapacity: power.toFixed(3), dischargeCapacity: power.toFixed(3),
      chargeEfficiency: (0.9 + 0.05 * rand()).toFixed(3), dischargeEfficiency: (0.9 + 0.05 * rand()).toFixed(3),
      initialEnergy: (cap / 2).toFixed(5), minFinalEnergy: (cap / 2).toFixed(5),
    };
  });
  return {
    format: 'market-case/2', name: `${base.name}-day${T}`, priceDecimals: 4, quantityDecimals: 3, durationDecimals: 2,
    priceCap: '4000', priceFloor: '-500',
    network: {
      ...base.network,
      buses: buses.map((b) => ({ id: b.id, fixedInjection: '0' })),
      lines: base.network.lines.map((l) => ({ ...l, minFlow: scale(l.minFlow), maxFlow: scale(l.maxFlow) })),
    },
    periods: ps, orders: list, storage: store,
    units: unitIds.map((u) => ({ id: u.id, rampUp: (u.qty * 0.15).toFixed(3), rampDown: (u.qty * 0.15).toFixed(3), initialOutput: '0' })),
  };
}
