// The multi-period clearing against HiGHS on random markets of the shared PGLib cases: the
// product's LP (solved by HiGHS) against HiGHS on an independent formulation (angles per period,
// explicit energy balance rows), every result verified; and uncoupled periods against the
// single-period clearings.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { clearPeriods, toPeriodsResult, verifyPeriods, type LpSolver } from '../../src/periods/index.js';
import { clearNodal } from '../../src/nodal/index.js';
import { highsSolver, loadPeriodsHighs, referenceWelfare } from '../helpers/periodsHighs.js';
import { periodsOnCase, type ArbOptions } from '../helpers/periodsArb.js';
import { CASES_DIR } from '../helpers/shared.js';

const have = (f: string) => existsSync(join(CASES_DIR, f));
beforeAll(async () => { await loadPeriodsHighs(); });

const runs: [string, Omit<ArbOptions, 'seed'>, number[]][] = [
  ['pglib_opf_case5_pjm.m', { periods: 4, storage: 2, ramps: true, lineFactor: 1 }, [1, 2, 3]],
  ['pglib_opf_case14_ieee.m', { periods: 6, storage: 3, ramps: true, lineFactor: 0.6 }, [4, 5]],
  ['pglib_opf_case14_ieee.m', { periods: 24, storage: 2, ramps: false, lineFactor: 1, duration: '0.25' }, [6]],
  ['pglib_opf_case30_ieee.m', { periods: 8, storage: 4, ramps: true, lineFactor: 0.7 }, [7, 8]],
  ['pglib_opf_case57_ieee.m', { periods: 3, storage: 3, ramps: true, lineFactor: 0.8 }, [9]],
  ['pglib_opf_case14_ieee.m', { periods: 96, storage: 4, ramps: true, lineFactor: 0.7, duration: '0.25' }, [10]],
  ['pglib_opf_case118_ieee.m', { periods: 12, storage: 10, ramps: true, lineFactor: 0.7 }, [13]],
];

// The product's LP solved by HiGHS (the pipeline alone) and by the Wasm LP engine (the default method).
const methods: [string, LpSolver | undefined][] = [['HiGHS', highsSolver], ['Wasm LP engine', undefined]];

describe('clearPeriods vs HiGHS (own formulation)', () => {
  for (const [method, solver] of methods) for (const [file, opts, seeds] of runs) {
    for (const seed of seeds) {
      it.skipIf(!have(file))(`${method}: ${file} T=${opts.periods} storage=${opts.storage} ramps=${opts.ramps} lines x${opts.lineFactor} seed ${seed}`, () => {
        const m = periodsOnCase(file, { ...opts, seed });
        const ref = referenceWelfare(m);
        const out = clearPeriods(m, { solver });
        if (ref.status !== 'Optimal') { expect(out.status).toBe('infeasible'); return; }
        expect(out.status).toBe('optimal');
        expect(Math.abs(out.stats.lpWelfare - ref.welfare)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(ref.welfare)));
        const r = toPeriodsResult(out);
        expect(verifyPeriods(m, r).failures).toEqual([]);
        // rounding (and any tightening) costs at most a sliver of the LP's welfare
        const money = 10 ** (m.priceDecimals! + m.quantityDecimals! + 2);
        expect(Math.abs(Number(out.welfare) / money - ref.welfare)).toBeLessThanOrEqual(1e-5 * Math.abs(ref.welfare) + 1);
      });
    }
  }
});

describe('uncoupled periods clear as single-period markets', () => {
  it.skipIf(!have('pglib_opf_case14_ieee.m'))('case14, 5 periods, congested: the same fills, prices and welfare as clearNodal per period; the LP path agrees', () => {
    const m = periodsOnCase('pglib_opf_case14_ieee.m', { periods: 5, storage: 0, ramps: false, lineFactor: 0.6, seed: 11 });
    const out = clearPeriods(m);
    expect(out.stats.solves).toBe(0);
    let welfare = 0n;
    m.periods.forEach((p, t) => {
      const idx = m.orders.map((o, i) => (o.period === p.id ? i : -1)).filter((i) => i >= 0);
      const single = clearNodal({ priceDecimals: m.priceDecimals, quantityDecimals: m.quantityDecimals, priceCap: m.priceCap, priceFloor: m.priceFloor, network: m.network, orders: idx.map((i) => m.orders[i]) });
      expect(idx.map((i) => out.fills[i])).toEqual(Array.from(single.fills));
      expect(Array.from(out.prices[t])).toEqual(Array.from(single.priceTicks));
      welfare += single.welfareTicks * 100n; // duration 1 h on the duration tick (2 decimals)
    });
    expect(out.welfare).toBe(welfare);
    const r = toPeriodsResult(out);
    expect(verifyPeriods(m, r).failures).toEqual([]);
    const lp = clearPeriods(m, { solver: highsSolver, decompose: false });
    expect(verifyPeriods(m, toPeriodsResult(lp)).failures).toEqual([]);
    expect(Math.abs(Number(lp.welfare - out.welfare))).toBeLessThanOrEqual(1e-6 * Math.abs(Number(out.welfare)));
  });

  it('a copper plate: the same fills and price as the uniform-price auction per period', async () => {
    const { clearAuction } = await import('../../src/auction/index.js');
    const { headlinePriceTicks } = await import('../../src/io/result.js');
    const m = periodsOnCase('pglib_opf_case5_pjm.m', { periods: 3, storage: 0, ramps: false, lineFactor: 1, seed: 12 });
    delete m.network;
    m.orders.forEach((o) => { delete o.bus; });
    const out = clearPeriods(m);
    m.periods.forEach((p, t) => {
      const orders = m.orders.filter((o) => o.period === p.id).map(({ id, side, price, quantity }) => ({ id, side, price, quantity }));
      const single = clearAuction({ priceDecimals: m.priceDecimals, quantityDecimals: m.quantityDecimals, priceCap: m.priceCap, priceFloor: m.priceFloor, orders });
      expect(out.fills.filter((_, i) => m.orders[i].period === p.id)).toEqual(single.fills);
      expect(out.prices[t][0]).toBe(headlinePriceTicks(single));
    });
    expect(verifyPeriods(m, toPeriodsResult(out)).failures).toEqual([]);
  });
});
