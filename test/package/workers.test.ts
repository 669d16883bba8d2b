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
import { clearColumnsMany, clearMany, clearingResultFiles, clearingResultsOf, READY_REPLY, WorkerPool, type SpawnWorker } from '../../src/workers/index.js';
import { handleRequest } from '../../src/workers/runner.js';
import type { AuctionOptions } from '../../src/auction/types.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WORKER_SCRIPT = join(ROOT, 'dist/worker.node.cjs');
const TWO_BUS = join(ROOT, '../shared/spec/examples/two-bus.json');

/** In-process "workers": answer asynchronously with the real handler; `crashOn` kills one. */
function fakeSpawn(log: number[], crashOn?: (m: Market | undefined) => boolean, delayMs = 3): SpawnWorker {
  let n = 0;
  return (onMessage, onError) => {
    const me = n++;
    let dead = false;
    setTimeout(() => { if (!dead) onMessage(READY_REPLY); }, 0);
    return {
      postMessage(req) {
        log.push(me);
        setTimeout(() => {
          if (dead) return;
          if (crashOn?.(req.task.market)) { dead = true; onError(new Error('boom')); return; }
          onMessage(handleRequest(req));
        }, Math.random() * delayMs);
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

describe('WorkerPool failures, batches, abort and progress', () => {
  const good: Market = { orders: [{ id: 'b', side: 'buy', price: '5', quantity: '1' }, { id: 's', side: 'sell', price: '4', quantity: '1' }] };
  const bad: Market = { orders: [{ id: 'x7', side: 'buy', price: 'abc', quantity: '1' }] };

  it('an unloadable worker script is a configuration error, at once, with no respawns', async () => {
    let spawned = 0;
    const pool = new WorkerPool((_m, onError) => {
      spawned++;
      setTimeout(() => onError(new Error('Cannot find module /nowhere.cjs')), 1);
      return { postMessage() {}, terminate() {} };
    }, { size: 2 });
    const error = await clearMany(pool, [good, good, good]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_OPTION', field: 'worker' });
    expect((error as Error).message).toMatch(/could not be started: Cannot find module/);
    await new Promise((r) => setTimeout(r, 100));
    expect(spawned).toBe(2);
    await expect(pool.run({ op: 'warm' })).rejects.toMatchObject({ code: 'INVALID_OPTION', field: 'worker' });
  });

  it('a real pool on a missing script fails fast (Node)', async () => {
    const pool = createPool({ size: 2, workerScript: join(ROOT, 'no-such-worker.cjs') });
    const started = Date.now();
    await expect(clearMany(pool, [good])).rejects.toMatchObject({ code: 'INVALID_OPTION', field: 'worker' });
    expect(Date.now() - started).toBeLessThan(5000);
    pool.close();
  });

  it('backs off respawning a worker that keeps dying', async () => {
    let spawned = 0;
    const pool = new WorkerPool((onMessage, onError) => {
      spawned++;
      setTimeout(() => { onMessage(READY_REPLY); setTimeout(() => onError(new Error('died')), 1); }, 1);
      return { postMessage() {}, terminate() {} };
    }, { size: 1 });
    await new Promise((r) => setTimeout(r, 400));
    pool.close();
    // 50 + 100 + 200 ms of back-off: at most 4 starts in 400 ms (without it, hundreds)
    expect(spawned).toBeGreaterThanOrEqual(2);
    expect(spawned).toBeLessThanOrEqual(5);
  });

  it('settled: one bad market fails its own entry, the good ones keep their results', async () => {
    const pool = new WorkerPool(fakeSpawn([]), { size: 2 });
    const got = await clearMany(pool, [good, bad, good], undefined, { settled: true });
    expect(got.map((r) => r.ok)).toEqual([true, false, true]);
    expect(got[0]).toEqual({ ok: true, value: clearAuction(good) });
    const failed = got[1]!;
    expect(!failed.ok && isGridclearError(failed.error) && failed.error).toMatchObject({ code: 'INVALID_NUMBER', id: 'x7', field: 'price' });
    const files = await clearingResultFiles(pool, [JSON.stringify({ format: 'market-case/1', ...good }), '{'], undefined, { settled: true });
    expect(files.map((f) => (f.ok ? 'ok' : f.error.code))).toEqual(['ok', 'PARSE_ERROR']);
    pool.close();
  });

  it('reports progress per market and stops a batch on abort', async () => {
    const log: number[] = [];
    const pool = new WorkerPool(fakeSpawn(log, undefined, 20), { size: 1, inFlight: 1 });
    const seen: string[] = [];
    await clearMany(pool, [good, good, good], undefined, { onProgress: (d, t) => seen.push(`${d}/${t}`) });
    expect(seen).toEqual(['1/3', '2/3', '3/3']);
    log.length = 0;
    const controller = new AbortController();
    const batch = clearingResultsOf(pool, Array.from({ length: 20 }, () => good), undefined, {
      signal: controller.signal, onProgress: (d) => { if (d === 2) controller.abort(new Error('stop')); },
    });
    await expect(batch).rejects.toThrow('stop');
    await new Promise((r) => setTimeout(r, 100));
    expect(log.length).toBeLessThanOrEqual(3); // the rest was never sent to a worker
    const early = new AbortController();
    early.abort(new Error('before'));
    await expect(clearMany(pool, [good], undefined, { signal: early.signal, settled: true })).rejects.toThrow('before');
    expect(await clearMany(pool, [good])).toEqual([clearAuction(good)]); // the pool goes on
    pool.close();
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
