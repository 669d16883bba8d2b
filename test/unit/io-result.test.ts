import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  toClearingResult, writeClearingResult, parseClearingResult, auctionOutcome, headlinePriceTicks, clearingResultText,
  type ClearingOutcome,
} from '../../src/io/result.js';
import { digestOf } from '../../src/io/digest.js';
import type { AuctionOptions, AuctionResult } from '../../src/auction/types.js';
import { clearAuction } from '../../src/auction/index.js';
import { formatTicks } from '../../src/model/fixed.js';
import type { Market } from '../../src/model/types.js';

const SPEC = fileURLToPath(new URL('../../../shared/spec/examples/', import.meta.url));

const twoBus: ClearingOutcome = {
  status: 'optimal', priceDecimals: 4, quantityDecimals: 3,
  orderIds: ['s1', 'd2', 's2'], fills: BigInt64Array.from([30000n, 80000n, 50000n]),
  prices: [{ key: 'A', ticks: 100000n }, { key: 'B', ticks: 400000n }],
  lines: [{ id: 'l', flow: 30, shadowPriceTicks: 300000n }],
  welfareTicks: 17000000000n, congestionRentTicks: 9000000000n,
};

describe('clearing-result/1 writer', () => {
  it('reproduces two-bus.result.json byte for byte from its outcome', () => {
    const expected = readFileSync(SPEC + 'two-bus.result.json', 'utf8');
    const text = writeClearingResult(toClearingResult(twoBus));
    expect(text).toBe(expected);
    expect(text).toBe(JSON.stringify(JSON.parse(expected), null, 2) + '\n');
  });

  it('writes a copper plate with price "*", zero congestion rent on pd+qd decimals, no lines', () => {
    const r = toClearingResult({
      status: 'optimal', priceDecimals: 2, quantityDecimals: 3, orderIds: ['b', 's'],
      fills: BigInt64Array.from([1500n, 1500n]), prices: [{ key: '*', ticks: -250n }],
      welfareTicks: 12345n, congestionRentTicks: 0n,
    });
    expect(Object.keys(r)).toEqual(['format', 'status', 'welfare', 'fills', 'prices', 'congestionRent', 'digest']);
    expect(r).toMatchObject({ welfare: '0.12345', fills: { b: '1.500', s: '1.500' }, prices: { '*': '-2.50' }, congestionRent: '0.00000' });
    expect(r.digest).toBe(digestOf(r));
  });

  it('keeps input order for integer-like ids in the file; the digest does not depend on it', () => {
    const outcome: ClearingOutcome = {
      status: 'optimal', priceDecimals: 0, quantityDecimals: 0, orderIds: ['z', '10', '2'],
      fills: BigInt64Array.from([1n, 2n, 3n]), prices: [{ key: '3', ticks: 5n }, { key: '1', ticks: 4n }],
      lines: [{ id: '9', flow: 0.1, shadowPriceTicks: 0n }, { id: '8', flow: -1e-7, shadowPriceTicks: 1n }],
      welfareTicks: 0n, congestionRentTicks: 0n,
    };
    const r = toClearingResult(outcome);
    const text = writeClearingResult(r);
    const at = (key: string) => text.indexOf(`"${key}": `);
    expect(at('z')).toBeLessThan(at('10'));
    expect(at('10')).toBeLessThan(at('2'));
    expect(at('3')).toBeLessThan(at('1'));
    expect(at('9')).toBeLessThan(at('8'));
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(r)));
    expect(digestOf(JSON.parse(text))).toBe(r.digest);
  });

  it('clearingResultText (the CLI path, no result object) writes exactly what the object path writes', () => {
    // ids: integer-like ("7" sorts first in a JS object), escapes, surrogates, shared prefixes
    const id = fc.oneof(fc.nat(30).map(String), fc.string({ maxLength: 4 }), fc.constantFrom('a', 'a b', 'é', '\u{1F600}', '"q"', '\\'));
    const outcome = fc.record({
      ids: fc.uniqueArray(id, { maxLength: 25 }),
      buses: fc.uniqueArray(id, { minLength: 1, maxLength: 6 }),
      lines: fc.option(fc.uniqueArray(id, { maxLength: 6 }), { nil: undefined }),
      pd: fc.nat(4), qd: fc.nat(4), ticks: fc.bigInt(-(10n ** 12n), 10n ** 12n),
      infeasible: fc.boolean(), mechanism: fc.constantFrom(undefined, 'pay-as-bid'),
    }).map((o): ClearingOutcome => ({
      status: o.infeasible ? 'infeasible' : 'optimal', priceDecimals: o.pd, quantityDecimals: o.qd,
      ...(o.mechanism ? { mechanism: o.mechanism, extra: { volume: '1.0', tradePrices: { count: 2, min: null, max: '3' } } } : {}),
      ...(o.infeasible ? { infeasible: { island: o.buses[0], imbalance: '1.5' } } : {}),
      orderIds: o.ids, fills: BigInt64Array.from(o.ids, (_, i) => o.ticks * BigInt(i)),
      prices: o.buses.map((key, i) => ({ key, ticks: o.ticks - BigInt(i) })),
      lines: o.lines?.map((lid, i) => ({ id: lid, flow: i / 3 - 1, shadowPriceTicks: BigInt(i) })),
      welfareTicks: o.ticks, congestionRentTicks: 7n,
    }));
    fc.assert(fc.property(outcome, (o) => {
      const result = toClearingResult(o);
      const { text, head } = clearingResultText(o);
      expect(text).toBe(writeClearingResult(result));
      expect(head.digest).toBe(result.digest);
      expect(result.digest).toBe(digestOf(result)); // the object-based canonical form agrees
    }), { numRuns: 300 });
  });

  it('pay-as-bid and trade-reduction files: their trades written from columns, exactly as the object path writes them', () => {
    // ids with escapes and non-ASCII; prices on both sides of zero; few levels (ties, shared trades)
    const id = fc.oneof(fc.nat(50).map((k) => `o${k}`), fc.constantFrom('é', '"q"', '\\', '\u{1F600}', 'a b'));
    const order = fc.record({ side: fc.constantFrom('buy' as const, 'sell' as const), price: fc.integer({ min: -3, max: 3 }), quantity: fc.integer({ min: 1, max: 5000 }) });
    const options = fc.constantFrom<AuctionOptions>({ mechanism: 'pay-as-bid' }, { mechanism: 'pay-as-bid', payAsBidPrice: 'bid' },
      { mechanism: 'trade-reduction' }, { mechanism: 'trade-reduction', tieRule: 'time-priority' });
    fc.assert(fc.property(fc.uniqueArray(id, { minLength: 1, maxLength: 30 }), fc.array(order, { minLength: 30, maxLength: 30 }), options, (ids, os, opt) => {
      const market: Market = { priceDecimals: 2, quantityDecimals: 3, orders: ids.map((oid, i) => ({ id: oid, side: os[i].side, price: (os[i].price * 1.25).toFixed(2), quantity: (os[i].quantity / 1000).toFixed(3) })) };
      const r = clearAuction(market, { ...opt, trades: true });
      const o = auctionOutcome(market, r);
      const result = toClearingResult(o);
      const { text, head } = clearingResultText(o);
      expect(text).toBe(writeClearingResult(result));
      const t = r.trades!;
      const rows = Array.from(t.buyer, (b, i) => ({ buyer: ids[b], seller: ids[t.seller[i]], quantity: formatTicks(t.quantityTicks[i], 3), price: formatTicks(t.priceTicks[i], 2) }));
      expect(result.trades).toEqual(rows);
      expect(head.trades).toEqual(rows);
      expect(JSON.parse(text).trades).toEqual(rows);
    }), { numRuns: 200 });
  });

  it('writes an infeasible outcome without fills or prices', () => {
    const r = toClearingResult({ ...twoBus, status: 'infeasible', infeasible: { island: 'A', imbalance: '-12.500' } });
    expect(Object.keys(r)).toEqual(['format', 'status', 'infeasible', 'digest']);
    expect(parseClearingResult(writeClearingResult(r))).toEqual(r);
  });

  it('rejects duplicate order ids and fills that do not match the ids', () => {
    expect(() => toClearingResult({ ...twoBus, orderIds: ['s1', 's1', 's2'] })).toThrow(expect.objectContaining({ code: 'DUPLICATE_ID', id: 's1' }));
    expect(() => toClearingResult({ ...twoBus, orderIds: ['s1'] })).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    expect(() => toClearingResult({ ...twoBus, extra: { fills: 1 } })).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});

describe('parseClearingResult', () => {
  it('reads the spec example and what the writer writes', () => {
    const text = readFileSync(SPEC + 'two-bus.result.json', 'utf8');
    const r = parseClearingResult(text);
    expect(r.status).toBe('optimal');
    expect(digestOf(r)).toBe(r.digest);
  });

  it('rejects malformed results with PARSE_ERROR naming the field', () => {
    const good = JSON.parse(readFileSync(SPEC + 'two-bus.result.json', 'utf8'));
    const cases: [unknown, string][] = [
      [{ ...good, format: 'clearing-result/2' }, 'format'],
      [{ ...good, status: 'ok' }, 'status'],
      [{ ...good, fills: { s1: 30 } }, 'fills.s1'],
      [{ ...good, lines: { l: { flow: '30', shadowPrice: '1' } } }, 'lines.l.flow'],
      [{ ...good, digest: undefined }, 'digest'],
      [[], 'the document'],
    ];
    for (const [doc, field] of cases) {
      expect(() => parseClearingResult(JSON.stringify(doc)), field).toThrow(expect.objectContaining({ code: 'PARSE_ERROR', field }));
    }
    expect(() => parseClearingResult('{\n  "format": \n}')).toThrow(expect.objectContaining({ code: 'PARSE_ERROR', line: 3 }));
  });
});

function auction(over: Partial<AuctionResult>): AuctionResult {
  return {
    mechanism: 'uniform', priceDecimals: 2, quantityDecimals: 3, priceTicks: 2500n,
    priceLowTicks: 2500n, priceHighTicks: 2500n, buyPriceTicks: 2500n, sellPriceTicks: 2500n,
    volumeTicks: 8000n, welfareTicks: 8500000n, buyersPayTicks: 20000000n, sellersReceiveTicks: 20000000n,
    surplusTicks: 0n, fills: BigInt64Array.from([5000n, 3000n, 0n, 4000n, 4000n, 0n]),
    payments: new BigInt64Array(6),
    trades: { buyer: new Int32Array(0), seller: new Int32Array(0), quantityTicks: new BigInt64Array(0), priceTicks: new BigInt64Array(0) },
    ...over,
  };
}
const tieMarket: Market = JSON.parse(readFileSync(SPEC + 'copper-plate-tie.json', 'utf8'));

describe('auctionOutcome', () => {
  it('writes a uniform auction as the default clearing: no mechanism, no extra fields', () => {
    const r = toClearingResult(auctionOutcome(tieMarket, auction({})));
    expect(r).toMatchObject({ status: 'optimal', welfare: '85.00000', prices: { '*': '25.00' }, congestionRent: '0.00000' });
    expect(r.status === 'optimal' && r.fills).toEqual({ b1: '5.000', b2: '3.000', b3: '0.000', s1: '4.000', s2: '4.000', s3: '0.000' });
    expect(r.mechanism).toBeUndefined();
    expect(Object.keys(r)).toEqual(['format', 'status', 'welfare', 'fills', 'prices', 'congestionRent', 'digest']);
  });

  it('pay-as-bid: prices["*"] is the volume-weighted average trade price; extra fields summarize trades', () => {
    const r = auction({
      mechanism: 'pay-as-bid', priceTicks: null, buyPriceTicks: null, sellPriceTicks: null,
      buyersPayTicks: 19500000n, sellersReceiveTicks: 19500000n, volumeTicks: 8000n,
      trades: {
        buyer: Int32Array.from([0, 0, 1]), seller: Int32Array.from([3, 4, 4]),
        quantityTicks: BigInt64Array.from([4000n, 1000n, 3000n]), priceTicks: BigInt64Array.from([2000n, 2750n, 2500n]),
      },
    });
    expect(headlinePriceTicks(r)).toBe(2438n); // 195000/8 = 24.375 -> 24.38 (half away from zero)
    const res = toClearingResult(auctionOutcome(tieMarket, r));
    expect(res.mechanism).toBe('pay-as-bid');
    expect(res).toMatchObject({
      prices: { '*': '24.38' }, volume: '8.000', buyersPay: '195.00000', surplus: '0.00000',
      tradePrices: { count: 3, min: '20.00', max: '27.50', average: '24.38' },
    });
    expect(Object.keys(res).at(-1)).toBe('digest');
    expect(res.digest).toBe(digestOf(res));
  });

  it('trade reduction: buy and sell prices and the surplus; prices["*"] is what buyers pay', () => {
    const r = auction({
      mechanism: 'trade-reduction', priceTicks: null, buyPriceTicks: 3000n, sellPriceTicks: 1000n,
      volumeTicks: 5000n, buyersPayTicks: 15000000n, sellersReceiveTicks: 5000000n, surplusTicks: 10000000n,
    });
    const res = toClearingResult(auctionOutcome(tieMarket, r));
    expect(res).toMatchObject({ mechanism: 'trade-reduction', prices: { '*': '30.00' }, buyPrice: '30.00', sellPrice: '10.00', surplus: '100.00000' });
  });

  it('with no volume and no uniform price reports the middle of the clearing interval', () => {
    expect(headlinePriceTicks(auction({ priceTicks: null, volumeTicks: 0n, priceLowTicks: 1000n, priceHighTicks: 2001n }))).toBe(1501n);
  });
});
