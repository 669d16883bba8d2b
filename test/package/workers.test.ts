// gridclear/workers: the pool's scheduling and error handling (with in-process fake workers), and
// real worker_threads running the built worker script (dist/worker.node.cjs): results equal
// serial clearing in this thread, for random markets and every mechanism. Needs `npm run build`.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auctionOutcome, clearAuction, clearColumns, isGridclearError, parseMarketCase, toClearingResult, writeClearingResult, type Market } from '../../src/index.js';
import { clearNodal, nodalOutcome } from '../../src/nodal/index.js';
import { createPool } from '../../src/workers/node.js';
import { clearColumnsMany, clearMany, clearingResultFiles, clearingResultsOf, WorkerPool, type SpawnWorker } from '../../src/workers/index.js';
import { handleRequest } from '../../src/workers/runner.js';
import type { AuctionOptions } from '../../src/auction/types.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WORKER_SCRIPT = join(ROOT, 'dist/worker.node.cjs');
const TWO_BUS = join(ROOT, '../shared/spec/examples/two-bus.json');

/** In-process "workers": answer asynchronously with the real handler; `crashOn` kills one. */
function fakeSpawn(log: number[], crashOn?: (m: Market | undefined) => boolean): SpawnWorker {
  let n = 0;
  return (onMessage, onError) => {
    const me = n++;
    let dead = false;
    return {
      postMessage(req) {
        log.push(me);
        setTimeout(() => {
          if (dead) return;
          if (crashOn?.(req.task.market)) { dead = true; onError(new Error('boom')); return; }
          onMessage(handleRequest(req));
        }, Math.random() * 3);
      },
      terminate() { dead = true; },
    };
  };
}

const orderArb = fc.record({
  side: fc.constantFrom('buy' as const, 'sell' as const),
  price: fc.integer({ min: 1000, max: 9000 }),
  qty: fc.integer({ min: 1, max: 20_000 }),
});
const marketArb = fc.array(orderArb, { minLength: 1, maxLength: 60 }).map((os): Market => ({
  priceDecimals: 2,
  quantityDecimals: 3,
  orders: os.map((o, i) => ({ id: `o${i}`, side: o.side, price: (o.price / 100).toFixed(2), quantity: (o.qty / 1000).toFixed(3) })),
}));
const optionsArb: fc.Arbitrary<AuctionOptions> = fc.record({
  mechanism: fc.constantFrom('uniform' as const, 'pay-as-bid' as const, 'trade-reduction' as const),
  tieRule: fc.constantFrom('pro-rata' as const, 'time-priority' as const),
}, { requiredKeys: [] });

describe('WorkerPool scheduling (fake workers)', () => {
  it('returns answers in input order and spreads the work', async () => {
    const log: number[] = [];
    const pool = new WorkerPool(fakeSpawn(log), { size: 3 });
    const markets = fc.sample(marketArb, { numRuns: 30, seed: 1 });
    const got = await clearMany(pool, markets);
    expect(got).toEqual(markets.map((m) => clearAuction(m)));
    expect(new Set(log).size).toBe(3);
    pool.close();
  });

  it('rejects a bad market with its GridclearError code and detail, and goes on', async () => {
    const pool = new WorkerPool(fakeSpawn([]), { size: 2 });
    const bad: Market = { orders: [{ id: 'x7', side: 'buy', price: 'abc', quantity: '1' }] };
    const good: Market = { orders: [{ id: 'b', side: 'buy', price: '5', quantity: '1' }, { id: 's', side: 'sell', price: '4', quantity: '1' }] };
    const error = await pool.run({ op: 'clearAuction', market: bad }).catch((e: unknown) => e);
    expect(isGridclearError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'INVALID_NUMBER', id: 'x7', field: 'price' });
    expect(await clearMany(pool, [good])).toEqual([clearAuction(good)]);
    pool.close();
  });

  it('fails the tasks of a crashed worker, replaces it, and rejects work after close', async () => {
    const pool = new WorkerPool(fakeSpawn([], (m) => m?.name === 'crash'), { size: 1, inFlight: 1 });
    const good: Market = { orders: [{ id: 'b', side: 'buy', price: '5', quantity: '1' }] };
    await expect(pool.run({ op: 'clearAuction', market: { ...good, name: 'crash' } })).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(await clearMany(pool, [good])).toEqual([clearAuction(good)]);
    const pending = pool.run({ op: 'clearAuction', market: good });
    pool.close();
    await expect(pending).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    await expect(pool.run({ op: 'warm' })).rejects.toThrow(/closed/);
    expect(() => new WorkerPool(fakeSpawn([]), { size: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', field: 'size' }));
  });
});

describe('worker_threads pool (dist/worker.node.cjs)', () => {
  let pool: WorkerPool;
  beforeAll(async () => {
    if (!existsSync(WORKER_SCRIPT)) throw new Error('dist/worker.node.cjs is missing: run `npm run build` first');
    pool = createPool({ size: 2, workerScript: WORKER_SCRIPT });
    await pool.warm();
  });
  afterAll(() => pool?.close());

  it('clears random markets exactly as serial clearing does, for every mechanism', async () => {
    await fc.assert(fc.asyncProperty(fc.array(marketArb, { minLength: 1, maxLength: 12 }), optionsArb, async (markets, options) => {
      const parallel = await clearMany(pool, markets, options);
      expect(parallel).toEqual(markets.map((m) => clearAuction(m, options)));
    }), { numRuns: 25, seed: 42 });
  });

  it('gives clearing results with the digests of serial clearing (call auction and nodal)', async (ctx) => {
    const markets = fc.sample(marketArb, { numRuns: 5, seed: 3 });
    const serial = markets.map((m) => toClearingResult(auctionOutcome(m, clearAuction(m))).digest);
    if (existsSync(TWO_BUS)) {
      const net = parseMarketCase(readFileSync(TWO_BUS, 'utf8'));
      markets.push(net);
      serial.push(toClearingResult(nodalOutcome(clearNodal(net))).digest);
    } else {
      console.warn('test/package/workers: ../shared/spec/examples missing, nodal case skipped');
    }
    const parallel = (await clearingResultsOf(pool, markets)) as { digest: string }[];
    expect(parallel.map((r) => r.digest)).toEqual(serial);
    if (!existsSync(TWO_BUS)) ctx.skip();
  });

  it('takes market-case/1 text and tick columns too, with serial results', async () => {
    const markets = fc.sample(marketArb, { numRuns: 6, seed: 9 });
    const texts = markets.map((m) => JSON.stringify({ format: 'market-case/1', ...m }));
    const viaText = await clearingResultsOf(pool, texts);
    expect(viaText.map((r) => r.digest)).toEqual(markets.map((m) => toClearingResult(auctionOutcome(m, clearAuction(m))).digest));
    expect(await clearingResultFiles(pool, texts)).toEqual(markets.map((m) => writeClearingResult(toClearingResult(auctionOutcome(m, clearAuction(m))))));
    expect(await clearMany(pool, texts, { mechanism: 'pay-as-bid' })).toEqual(texts.map((t) => clearAuction(parseMarketCase(t), { mechanism: 'pay-as-bid' })));
    const items = markets.map((m) => ({
      columns: {
        side: Uint8Array.from(m.orders, (o) => (o.side === 'buy' ? 0 : 1)),
        priceTicks: BigInt64Array.from(m.orders, (o) => BigInt(String(o.price).replace('.', ''))),
        quantityTicks: BigInt64Array.from(m.orders, (o) => BigInt(String(o.quantity).replace('.', ''))),
      },
      market: { priceDecimals: 2, quantityDecimals: 3, priceCapTicks: 400000n, priceFloorTicks: -50000n },
    }));
    const viaColumns = await clearColumnsMany(pool, items);
    expect(viaColumns).toEqual(items.map((it) => clearColumns(it.columns, it.market)));
    expect(viaColumns.map((r) => r.welfareTicks)).toEqual(markets.map((m) => clearAuction(m).welfareTicks));
  });

  it('keeps error codes across threads', async () => {
    const bad: Market = { orders: [{ id: 'q', side: 'sell', price: '1', quantity: '-2' }] };
    await expect(clearMany(pool, [bad])).rejects.toMatchObject({ code: 'NON_POSITIVE_QUANTITY', id: 'q' });
  });
});
