// gridclear/queue against a real redis-server (Debian's package, installed when missing; see
// test/helpers/queue-redis.mjs): 1000 markets through the queue equal serial clearing digest for
// digest and text for text, with 1, 2 and 4 `gridclear worker` processes; bad markets fail at once
// with their typed GridclearError; a market cleared twice leaves one stored result; Redis
// unreachable gives REDIS_UNAVAILABLE after a bounded retry. Needs `npm run build` (dist/).
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearMarket, type GridclearError, isGridclearError, parseMarketCase, type Market } from '../../src/index.js';
import { connectQueue, QueueError, resultKey, startQueueWorker, type QueueClient, type QueueWorker } from '../../src/queue/index.js';
import { marketTexts, serialResults, startWorkerProcess, WORKER_SCRIPT } from '../helpers/queue-fixtures.js';
import { ensureRedisServer, startRedis } from '../helpers/queue-redis.mjs';

const binary = ensureRedisServer();
if (binary instanceof Error) console.warn(`queue tests SKIPPED: redis-server cannot be installed here: ${binary.message}`);

describe.skipIf(binary instanceof Error)('gridclear/queue on a real redis-server', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  beforeAll(async () => { redis = await startRedis(binary as string); });
  afterAll(async () => { await redis?.stop(); });

  const texts = marketTexts(1000, 12, 20261201);
  const serial = serialResults(texts);

  it.each([1, 2, 4])('1000 markets through the queue on %i worker process(es) equal serial clearing', async (n) => {
    const queue = `scale-${n}`;
    const workers = Array.from({ length: n }, () => startWorkerProcess(redis.url, ['--queue', queue, '--threads', '1', '--concurrency', '4']));
    const client = await connectQueue({ redis: redis.url, queue });
    try {
      const jobs = await client.submitMany(texts);
      expect(new Set(jobs.map((j) => j.jobId)).size).toBe(1000);
      const got = await client.waitAll(jobs);
      await Promise.all(workers.map((w) => w.ready));
      got.forEach((o, i) => {
        if (!o.ok) throw o.error;
        expect(o.digest, `market ${i}`).toBe(serial[i].digest);
        expect(o.text, `market ${i}`).toBe(serial[i].text);
      });
      expect(await client.counts()).toMatchObject({ completed: 1000, failed: 0, waiting: 0, active: 0 });
    } finally {
      await client.close();
      for (const w of workers) w.proc.kill('SIGTERM');
      await Promise.all(workers.map((w) => w.exited));
    }
    const done = workers.map((w) => w.completed());
    console.log(`queue: ${n} worker process(es) completed ${done.join(' + ')} jobs`);
    expect(done.reduce((a, b) => a + b, 0)).toBe(1000);
    for (const w of workers) expect(await w.exited).toEqual([0, null]);
  });

  describe('with a worker in this process', () => {
    let worker: QueueWorker;
    let client: QueueClient;
    beforeAll(async () => {
      worker = await startQueueWorker({ redis: redis.url, queue: 'inproc', threads: 1, workerScript: WORKER_SCRIPT });
      client = await connectQueue({ redis: redis.url, queue: 'inproc' });
    });
    afterAll(async () => {
      await client?.close();
      await worker?.close();
    });

    const good = JSON.stringify({ format: 'market-case/1', priceDecimals: 2, orders: [
      { id: 'b', side: 'buy', price: '5.00', quantity: '2' }, { id: 's', side: 'sell', price: '4.00', quantity: '1' }] });
    const bad: [string, string][] = [
      ['PARSE_ERROR', '{"format": "market-case/1", "orders": ['],
      ['OFF_TICK', JSON.stringify({ format: 'market-case/1', priceDecimals: 2, orders: [{ id: 'x', side: 'buy', price: '1.234', quantity: '1' }] })],
      ['DUPLICATE_ID', JSON.stringify({ format: 'market-case/1', orders: [{ id: 'a', side: 'buy', price: '2', quantity: '1' }, { id: 'a', side: 'sell', price: '1', quantity: '1' }] })],
      ['EMPTY_MARKET', JSON.stringify({ format: 'market-case/1', orders: [] })],
      ['UNKNOWN_BUS', JSON.stringify({ format: 'market-case/1', network: { baseMVA: 100, buses: [{ id: '1' }], lines: [] },
        orders: [{ id: 'a', side: 'buy', bus: '9', price: '2', quantity: '1' }] })],
    ];

    it('fails bad markets once each with their typed GridclearError, and goes on clearing', async () => {
      const jobs = await client.submitMany([...bad.map(([, t]) => t), good]);
      const got = await client.waitAll(jobs);
      for (const [i, [code, text]] of bad.entries()) {
        const o = got[i];
        if (o.ok) throw new Error(`market ${code} cleared`);
        let want: unknown;
        try { clearMarket(parseMarketCase(text)); } catch (e) { want = e; }
        expect(isGridclearError(o.error), code).toBe(true);
        expect(o.error).toMatchObject({ code, message: (want as GridclearError).message });
        expect((want as GridclearError).code).toBe(code);
        const job = await client.bullQueue.getJob(o.jobId);
        expect(job!.attemptsMade, `${code}: not retried`).toBe(1);
        expect(job!.opts.attempts).toBe(3);
      }
      expect(got[bad.length]).toMatchObject({ ok: true, digest: clearMarket(parseMarketCase(good)).digest });
    });

    it('throws an object market off its tick at submit, as GridclearError OFF_TICK', async () => {
      const m: Market = { priceDecimals: 2, orders: [{ id: 'x', side: 'buy', price: '1.001', quantity: '1' }] };
      await expect(client.submit(m)).rejects.toMatchObject({ name: 'GridclearError', code: 'OFF_TICK', id: 'x' });
    });

    it('one job per distinct market; cleared twice, one stored result with the same text', async () => {
      const m: Market = { name: 'twice', priceDecimals: 2, orders: [
        { id: 'b', side: 'buy', price: '7.00', quantity: '3' }, { id: 's', side: 'sell', price: '6.00', quantity: '2' }] };
      const a = await client.submit(m);
      const b = await client.submit(m);
      expect(b.jobId).toBe(a.jobId);
      const [c, d] = await client.submitMany([m, m], { dedupe: false });
      expect(new Set([a.jobId, c.jobId, d.jobId]).size).toBe(3);
      const got = await client.waitAll([a, b, c, d]);
      const want = clearMarket(m).digest;
      for (const o of got) expect(o).toMatchObject({ ok: true, digest: want });
      expect(new Set(got.map((o) => o.ok && o.text)).size).toBe(1);
      const raw = new Redis(redis.url);
      expect(await raw.keys('bull:inproc:result:*')).toContain(resultKey('bull', 'inproc', want));
      expect(await raw.get(resultKey('bull', 'inproc', want))).toBe(got[0].ok && got[0].text);
      raw.disconnect();
      expect(await client.resultText(want)).toBe(got[0].ok && got[0].text);
      expect(await client.outcome(a.jobId, { text: false })).toMatchObject({ ok: true, digest: want });
      await expect(client.outcome('m-no-such-job')).rejects.toMatchObject({ code: 'JOB_MISSING' });
    });

    it('several markets per job: each its own digest or typed error, same as serial', async () => {
      const some = [...marketTexts(9, 20, 11), bad[1][1]];
      const jobs = await client.submitMany(some, { perJob: 4 });
      expect(new Set(jobs.map((j) => j.jobId)).size).toBe(3);
      expect(jobs.map((j) => j.part)).toEqual([0, 1, 2, 3, 0, 1, 2, 3, 0, 1]);
      const got = await client.waitAll(jobs);
      const want = serialResults(some.slice(0, 9));
      got.slice(0, 9).forEach((o, i) => expect(o).toMatchObject({ ok: true, index: i, digest: want[i].digest, text: want[i].text }));
      expect(got[9]).toMatchObject({ ok: false, index: 9, error: { name: 'GridclearError', code: 'OFF_TICK' } });
      expect(await client.outcome(jobs[9].jobId, { part: 1, text: false })).toMatchObject({ ok: false, error: { code: 'OFF_TICK' } });
      expect(await client.outcome(jobs[5].jobId, { part: 1, text: false })).toMatchObject({ ok: true, digest: want[5].digest });
      const job = await client.bullQueue.getJob(jobs[9].jobId);
      expect(job!.attemptsMade).toBe(1);
      await expect(client.submitMany(some, { perJob: 0 })).rejects.toMatchObject({ code: 'INVALID_OPTION', field: 'perJob' });
    });

    it('streams results as they finish, each job once, texts left in Redis on request', async () => {
      const some = marketTexts(40, 30, 7);
      const jobs = await client.submitMany(some);
      const seen = new Map<number, string>();
      for await (const o of client.results(jobs, { text: false })) {
        expect(seen.has(o.index)).toBe(false);
        if (!o.ok) throw o.error;
        expect(o).not.toHaveProperty('text');
        seen.set(o.index, o.digest);
      }
      expect([...seen.keys()].sort((x, y) => x - y)).toEqual(some.map((_, i) => i));
      serialResults(some).forEach((r, i) => expect(seen.get(i)).toBe(r.digest));
    });
  });

  it('Redis unreachable: REDIS_UNAVAILABLE after the bounded number of attempts', async () => {
    const t0 = Date.now();
    const e = await connectQueue({ redis: 'redis://127.0.0.1:1', connectAttempts: 3, retryDelayMs: 50 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(QueueError);
    expect(e).toMatchObject({ code: 'REDIS_UNAVAILABLE' });
    expect((e as Error).message).toMatch(/cannot reach Redis at 127\.0\.0\.1:1 after 3 attempts: .*ECONNREFUSED/);
    expect(Date.now() - t0).toBeLessThan(10_000);
    await expect(startQueueWorker({ redis: 'redis://127.0.0.1:1', connectAttempts: 1, workerScript: WORKER_SCRIPT }))
      .rejects.toMatchObject({ code: 'REDIS_UNAVAILABLE' });
  });
});
