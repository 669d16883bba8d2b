// Issue 9 "What was seen": every bullet as a test (each fails on the code before contract
// revision 2 and the one normalization).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clearMarket } from '../../src/clear.js';
import { clearColumns } from '../../src/auction/index.js';
import { clearNodal } from '../../src/nodal/index.js';
import { settle, verify } from '../../src/settle/index.js';
import { importMatpower } from '../../src/io/matpower.js';
import { parseMarketCase } from '../../src/io/marketCase.js';
import { digestOf } from '../../src/io/digest.js';
import { formatTicks, toTicks } from '../../src/model/fixed.js';
import { isGridclearError } from '../../src/errors.js';
import type { Market } from '../../src/model/types.js';
import { ROOT, specExample } from '../helpers/shared.js';

/** The error a call throws (undefined when it does not throw). */
function thrown(f: () => unknown): unknown {
  try { f(); } catch (e) { return e; }
  return undefined;
}
/** The GridclearError code a call throws; fails the test on any other throw. */
function code(f: () => unknown): string | undefined {
  const e = thrown(f);
  if (e === undefined) return undefined;
  if (!isGridclearError(e)) throw new Error(`not a GridclearError: ${String(e)}`);
  return e.code;
}
const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const checks = (m: Market, r: unknown): string[] => verify(m, r as never).failures.map((f) => f.check);
/** A tampered copy of a result with its digest recomputed. */
function tamper(r: object, f: (x: Record<string, any>) => void): Record<string, any> {
  const x = copy(r) as Record<string, any>;
  f(x);
  x.digest = digestOf(x);
  return x;
}

const threeBus = (): Market => JSON.parse(readFileSync(join(ROOT, 'examples/markets/three-bus-loop.json'), 'utf8'));
const twoBus = (): Market => JSON.parse(readFileSync(specExample('two-bus.json'), 'utf8'));
const tie = (): Market => JSON.parse(readFileSync(specExample('copper-plate-tie.json'), 'utf8'));

describe('coarse ticks: the tolerance scales with the quantity tick', () => {
  it('the three-bus example with quantityDecimals 0 and 1 verifies', () => {
    for (const qd of [0, 1]) {
      const m = { ...threeBus(), quantityDecimals: qd };
      const r = clearMarket(m);
      expect(r.status).toBe('optimal');
      expect(verify(m, r).failures).toEqual([]);
    }
  });
});

describe('signed shadow prices', () => {
  const fixedLine = (sell: string): Market => ({
    priceDecimals: 2, quantityDecimals: 3,
    network: { baseMVA: 100, buses: [{ id: 'A' }, { id: 'B' }], lines: [{ id: 'ab', from: 'A', to: 'B', x: 0.1, minFlow: '10', maxFlow: '10' }] },
    orders: [
      { id: 's', side: 'sell', bus: sell, price: '10.00', quantity: '50' },
      { id: 't', side: 'sell', bus: sell === 'A' ? 'B' : 'A', price: '40.00', quantity: '50' },
      { id: 'b', side: 'buy', bus: 'B', price: '60.00', quantity: '30' },
      { id: 'c', side: 'buy', bus: 'A', price: '60.00', quantity: '30' },
    ],
  });
  it('a line with minFlow == maxFlow verifies whichever side binds', () => {
    for (const bus of ['A', 'B']) {
      const m = fixedLine(bus);
      const r = clearMarket(m);
      expect(r.status).toBe('optimal');
      expect(verify(m, r).failures).toEqual([]);
    }
  });
  it('a line held at minFlow has a negative shadow price, and a flipped sign is rejected', () => {
    const m = twoBus();
    const line = m.network!.lines[0];
    [line.from, line.to] = [line.to, line.from]; // the same congestion, now at minFlow
    const r = clearMarket(m) as any;
    const [id] = Object.keys(r.lines);
    expect(r.lines[id].shadowPrice.startsWith('-')).toBe(true);
    expect(verify(m, r).failures).toEqual([]);
    expect(checks(m, tamper(r, (x) => { x.lines[id].shadowPrice = x.lines[id].shadowPrice.slice(1); }))).toContain('shadowPrices');
  });
});

describe('infeasibility by a line\'s bounds', () => {
  const m = (): Market => ({
    network: {
      baseMVA: 100, buses: [{ id: 'A', fixedInjection: '50' }, { id: 'B', fixedInjection: '-50' }],
      lines: [{ id: 'l', from: 'A', to: 'B', x: 0.1, minFlow: '-30', maxFlow: '30' }],
    },
    orders: [{ id: 'd', side: 'buy', bus: 'A', price: '20', quantity: '5' }],
  });
  it('clear names the line and by how much; verify accepts it', () => {
    const r = clearMarket(m()) as any;
    expect(r.status).toBe('infeasible');
    expect(r.infeasible).toEqual({ island: 'A', line: 'l', imbalance: '20.000' });
    expect(verify(m(), r).failures).toEqual([]);
  });
  it('verify rejects the claim on a market the line does not make infeasible, and a wrong amount', () => {
    const r = clearMarket(m()) as any;
    const wide = m();
    wide.network!.lines[0].maxFlow = '60';
    expect(checks(wide, r)).toEqual(['status']);
    expect(checks(m(), tamper(r, (x) => { x.infeasible.imbalance = '7.000'; }))).toEqual(['status']);
  });
});

describe('exact limits: beyond 2^63 money, beyond 2^53 quantities', () => {
  it('welfare beyond 2^63 ticks: the nodal result verifies; a copper plate is a typed OVERFLOW', () => {
    const big: Market = {
      priceDecimals: 8, quantityDecimals: 7, priceCap: '4000',
      network: { baseMVA: 100, buses: [{ id: 'A' }, { id: 'B' }], lines: [{ id: 'l', from: 'A', to: 'B', x: 0.1 }] },
      orders: [
        { id: 'b', side: 'buy', bus: 'B', price: '3000', quantity: '9000000' },
        { id: 's', side: 'sell', bus: 'A', price: '1', quantity: '9000000' },
      ],
    };
    const r = clearMarket(big);
    expect(r.status === 'optimal' && BigInt(r.welfare.replace('.', '')) > 2n ** 63n).toBe(true);
    expect(verify(big, r).failures).toEqual([]);
    const { network: _, ...copper } = big;
    expect(code(() => clearMarket({ ...copper, orders: copper.orders.map(({ bus: __, ...o }) => o) }))).toBe('OVERFLOW');
  });
  it('quantities above 2^53 ticks on a copper plate clear and verify', () => {
    const m: Market = {
      priceDecimals: 0, quantityDecimals: 0,
      orders: [
        { id: 'b', side: 'buy', bus: undefined, price: '30', quantity: '20000000000000000' },
        { id: 's', side: 'sell', price: '10', quantity: '20000000000000001' },
      ],
    };
    const r = clearMarket(m);
    expect(r.status === 'optimal' && r.fills.b).toBe('20000000000000000');
    expect(verify(m, r).failures).toEqual([]);
  });
  it('a networked quantity of exactly 2^53 ticks is a clean OVERFLOW before the core, not INTERNAL', () => {
    const m: Market = {
      priceDecimals: 0, quantityDecimals: 0,
      network: { baseMVA: 100, buses: [{ id: 'A' }, { id: 'B' }], lines: [{ id: 'l', from: 'A', to: 'B', x: 0.1 }] },
      orders: [
        { id: 'b', side: 'buy', bus: 'B', price: '30', quantity: String(2 ** 53) },
        { id: 's', side: 'sell', bus: 'A', price: '10', quantity: '5' },
      ],
    };
    expect(code(() => clearMarket(m))).toBe('OVERFLOW');
  });
});

describe('verify rejects what it accepted with the digest recomputed, and never throws', () => {
  it('prices of unknown buses, unknown lines, extra or missing keys', () => {
    const m = twoBus(), r = clearMarket(m);
    expect(checks(m, tamper(r, (x) => { x.prices.Z = '1.0000'; }))).toEqual(['prices']);
    expect(checks(m, tamper(r, (x) => { x.lines.zz = { flow: 0, shadowPrice: '0.0000' }; }))).toEqual(['lines']);
    expect(checks(m, tamper(r, (x) => { x.fills.ghost = '0.000'; }))).toEqual(['fills']);
    expect(checks(m, tamper(r, (x) => { delete x.fills[Object.keys(x.fills)[0]]; }))).toContain('fills');
  });
  it('a copper-plate price outside [floor, cap]', () => {
    const m: Market = { priceCap: '4000', orders: [{ id: 'b', side: 'buy', price: '10', quantity: '1' }] };
    const r = clearMarket(m);
    expect(verify(m, r).failures).toEqual([]);
    expect(checks(m, tamper(r, (x) => { x.prices['*'] = '999999.0000'; }))).toEqual(['prices']);
  });
  it('non-canonical spellings ("4.000000" for "4.000")', () => {
    const m = tie(), r = clearMarket(m) as any;
    const [id] = Object.keys(r.fills);
    expect(checks(m, tamper(r, (x) => { x.fills[id] = `${x.fills[id]}000`; }))).toEqual(['fills']);
    expect(checks(m, tamper(r, (x) => { x.welfare = `0${x.welfare}`; }))).toEqual(['welfare']);
  });
  it('a null result, a null line, junk of any type: failures, not throws', () => {
    const m = twoBus(), r = clearMarket(m) as any;
    const [line] = Object.keys(r.lines);
    for (const bad of [null, undefined, 5, 'x', [], tamper(r, (x) => { x.lines[line] = null; }), tamper(r, (x) => { x.fills = null; }),
      tamper(r, (x) => { x.prices = [1]; }), { ...r, status: 'infeasible', infeasible: null }, { ...r, mechanism: 'pay-as-bid' }]) {
      const rep = verify(m, bad as never);
      expect(rep.ok).toBe(false);
    }
  });
});

describe('pay-as-bid and trade-reduction results carry their trades and verify', () => {
  it('every mechanism and price rule', () => {
    const m = tie();
    for (const options of [{ mechanism: 'pay-as-bid' as const }, { mechanism: 'pay-as-bid' as const, payAsBidPrice: 'bid' as const },
      { mechanism: 'pay-as-bid' as const, payAsBidPrice: 'ask' as const }, { mechanism: 'trade-reduction' as const }]) {
      const r = clearMarket(m, options) as any;
      expect(Array.isArray(r.trades)).toBe(true);
      expect(verify(m, r).failures).toEqual([]);
    }
  });
});

describe('every input error is a GridclearError, whatever the JavaScript type', () => {
  const net = (): Market => twoBus();
  it('BigInt in side, bus, from/to and referenceBus', () => {
    const cases: ((m: Market) => void)[] = [
      (m) => { (m.orders[0] as any).side = 1n; }, (m) => { (m.orders[0] as any).bus = 1n; },
      (m) => { (m.network!.lines[0] as any).from = 1n; }, (m) => { (m.network!.lines[0] as any).to = 2n; },
      (m) => { (m.network as any).referenceBus = 1n; }, (m) => { (m.orders[0] as any).id = 1n; },
    ];
    for (const f of cases) {
      const m = net();
      f(m);
      expect(code(() => clearMarket(m))).toBeDefined();
      expect(code(() => clearNodal(m))).toBeDefined();
    }
  });
  it('null markets, wrong column types, null results, non-text files, bad decimals arguments', () => {
    expect(code(() => clearMarket(null as never))).toBe('INVALID_MARKET');
    const TM = { priceDecimals: 2, quantityDecimals: 3, priceCapTicks: 100000n, priceFloorTicks: 0n };
    expect(code(() => clearColumns({ side: Uint8Array.of(0), priceTicks: Int32Array.of(1) as never, quantityTicks: BigInt64Array.of(1n) }, TM))).toBe('INVALID_ORDER');
    expect(code(() => settle(net(), null as never))).toBe('INVALID_OPTION');
    expect(code(() => importMatpower(5 as never))).toBe('PARSE_ERROR');
    expect(code(() => toTicks('1', 2.5))).toBe('INVALID_OPTION');
    expect(code(() => formatTicks(5n, -1))).toBe('INVALID_OPTION');
    expect(code(() => formatTicks(5 as never, 2))).toBe('INVALID_NUMBER');
  });
});

describe('the decimal grammar -?(0|[1-9][0-9]*)(\\.[0-9]+)?', () => {
  const bad = ['1e3', '+5', ' 5', '5.', '.5', '00005', '\ufeff5', '5\n', '0x5', '', '-', '5 ', '1_0'];
  it('rejects every other spelling, on objects and in files, copper plate and network', () => {
    for (const s of bad) {
      const copper = tie();
      copper.orders[0].quantity = s;
      expect(code(() => clearMarket(copper)), JSON.stringify(s)).toBe('INVALID_NUMBER');
      const m = net2();
      m.orders[0].price = s;
      expect(code(() => clearMarket(m)), JSON.stringify(s)).toBe('INVALID_NUMBER');
      expect(code(() => clearMarket(parseMarketCase(JSON.stringify({ ...copper, format: 'market-case/1' })))), JSON.stringify(s)).toBe('INVALID_NUMBER');
    }
  });
  const net2 = (): Market => twoBus();
});

describe('one validation: copper plate and network, objects and files agree', () => {
  const copper = (): Market => tie();
  const network = (): Market => twoBus();
  it('priceCap off the price tick: INVALID_MARKET on both', () => {
    for (const m of [copper(), network()]) {
      m.priceCap = '1.000001';
      expect(code(() => clearMarket(m))).toBe('INVALID_MARKET');
    }
  });
  it('a bad sequence: INVALID_ORDER on both; "12" accepted by both objects and files', () => {
    for (const m of [copper(), network()]) {
      (m.orders[0] as any).sequence = 1.5;
      expect(code(() => clearMarket(m))).toBe('INVALID_ORDER');
      (m.orders[0] as any).sequence = '12';
      expect(code(() => clearMarket(m))).toBeUndefined();
      expect(code(() => clearMarket(parseMarketCase(JSON.stringify({ ...m, format: 'market-case/1' }))))).toBeUndefined();
    }
  });
  it('format is checked for objects too', () => {
    for (const m of [copper(), network()]) {
      (m as any).format = 'market-case/2';
      expect(code(() => clearMarket(m))).toBe('INVALID_MARKET');
    }
  });
  it('negative reactance: accepted by every path of a market (series compensation, as MATPOWER imports give)', () => {
    const m = network();
    m.network!.lines[0].x = -0.1;
    const r = clearMarket(m);
    expect(r.status).toBe('optimal');
    expect(verify(m, r).failures).toEqual([]);
  });
});
