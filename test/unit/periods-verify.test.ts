// verifyPeriods: accepts what the clearing produces, rejects tampered results for the right reason.
import { beforeAll, describe, expect, it } from 'vitest';
import { clearPeriods, periodsDigestOf, toPeriodsResult, verifyPeriods, type PeriodsMarket, type PeriodsResultJson } from '../../src/periods/index.js';
import { highsSolver, loadPeriodsHighs } from '../helpers/periodsHighs.js';
import { battery, twoBus } from '../helpers/periodsCases.js';

beforeAll(async () => { await loadPeriodsHighs(); });

const ramp = (): PeriodsMarket => ({
  periods: [{ id: 'h1', duration: '1' }],
  units: [{ id: 'g', rampUp: '20', initialOutput: '0' }],
  orders: [
    { id: 'g1', period: 'h1', unit: 'g', side: 'sell', price: '10', quantity: '100' },
    { id: 'x1', period: 'h1', side: 'sell', price: '30', quantity: '100' },
    { id: 'd1', period: 'h1', side: 'buy', price: '50', quantity: '50' },
  ],
});

const clear = (m: PeriodsMarket) => toPeriodsResult(clearPeriods(m, { solver: highsSolver, decompose: false }));

/** A copy of `r` changed by `f`, with its digest recomputed (so that only the change is wrong). */
function tamper(r: PeriodsResultJson, f: (x: PeriodsResultJson) => void): PeriodsResultJson {
  const x = JSON.parse(JSON.stringify(r)) as PeriodsResultJson;
  f(x);
  x.digest = periodsDigestOf(x);
  return x;
}

const checks = (m: PeriodsMarket, r: PeriodsResultJson) => verifyPeriods(m, r).failures.map((f) => f.check);

describe('verifyPeriods', () => {
  it('accepts the clearing of every hand case', () => {
    for (const m of [battery(), ramp(), twoBus()]) expect(verifyPeriods(m, clear(m)).failures).toEqual([]);
  });

  it('rejects a result whose digest does not match', () => {
    const r = clear(battery());
    expect(checks(battery(), { ...r, welfare: '5225.000000000' })).toEqual(['digest']);
  });

  it('rejects missing or extra keys and non-canonical decimals', () => {
    const m = battery(), r = clear(m);
    expect(checks(m, tamper(r, (x) => { delete x.storage!.bat; }))).toContain('keys');
    expect(checks(m, tamper(r, (x) => { x.fills!.zz = '0.000'; }))).toContain('keys');
    expect(checks(m, tamper(r, (x) => { x.fills!.s1 = '60.00'; }))).toContain('decimals');
    expect(checks(m, tamper(r, (x) => { x.periods![0].prices['*'] = '-0.0000'; }))).toContain('decimals');
    expect(checks(m, tamper(r, (x) => { x.storage!.bat.value = ['11.1111']; }))).toContain('keys');
  });

  it('rejects a fill that breaks the balance, and welfare or rent that do not add up', () => {
    const m = battery(), r = clear(m);
    expect(checks(m, tamper(r, (x) => { x.fills!.s1 = '60.001'; }))).toContain('balance');
    expect(checks(m, tamper(r, (x) => { x.welfare = '5224.000000001'; }))).toEqual(['welfare']);
    expect(checks(m, tamper(r, (x) => { x.periods![1].congestionRent = '1.000000000'; }))).toEqual(['congestionRent']);
  });

  it('rejects a storage schedule whose stored energy is misreported or leaves its bounds', () => {
    const m = battery(), r = clear(m);
    expect(checks(m, tamper(r, (x) => { x.storage!.bat.energy = ['9.00000', '0.00001']; }))).toContain('energy');
    // one more tick of charge (balanced by s1) stores 9.0009 MWh > 9: over capacity
    const over = tamper(r, (x) => { x.storage!.bat.charge[0] = '10.001'; x.fills!.s1 = '60.001'; x.storage!.bat.energy = ['9.00090', '0.00090']; });
    expect(checks(m, over)).toContain('energy');
  });

  it('rejects a value of stored energy that does not match the prices (storage complementary slackness)', () => {
    const m = battery(), r = clear(m);
    expect(checks(m, tamper(r, (x) => { x.storage!.bat.value = ['20.0000', '36.0000']; }))).toContain('storagePrices');
    expect(checks(m, tamper(r, (x) => { x.storage!.bat.value = ['11.1111', '30.0000']; }))).toContain('storagePrices');
  });

  it('rejects charging and discharging at once at a positive price', () => {
    const m = battery(), r = clear(m);
    expect(checks(m, r)).toEqual([]);
    // h2 of a 10 MWh battery: 1 MW more charge and 0.81 MW more discharge keep the energy, s2 covers the rest
    const m2 = battery();
    m2.storage![0].energyCapacity = '10';
    const r2 = clear(m2);
    const sim = tamper(r2, (x) => {
      x.storage!.bat.charge[1] = '1.000';
      x.storage!.bat.discharge[1] = String((Number(x.storage!.bat.discharge[1]) + 0.81).toFixed(3));
      x.fills!.s2 = String((Number(x.fills!.s2) + 0.19).toFixed(3));
    });
    expect(checks(m2, sim)).toContain('storagePrices');
  });

  it('rejects a ramp that is exceeded and a ramp shadow price that is missing or misplaced', () => {
    const m = ramp(), r = clear(m);
    expect(checks(m, tamper(r, (x) => { x.fills!.g1 = '20.001'; x.fills!.x1 = '29.999'; x.units!.g.output = ['20.001']; }))).toContain('ramps');
    expect(checks(m, tamper(r, (x) => { x.units!.g.output = ['19.000']; }))).toContain('units');
    expect(checks(m, tamper(r, (x) => { x.units!.g.rampShadowPrice = ['0.000000']; }))).toContain('consistency');
    expect(checks(m, tamper(r, (x) => { x.units!.g.rampShadowPrice = ['-20.000000']; }))).toContain('rampPrices');
  });

  it('rejects prices that orders contradict, a shadow price on a line that does not bind, and a broken price relation', () => {
    const m = twoBus(), r = clear(m);
    expect(checks(m, tamper(r, (x) => { x.periods![1].prices.B = '35.0000'; }))).toEqual(expect.arrayContaining(['consistency', 'priceRelation']));
    expect(checks(m, tamper(r, (x) => { x.periods![0].lines!.l.shadowPrice = '5.0000'; }))).toContain('shadowPrices');
    expect(checks(m, tamper(r, (x) => { x.periods![1].lines!.l.flow = 31; }))).toContain('flows');
    expect(checks(m, tamper(r, (x) => { x.periods![1].lines!.l.shadowPrice = '20.0000'; }))).toContain('priceRelation');
  });

  it('names an invalid market instead of throwing', () => {
    const m = battery();
    m.storage![0].chargeEfficiency = '1.5';
    expect(checks(m, clear(battery()))).toEqual(['market']);
  });
});
