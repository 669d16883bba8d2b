// The Wasm core's reader of a case's orders array (src/auction/textScan.ts, assembly/auction/scan.ts)
// against scanOrders in JavaScript: scanMarketCase returns the same columns (or gives up alike) with
// and without it, on texts of every shape the two may meet.
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scanMarketCase, useOrdersScanner } from '../../src/io/scan.js';
import { coreScanOrders, MIN_CHARS } from '../../src/auction/textScan.js';
import { coreTickMembers } from '../../src/auction/text.js';
import { ByteWriter } from '../../src/io/bytes.js';
import { formatTicks } from '../../src/model/fixed.js';

afterEach(() => useOrdersScanner(undefined));

const ws = fc.constantFrom('', '', '', ' ', '\n  ', '\t', '\r\n');
const decimal = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 0, max: 99 })).map(([a, b]) => `${a}.${String(b).padStart(2, '0')}`) },
  fc.tuple(fc.integer({ min: -500, max: 4000 }), fc.integer({ min: 0, max: 9999 })).map(([a, b]) => `${a}.${String(b).padStart(4, '0')}`),
  fc.integer({ min: 1, max: 100000 }).map(String),
  fc.constantFrom('0', '-0', '-0.00', '01', '1.', '.5', '1e3', '+1', 'x', '', '1.23456789', '1.2000000', '999999999999999', '1234567890123456', '-12.5', '0.001'),
);
const side = fc.oneof({ weight: 12, arbitrary: fc.constantFrom('buy', 'sell') }, fc.constantFrom('Buy', 'buyer', 'sel', ''));
const id = fc.oneof({ weight: 12, arbitrary: fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 6 }) },
  fc.constantFrom('', 'é', 'a\\"b', 'tab\\t'));
const extra = fc.constantFrom(undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, ['participant', '"p2"'], ['participant', '"p1"'], ['bus', '"1"'], ['sequence', '3'], ['note', '"x"'], ['id', '"again"'], ['price', 5]);

/** One order object as text: the four fields in some order, whitespace, maybe one more member. */
const order = fc.record({ id, side, price: decimal, quantity: decimal, extra, perm: fc.integer({ min: 0, max: 23 }), w: ws, quoted: fc.boolean() })
  .map(({ id, side, price, quantity, extra, perm, w, quoted }) => {
    const fields: [string, string][] = [['id', `"${id}"`], ['side', `"${side}"`], ['price', quoted ? `"${price}"` : `"${price}"`], ['quantity', `"${quantity}"`]];
    const rest = fields.slice();
    const ordered: [string, string][] = [];
    for (let k = 4, p = perm; k > 0; k--) { ordered.push(rest.splice(p % k, 1)[0]); p = Math.floor(p / k); }
    if (extra) ordered.push([extra[0], String(extra[1])]);
    return `{${w}${ordered.map(([k, v]) => `"${k}"${w}:${w}${v}`).join(`,${w}`)}${w}}`;
  });

/** A case whose orders array is long enough for the core: the given orders, then plain ones. */
function caseText(orders: string[], head: string, tail: string, w: string): string {
  const plain: string[] = [];
  let chars = orders.join(',').length;
  for (let i = 0; chars < MIN_CHARS + 100; i++) {
    const o = `{"id":"p${i}","side":"${i % 2 ? 'sell' : 'buy'}","price":"${(40 + (i % 400) / 10).toFixed(2)}","quantity":"${1 + (i % 9)}.5"}`;
    plain.push(o);
    chars += o.length + 1;
  }
  return `{${head}"orders":${w}[${w}${[...orders, ...plain].join(`,${w}`)}${w}]${tail}}`;
}

const heads = fc.constantFrom(
  ['"format":"market-case/1","priceDecimals":2,"quantityDecimals":3,', ''],
  ['"format":"market-case/1",', ''], // the defaults (4 and 3)
  ['"format":"market-case/1",', ',"priceDecimals":2,"quantityDecimals":3'], // decimals after the orders
  ['"format":"market-case/1","priceDecimals":4,', ',"quantityDecimals":1'],
  ['"format":"market-case/1","priceDecimals":17,"quantityDecimals":3,', ''], // decimals the fast parser does not take
);

function both(text: string): { js: unknown; core: unknown; took: boolean } {
  useOrdersScanner(undefined);
  const js = scanMarketCase(text);
  let took = false;
  useOrdersScanner((t, p, pd, qd) => {
    const r = coreScanOrders(t, p, pd, qd);
    took = r !== undefined;
    return r;
  });
  const core = scanMarketCase(text);
  useOrdersScanner(undefined);
  return { js, core, took };
}

describe('coreScanOrders', () => {
  it('scanMarketCase reads the same columns with it as without it, or gives up alike', () => {
    let took = 0, read = 0;
    fc.assert(fc.property(fc.array(order, { maxLength: 6 }), heads, ws, (orders, [head, tail], w) => {
      const r = both(caseText(orders, head, tail, w));
      expect(r.core).toEqual(r.js);
      if (r.took) took++;
      if (r.js !== undefined) read++;
    }), { numRuns: 400 });
    console.log(`core took ${took}, scanned ${read} of 400`);
    expect(took).toBeGreaterThan(60); // the core read many of them itself
    expect(read).toBeGreaterThan(40); // and many were read into columns at all
  });

  it('reads a plain large case itself, ticks and all', () => {
    const text = caseText([], '"format":"market-case/1","priceDecimals":2,"quantityDecimals":3,', '', '');
    const r = both(text);
    expect(r.took).toBe(true);
    expect(r.core).toEqual(r.js);
    expect(r.js).toBeDefined();
  });

  it('every edge of the decimal grammar, as a price and as a quantity, on every decimals', () => {
    const edges = ['0', '-0', '-0.00', '0.0', '01', '-01', '00.5', '1.', '.5', '-', '-.5', '1e3', '+1', ' 1', '1 ', 'x', '', '1.23456789',
      '1.2000000', '1.2000001', '999999999999999', '1000000000000000', '99999999999.9999', '1234567890123456', '-12.5', '0.001', '5.0001', '--1'];
    for (const [head, tail] of [['"format":"market-case/1","priceDecimals":2,"quantityDecimals":3,', ''], ['"format":"market-case/1",', ''],
      ['"format":"market-case/1","priceDecimals":0,"quantityDecimals":15,', '']]) {
      for (const v of edges) {
        for (const o of [`{"id":"e","side":"buy","price":"${v}","quantity":"1"}`, `{"id":"e","side":"sell","price":"1","quantity":"${v}"}`]) {
          const r = both(caseText([o], head, tail, ''));
          expect(r.took).toBe(true);
          expect(r.core).toEqual(r.js);
        }
      }
    }
  });

  it('takes pretty-printed cases (spaces, tabs, line breaks) itself', () => {
    for (const w of [' ', '\n    ', '\t', '\r\n  ']) {
      const r = both(caseText(['{"id":"a","side":"buy","price":"1","quantity":"2"}'], `"format":"market-case/1",${w}"priceDecimals":2,`, '', w));
      expect(r.took).toBe(true);
      expect(r.core).toEqual(r.js);
      expect(r.js).toBeDefined();
    }
  });

  it('leaves short and non-ASCII texts to JavaScript', () => {
    expect(coreScanOrders('[]', 0, 2, 3)).toBeUndefined();
    const text = caseText(['{"id":"é","side":"buy","price":"1","quantity":"1"}'], '"format":"market-case/1",', '', '');
    expect(coreScanOrders(text, text.indexOf('['), 4, 3)).toBeUndefined();
  });

  it('hands the ids it read to the result writer with their bytes: the members are written alike', () => {
    let took = 0;
    fc.assert(fc.property(fc.array(order, { maxLength: 6 }), ws, fc.boolean(), fc.integer({ min: 0, max: 6 }), (orders, w, sorted, d) => {
      const text = caseText(orders, '"format":"market-case/1","priceDecimals":2,"quantityDecimals":3,', '', w);
      const r = coreScanOrders(text, text.indexOf('['), 2, 3);
      if (r === undefined) return;
      took++;
      const keys = r.ids, n = keys.length;
      const t = BigInt64Array.from(keys, (_, i) => BigInt(i * 7919 - 3e5));
      const ord = sorted ? keys.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] === keys[b] ? a - b : 1)) : null;
      const js = new ByteWriter(4), core = new ByteWriter(4), fresh = new ByteWriter(4);
      js.tickMembers(keys, t, d, ord, ',', ':', formatTicks);
      const plain = keys.every((k) => !/["\\]/.test(k));
      // the scanned array (its bytes from the scanner) and a copy of it (encoded by the writer)
      expect(coreTickMembers(keys, t, d, ord, ',', ':', core)).toBe(plain);
      expect(coreTickMembers([...keys], t, d, ord, ',', ':', fresh)).toBe(plain);
      if (plain) {
        expect(core.text()).toBe(js.text());
        expect(fresh.text()).toBe(js.text());
      }
      expect(n).toBeGreaterThan(0);
    }), { numRuns: 100 });
    expect(took).toBeGreaterThan(20);
  });
});

