// Small random multi-period markets that reach the edges: coarse and fine ticks (0-4 decimals),
// mixed durations, two islands, negative prices, exact final energies, ramps from an initial
// output, storage with and without losses, copper plates.
import type { PeriodsMarket, PeriodOrder } from '../../src/periods/index.js';
import { rng } from './rng.js';

/** A random small market from `seed`. */
export function smallPeriods(seed: number): PeriodsMarket {
  const r = rng(seed), pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  const qd = pick([0, 1, 2, 3, 4]), pd = pick([0, 1, 2, 4]), dd = pick([0, 1, 2]);
  const dec = (v: number, d: number) => v.toFixed(d);
  const copper = r() < 0.25;
  const nB = copper ? 1 : 2 + Math.floor(r() * 5);
  const buses = Array.from({ length: nB }, (_, b) => `b${b}`);
  const islands = !copper && nB >= 4 && r() < 0.3;
  const lines = copper ? [] : buses.slice(1).map((b, i) => ({ id: `l${i}`, from: buses[i === 2 && islands ? 0 : i], to: b, x: 0.05 + r() * 0.2, maxFlow: dec(5 + r() * 40, qd), minFlow: dec(-(5 + r() * 40), qd) }))
    .filter((l) => !(islands && l.to === 'b2'));
  if (!copper && nB >= 3 && !islands && r() < 0.5) lines.push({ id: 'loop', from: buses[0], to: buses[nB - 1], x: 0.1, maxFlow: dec(10, qd), minFlow: dec(-10, qd) });
  const T = 1 + Math.floor(r() * 8);
  const periods = Array.from({ length: T }, (_, t) => ({ id: `p${t}`, duration: dd === 0 ? String(1 + Math.floor(r() * 2)) : dec(Math.max(10 ** -dd, r() * 2), dd) }));
  const units = Array.from({ length: 1 + Math.floor(r() * 3) }, (_, u) => ({
    id: `u${u}`, rampUp: r() < 0.8 ? dec(r() * 15, qd) : null, rampDown: r() < 0.8 ? dec(r() * 15, qd) : null,
    initialOutput: r() < 0.5 ? dec(r() * 10, qd) : null,
  }));
  const orders: PeriodOrder[] = [];
  periods.forEach((p) => {
    const n = 2 + Math.floor(r() * 8);
    for (let k = 0; k < n; k++) {
      const side = r() < 0.5 ? 'buy' : 'sell';
      const o: PeriodOrder = { id: `o${orders.length}`, period: p.id, side, price: dec(-50 + r() * 200, pd), quantity: dec(Math.max(10 ** -qd, 1 + r() * 20), qd) };
      if (!copper) o.bus = pick(buses);
      if (side === 'sell' && r() < 0.5) o.unit = pick(units).id;
      orders.push(o);
    }
  });
  const storage = Array.from({ length: Math.floor(r() * 3) }, (_, g) => {
    const cap = dec(r() * 30, qd + dd);
    const s: PeriodsMarket['storage'] extends (infer S)[] | undefined ? S : never = {
      id: `s${g}`, energyCapacity: cap, chargeCapacity: dec(r() * 10, qd), dischargeCapacity: dec(r() * 10, qd),
      chargeEfficiency: pick(['1', '0.9', '0.85', '0.999999']), dischargeEfficiency: pick(['1', '0.93', '0.8']),
      initialEnergy: dec(Number(cap) * r(), qd + dd), chargeCost: pick(['0', '1']), dischargeCost: pick(['0', '2']),
    };
    if (!copper) s.bus = pick(buses);
    const fin = dec(Number(cap) * r() * 0.5, qd + dd);
    if (r() < 0.4) s.finalEnergy = fin; else if (r() < 0.5) s.minFinalEnergy = fin;
    return s;
  });
  return {
    format: 'market-case/2', priceDecimals: pd, quantityDecimals: qd, durationDecimals: dd, priceCap: '1000', priceFloor: '-100',
    ...(copper ? {} : { network: { baseMVA: 100, buses: buses.map((id) => ({ id })), lines } }),
    periods, orders, storage, units,
  };
}
