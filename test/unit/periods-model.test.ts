// market-case/2 input: typed errors naming the element, the prepared-network path, the result
// file text, and the coupled clearing's need for an LP method.
import { beforeAll, describe, expect, it } from 'vitest';
import { GridModel } from '../../src/grid/index.js';
import { clearPeriods, normalizePeriods, parsePeriodsCase, periodsDigestOf, parsePeriodsResult, periodsResultText, toPeriodsResult, verifyPeriods, type PeriodsMarket } from '../../src/periods/index.js';
import { battery, twoBus } from '../helpers/periodsCases.js';
import { highsSolver, lazyHighsSolver, loadPeriodsHighs } from '../helpers/periodsHighs.js';

beforeAll(async () => { await loadPeriodsHighs(); });

function error(f: () => unknown): Record<string, unknown> {
  try { f(); } catch (e) { return { ...(e as object), code: (e as { code: string }).code }; }
  throw new Error('did not throw');
}

describe('normalizePeriods', () => {
  const cases: [string, (m: PeriodsMarket) => void, Record<string, unknown>][] = [
    ['a zero duration', (m) => { m.periods[1].duration = '0'; }, { code: 'INVALID_MARKET', id: 'h2', field: 'duration' }],
    ['a duration off its tick', (m) => { m.periods[0].duration = '0.125'; }, { code: 'OFF_TICK', id: 'h1', field: 'duration' }],
    ['two periods with one id', (m) => { m.periods[1].id = 'h1'; }, { code: 'DUPLICATE_ID', id: 'h1' }],
    ['an order of an unknown period', (m) => { m.orders[2].period = 'h9'; }, { code: 'INVALID_ORDER', id: 's2', field: 'period' }],
    ['one order id in two periods', (m) => { m.orders[2].id = 's1'; }, { code: 'DUPLICATE_ID', id: 's1' }],
    ['an efficiency above 1', (m) => { m.storage![0].chargeEfficiency = '1.01'; }, { code: 'INVALID_MARKET', id: 'bat', field: 'chargeEfficiency' }],
    ['an efficiency with 7 decimals', (m) => { m.storage![0].dischargeEfficiency = '0.9000001'; }, { code: 'OFF_TICK', id: 'bat', field: 'dischargeEfficiency' }],
    ['an initial energy above capacity', (m) => { m.storage![0].initialEnergy = '9.00001'; }, { code: 'INVALID_MARKET', id: 'bat', field: 'initialEnergy' }],
    ['an energy off the energy tick', (m) => { m.storage![0].energyCapacity = '9.000001'; }, { code: 'OFF_TICK', id: 'bat', field: 'energyCapacity' }],
    ['both final energies', (m) => { m.storage![0].finalEnergy = '1'; m.storage![0].minFinalEnergy = '1'; }, { code: 'INVALID_MARKET', id: 'bat', field: 'finalEnergy' }],
    ['a negative charge cost', (m) => { m.storage![0].chargeCost = '-1'; }, { code: 'INVALID_MARKET', id: 'bat', field: 'chargeCost' }],
    ['a storage unit at a bus of a copper plate', (m) => { m.storage![0].bus = 'X'; }, { code: 'UNKNOWN_BUS', id: 'bat', field: 'bus' }],
    ['an order of an unknown unit', (m) => { m.orders[0].unit = 'g'; }, { code: 'INVALID_ORDER', id: 's1', field: 'unit' }],
    ['a negative ramp limit', (m) => { m.units = [{ id: 'g', rampUp: '-1' }]; }, { code: 'INVALID_MARKET', id: 'g', field: 'rampUp' }],
    ['a quantity beyond 2^53 ticks', (m) => { m.quantityDecimals = 18; m.orders[0].quantity = '100'; }, { code: 'OVERFLOW', id: 's1', field: 'quantity' }],
    // decided on the exact ticks, not on their nearest doubles (2^53 + 1 rounds to 2^53)
    ['a quantity of 2^53 + 1 ticks', (m) => { m.quantityDecimals = 0; m.orders[0].quantity = '9007199254740993'; }, { code: 'OVERFLOW', id: 's1', field: 'quantity' }],
    ['a price one tick above a cap beyond 2^53 (both round to one double)', (m) => {
      m.priceDecimals = 0; m.priceCap = '9007199254740996'; m.orders[0].price = '9007199254740997';
    }, { code: 'PRICE_OUT_OF_RANGE', id: 's1', field: 'price' }],
    ['a participant that is not a string', (m) => { (m.orders[1] as { participant: unknown }).participant = 7; }, { code: 'INVALID_ORDER', id: 'b1', field: 'participant' }],
    ['a first order without a period', (m) => { delete (m.orders[0] as { period?: string }).period; }, { code: 'INVALID_ORDER', id: 's1', field: 'period' }],
    ['durationDecimals 7', (m) => { m.durationDecimals = 7; }, { code: 'INVALID_MARKET', field: 'durationDecimals' }],
    ['the format of market-case/1', (m) => { (m as { format: string }).format = 'market-case/1'; }, { code: 'INVALID_MARKET', field: 'format' }],
  ];
  for (const [name, change, want] of cases) {
    it(`rejects ${name}`, () => {
      const m = battery();
      change(m);
      expect(error(() => normalizePeriods(m))).toMatchObject(want);
    });
  }

  it('rejects per-period overrides of unknown buses and lines, and crossed bounds', () => {
    const m = twoBus();
    m.periods[0].fixedInjections = { C: '1' };
    expect(error(() => normalizePeriods(m))).toMatchObject({ code: 'UNKNOWN_BUS', id: 'h1', field: 'fixedInjections' });
    const n = twoBus();
    n.periods[0].lines = { k: { maxFlow: '1' } };
    expect(error(() => normalizePeriods(n))).toMatchObject({ code: 'INVALID_NETWORK', id: 'h1', field: 'lines' });
    const o = twoBus();
    o.periods[0].lines = { l: { minFlow: '200' } };
    expect(error(() => normalizePeriods(o))).toMatchObject({ code: 'INVALID_NETWORK', id: 'h1' });
  });
});

describe('clearPeriods', () => {
  it('clears periods that storage couples with the Wasm LP engine by default, as with HiGHS as the method', () => {
    const wasm = toPeriodsResult(clearPeriods(battery()));
    expect(wasm).toEqual(toPeriodsResult(clearPeriods(battery(), { solver: highsSolver })));
  });

  it('reports a period whose fixed injections cannot be balanced, naming the period and island', () => {
    const m = twoBus();
    m.periods[1].fixedInjections = { A: '500' };
    const out = clearPeriods(m);
    expect(out.status).toBe('infeasible');
    expect(out.infeasible).toEqual({ period: 'h2', island: 'A', imbalance: '450.000' });
    const r = toPeriodsResult(out);
    expect(r).toMatchObject({ format: 'clearing-result/2', status: 'infeasible', infeasible: { period: 'h2', island: 'A', imbalance: '450.000' } });
    expect(verifyPeriods(m, r).ok).toBe(true);
    const claim = (infeasible: object) => {
      const x = { ...r, infeasible };
      return verifyPeriods(m, { ...x, digest: periodsDigestOf(x) }).failures.map((f) => f.check);
    };
    expect(claim({ period: 'h2', island: 'A', imbalance: '449.000' })).toEqual(['status']);
    expect(claim({ period: 'h1', island: 'A', imbalance: '450.000' })).toEqual(['status']);
    expect(claim({})).toEqual(['status']);
    expect(verifyPeriods(twoBus(), r).failures.map((f) => f.check)).toEqual(['status']);
  });

  it('gives the same result with a prepared GridModel', () => {
    const m = twoBus();
    m.storage = [{ id: 'b', bus: 'B', energyCapacity: '10', chargeCapacity: '10', dischargeCapacity: '10' }];
    const grid = GridModel.from(m.network!, { quantityDecimals: 3, allowNegativeReactance: true });
    const a = toPeriodsResult(clearPeriods(m, { solver: highsSolver }));
    const b = toPeriodsResult(clearPeriods(m, { solver: highsSolver, grid }));
    expect(b).toEqual(a);
    expect(verifyPeriods(m, a).failures).toEqual([]);
    expect(verifyPeriods(m, a, { grid }).failures).toEqual([]);
    const bad = { ...a, periods: a.periods!.map((p, t) => (t === 1 ? { ...p, prices: { ...p.prices, B: '35.0000' } } : p)) };
    expect(verifyPeriods(m, { ...bad, digest: periodsDigestOf(bad) }, { grid }).ok).toBe(false);
    // uncoupled periods on the prepared network (the per-period bounds still apply)
    const u = twoBus();
    expect(toPeriodsResult(clearPeriods(u, { grid }))).toEqual(toPeriodsResult(clearPeriods(u)));
  });

  it('gives the same result when the LP method adds the line rows itself (lazyLines)', () => {
    const m = twoBus();
    m.storage = [{ id: 'b', bus: 'B', energyCapacity: '10', chargeCapacity: '10', dischargeCapacity: '10', chargeEfficiency: '0.9' }];
    const grid = GridModel.from(m.network!, { quantityDecimals: 3, allowNegativeReactance: true });
    const all = toPeriodsResult(clearPeriods(m, { solver: highsSolver }));
    const lazy = toPeriodsResult(clearPeriods(m, { solver: lazyHighsSolver(grid), lazyLines: true }));
    expect(lazy).toEqual(all);
    expect(all.periods![1].lines!.l.shadowPrice).not.toBe('0.0000');
  });

  it('writes the result file and reads it back to the same result and digest', () => {
    const m = twoBus();
    const out = clearPeriods(m);
    const text = periodsResultText(out);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('"prices": {\n        "A": "10.0000",');
    const back = parsePeriodsResult(text);
    expect(back).toEqual(toPeriodsResult(out));
    expect(verifyPeriods(m, back).failures).toEqual([]);
  });

  it('parses a market-case/2 file and names the line of a syntax error', () => {
    const text = JSON.stringify(battery(), null, 2);
    expect(parsePeriodsCase(text).periods).toHaveLength(2);
    expect(error(() => parsePeriodsCase(text.replace('"h2"', '"h2",,')))).toMatchObject({ code: 'PARSE_ERROR' });
    expect((error(() => parsePeriodsCase(text.replace('"h2"', '"h2",,'))) as { line?: number }).line).toBeGreaterThan(1);
    expect(error(() => parsePeriodsCase('{"format":"market-case/1","orders":[]}'))).toMatchObject({ code: 'INVALID_MARKET', field: 'format' });
  });

  it('nets a lossless unit that an LP solution charges and discharges at once', () => {
    const m = battery();
    m.storage![0] = { ...m.storage![0], chargeEfficiency: '1', dischargeEfficiency: '1' };
    // an LP method that adds 5 MW of both to h2 (the same energy, the same injections: also optimal)
    const both: typeof highsSolver = (lp) => {
      const sol = highsSolver(lp);
      sol.x[lp.chargeCol[1]] += 5; sol.x[lp.dischargeCol[1]] += 5;
      return sol;
    };
    const r = toPeriodsResult(clearPeriods(m, { solver: both }));
    expect(r.storage!.bat.charge).toEqual(['9.000', '0.000']);
    expect(r.storage!.bat.discharge).toEqual(['0.000', '9.000']);
    expect(verifyPeriods(m, r).failures).toEqual([]);
  });
});
