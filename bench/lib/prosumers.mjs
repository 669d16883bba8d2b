// Random prosumer markets on a PGLib network (as bench/nodal.bench.mjs has used since its first
// version): line limits scaled by `tighten`, n orders at random buses (sellers on a random fifth of
// the buses, buyers anywhere, so power must travel and lines congest), quantities around twice the
// case's load spread over the orders. Deterministic for a seed.
import { rng } from './mesh.mjs';

/** The case market `base` (importMatpower's) with its limits scaled and n random prosumer orders. */
export function prosumerMarket(base, n, seed, tighten = 0.5) {
  const rand = rng(seed);
  const buses = base.network.buses;
  const load = base.orders.filter((o) => o.side === 'buy').reduce((s, o) => s + Number(o.quantity), 0);
  const meanQty = (2 * load) / n;
  const scale = (v) => (v === null || v === undefined ? v : (Number(v) * tighten).toFixed(3));
  const sellerBuses = buses.filter(() => rand() < 0.2);
  const orders = Array.from({ length: n }, (_, j) => {
    const sell = rand() < 0.5;
    const at = sell ? sellerBuses : buses;
    return {
      id: `p${j}`, side: sell ? 'sell' : 'buy', bus: at[Math.floor(rand() * at.length)].id,
      price: (sell ? 10 + 60 * rand() : 30 + 70 * rand()).toFixed(4),
      quantity: Math.max(0.001, meanQty * 2 * rand()).toFixed(3),
    };
  });
  return {
    ...base, name: `${base.name}-${n}`,
    network: {
      ...base.network,
      buses: buses.map((b) => ({ id: b.id, fixedInjection: '0' })),
      lines: base.network.lines.map((l) => ({ ...l, minFlow: scale(l.minFlow), maxFlow: scale(l.maxFlow) })),
    },
    orders,
  };
}
