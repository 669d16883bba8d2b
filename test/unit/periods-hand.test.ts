// Hand cases of the multi-period clearing with answers worked out by hand; solved through the
// product's pipeline (formulation -> LP solution from HiGHS -> rounding -> result -> verify).
import { beforeAll, describe, expect, it } from 'vitest';
import { clearPeriods, toPeriodsResult, verifyPeriods, type PeriodsMarket } from '../../src/periods/index.js';
import { highsSolver, loadPeriodsHighs, referenceWelfare } from '../helpers/periodsHighs.js';

beforeAll(async () => { await loadPeriodsHighs(); });

const solve = (m: PeriodsMarket) => {
  const r = toPeriodsResult(clearPeriods(m, { solver: highsSolver }));
  const report = verifyPeriods(m, r);
  expect(report.failures).toEqual([]);
  return r;
};

/** Two hours on a copper plate: cheap sellers at 10 in h1, at 40 in h2, and a 9 MWh battery with 90% efficiency each way. */
export const battery = (): PeriodsMarket => ({
  format: 'market-case/2', priceDecimals: 4, quantityDecimals: 3, durationDecimals: 2,
  periods: [{ id: 'h1', duration: '1' }, { id: 'h2', duration: '1' }],
  orders: [
    { id: 's1', period: 'h1', side: 'sell', price: '10', quantity: '100' },
    { id: 'b1', period: 'h1', side: 'buy', price: '50', quantity: '50' },
    { id: 's2', period: 'h2', side: 'sell', price: '40', quantity: '100' },
    { id: 'b2', period: 'h2', side: 'buy', price: '100', quantity: '50' },
  ],
  storage: [{ id: 'bat', energyCapacity: '9', chargeCapacity: '20', dischargeCapacity: '20', chargeEfficiency: '0.9', dischargeEfficiency: '0.9' }],
});

describe('hand cases', () => {
  it('a battery charges in the cheap hour and discharges in the expensive one', () => {
    const r = solve(battery());
    // charging 10 MW stores 0.9 x 10 = 9 MWh (full); discharging draws 9 MWh and delivers 0.9 x 9 = 8.1 MW
    expect(r.storage!.bat).toEqual({ charge: ['10.000', '0.000'], discharge: ['0.000', '8.100'], energy: ['9.00000', '0.00000'], value: ['11.1111', '36.0000'] });
    // the marginal sellers set the prices: s1 (10) and s2 (40), both partly filled
    expect(r.periods!.map((p) => p.prices['*'])).toEqual(['10.0000', '40.0000']);
    expect(r.fills).toEqual({ s1: '60.000', b1: '50.000', s2: '41.900', b2: '50.000' });
    // 50 x 50 - 10 x 60 + 100 x 50 - 40 x 41.9 = 1900 + 3324
    expect(r.welfare).toBe('5224.000000000');
    expect(referenceWelfare(battery()).welfare).toBeCloseTo(5224, 6);
  });
});
