import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseMarketCase, writeMarketCase } from '../../src/io/marketCase.js';
import type { Market } from '../../src/model/types.js';

const SPEC = fileURLToPath(new URL('../../../shared/spec/examples/', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../examples/markets/', import.meta.url));
const read = (p: string) => readFileSync(p, 'utf8');

describe('parseMarketCase', () => {
  it('reads the spec examples as the Market objects they describe', () => {
    const tie = parseMarketCase(read(SPEC + 'copper-plate-tie.json'));
    expect(tie).toEqual(JSON.parse(read(SPEC + 'copper-plate-tie.json')));
    const twoBus = parseMarketCase(read(SPEC + 'two-bus.json'));
    expect(twoBus.network?.lines[0]).toEqual({ id: 'l', from: 'A', to: 'B', x: 0.1, shiftDeg: 0, minFlow: '-30.000', maxFlow: '30.000' });
    expect(twoBus.orders.map((o) => o.bus)).toEqual(['A', 'B', 'B']);
  });

  it('reads the project examples', () => {
    for (const f of readdirSync(EXAMPLES).filter((n) => n.endsWith('.json'))) {
      const m = parseMarketCase(read(EXAMPLES + f), { source: f });
      expect(m.orders.length, f).toBeGreaterThan(0);
      expect(writeMarketCase(m), f).toBe(read(EXAMPLES + f));
    }
  });

  it('accepts numbers for decimals, null flow bounds, integer sequences', () => {
    const m = parseMarketCase(JSON.stringify({
      format: 'market-case/1', priceCap: 100, orders: [{ id: 'a', side: 'buy', price: 1.5, quantity: 2, sequence: 3 }],
      network: { baseMVA: 100, buses: [{ id: '1' }], lines: [{ id: 'l', from: '1', to: '1', x: 1, minFlow: null }] },
    }));
    expect(m.orders[0]).toEqual({ id: 'a', side: 'buy', price: 1.5, quantity: 2, sequence: 3 });
    expect(m.priceCap).toBe(100);
    expect(m.network!.lines[0].minFlow).toBeNull();
  });

  it('reports JSON syntax errors with line and column', () => {
    const text = '{\n  "format": "market-case/1",\n  "orders": [\n    { "id": "a", }\n  ]\n}\n';
    let err: any;
    try { parseMarketCase(text, { source: 'bad.json' }); } catch (e) { err = e; }
    expect(err).toMatchObject({ code: 'PARSE_ERROR', line: 4 });
    expect(err.message).toMatch(/^bad\.json: not valid JSON at line 4, column 18/);
    expect(() => parseMarketCase('{"format": "market-case/1", "orders": [')).toThrow(expect.objectContaining({ code: 'PARSE_ERROR', line: 1 }));
    expect(() => parseMarketCase('')).toThrow(expect.objectContaining({ code: 'PARSE_ERROR' }));
  });

  it('rejects structurally wrong input naming the element and field', () => {
    const base = { format: 'market-case/1', orders: [{ id: 'a', side: 'buy', price: '1', quantity: '1' }] };
    const order = (o: object) => ({ ...base, orders: [base.orders[0], { id: 'b', side: 'sell', price: '1', quantity: '1', ...o }] });
    const net = (n: object) => ({ ...base, network: { baseMVA: 100, buses: [{ id: 'x' }], lines: [], ...n } });
    const cases: [unknown, object][] = [
      [[], { code: 'INVALID_MARKET' }],
      [{ ...base, format: 'market-case/2' }, { code: 'INVALID_MARKET', field: 'format' }],
      [{ orders: [] }, { code: 'INVALID_MARKET', field: 'format' }],
      [{ ...base, orders: {} }, { code: 'INVALID_MARKET', field: 'orders' }],
      [{ ...base, priceDecimals: '2' }, { code: 'INVALID_MARKET', field: 'priceDecimals' }],
      [{ ...base, priceCap: true }, { code: 'INVALID_MARKET', field: 'priceCap' }],
      [{ ...base, name: 3 }, { code: 'INVALID_MARKET', field: 'name' }],
      [order({ id: '' }), { code: 'INVALID_ORDER', index: 1, field: 'id' }],
      [order({ id: 7 }), { code: 'INVALID_ORDER', index: 1, field: 'id' }],
      [{ ...base, orders: [null] }, { code: 'INVALID_ORDER', index: 0 }],
      [order({ side: 1 }), { code: 'INVALID_ORDER', id: 'b', field: 'side' }],
      [order({ price: null }), { code: 'INVALID_ORDER', id: 'b', field: 'price' }],
      [order({ quantity: undefined }), { code: 'INVALID_ORDER', id: 'b', field: 'quantity' }],
      [order({ bus: 1 }), { code: 'INVALID_ORDER', id: 'b', field: 'bus' }],
      [order({ participant: {} }), { code: 'INVALID_ORDER', id: 'b', field: 'participant' }],
      [order({ sequence: 1.5 }), { code: 'INVALID_ORDER', id: 'b', field: 'sequence' }],
      [{ ...base, network: [] }, { code: 'INVALID_NETWORK', field: 'network' }],
      [net({ baseMVA: '100' }), { code: 'INVALID_NETWORK', field: 'baseMVA' }],
      [net({ buses: {} }), { code: 'INVALID_NETWORK', field: 'buses' }],
      [net({ buses: [{ id: 'x', fixedInjection: [] }] }), { code: 'INVALID_NETWORK', id: 'x', field: 'fixedInjection' }],
      [net({ buses: [{}] }), { code: 'INVALID_NETWORK', index: 0, field: 'id' }],
      [net({ lines: [{ id: 'l', from: 'x', to: 'x' }] }), { code: 'INVALID_NETWORK', id: 'l', field: 'x' }],
      [net({ lines: [{ id: 'l', from: 'x', to: 2, x: 1 }] }), { code: 'INVALID_NETWORK', id: 'l', field: 'to' }],
      [net({ lines: [{ id: 'l', from: 'x', to: 'x', x: 1, maxFlow: {} }] }), { code: 'INVALID_NETWORK', id: 'l', field: 'maxFlow' }],
    ];
    for (const [doc, expected] of cases) {
      expect(() => parseMarketCase(JSON.stringify(doc)), JSON.stringify(doc)).toThrow(expect.objectContaining(expected));
    }
  });
});

describe('writeMarketCase', () => {
  it('writes the spec example two-bus.json byte for byte (cap and floor on the price tick)', () => {
    const text = read(SPEC + 'two-bus.json');
    const expected = text.replace('"4000"', '"4000.0000"').replace('"-500"', '"-500.0000"');
    expect(writeMarketCase(parseMarketCase(text))).toBe(expected);
  });

  it('fills in defaults and formats decimals on the ticks', () => {
    const m: Market = { orders: [{ id: 'a', side: 'sell', price: 12.5, quantity: '3', sequence: 12345678901234567890n }] };
    const back = JSON.parse(writeMarketCase(m));
    expect(back).toEqual({
      format: 'market-case/1', priceDecimals: 4, quantityDecimals: 3, priceCap: '4000.0000', priceFloor: '-500.0000',
      orders: [{ id: 'a', side: 'sell', price: '12.5000', quantity: '3.000', sequence: '12345678901234567890' }],
    });
    expect(() => writeMarketCase({ ...m, orders: [{ ...m.orders[0], price: '1.00001' }] })).toThrow(expect.objectContaining({ code: 'OFF_TICK', id: 'a', field: 'price' }));
  });

  it('round-trips: parse(write(m)) writes the same text again', () => {
    const dec = (d: number) => fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }).map((t) => {
      const s = (t < 0n ? -t : t).toString().padStart(d + 1, '0');
      return (t < 0n ? '-' : '') + (d ? `${s.slice(0, -d)}.${s.slice(-d)}` : s);
    });
    const market = fc.record({ pd: fc.integer({ min: 0, max: 6 }), qd: fc.integer({ min: 0, max: 6 }) }).chain(({ pd, qd }) =>
      fc.record({
        priceDecimals: fc.constant(pd), quantityDecimals: fc.constant(qd), name: fc.option(fc.string(), { nil: undefined }),
        orders: fc.array(fc.record({
          id: fc.string({ minLength: 1 }), side: fc.constantFrom('buy' as const, 'sell' as const), price: dec(pd), quantity: dec(qd),
          participant: fc.option(fc.string(), { nil: undefined }), bus: fc.option(fc.string(), { nil: undefined }),
        }, { requiredKeys: ['id', 'side', 'price', 'quantity'] }), { maxLength: 8 }),
      }, { requiredKeys: ['priceDecimals', 'quantityDecimals', 'orders'] }));
    fc.assert(fc.property(market, (m) => {
      const text = writeMarketCase(m as Market);
      const again = parseMarketCase(text);
      expect(writeMarketCase(again)).toBe(text);
      expect(again.orders.map((o) => o.id)).toEqual(m.orders.map((o) => o.id));
    }), { numRuns: 200 });
  });
});
