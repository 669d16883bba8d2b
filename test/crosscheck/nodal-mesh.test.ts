// clearNodal against HiGHS (its typed model interface, bench/peers/highs-nodal.mjs) where many lines
// bind: congested meshes (quantityDecimals 0..6, with and without ties in prices) and PGLib cases
// with random prosumer orders and tightened limits (80-550 binding lines). Status and LP welfare
// equal to 1e-9 relative; bus prices within half a price tick of HiGHS's where its basis is primal
// nondegenerate (its duals then unique); every result verifies (at 2+ quantity decimals, see check).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importMatpower } from '../../src/io/matpower.js';
import type { Market } from '../../src/model/types.js';
import type { NodalOptions, NodalResult } from '../../src/nodal/types.js';
// @ts-expect-error: plain .mjs helpers without types
import { meshMarket } from '../../bench/lib/mesh.mjs';
// @ts-expect-error: plain .mjs helpers without types
import { prosumerMarket } from '../../bench/lib/prosumers.mjs';
import { checkNodalAgainstHighs } from '../helpers/nodalHighs.js';

const dir = process.env.GRIDCLEAR_CASES ?? resolve(__dirname, '../../../shared/cases');

/** Checks one market against HiGHS; returns the binding line count and whether prices were compared. */
async function check(m: Market, options: NodalOptions = {}): Promise<{ binding: number; pricesCompared: boolean; stats?: NodalResult['stats'] }> {
  const { r, optimal, pricesCompared } = await checkNodalAgainstHighs(m, options);
  if (!optimal) return { binding: 0, pricesCompared: false };
  return { binding: r.stats.bindingLines, pricesCompared, stats: r.stats };
}

describe('nodal vs HiGHS on congested meshes', () => {
  const cases: [number, number, number, boolean][] = [];
  for (let qd = 0; qd <= 6; qd++) cases.push([6 + qd, qd % 2 ? 1 : 4, qd, qd % 3 === 0]);
  for (const [k, limit, qd, ties] of cases) {
    it(`${k}x${k} mesh, limit ${limit} MW, quantityDecimals ${qd}${ties ? ', tied prices' : ''}`, async () => {
      const { binding } = await check(meshMarket(k, { limit, quantityDecimals: qd, ties, seed: 31 * k + qd, orders: 6 * k * k }));
      expect(binding).toBeGreaterThan(5);
    });
  }

  it('a 20x20 mesh with more than 300 binding lines (dense core alone)', async () => {
    // the dense core's own figures: by default this market moves to the sparse path (nodal-sparse.test.ts)
    const { binding, pricesCompared, stats } = await check(meshMarket(20, { limit: 1, orders: 4000, seed: 1 }), { denseRowLimit: 2 ** 31 - 1 });
    expect(binding).toBeGreaterThan(300);
    expect(pricesCompared).toBe(true);
    // rows whose slack stayed basic were dropped; the row count follows the binding set
    expect(stats!.rowsDropped).toBeGreaterThan(0);
    expect(stats!.peakLines).toBeGreaterThanOrEqual(stats!.activeLines);
    expect(stats!.activeLines).toBeLessThan(binding * 1.2);
    expect(stats!.refactorizations).toBeLessThan(stats!.iterations / 50);
  });

  // every kind of line slack column: boxed, fixed (minFlow == maxFlow: it never enters), one-sided, free
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
      const { binding } = await check(m);
      expect(binding).toBeGreaterThan(3);
    });
  }

  it('a mesh whose fixed injection no line limit lets out is infeasible for both', async () => {
    const m = meshMarket(5, { limit: 1, orders: 50, seed: 3 });
    m.network.buses[0].fixedInjection = '50';
    m.orders = m.orders.filter((o: { bus: string }) => o.bus !== 'b0_0');
    await check(m);
  });
});

const c1354 = `${dir}/pglib_opf_case1354_pegase.m`, c300 = `${dir}/pglib_opf_case300_ieee.m`;
describe.skipIf(!existsSync(c1354) || !existsSync(c300))('nodal vs HiGHS on PGLib cases with tightened limits', () => {
  for (const [file, n, tighten, least] of [[c300, 3000, 0.2, 50], [c1354, 10000, 0.1, 250], [c1354, 10000, 0.03, 450]] as const) {
    it(`${file.split('/').pop()}, ${n} orders, limits x${tighten}`, async () => {
      const base = importMatpower(readFileSync(file, 'utf8'));
      const { binding } = await check(prosumerMarket(base, n, 7, tighten));
      expect(binding).toBeGreaterThan(least);
    });
  }
});
