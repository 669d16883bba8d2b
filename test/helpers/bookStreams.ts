// Random event streams for the order book tests (a seeded generator: reproducible, no fast-check
// shrinking needed for the long streams of the replay and streaming-vs-batch tests).
import type { BookEvent } from '../../src/book/index.js';
import { rng } from './rng.js';

/** n valid-looking events (some still rejected: cancels of filled orders) with prices around 50.00. */
export function randomStream(n: number, seed: number, buses: string[] = []): BookEvent[] {
  const r = rng(seed);
  const live: { id: number; participant: number }[] = [];
  const out: BookEvent[] = [];
  let time = 0;
  for (let i = 0; i < n; i++) {
    time += r() < 0.3 ? 1 : 0;
    const u = r();
    if (u < 0.15 && live.length) {
      const o = live.splice(Math.floor(r() * live.length), 1)[0];
      out.push({ type: 'cancel', id: o.id, participant: o.participant, time });
    } else if (u < 0.25 && live.length) {
      const o = live[Math.floor(r() * live.length)];
      out.push(r() < 0.5
        ? { type: 'modify', id: o.id, participant: o.participant, quantity: (1 + Math.floor(r() * 5)).toFixed(3), time }
        : { type: 'modify', id: o.id, participant: o.participant, price: (45 + r() * 10).toFixed(2), time });
    } else {
      const side = r() < 0.5 ? 'buy' : 'sell';
      const participant = Math.floor(r() * 50);
      const bus = buses.length ? buses[Math.floor(r() * buses.length)] : undefined;
      const quantity = (0.5 + Math.floor(r() * 50) / 10).toFixed(3);
      if (u < 0.32) {
        out.push({ type: 'market', id: i, participant, side, quantity, tif: r() < 0.8 ? 'ioc' : 'fok', time, ...(bus ? { bus } : {}) });
      } else {
        const price = (side === 'buy' ? 44 + r() * 10 : 46 + r() * 10).toFixed(2);
        const t = r();
        const tif = t < 0.75 ? 'gtc' : t < 0.85 ? 'gtt' : t < 0.95 ? 'ioc' : 'fok';
        out.push({ type: 'limit', id: i, participant, side, price, quantity, tif, ...(tif === 'gtt' ? { expires: time + 1 + Math.floor(r() * 20) } : {}), time, ...(bus ? { bus } : {}) });
        if (tif === 'gtc' || tif === 'gtt') live.push({ id: i, participant });
      }
    }
  }
  return out;
}
