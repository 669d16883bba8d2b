// The rule that moves a clearing from the dense core to the sparse path (src/nodal/sparse.ts
// sparseRowCap; docs/nodal.md "Where many lines bind"): a rule on the network's size only.
import { describe, expect, it } from 'vitest';
import { clearNodal } from '../../src/nodal/index.js';
import { sparseRowCap } from '../../src/nodal/sparse.js';
import { prepareNodal } from '../../src/nodal/prepare.js';
import { normalizeMarket } from '../../src/model/normalize.js';
import type { Market } from '../../src/model/types.js';
// @ts-expect-error: plain .mjs helpers without types
import { meshMarket } from '../../bench/lib/mesh.mjs';

const cap = (m: Market): number => sparseRowCap(prepareNodal(normalizeMarket(m, { network: 'require' })));

describe('the hand-over rule (sparseRowCap)', () => {
  it('hands over past 0.72 (buses + limited lines)^0.75 line rows, at least 64', () => {
    // a k x k mesh: k^2 buses, 2 k (k - 1) lines, every one limited
    expect(cap(meshMarket(20, { limit: 1, orders: 4000, seed: 5 }))).toBe(Math.ceil(0.72 * (400 + 760) ** 0.75));
    expect(cap(meshMarket(20, { limit: 1, orders: 4000, seed: 5 }))).toBe(144);
    expect(cap(meshMarket(40, { limit: 4, orders: 16000, seed: 5 }))).toBe(411);
    // the orders do not count (the engine's iteration cost follows its rows)
    expect(cap(meshMarket(20, { limit: 1, orders: 400, seed: 5 }))).toBe(144);
    // small networks: at least 64
    expect(cap(meshMarket(4, { limit: 1, orders: 100, seed: 5 }))).toBe(64);
  });

  it('counts only the limited lines', () => {
    const m = meshMarket(20, { limit: 1, orders: 4000, seed: 5 });
    m.network.lines.forEach((l: { minFlow?: string; maxFlow?: string }, i: number) => { if (i % 2 === 0) { delete l.minFlow; delete l.maxFlow; } });
    expect(cap(m)).toBe(Math.ceil(0.72 * (400 + 380) ** 0.75));
  });

  it('a 20x20 mesh where 355 lines bind moves to the sparse path in its second round', () => {
    const m = meshMarket(20, { limit: 1, orders: 4000, seed: 5 });
    const r = clearNodal(m, { maxIterations: 1e7 });
    expect(r.stats.path).toBe('sparse');
    expect(r.stats.bindingLines).toBe(355);
    // two dense rounds (the copper plate, then 128 line rows, then 128 more: past 144), one sparse
    expect(r.stats.rounds).toBe(3);
    expect(r.stats.rowsDropped).toBe(0);
  });
});
