// Invariants of clearNodal on random networked markets (fast-check): fills on tick and in bounds,
// exact island balance, results verify (a certificate of optimality), settlement adds up, the
// same digest twice and under permuted orders; also on ill-conditioned networks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clearNodal, nodalOutcome } from '../../src/nodal/index.js';
import { toClearingResult } from '../../src/io/result.js';
import { settle, verify } from '../../src/settle/index.js';
import type { Market } from '../../src/model/types.js';
import { nodalMarketArb } from '../helpers/nodalArb.js';
import { crossCheck } from '../helpers/nodalCheck.js';

function invariants(m: Market, perm: number[]): void {
  const r = clearNodal(m);
  if (r.status !== 'optimal') return;
  m.orders.forEach((o, i) => {
    expect(r.fills[i]).toBeGreaterThanOrEqual(0n);
    expect(r.fills[i]).toBeLessThanOrEqual(BigInt(Math.round(Number(o.quantity) * 1000)));
  });
  const json = JSON.parse(JSON.stringify(toClearingResult(nodalOutcome(r))));
  const s = settle(m, r);
  const rep = verify(m, json, { trades: s.trades });
  expect(rep.failures).toEqual([]);
  expect(s.congestionRentTicks).toBe(r.congestionRentTicks);
  // spec: no phase shifts and bounds containing 0 (the arbitrary's are symmetric) give rent >= 0
  if (m.network!.lines.every((l) => !l.shiftDeg)) expect(r.congestionRentTicks).toBeGreaterThanOrEqual(0n);
  // only basic orders are fractional (at most one per island and active line), each moves < 1 tick
  const islands = new Set(r.busReference).size;
  expect(r.stats.roundingFlowShiftMw).toBeLessThanOrEqual((islands + r.stats.activeLines) * 1e-3 + 1e-9);
  expect(toClearingResult(nodalOutcome(clearNodal(m))).digest).toBe(json.digest);
  const permuted = { ...m, orders: perm.map((i) => m.orders[i % m.orders.length]).filter((o, i, a) => a.indexOf(o) === i) };
  for (const o of m.orders) if (!permuted.orders.includes(o)) permuted.orders.push(o);
  expect(toClearingResult(nodalOutcome(clearNodal(permuted))).digest).toBe(json.digest);
}

describe('nodal invariants', () => {
  it('hold on random networks', () => {
    fc.assert(fc.property(nodalMarketArb({ maxBuses: 10, maxOrders: 40 }), fc.array(fc.nat({ max: 60 })), invariants), { numRuns: 300 });
  });

  it('hold on networks with tiny reactances (1e-6 .. 1e-4 p.u.)', () => {
    fc.assert(fc.property(nodalMarketArb({ logX: [-6, -4] }), fc.array(fc.nat({ max: 20 })), invariants), { numRuns: 150 });
  });

  it('hold on networks with huge reactances (1e2 .. 1e4 p.u.)', () => {
    fc.assert(fc.property(nodalMarketArb({ logX: [2, 4] }), fc.array(fc.nat({ max: 20 })), invariants), { numRuns: 150 });
  });

  it('match HiGHS on networks mixing reactances over six orders of magnitude', async () => {
    await fc.assert(fc.asyncProperty(nodalMarketArb({ logX: [-4, 2] }), async (m) => { await crossCheck(m); }), { numRuns: 150 });
  });
});
