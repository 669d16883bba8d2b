// Hand cases of the clearing with blocks, solved through the product's pipeline (branch and bound
// over HiGHS as the LP method -> rounding -> result -> verifyBlocks).
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parsePeriodsCase, periodsDigestOf } from '../../src/periods/index.js';
import { clearBlocks, toBlocksResult, verifyBlocks, type BlocksMarket } from '../../src/blocks/index.js';
import { highsSolver, loadPeriodsHighs } from '../helpers/periodsHighs.js';
import { paradox, published } from '../helpers/blocksCases.js';
import { referenceBlocks } from '../helpers/blocksReference.js';

beforeAll(async () => { await loadPeriodsHighs(); });

const solve = (m: BlocksMarket, priceCondition = true) => {
  const o = clearBlocks(m, { solver: highsSolver, priceCondition });
  return { o, r: toBlocksResult(o) };
};

describe('blocks: hand cases', () => {
  it('the published example: both blocks accepted, prices 3, 3, 5, sold 7, 12, 22', () => {
    const { r } = solve(published());
    expect(verifyBlocks(published(), r).failures).toEqual([]);
    expect(r.blocks!.B1.ratio).toBe('1.000000');
    expect(r.blocks!.B2.ratio).toBe('1.000000');
    expect(r.periods!.map((p) => p.prices['*'])).toEqual(['3.00', '3.00', '5.00']);
    const sold = ['1', '2', '3'].map((t) => Number(r.fills![`a${t}`]) + Number(r.fills![`b${t}`]));
    expect(sold).toEqual([7, 12, 22]);
    expect(r.paradoxicallyRejected).toEqual({});
    expect(referenceBlocks(published())!.accept).toEqual([1, 1]);
    // the default LP method (the Wasm LP engine) gives the same result, sifted or whole
    expect(toBlocksResult(clearBlocks(published())).digest).toBe(r.digest);
    expect(toBlocksResult(clearBlocks(published(), { sift: false })).digest).toBe(r.digest);
    expect(toBlocksResult(clearBlocks(published(), { sift: { start: 'sifted', share: 0, perRow: 0 } })).digest).toBe(r.digest);
    // past its budget the search throws, never answers
    let code = '';
    try { clearBlocks(published(), { timeLimitMs: -1 }); } catch (e) { code = (e as { code: string }).code; }
    expect(code).toBe('ITERATION_LIMIT');
  });

  it('a block the welfare optimum accepts at a loss is rejected, and reported as paradoxically rejected', () => {
    const mip = solve(paradox(), false), ok = solve(paradox());
    // welfare maximum: the block's 6 MW at 50 displace the seller at 70; the price falls to 40 and the block loses 6 x 10
    expect(mip.r.welfare).toBe('420.00');
    expect(mip.r.blocks!.S).toEqual({ ratio: '1.000000', fills: ['6'], surplus: '-60.00' });
    expect(verifyBlocks(paradox(), mip.r).failures.map((f) => f.check)).toEqual(['paradoxicallyAccepted']);
    // with the price condition: rejected; at the price 70 it would have earned 6 x 20
    expect(ok.r.welfare).toBe('390.00');
    expect(ok.r.blocks!.S.ratio).toBe('0.000000');
    expect(ok.r.periods![0].prices['*']).toBe('70.00');
    expect(ok.r.paradoxicallyRejected).toEqual({ S: '120.00' });
    expect(verifyBlocks(paradox(), ok.r).failures).toEqual([]);
    expect(ok.o.search.cuts).toBe(1);
    expect(referenceBlocks(paradox())!.welfare).toBeCloseTo(390, 9);
    expect(referenceBlocks(paradox(), false)!.welfare).toBeCloseTo(420, 9);
  });

  it('zones: the border carries its capacity toward the dear zone; prices differ by zone', () => {
    const m: BlocksMarket = {
      priceDecimals: 2, quantityDecimals: 1, durationDecimals: 0,
      zones: [{ id: 'A' }, { id: 'B' }],
      borders: [{ id: 'AB', from: 'A', to: 'B', capacity: '10', reverseCapacity: '5' }],
      periods: [{ id: 'h1', duration: '1' }, { id: 'h2', duration: '1', borders: { AB: { capacity: '30' } } }],
      orders: ['h1', 'h2'].flatMap((t) => [
        { id: `sa${t}`, period: t, zone: 'A', side: 'sell' as const, price: '10', quantity: '100' },
        { id: `sb${t}`, period: t, zone: 'B', side: 'sell' as const, price: '40', quantity: '100' },
        { id: `db${t}`, period: t, zone: 'B', side: 'buy' as const, price: '90', quantity: '20' },
      ]),
      blocks: [{ id: 'K', zone: 'B', side: 'buy', price: '35', profile: { h1: '5', h2: '5' } }],
    };
    const { r } = solve(m);
    expect(verifyBlocks(m, r).failures).toEqual([]);
    expect(r.periods!.map((p) => p.borders)).toEqual([{ AB: '10.0' }, { AB: '25.0' }]);
    // h1: B's price is its own seller's (40); h2: the border has room, both zones at 10
    expect(r.periods!.map((p) => p.prices)).toEqual([{ A: '10.00', B: '40.00' }, { A: '10.00', B: '10.00' }]);
    // the block at 35 would lose 5 in h1 and gain 25 in h2: accepted (surplus 5 x (35-40) + 5 x (35-10) = 100)
    expect(r.blocks!.K).toEqual({ ratio: '1.000000', fills: ['5.0', '5.0'], surplus: '100.000' });
    // congestion rent: 10 MW x 30 in h1
    expect(r.periods!.map((p) => p.congestionRent)).toEqual(['300.000', '0.000']);
  });
});

describe('blocks: markets of blocks only', () => {
  it('a buy block and a sell block meet (copper plate, zones, network)', () => {
    const base = {
      priceDecimals: 2, quantityDecimals: 1, durationDecimals: 0,
      periods: [{ id: 'h1', duration: '1' }, { id: 'h2', duration: '1' }], orders: [],
    };
    const blocks = (where: object): BlocksMarket['blocks'] => [
      { id: 'buy', side: 'buy', price: '50', profile: { h1: '10', h2: '10' }, ...where },
      { id: 'sell', side: 'sell', price: '30', profile: { h1: '10', h2: '10' }, ...where },
    ];
    const markets: BlocksMarket[] = [
      { ...base, blocks: blocks({}) },
      { ...base, zones: [{ id: 'A' }], blocks: blocks({ zone: 'A' }) },
      { ...base, network: { baseMVA: 100, buses: [{ id: 'x' }], lines: [] }, blocks: blocks({ bus: 'x' }) },
    ];
    for (const m of markets) {
      const { r } = solve(m);
      expect(verifyBlocks(m, r).failures).toEqual([]);
      expect([r.blocks!.buy.ratio, r.blocks!.sell.ratio]).toEqual(['1.000000', '1.000000']);
      expect(r.welfare).toBe('400.000');
    }
  });
});

describe('blocks: the example of docs/formats.md', () => {
  it('clears and verifies', () => {
    const doc = readFileSync(new URL('../../docs/formats.md', import.meta.url), 'utf8');
    const json = /### The market\n\n```json\n([\s\S]*?)```/.exec(doc)![1];
    const m = parsePeriodsCase(json) as BlocksMarket;
    const { r } = solve(m);
    expect(verifyBlocks(m, r).failures).toEqual([]);
    expect(Object.keys(r.blocks!)).toEqual(['K', 'K2', 'S']);
  });
});

describe('blocks: verifyBlocks rejects tampered results', () => {
  const redigest = (r: ReturnType<typeof toBlocksResult>) => ({ ...r, digest: periodsDigestOf(r as never) });
  it('a changed ratio, a changed price, a changed border flow, a stale digest', () => {
    const { r } = solve(published());
    const ratio = structuredClone(r);
    ratio.blocks!.B2 = { ...ratio.blocks!.B2, ratio: '0.500000' };
    expect(verifyBlocks(published(), redigest(ratio)).ok).toBe(false);
    const price = structuredClone(r);
    price.periods![2].prices['*'] = '4.00';
    expect(verifyBlocks(published(), redigest(price)).ok).toBe(false);
    expect(verifyBlocks(published(), price).failures.map((f) => f.check)).toEqual(['digest']);
    const rejected = structuredClone(r);
    rejected.blocks!.B2 = { ratio: '0.000000', fills: ['0.000', '0.000', '0.000'], surplus: '0.00' };
    expect(verifyBlocks(published(), redigest(rejected)).ok).toBe(false);
  });
});

describe('blocks: search options', () => {
  it('relativeGap must be a finite number >= 0', () => {
    for (const relativeGap of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      let code = '';
      try { clearBlocks(published(), { relativeGap }); } catch (e) { code = (e as { code: string }).code; }
      expect(code, String(relativeGap)).toBe('INVALID_OPTION');
    }
  });
  it('a search that ends reports its proven gap and bound; one stopped by maxNodes reports both too', () => {
    const o = clearBlocks(paradox());
    expect(o.search.gap).toBe(0);
    expect(o.search.bound).toBeLessThanOrEqual(o.search.bestWelfare + 1e-9 * Math.max(1, Math.abs(o.search.bestWelfare)));
    let seen: { bound: number; gap: number } | undefined;
    const d = clearBlocks(paradox(), { nodeOrder: 'depth', onProgress: (s) => { seen ??= s; }, progressEvery: 1 });
    expect(d.search.bestWelfare).toBe(o.search.bestWelfare);
    // at the root: the bound is the relaxation's welfare, no candidate yet
    expect(seen!.bound).toBe(d.search.rootWelfare);
    expect(seen!.gap).toBeNaN();
    expect(d.search.rootWelfare).toBeGreaterThan(d.search.bestWelfare);
  });
});
