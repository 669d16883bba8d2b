// The nodal clearing's sparse path (src/nodal/sparse.ts: the dense core hands its basis over to the
// B-theta LP on the sparse LP engine past `denseRowLimit` line rows) against HiGHS and against the
// dense core alone: congested meshes (quantityDecimals 0..6, with and without tied prices) and
// PGLib cases with tightened limits where 100-1000 lines bind. Status and LP welfare equal HiGHS's
// to 1e-9 relative, bus prices within half a tick where HiGHS's duals are unique, every result
// verifies; without ties in prices the result (its digest) equals the dense core's.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearNodal, nodalOutcome } from '../../src/nodal/index.js';
import { importMatpower } from '../../src/io/matpower.js';
import { toClearingResult } from '../../src/io/result.js';
import { GridclearError } from '../../src/errors.js';
import { GridModel } from '../../src/grid/index.js';
import type { Market } from '../../src/model/types.js';
import type { NodalResult } from '../../src/nodal/types.js';
// @ts-expect-error: plain .mjs helpers without types
import { meshMarket } from '../../bench/lib/mesh.mjs';
// @ts-expect-error: plain .mjs helpers without types
import { prosumerMarket } from '../../bench/lib/prosumers.mjs';
import { checkNodalAgainstHighs } from '../helpers/nodalHighs.js';

const dir = process.env.GRIDCLEAR_CASES ?? resolve(__dirname, '../../../shared/cases');
const DENSE = { denseRowLimit: 2 ** 31 - 1, maxIterations: 1e7 };
const digest = (r: NodalResult) => toClearingResult(nodalOutcome(r)).digest;
/** No two orders share bus, side and price (else which of them is filled is a tie: the optimum is not unique). */
const untied = (m: Market) => new Set(m.orders.map((o) => `${o.bus}|${o.side}|${o.price}`)).size === m.orders.length;

/** Clears m on the sparse path (hand-over past `cap` rows) and checks it against HiGHS; returns the result. */
async function check(m: Market, cap: number): Promise<{ r: NodalResult; pricesCompared: boolean }> {
  const { r, optimal, pricesCompared } = await checkNodalAgainstHighs(m, { denseRowLimit: cap, maxIterations: 1e7 });
  if (optimal) expect(r.stats.path).toBe('sparse');
  return { r, pricesCompared };
}

describe('nodal sparse path vs HiGHS and the dense core on congested meshes', () => {
  for (let qd = 0; qd <= 6; qd++) {
    const k = 6 + qd, limit = qd % 2 ? 1 : 4, ties = qd % 3 === 0;
    it(`${k}x${k} mesh, limit ${limit} MW, quantityDecimals ${qd}${ties ? ', tied prices' : ''}`, async () => {
      const m = meshMarket(k, { limit, quantityDecimals: qd, ties, seed: 17 * k + qd, orders: 8 * k * k });
      const { r, pricesCompared } = await check(m, 8);
      const d = clearNodal(m, DENSE);
      expect(Math.abs(r.stats.lpWelfare - d.stats.lpWelfare)).toBeLessThanOrEqual(1e-9 * Math.abs(d.stats.lpWelfare));
      // 10x10 is untied, with unique duals: compared bit for bit (7x7 is untied, its duals are not unique)
      if (k === 10) expect(untied(m) && pricesCompared).toBe(true);
      if (untied(m) && pricesCompared) {
        // no tied orders and unique duals: the same fills, prices, shadow prices and flows, bit for bit
        expect(digest(r)).toBe(digest(d));
        expect(r.flows).toEqual(d.flows);
      }
    });
  }

  it('where the optimum is unique, the dense core\'s result bit for bit (10 meshes)', async () => {
    let compared = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const k = 8 + (seed % 3), m = meshMarket(k, { limit: 2 + (seed % 3), orders: 5 * k * k, seed: 100 + seed });
      const { r, pricesCompared } = await check(m, 8);
      if (!untied(m) || !pricesCompared) continue;
      compared++;
      const d = clearNodal(m, DENSE);
      expect(digest(r)).toBe(digest(d));
      expect(r.flows).toEqual(d.flows);
      expect(r.shadowPriceTicks).toEqual(d.shadowPriceTicks);
    }
    expect(compared).toBeGreaterThanOrEqual(3);
  });

  it('a 20x20 mesh with more than 300 binding lines takes the sparse path by default', async () => {
    const m = meshMarket(20, { limit: 1, orders: 4000, seed: 1 });
    const { r, pricesCompared } = await check(m, 256);
    expect(r.stats.bindingLines).toBeGreaterThan(300);
    expect(pricesCompared).toBe(true);
    // by default too (sparseRowCap): every limited line is a row of the sparse path's LP
    const auto = clearNodal(m);
    expect(auto.stats.path).toBe('sparse');
    expect(auto.stats.activeLines).toBe(m.network!.lines.length);
    expect(digest(auto)).toBe(digest(clearNodal(m, DENSE)));
    expect(digest(r)).toBe(digest(auto));
  });

  // every kind of line row: boxed, fixed (minFlow == maxFlow), one-sided; unlimited lines have none
  for (const seed of [3, 8, 13]) {
    it(`a mesh with lines fixed at one flow, one-sided and unlimited (seed ${seed})`, async () => {
      const k = 7 + (seed % 3), m = meshMarket(k, { limit: 2, orders: 8 * k * k, seed, ties: seed % 2 === 1 });
      let u = seed;
      const next = () => { u = (u * 1103515245 + 12345) % 2147483648; return u / 2147483648; };
      m.network.lines.forEach((l: { minFlow?: string; maxFlow?: string }, i: number) => {
        const v = next();
        if (v < 0.15) { const f = (next() - 0.5).toFixed(1); l.minFlow = f; l.maxFlow = f; }
        else if (v < 0.25) { delete l.minFlow; delete l.maxFlow; }
        else if (v < 0.4) { if (i % 2) delete l.minFlow; else delete l.maxFlow; }
      });
      const { r } = await check(m, 4);
      expect(r.stats.bindingLines).toBeGreaterThan(3);
    });
  }

  it('a mesh with phase shifters and a fixed injection', async () => {
    const m = meshMarket(9, { limit: 3, orders: 600, seed: 21 });
    m.network.lines.forEach((l: { shiftDeg?: number }, i: number) => { if (i % 7 === 0) l.shiftDeg = ((i % 5) - 2) / 50; });
    m.network.buses[10].fixedInjection = '2.5';
    m.network.buses[50].fixedInjection = '-1.5';
    const { r, pricesCompared } = await check(m, 8);
    expect(r.stats.bindingLines).toBeGreaterThan(10);
    const d = clearNodal(m, DENSE);
    // two buys share bus b5_7 and price 71.69: the paths fill different ones of them (a tie)
    expect(untied(m)).toBe(false);
    expect(pricesCompared).toBe(true);
    expect(r.priceTicks).toEqual(d.priceTicks);
    expect(r.shadowPriceTicks).toEqual(d.shadowPriceTicks);
    expect(r.welfareTicks).toBe(d.welfareTicks);
  });

  it('a 30x30 mesh with more than 500 binding lines', async () => {
    const { r, pricesCompared } = await check(meshMarket(30, { limit: 4, orders: 9000, seed: 5 }), 256);
    expect(r.stats.bindingLines).toBeGreaterThan(500);
    expect(pricesCompared).toBe(true);
  });

  it('a 40x40 mesh with nearly 900 binding lines (the issue\'s 1000), at the default hand-over', async () => {
    const { r, optimal, pricesCompared } = await checkNodalAgainstHighs(meshMarket(40, { limit: 4, orders: 16000, seed: 5 }), { maxIterations: 1e7 });
    expect(optimal).toBe(true);
    expect(r.stats.path).toBe('sparse');
    expect(r.stats.bindingLines).toBeGreaterThan(850);
    expect(pricesCompared).toBe(true);
  }, 60_000);

  it('with a prepared GridModel the sparse path gives the same result', () => {
    const m = meshMarket(10, { limit: 2, orders: 500, seed: 9 });
    const grid = GridModel.from(m.network!, { quantityDecimals: m.quantityDecimals, allowNegativeReactance: true });
    try {
      const a = clearNodal(m, { denseRowLimit: 8 }), b = clearNodal(m, { denseRowLimit: 8, grid });
      expect(a.stats.path).toBe('sparse');
      expect(digest(b)).toBe(digest(a));
      expect(b.stats).toEqual(a.stats);
    } finally {
      grid.dispose();
    }
  });

  it('an infeasible mesh goes back to the dense core, which names the line or island', async () => {
    const m = meshMarket(6, { limit: 1, orders: 120, seed: 3 });
    m.network.buses[0].fixedInjection = '30';
    m.orders = m.orders.filter((o: { bus: string }) => o.bus !== 'b0_0');
    const r = clearNodal(m, { denseRowLimit: 1 });
    const d = clearNodal(m, DENSE);
    expect(r.status).toBe('infeasible');
    expect(r.stats.path).toBe('dense');
    expect(r.infeasible).toEqual(d.infeasible);
  });

  it('the iteration limit holds on the sparse path too', () => {
    const m = meshMarket(10, { limit: 1, orders: 600, seed: 4 });
    const full = clearNodal(m, { denseRowLimit: 8 });
    expect(full.stats.path).toBe('sparse');
    const limited = () => clearNodal(m, { denseRowLimit: 8, maxIterations: full.stats.iterations - 1 });
    expect(limited).toThrow(GridclearError);
    expect(limited).toThrow(expect.objectContaining({ code: 'ITERATION_LIMIT' }));
    expect(clearNodal(m, { denseRowLimit: 8, maxIterations: full.stats.iterations + 1 }).stats.iterations).toBe(full.stats.iterations);
  });

  it('denseRowLimit must be a positive integer', () => {
    const m = meshMarket(4, { limit: 4, orders: 40, seed: 2 });
    for (const v of [0, -1, 1.5, Number.NaN]) expect(() => clearNodal(m, { denseRowLimit: v })).toThrow(/denseRowLimit/);
  });
});

const c1354 = `${dir}/pglib_opf_case1354_pegase.m`, c300 = `${dir}/pglib_opf_case300_ieee.m`;
describe.skipIf(!existsSync(c1354) || !existsSync(c300))('nodal sparse path vs HiGHS on PGLib cases with tightened limits', () => {
  for (const [file, n, tighten, least, qd] of [[c300, 3000, 0.2, 50, 2], [c1354, 10000, 0.1, 250, 3], [c1354, 10000, 0.03, 450, 4]] as const) {
    it(`${file.split('/').pop()}, ${n} orders, limits x${tighten}, quantityDecimals ${qd}`, async () => {
      const base = importMatpower(readFileSync(file, 'utf8'));
      const m = prosumerMarket(base, n, 7, tighten);
      m.quantityDecimals = qd;
      for (const o of m.orders) o.quantity = Math.max(10 ** -qd, Number(o.quantity)).toFixed(qd);
      for (const l of m.network.lines) for (const f of ['minFlow', 'maxFlow'] as const) if (l[f] !== undefined && l[f] !== null) l[f] = Number(l[f]).toFixed(qd);
      const { r } = await check(m, 32);
      expect(r.stats.bindingLines).toBeGreaterThan(least);
    });
  }
});
