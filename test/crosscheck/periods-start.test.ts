// The warm start of the default method (src/periods/start.ts, injectionSolver's `start`): the
// periods cleared alone by the nodal core name the lines that bind and the marginal orders; the
// joint LP starts with those Line rows and that basis. On days that nothing couples (cleared as
// one LP, decompose: false) that basis is the optimum itself: no iteration at all; on coupled
// congested days the optimum of all rows (HiGHS) with fewer iterations than without the start.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GridModel } from '../../src/grid/index.js';
import { clearPeriods, formulate, injectionSolver, normalizePeriods, periodsStart, toPeriodsResult, verifyPeriods, type InjectionStats, type PeriodsMarket } from '../../src/periods/index.js';
import { storageStart } from '../../src/periods/start.js';
import { BasisStatus } from '../../src/lp/types.js';
import { highsSolver, loadPeriodsHighs } from '../helpers/periodsHighs.js';
import { storageLed } from '../../src/periods/clear.js';
import { importMatpower } from '../../src/io/matpower.js';
// @ts-expect-error: a plain ES module of the bench (the days of bench/periods.bench.mjs)
import { dayMarket } from '../../bench/lib/day.mjs';
import { periodsOnCase } from '../helpers/periodsArb.js';
import { CASES_DIR } from '../helpers/shared.js';

const have = (f: string) => existsSync(join(CASES_DIR, f));
beforeAll(async () => { await loadPeriodsHighs(); });

describe('the warm start from the periods cleared alone', () => {
  for (const [file, T, factor, seed] of [['pglib_opf_case30_ieee.m', 8, 0.3, 7], ['pglib_opf_case57_ieee.m', 6, 0.3, 9], ['pglib_opf_case118_ieee.m', 6, 0.5, 3]] as const) {
    it.skipIf(!have(file))(`${file} T=${T} lines x${factor}, uncoupled, as one LP: the start is the optimum (0 iterations), the same results as without it`, () => {
      const m = periodsOnCase(file, { periods: T, storage: 0, ramps: false, lineFactor: factor, seed });
      const grid = GridModel.from(m.network!, { quantityDecimals: m.quantityDecimals!, allowNegativeReactance: true });
      const start = periodsStart(m, normalizePeriods(m, grid.network), grid);
      expect(start.pairs.length).toBeGreaterThan(0); // congested: some lines bind
      const warm = clearPeriods(m, { grid, decompose: false });
      const cold = clearPeriods(m, { grid, decompose: false, warmStart: false });
      const alone = clearPeriods(m, { grid });
      expect(warm.stats.iterations).toBe(0);
      expect(cold.stats.iterations).toBeGreaterThan(0);
      expect(Math.abs(warm.stats.lpWelfare - cold.stats.lpWelfare)).toBeLessThanOrEqual(1e-9 * Math.abs(cold.stats.lpWelfare));
      expect(verifyPeriods(m, toPeriodsResult(warm), { grid }).failures).toEqual([]);
      // the same welfare as the periods cleared one by one (exact ticks: the same LP optimum, rounded)
      expect(warm.welfare).toBe(alone.welfare);
    });
  }

  for (const [file, T, factor, seed] of [['pglib_opf_case14_ieee.m', 6, 0.15, 4], ['pglib_opf_case30_ieee.m', 8, 0.3, 7], ['pglib_opf_case57_ieee.m', 4, 0.3, 9], ['pglib_opf_case118_ieee.m', 12, 0.5, 13]] as const) {
    it.skipIf(!have(file))(`${file} T=${T} lines x${factor}, storage and ramps: the optimum of all rows (HiGHS), verified, rows from the start`, () => {
      const m = periodsOnCase(file, { periods: T, storage: 3, ramps: true, lineFactor: factor, seed });
      const grid = GridModel.from(m.network!, { quantityDecimals: m.quantityDecimals!, allowNegativeReactance: true });
      const ref = clearPeriods(m, { solver: highsSolver, grid });
      const warm = clearPeriods(m, { grid });
      expect(warm.status).toBe('optimal');
      expect(Math.abs(warm.stats.lpWelfare - ref.stats.lpWelfare)).toBeLessThanOrEqual(1e-9 * Math.abs(ref.stats.lpWelfare));
      expect(verifyPeriods(m, toPeriodsResult(warm), { grid }).failures).toEqual([]);
      // the start's rows are there before the first solve: with the start given to injectionSolver, its rows are counted
      const start = periodsStart(m, normalizePeriods(m, grid.network), grid);
      const stats: InjectionStats = { rounds: 0, rowsAdded: 0 };
      const out = clearPeriods(m, { grid, form: 'ptdf', lazyLines: true, solver: injectionSolver(grid, { substituteUpTo: 8, rowsPerPeriod: 3, start }, stats) });
      expect(out.stats.lpWelfare).toBe(warm.stats.lpWelfare);
      expect(stats.rowsAdded).toBeGreaterThanOrEqual(start.pairs.length);
      // the start is worth something: fewer iterations than from the crash basis
      const cold = clearPeriods(m, { grid, warmStart: false });
      expect(warm.stats.iterations).toBeLessThan(cold.stats.iterations);
    });
  }
});

describe('storage as a price taker in the start basis (storageStart)', () => {
  it('a battery between a cheap and a dear period charges in the cheap one and discharges in the dear one', () => {
    const m = periodsOnCase('pglib_opf_case14_ieee.m', { periods: 2, storage: 1, ramps: false, lineFactor: 1, seed: 5 });
    const grid = GridModel.from(m.network!, { quantityDecimals: m.quantityDecimals!, allowNegativeReactance: true });
    const b = normalizePeriods(m, grid.network), lp = formulate(b, grid, undefined, { form: 'ptdf', lazyLines: true });
    const start = periodsStart(m, b, grid), nB = grid.network.busIds.length, bus = b.storage.bus[0];
    start.busPrice[bus] = 10; start.busPrice[nB + bus] = 40; // period 0 cheap, period 1 dear
    const basis = storageStart(lp, start, 0, 2, nB, bus)!;
    // columns: charge, discharge, energy of period 0, then of period 1
    expect(basis[0]).not.toBe(BasisStatus.Lower); // charges (at its limit or basic)
    expect(basis[1]).toBe(BasisStatus.Lower); // no discharge when cheap
    expect(basis[3]).toBe(BasisStatus.Lower); // no charge when dear
    expect(basis[4]).not.toBe(BasisStatus.Lower); // discharges
  });
});

describe('the lines the storage loads (periodsStart, the second clearing alone)', () => {
  // Two buses, one line of 80 MW. Alone, period 0 (cheap sellers at A) ships 50 MW to B and period 1
  // (dear sellers at A) 60 MW: the line binds in neither. The battery at B charges in period 0 and so
  // loads the line to its limit: the second clearing alone (the battery as orders at the median of
  // its bus's prices) names that (line, period 0) pair, which the first did not.
  const market: PeriodsMarket = {
    format: 'market-case/2', priceDecimals: 2, quantityDecimals: 3, durationDecimals: 2,
    network: { baseMVA: 100, buses: [{ id: 'A' }, { id: 'B' }], lines: [{ id: 'AB', from: 'A', to: 'B', x: 0.1, minFlow: '-80', maxFlow: '80' }] },
    periods: [{ id: 'h0', duration: '1' }, { id: 'h1', duration: '1' }],
    orders: [
      { id: 's0', period: 'h0', side: 'sell', bus: 'A', price: '10', quantity: '100' },
      { id: 'b0', period: 'h0', side: 'buy', bus: 'B', price: '50', quantity: '50' },
      { id: 's1', period: 'h1', side: 'sell', bus: 'A', price: '90', quantity: '100' },
      { id: 'b1', period: 'h1', side: 'buy', bus: 'B', price: '100', quantity: '60' },
    ],
    storage: [{ id: 'bat', bus: 'B', energyCapacity: '100', chargeCapacity: '60', dischargeCapacity: '60', chargeEfficiency: '0.9', dischargeEfficiency: '0.9' }],
  };
  it('names the pair the storage makes bind (sign 0: its logical stays basic); without the storage pass it is missing', () => {
    const grid = GridModel.from(market.network!, { quantityDecimals: 3 });
    const b = normalizePeriods(market, grid.network);
    expect(periodsStart(market, b, grid, { storage: false }).pairs).toEqual([]);
    const start = periodsStart(market, b, grid);
    expect(start.pairs).toEqual([0]);
    expect(Array.from(start.sign)).toEqual([0]);
    const out = clearPeriods(market, { grid });
    expect(out.shadowPrices[0][0]).not.toBe(0n); // it binds at the joint optimum
    // the battery (worth 90 x 0.9 x 0.9 = 72.9 a MWh charged) outbids the buyer at 50: 60 MW of the line's 80
    expect(out.charge[0]).toBe(60000n);
    expect(out.fills[1]).toBe(20000n);
    const ref = clearPeriods(market, { grid, solver: highsSolver });
    expect(Math.abs(out.stats.lpWelfare - ref.stats.lpWelfare)).toBeLessThanOrEqual(1e-9 * Math.abs(ref.stats.lpWelfare));
    expect(verifyPeriods(market, toPeriodsResult(out), { grid }).failures).toEqual([]);
  });
});

describe('the storage clearing as the start (periodsStart storageBasis, values searched)', () => {
  for (const [file, T, factor, seed] of [['pglib_opf_case14_ieee.m', 6, 0.15, 4], ['pglib_opf_case30_ieee.m', 8, 0.3, 7], ['pglib_opf_case57_ieee.m', 4, 0.3, 9], ['pglib_opf_case118_ieee.m', 12, 0.5, 13]] as const) {
    it.skipIf(!have(file))(`${file} T=${T} lines x${factor}, storage and ramps: the optimum of all rows (HiGHS), verified`, () => {
      const m = periodsOnCase(file, { periods: T, storage: 3, ramps: true, lineFactor: factor, seed });
      const grid = GridModel.from(m.network!, { quantityDecimals: m.quantityDecimals!, allowNegativeReactance: true });
      const ref = clearPeriods(m, { solver: highsSolver, grid });
      for (const search of [0, 6]) {
        const start = periodsStart(m, normalizePeriods(m, grid.network), grid, { storageBasis: true, search });
        if (m.storage!.length > 0 && start.storage) {
          expect(start.storage.value.length).toBe(m.storage!.length);
          expect(start.storage.charge.length).toBe(m.storage!.length * T);
        }
        const out = clearPeriods(m, { grid, form: 'ptdf', lazyLines: true, solver: injectionSolver(grid, { substituteUpTo: 8, rowsPerPeriod: 3, start }) });
        expect(out.status).toBe('optimal');
        expect(Math.abs(out.stats.lpWelfare - ref.stats.lpWelfare)).toBeLessThanOrEqual(1e-9 * Math.abs(ref.stats.lpWelfare));
        expect(verifyPeriods(m, toPeriodsResult(out), { grid }).failures).toEqual([]);
      }
    });
  }
});

describe('the default start: the storage clearing where the storage is large against the periods (storageLed)', () => {
  const day = (file: string, opts: Record<string, unknown>): PeriodsMarket => dayMarket(importMatpower(readFileSync(join(CASES_DIR, file), 'utf8')), opts);
  // the bench's shapes: 96 quarter-hours of 100 orders with 10 + 10 units lead, 24 hours of 1e3 orders with 10 + 10 do not
  it.skipIf(!have('pglib_opf_case118_ieee.m'))('storageLed on the bench days', () => {
    expect(storageLed(normalizePeriods(day('pglib_opf_case118_ieee.m', { periods: 96, duration: '0.25', orders: 100, storage: 10, units: 10, seed: 20261204 })))).toBe(true);
    expect(storageLed(normalizePeriods(day('pglib_opf_case118_ieee.m', { periods: 24, orders: 1000, storage: 10, units: 10, seed: 20261202 })))).toBe(false);
  });
  for (const [file, T, orders, k, h, seed] of [['pglib_opf_case14_ieee.m', 96, 10, 3, '0.25', 5], ['pglib_opf_case30_ieee.m', 48, 30, 4, '0.5', 6], ['pglib_opf_case57_ieee.m', 24, 40, 5, '1', 7]] as const) {
    it.skipIf(!have(file))(`${file} T=${T} x ${orders} orders, ${k} + ${k} units: the storage start by default, the optimum of all rows (HiGHS), verified`, () => {
      const m = day(file, { periods: T, duration: h, orders, storage: k, units: k, seed });
      const grid = GridModel.from(m.network!, { quantityDecimals: m.quantityDecimals!, allowNegativeReactance: true });
      expect(storageLed(normalizePeriods(m, grid.network))).toBe(true);
      const ref = clearPeriods(m, { solver: highsSolver, grid });
      const out = clearPeriods(m, { grid });
      expect(out.status).toBe(ref.status);
      expect(Math.abs(out.stats.lpWelfare - ref.stats.lpWelfare)).toBeLessThanOrEqual(1e-9 * Math.abs(ref.stats.lpWelfare));
      expect(verifyPeriods(m, toPeriodsResult(out), { grid }).failures).toEqual([]);
      // the default is the storage start: the same clearing as asking for it
      expect(toPeriodsResult(clearPeriods(m, { grid, warmStart: 'storage' })).digest).toBe(toPeriodsResult(out).digest);
    });
  }
});
