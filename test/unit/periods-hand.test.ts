// Hand cases of the multi-period clearing with answers worked out by hand; solved through the
// product's pipeline (formulation -> LP solution from HiGHS -> rounding -> result -> verify).
import { beforeAll, describe, expect, it } from 'vitest';
import { clearPeriods, toPeriodsResult, verifyPeriods, type PeriodsMarket } from '../../src/periods/index.js';
import { highsSolver, loadPeriodsHighs, referenceWelfare } from '../helpers/periodsHighs.js';
import { battery, twoBus } from '../helpers/periodsCases.js';

beforeAll(async () => { await loadPeriodsHighs(); });

const solve = (m: PeriodsMarket) => {
  const r = toPeriodsResult(clearPeriods(m, { solver: highsSolver, decompose: false }));
  const report = verifyPeriods(m, r);
  expect(report.failures).toEqual([]);
  return r;
};

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

  it('a ramp limit from the initial output binds: the rest comes from the dearer seller', () => {
    const m: PeriodsMarket = {
      periods: [{ id: 'h1', duration: '1' }],
      units: [{ id: 'g', rampUp: '20', initialOutput: '0' }],
      orders: [
        { id: 'g1', period: 'h1', unit: 'g', side: 'sell', price: '10', quantity: '100' },
        { id: 'x1', period: 'h1', side: 'sell', price: '30', quantity: '100' },
        { id: 'd1', period: 'h1', side: 'buy', price: '50', quantity: '50' },
      ],
    };
    const r = solve(m);
    expect(r.fills).toEqual({ g1: '20.000', x1: '30.000', d1: '50.000' });
    expect(r.periods![0].prices['*']).toBe('30.0000');
    // g1 is partly filled at 10 while the price is 30: the ramp is worth 30 - 10 = 20 per MW
    expect(r.units!.g).toEqual({ output: ['20.000'], rampShadowPrice: ['20.000000'] });
  });

  it('a ramp between two periods prices the first period below its only seller', () => {
    const m: PeriodsMarket = {
      periods: [{ id: 'h1', duration: '1' }, { id: 'h2', duration: '1' }],
      units: [{ id: 'g', rampUp: '20' }],
      orders: [
        { id: 'g1', period: 'h1', unit: 'g', side: 'sell', price: '10', quantity: '100' },
        { id: 'b1', period: 'h1', side: 'buy', price: '50', quantity: '30' },
        { id: 'g2', period: 'h2', unit: 'g', side: 'sell', price: '10', quantity: '100' },
        { id: 'x2', period: 'h2', side: 'sell', price: '30', quantity: '100' },
        { id: 'b2', period: 'h2', side: 'buy', price: '50', quantity: '80' },
      ],
    };
    const r = solve(m);
    // g can rise by 20 only: 30 in h1, 50 in h2, x2 covers the other 30 at 30
    expect(r.fills).toEqual({ g1: '30.000', b1: '30.000', g2: '50.000', x2: '30.000', b2: '80.000' });
    // h2: x2 is marginal (30); the ramp into h2 is worth 30 - 10 = 20 per MW. h1: one more MW of
    // demand costs g 10 but lets g2 displace 1 MW of x2 (saves 20): the price is 10 - 20 = -10
    expect(r.periods!.map((p) => p.prices['*'])).toEqual(['-10.0000', '30.0000']);
    expect(r.units!.g.rampShadowPrice).toEqual(['0.000000', '20.000000']);
    expect(r.welfare).toBe(String(50 * 30 - 10 * 30 + 50 * 80 - 10 * 50 - 30 * 30) + '.000000000');
  });

  it('a line congests in one period only (its bound is lowered for that period)', () => {
    const m = twoBus();
    const lp = solve(m);
    const one = toPeriodsResult(clearPeriods(m));
    expect(verifyPeriods(m, one).failures).toEqual([]);
    for (const r of [lp, one]) {
      expect(r.periods!.map((p) => p.prices)).toEqual([{ A: '10.0000', B: '10.0000' }, { A: '10.0000', B: '40.0000' }]);
      expect(r.periods!.map((p) => p.lines!.l.shadowPrice)).toEqual(['0.0000', '30.0000']);
      expect(r.periods!.map((p) => p.lines!.l.flow)).toEqual([50, 30]);
      // h2: 30 MW bought at B for 40 that was sold at A for 10, over 0.5 hours
      expect(r.periods!.map((p) => p.congestionRent)).toEqual(['0.000000000', '450.000000000']);
      expect(r.fills).toEqual({ a1: '50.000', b1: '0.000', d1: '50.000', a2: '30.000', b2: '20.000', d2: '50.000' });
    }
    expect(lp.digest).toBe(one.digest);
  });
});
