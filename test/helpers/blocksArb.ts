// Small random markets with block orders that reach the edges: copper plates, zones with borders
// (capacities per direction, per-period overrides, zero capacities), small DC networks; all or
// nothing and partly acceptable blocks, linked families of any depth, exclusive groups; coarse and
// fine ticks; tied prices (integers from a short list); buy and sell blocks; negative prices.
import type { BlockOrder, BlocksMarket, BlocksOrder } from '../../src/blocks/index.js';
import { rng } from './rng.js';

/** A random small market with at most `maxBlocks` blocks from `seed`. */
export function smallBlocks(seed: number, maxBlocks = 6): BlocksMarket {
  const r = rng(seed), pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  const qd = pick([0, 1, 3]), pd = pick([0, 2]), dd = pick([0, 2]);
  const dec = (v: number, d: number) => v.toFixed(d);
  const kind = pick(['copper', 'copper', 'zones', 'zones', 'network']);
  const ties = r() < 0.4;
  const price = () => (ties ? String(pick([10, 20, 30, 40, 50])) : dec(-20 + r() * 120, pd));
  const T = 1 + Math.floor(r() * 4);
  const periods = Array.from({ length: T }, (_, t) => ({ id: `p${t}`, duration: dd === 0 ? String(1 + Math.floor(r() * 2)) : dec(Math.max(0.01, r() * 2), 2) })) as BlocksMarket['periods'];
  const nZ = kind === 'copper' ? 1 : 2 + Math.floor(r() * 3);
  const places = Array.from({ length: nZ }, (_, z) => `z${z}`);
  const market: BlocksMarket = { format: 'market-case/2', priceDecimals: pd, quantityDecimals: qd, durationDecimals: dd, priceCap: '1000', priceFloor: '-100', periods, orders: [] };
  if (kind === 'zones') {
    market.zones = places.map((id) => ({ id }));
    market.borders = places.slice(1).map((to, i) => ({ id: `k${i}`, from: places[Math.floor(r() * (i + 1))], to, capacity: dec(r() * 15, qd), ...(r() < 0.5 ? { reverseCapacity: dec(r() * 15, qd) } : {}) }));
    if (nZ >= 3 && r() < 0.4) market.borders.push({ id: 'loop', from: places[0], to: places[nZ - 1], capacity: dec(r() * 10, qd) });
    for (const p of periods) if (r() < 0.3) p.borders = { k0: { capacity: dec(r() * 5, qd) } };
  } else if (kind === 'network') {
    const lines = places.slice(1).map((to, i) => ({ id: `l${i}`, from: places[i], to, x: 0.05 + r() * 0.2, maxFlow: dec(3 + r() * 20, qd), minFlow: dec(-(3 + r() * 20), qd) }));
    if (nZ >= 3 && r() < 0.5) lines.push({ id: 'loop', from: places[0], to: places[nZ - 1], x: 0.1, maxFlow: dec(8, qd), minFlow: dec(-8, qd) });
    market.network = { baseMVA: 100, buses: places.map((id) => ({ id })), lines };
  }
  const where = (): { bus?: string; zone?: string } => (kind === 'zones' ? { zone: pick(places) } : kind === 'network' ? { bus: pick(places) } : {});
  const orders: BlocksOrder[] = [];
  for (const p of periods) {
    const n = 2 + Math.floor(r() * 5);
    for (let k = 0; k < n; k++) {
      orders.push({ id: `o${orders.length}`, period: p.id, side: r() < 0.5 ? 'buy' : 'sell', price: price(), quantity: dec(Math.max(10 ** -qd, 1 + r() * 15), qd), ...where() });
    }
  }
  const nBlocks = 1 + Math.floor(r() * maxBlocks), blocks: BlockOrder[] = [];
  for (let k = 0; k < nBlocks; k++) {
    const profile: Record<string, string> = {};
    for (const p of periods) if (r() < 0.8 || Object.keys(profile).length === 0) profile[p.id] = dec(r() < 0.1 ? 0 : Math.max(10 ** -qd, r() * 12), qd);
    if (Object.values(profile).every((q) => Number(q) === 0)) profile[periods[0].id] = dec(1, qd);
    const b: BlockOrder = { id: `B${k}`, side: r() < 0.5 ? 'buy' : 'sell', price: price(), profile, ...where() };
    if (r() < 0.35) b.minAcceptanceRatio = pick(['0.5', '0.25', '0.1', '0.999999', '0.333333']);
    if (k > 0 && r() < 0.25) b.parent = `B${Math.floor(r() * k)}`;
    else if (r() < 0.25) b.exclusiveGroup = pick(['g1', 'g2']);
    blocks.push(b);
  }
  market.orders = orders;
  market.blocks = blocks;
  return market;
}

/** The same market with orders and blocks in another order (a seeded shuffle). */
export function shuffled(m: BlocksMarket, seed: number): BlocksMarket {
  const r = rng(seed);
  const mix = <T>(a: T[]) => { const b = a.slice(); for (let i = b.length - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [b[i], b[j]] = [b[j], b[i]]; } return b; };
  return { ...m, orders: mix(m.orders), blocks: mix(m.blocks ?? []), ...(m.zones ? { zones: mix(m.zones) } : {}), ...(m.borders ? { borders: mix(m.borders) } : {}) };
}
