import { describe, expect, it } from 'vitest';
import { generatorCost, importMatpower } from '../../src/io/matpower.js';
import { GridModel } from '../../src/grid/index.js';

const TINY = `function mpc = tiny
mpc.version = '2';
mpc.baseMVA = 100;
%% bus data
mpc.bus = [
	1	3	0	0	0	0	1	1	0	230	1	1.1	0.9;
	2	1	50.5	0	2	0	1	1	0	230	1	1.1	0.9;
	3	2	-10	0	0	0	1	1	0	230	1	1.1	0.9;
	4	4	20	0	0	0	1	1	0	230	1	1.1	0.9;
	5	1	0.0004	0	0	0	1	1	0	230	1	1.1	0.9;
];
mpc.gen = [
	1	10	0	0	0	1	100	1	100	20;   % ten blocks of 8 MW
	3	0	0	0	0	1	100	1	50	0;
	3	0	0	0	0	1	100	0	50	0;    % out of service
	4	0	0	0	0	1	100	1	50	0;    % at an isolated bus
	2, 0, 0, 0, 0, 1, 100, 1, 30, 0
];
mpc.gencost = [
	2	0	0	3	0.01	10	5;
	1	0	0	3	0	0	20	200	50	1200;
	2	0	0	2	7	0;
	2	0	0	2	7	0;
	2	0	0	2	20	0;
];
mpc.branch = [
	1	2	0	0.1	0	100	0	0	0.95	0	1	-30	30;
	2	3	0	0.2	0	0	0	0	0	5	1	-360	2;
	1	3	0	-0.05	0	0	0	0	0	0	1	-10	0;
	1	4	0	0.1	0	0	0	0	0	0	1	0	0;
	2	5	0	0.1	0	0	0	0	0	0	0	0	0;
	3	5	0	0.1	0	50	0	0	0	0	1	0	0;
];
mpc.bus_name = {
	'one';
};
`;

function error(text: string): unknown {
  try { importMatpower(text); } catch (e) { return e; }
  return undefined;
}
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('importMatpower', () => {
  const m = importMatpower(TINY);

  it('keeps buses but type 4, with exact fixed injections (PMIN, -PD < 0, -GS)', () => {
    expect(m.name).toBe('tiny');
    expect(m.network!.referenceBus).toBe('1');
    expect(m.network!.buses).toEqual([
      { id: '1', fixedInjection: '20.000' }, { id: '2', fixedInjection: '-2.000' },
      { id: '3', fixedInjection: '10.000' }, { id: '5', fixedInjection: '0.000' },
    ]);
  });

  it('folds taps into x, keeps shifts and turns angle limits into flow bounds (swapped for x < 0)', () => {
    const lines = m.network!.lines;
    expect(lines.map((l) => l.id)).toEqual(['1', '2', '3', '6']);
    expect(lines[0]).toMatchObject({ from: '1', to: '2', minFlow: '-100.000', maxFlow: '100.000', shiftDeg: 0 });
    expect(lines[0].x).toBeCloseTo(0.095, 15);
    // 100 * (2 - 5) deg / 0.2 = -26.17994 MW, no lower bound (ANGMIN -360 ignored, RATE_A 0)
    expect(lines[1]).toMatchObject({ x: 0.2, shiftDeg: 5, maxFlow: '-26.180' });
    expect(lines[1].minFlow).toBeUndefined();
    // x < 0: ANGMIN -10 deg gives 100 * (-10 deg) / -0.05 = 349.0659 MW as the UPPER bound
    expect(lines[2]).toMatchObject({ x: -0.05, maxFlow: '349.066' });
    expect(lines[2].minFlow).toBeUndefined();
    expect(lines[3]).toMatchObject({ minFlow: '-50.000', maxFlow: '50.000' });
  });

  it('makes loads and generator offers by the spec rules', () => {
    const byId = Object.fromEntries(m.orders.map((o) => [o.id, o]));
    expect(Object.keys(byId).sort()).toEqual([
      ...Array.from({ length: 10 }, (_, j) => `gen1-${j + 1}`), 'gen2-1', 'gen2-2', 'gen5', 'load2'].sort());
    expect(byId.load2).toEqual({ id: 'load2', side: 'buy', bus: '2', price: '4000.0000', quantity: '50.500' });
    // c1 + 2 c2 P at block midpoints 24, 32, ..., 96
    expect(byId['gen1-1']).toMatchObject({ side: 'sell', bus: '1', price: '10.4800', quantity: '8.000', participant: 'gen1' });
    expect(byId['gen1-10']).toMatchObject({ price: '11.9200', quantity: '8.000' });
    expect(byId['gen2-1']).toMatchObject({ bus: '3', price: '10.0000', quantity: '20.000', participant: 'gen2' });
    expect(byId['gen2-2']).toMatchObject({ price: '33.3333', quantity: '30.000' });
    expect(byId.gen5).toMatchObject({ bus: '2', price: '20.0000', quantity: '30.000', participant: 'gen5' });
  });

  it('rounds to the given ticks half away from zero and keeps the given cap', () => {
    const m2 = importMatpower(TINY, { priceDecimals: 1, quantityDecimals: 0, priceCap: 1000, name: 'x' });
    const byId = Object.fromEntries(m2.orders.map((o) => [o.id, o]));
    expect(m2.name).toBe('x');
    expect(byId.load2).toMatchObject({ price: '1000.0', quantity: '51' });
    expect(byId['gen1-1'].price).toBe('10.5');
    expect(m2.network!.lines[1].maxFlow).toBe('-26');
  });

  it('reports generator cost at PMIN + fills (polynomial and piecewise linear)', () => {
    const c = generatorCost(TINY, { 'gen1-1': '8', 'gen1-2': '4.5', 'gen2-1': '20', 'gen2-2': '6', gen5: 0, load2: '50.5' });
    // gen1: P = 20 + 12.5 = 32.5 -> 0.01 * 32.5^2 + 10 * 32.5 + 5 = 340.5625
    // gen2: P = 26 -> 200 + (1000 / 30) * 6 = 400; gen5: P = 0 -> 0
    expect(c.generators).toEqual({ gen1: '340.5625', gen2: '400', gen5: '0' });
    expect(c.total).toBe('740.5625');
  });

  it('accepts an empty dcline table', () => {
    expect(importMatpower(TINY + 'mpc.dcline = [\n];\n').network!.lines.length).toBe(4);
  });

  it('gives a network the grid model accepts (negative x allowed)', () => {
    const g = GridModel.from(m.network!, { allowNegativeReactance: true });
    expect(g.stats.buses).toBe(4);
  });

  it('rejects bad files naming the line', () => {
    const bad = (from: string, to: string) => TINY.replace(from, to);
    expect(error(bad("mpc.version = '2';", "mpc.version = '1';"))).toMatchObject({ code: 'UNSUPPORTED', line: 2, field: 'version' });
    expect(error(TINY + 'mpc.dcline = [\n 1 2 1 0 0 0 0 1 1 100 -100 100 -100 100 -100 100 -100 0 0;\n];\n')).toMatchObject({ code: 'UNSUPPORTED', field: 'dcline' });
    const t1 = bad('3	2	-10	0', '3	2	-1x0	0');
    expect(error(t1)).toMatchObject({ code: 'PARSE_ERROR', line: lineOf(t1, '-1x0') });
    const t2 = bad('3	5	0	0.1	0	50', '3	9	0	0.1	0	50');
    expect(error(t2)).toMatchObject({ code: 'UNKNOWN_BUS', line: lineOf(t2, '3	9	0	0.1') });
    const t3 = bad('5	1	0.0004', '3	1	0.0004');
    expect(error(t3)).toMatchObject({ code: 'DUPLICATE_ID', id: '3', line: lineOf(t3, '3	1	0.0004') });
    const t4 = bad('1	2	0	0.1	0	100', '1	2	0	0	0	100');
    expect(error(t4)).toMatchObject({ code: 'INVALID_NETWORK', field: 'x', line: lineOf(t4, '1	2	0	0	0	100') });
    const t5 = bad('mpc.baseMVA = 100;', 'mpc.baseMVA = 100;\nwhatever(3);');
    expect(error(t5)).toMatchObject({ code: 'PARSE_ERROR', line: 4 });
    const t6 = bad('3	0	0	0	0	1	100	1	50	0;', '3	0	0;');
    expect(error(t6)).toMatchObject({ code: 'PARSE_ERROR', line: lineOf(t6, '3	0	0;') });
    expect(error(TINY.replace(/\];\s*mpc\.bus_name[\s\S]*$/, ''))).toMatchObject({ code: 'PARSE_ERROR' });
    const t7 = bad('2	0	0	3	0.01	10	5', '2	0	0	3	-0.01	10	5');
    expect(error(t7)).toMatchObject({ code: 'UNSUPPORTED', line: lineOf(t7, '-0.01') });
    expect(error(bad('mpc.baseMVA = 100;', 'mpc.baseMVA = -1;'))).toMatchObject({ code: 'PARSE_ERROR', line: 3, field: 'baseMVA' });
    const t8 = bad('1	0	0	3	0	0	20	200	50	1200', '7	0	0	3	0	0	20	200	50	1200');
    expect(error(t8)).toMatchObject({ code: 'UNSUPPORTED', line: lineOf(t8, '7	0	0	3') });
  });
});
