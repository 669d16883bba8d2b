// The file path without an object per order (src/io/scan.ts, src/auction/scanned.ts, the CLI's
// read path): the same result text and the same errors as parseMarketCase + clearAuction.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { scanMarketCase } from '../../src/io/scan.js';
import { clearScanned } from '../../src/auction/scanned.js';
import { clearAuction } from '../../src/auction/index.js';
import { parseMarketCase } from '../../src/io/marketCase.js';
import { auctionOutcome, clearingResultText } from '../../src/io/result.js';
import { clearNodal, nodalOutcome } from '../../src/nodal/index.js';
import { fileAuctionOptions } from '../../src/clear.js';
import { isGridclearError } from '../../src/errors.js';
import type { AuctionOptions } from '../../src/auction/types.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/markets/neighbourhood-tie.json', import.meta.url));

let tmp = '';
beforeAll(() => { tmp = mkdtempSync(join(tmpdir(), 'gridclear-scan-')); });
afterAll(() => { if (tmp) rmSync(tmp, { recursive: true, force: true }); });

/** `gridclear clear <text as a file> --json [args]` in this process: exit code, stdout, stderr. */
function cli(text: string, ...args: string[]) {
  const file = join(tmp, 'case.json');
  writeFileSync(file, text);
  let stdout = '', stderr = '';
  const code = main(['clear', file, '--json', ...args], { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
  return { code, stdout, stderr };
}

/** What the general path gives: the result text, or the error's code and message. */
function general(text: string, options: AuctionOptions = {}): { text?: string; error?: string } {
  try {
    const market = parseMarketCase(text, { source: join(tmp, 'case.json') });
    return { text: clearingResultText(auctionOutcome(market, clearAuction(market, fileAuctionOptions(options)))).text };
  } catch (e) {
    if (!isGridclearError(e)) throw e;
    return { error: `gridclear: ${e.code}: ${e.message}` };
  }
}

/** Checks the CLI against the general path on one text. */
function sameAsGeneral(text: string, options: AuctionOptions = {}, args: string[] = []): void {
  const want = general(text, options);
  const got = cli(text, ...args);
  if (want.error !== undefined) {
    expect(got.code).toBe(2);
    expect(got.stderr.slice(0, want.error.length)).toBe(want.error);
  } else {
    expect(got.stderr).toBe('');
    expect(got.stdout).toBe(want.text);
  }
}

/** What the general path gives for a networked case: the nodal result text, or the error. */
function generalNodal(text: string): { text?: string; error?: string } {
  try {
    const market = parseMarketCase(text, { source: join(tmp, 'case.json') });
    return { text: clearingResultText(nodalOutcome(clearNodal(market))).text };
  } catch (e) {
    if (!isGridclearError(e)) throw e;
    return { error: `gridclear: ${e.code}: ${e.message}` };
  }
}

/** Checks the CLI against the general nodal path on one networked text. */
function sameAsGeneralNodal(text: string): void {
  const want = generalNodal(text);
  const got = cli(text);
  if (want.error !== undefined) {
    expect(got.code).toBe(2);
    expect(got.stderr.slice(0, want.error.length)).toBe(want.error);
  } else {
    expect(got.stderr).toBe('');
    expect(got.stdout).toBe(want.text);
  }
}

const EXAMPLE_NET = fileURLToPath(new URL('../../examples/markets/three-bus-loop.json', import.meta.url));

const side = fc.constantFrom('buy', 'sell');
const dec = (scale: number) => fc.integer({ min: 0, max: 99999 }).map((t) => (t / scale).toFixed(Math.log10(scale)));
const order = fc.record({ side, price: dec(100), quantity: dec(1000).filter((q) => Number(q) > 0), participant: fc.option(fc.constantFrom('p', 'ünï'), { nil: undefined }) });
/** A copper-plate file in the scanner's shape, with varied key order and whitespace. */
const caseText = fc.record({
  orders: fc.array(order, { minLength: 1, maxLength: 60 }),
  ids: fc.constantFrom('o', 'ÿ', 'id-', 'z'),
  headerLast: fc.boolean(),
  indent: fc.constantFrom(0, 2),
  idOrder: fc.integer({ min: 1, max: 7 }),
}).map(({ orders, ids, headerLast, indent, idOrder }) => {
  const list = orders.map((o, i) => ({ id: `${ids}${(i * idOrder) % 61}-${i}`, ...o }));
  const head = { format: 'market-case/1', name: 'scan', priceDecimals: 2, quantityDecimals: 3, priceCap: '1000', priceFloor: '-5' };
  const body = headerLast ? { orders: list, ...head } : { ...head, network: null, orders: list };
  return JSON.stringify(body, null, indent);
});

/** A networked file in the scanner's shape: a 3-bus loop (an id with an escape in the network), orders at two buses. */
const netCaseText = fc.record({
  orders: fc.array(fc.record({ side, price: dec(100), quantity: dec(1000).filter((q) => Number(q) > 0), bus: fc.constantFrom('n1', 'n3') }), { minLength: 1, maxLength: 40 }),
  limit: fc.constantFrom('0.5', '5', '50'),
  networkFirst: fc.boolean(),
}).map(({ orders, limit, networkFirst }) => {
  const line = (id: string, from: string, to: string) => ({ id, from, to, x: 0.1, minFlow: `-${limit}`, maxFlow: limit });
  const network = { baseMVA: 100, buses: [{ id: 'n1' }, { id: 'n"2', fixedInjection: '-0.5' }, { id: 'n3' }], lines: [line('l12', 'n1', 'n"2'), line('l23', 'n"2', 'n3'), line('l31', 'n3', 'n1')] };
  const list = orders.map((o, i) => ({ id: `o${i}`, ...o }));
  const head = { format: 'market-case/1', priceDecimals: 2, quantityDecimals: 3, priceCap: '1000', priceFloor: '-5' };
  return JSON.stringify(networkFirst ? { ...head, network, orders: list } : { ...head, orders: list, network }, null, 1);
});

describe('market-case/1 scanned into columns', () => {
  it('reads the columns the general parser reads, and clears to the same result', () => {
    fc.assert(fc.property(caseText, (text) => {
      const s = scanMarketCase(text);
      expect(s).toBeDefined();
      const market = parseMarketCase(text);
      expect(s!.ids).toEqual(market.orders.map((o) => o.id));
      expect(Array.from(s!.side)).toEqual(market.orders.map((o) => (o.side === 'buy' ? 0 : 1)));
      const a = clearScanned(s!, { trades: true });
      const b = clearAuction(market, { trades: true });
      expect(a).toEqual(b);
    }), { numRuns: 150 });
  });

  it('gridclear clear writes the same bytes as the general path, for every mechanism', () => {
    fc.assert(fc.property(caseText, fc.constantFrom<AuctionOptions>({}, { mechanism: 'pay-as-bid' }, { mechanism: 'trade-reduction' }, { tieRule: 'time-priority' }), (text, options) => {
      const args = Object.entries({ mechanism: options.mechanism, 'tie-rule': options.tieRule })
        .filter(([, v]) => v !== undefined).flatMap(([k, v]) => [`--${k}`, String(v)]);
      sameAsGeneral(text, options, args);
    }), { numRuns: 60 });
  });

  it('gives up on anything but the usual shape and plain values (the general path reads it)', () => {
    const base = { format: 'market-case/1', priceDecimals: 2, quantityDecimals: 3, orders: [{ id: 'a', side: 'buy', price: '10', quantity: '1' }, { id: 'b', side: 'sell', price: '5', quantity: '2' }] };
    const o = (extra: Record<string, unknown>) => JSON.stringify({ ...base, orders: [{ ...base.orders[0], ...extra }, base.orders[1]] });
    const unusual = [
      o({ sequence: 1 }), o({ bus: '1' }), o({ note: 'x' }), o({ price: 10 }), o({ id: 'a\\"b' }), o({ id: 'a\u00e9' }).replace('\u00e9', '\\u00e9'),
      JSON.stringify({ ...base, extra: 1 }), JSON.stringify({ ...base, priceDecimals: 2.5 }), JSON.stringify(base) + ' x',
      JSON.stringify(base).replace('"side":"buy"', '"side":"buy","side":"sell"'), JSON.stringify({ ...base, format: 'market-case/2' }),
      o({ price: '1e1' }),
    ];
    // a network whose orders name no bus: the general path (it names the order)
    expect(scanMarketCase(JSON.stringify({ ...base, network: { baseMVA: 100, buses: [{ id: '1' }], lines: [] } }))).toBeUndefined();
    for (const text of unusual) {
      expect(scanMarketCase(text), text).toBeUndefined();
      sameAsGeneral(text);
    }
    expect(scanMarketCase(JSON.stringify(base))).toBeDefined();
    // decimals are the shared parser's to judge (revision 2 rejects leading zeros): same either way
    for (const price of ['010', '-0', '10.', '.5', ' 5', '+5']) sameAsGeneral(o({ price }));
  });

  it('a bad order is reported exactly as the general path reports it (named by its id)', () => {
    const text = (orders: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ format: 'market-case/1', priceCap: '100', priceFloor: '0', ...extra, orders });
    const ok = { id: 'ok', side: 'sell', price: '5', quantity: '1' };
    const bad = [
      text([ok, { id: 'zero', side: 'buy', price: '10', quantity: '0' }]),
      text([ok, { id: 'high', side: 'buy', price: '100.01', quantity: '1' }]),
      text([ok, { id: 'hold', side: 'hold', price: '10', quantity: '1' }]),
      text([ok, { id: 'ok', side: 'buy', price: '10', quantity: '1' }]),
      text([ok, { id: 'fine', side: 'buy', price: '10.00001', quantity: '1' }]),
      text([ok, { id: '', side: 'buy', price: '10', quantity: '1' }]),
      text([ok], { priceDecimals: 40 }),
      text([ok], { priceCap: '-1' }),
      text([]),
      text([ok, { id: 'big', side: 'buy', price: '10', quantity: '9999999999999999999' }]),
    ];
    for (const t of bad) {
      expect(general(t).error, t).toBeDefined();
      sameAsGeneral(t);
    }
  });

  it('a networked case: the scanned columns clear to the same bytes as the general path', () => {
    fc.assert(fc.property(netCaseText, (text) => {
      const s = scanMarketCase(text);
      expect(s?.bus).toBeDefined();
      expect(s!.bus).toEqual(parseMarketCase(text).orders.map((o) => o.bus));
      sameAsGeneralNodal(text);
    }), { numRuns: 40 });
  });

  it('a networked case with a bad order or network is reported exactly as the general path reports it', () => {
    const net = { baseMVA: 100, buses: [{ id: 'a' }, { id: 'b' }], lines: [{ id: 'ab', from: 'a', to: 'b', x: 0.1, minFlow: '-1', maxFlow: '1' }] };
    const ok = { id: 's', side: 'sell', price: '5', quantity: '3', bus: 'a' }, buy = { id: 'd', side: 'buy', price: '50', quantity: '2', bus: 'b' };
    const text = (orders: unknown[], network: unknown = net) => JSON.stringify({ format: 'market-case/1', priceCap: '100', priceFloor: '0', network, orders });
    const bad = [
      text([ok, { ...buy, bus: 'c' }]), text([ok, { ...buy, bus: undefined }]), text([{ ...ok, bus: undefined }, buy]),
      text([ok, { ...buy, quantity: '0' }]), text([ok, { ...buy, price: '100.01' }]), text([ok, { ...buy, id: 's' }]),
      text([ok, { ...buy, bus: 7 }]), text([]), text([ok, buy], { ...net, lines: [{ ...net.lines[0], to: 'zz' }] }),
      text([ok, buy], { ...net, baseMVA: -1 }), text([ok, buy], { ...net, buses: [{ id: 'a' }, { id: 'a' }] }),
    ];
    for (const t of bad) {
      expect(generalNodal(t).error, t).toBeDefined();
      sameAsGeneralNodal(t);
    }
    // a line at its limit: the same prices, flows and shadow prices either way
    expect(scanMarketCase(text([ok, buy]))?.bus).toEqual(['a', 'b']);
    sameAsGeneralNodal(text([ok, buy]));
    sameAsGeneralNodal(readFileSync(EXAMPLE_NET, 'utf8'));
  });

  it('the bundled example (sequences: the general path) clears as before', () => {
    sameAsGeneral(readFileSync(EXAMPLE, 'utf8'));
  });
});
