// `gridclear worker` and `gridclear submit` processes against a real redis-server: a worker killed
// with SIGKILL during a batch loses nothing (another worker clears its jobs after their locks
// expire: every job completes once, digests unchanged); SIGTERM stops a worker without a stalled
// job; submit writes each result as it comes; Redis unreachable exits 69. Needs `npm run build`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectQueue } from '../../src/queue/index.js';
import { CLI, marketTexts, serialResults, startWorkerProcess } from '../helpers/queue-fixtures.js';
import { ensureRedisServer, startRedis } from '../helpers/queue-redis.mjs';

const binary = ensureRedisServer();
if (binary instanceof Error) console.warn(`queue CLI tests SKIPPED: redis-server cannot be installed here: ${binary.message}`);

/** Counts 'completed' and 'stalled' events per job of a queue. */
async function watch(url: string, queue: string) {
  const port = Number(new URL(url).port);
  const events = new QueueEvents(queue, { connection: { host: '127.0.0.1', port } });
  const completed = new Map<string, number>();
  let stalled = 0;
  events.on('completed', ({ jobId }) => completed.set(jobId, (completed.get(jobId) ?? 0) + 1));
  events.on('stalled', () => { stalled++; });
  await events.waitUntilReady();
  return { completed, stalled: () => stalled, close: () => events.close() };
}

describe.skipIf(binary instanceof Error)('gridclear worker / submit processes on a real redis-server', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let tmp = '';
  beforeAll(async () => {
    redis = await startRedis(binary as string);
    tmp = mkdtempSync(join(tmpdir(), 'gridclear-queue-'));
  });
  afterAll(async () => {
    await redis?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  // Markets of up to 2000 orders: a few ms each, so a worker always holds jobs when it is killed.
  const texts = marketTexts(200, 2000, 99);
  const serial = serialResults(texts);

  it('a worker SIGKILLed during a batch loses nothing: every job completes once, digests unchanged', async () => {
    const queue = 'kill';
    const seen = await watch(redis.url, queue);
    const fast = ['--queue', queue, '--threads', '1', '--lock-ms', '1500', '--stalled-ms', '500'];
    const victim = startWorkerProcess(redis.url, fast);
    const client = await connectQueue({ redis: redis.url, queue });
    try {
      await victim.ready;
      const jobs = await client.submitMany(texts);
      while (seen.completed.size < 30) await new Promise((r) => setTimeout(r, 10));
      victim.proc.kill('SIGKILL');
      expect(await victim.exited).toEqual([null, 'SIGKILL']);
      const heldBefore = (await client.counts()).active;
      const rescuer = startWorkerProcess(redis.url, fast);
      const got = await client.waitAll(jobs, { text: false });
      rescuer.proc.kill('SIGTERM');
      expect((await rescuer.exited)[0]).toBe(0);
      got.forEach((o, i) => {
        if (!o.ok) throw o.error;
        expect(o.digest, `market ${i}`).toBe(serial[i].digest);
      });
      await new Promise((r) => setTimeout(r, 200)); // the last events
      console.log(`queue: SIGKILL left ${heldBefore} active jobs; ${seen.stalled()} recovered as stalled`);
      expect(heldBefore).toBeGreaterThan(0);
      expect(seen.stalled()).toBeGreaterThan(0);
      expect(seen.completed.size).toBe(texts.length);
      expect([...seen.completed.values()].every((n) => n === 1)).toBe(true);
      expect(await client.counts()).toMatchObject({ completed: texts.length, failed: 0, active: 0, waiting: 0 });
    } finally {
      await client.close();
      await seen.close();
    }
  });

  it('SIGTERM: the worker stops taking jobs, hands back the ones in hand, exits 0; nothing stalls', async () => {
    const queue = 'term';
    const seen = await watch(redis.url, queue);
    const first = startWorkerProcess(redis.url, ['--queue', queue, '--threads', '1', '--grace-ms', '0']);
    const client = await connectQueue({ redis: redis.url, queue });
    try {
      await first.ready;
      const jobs = await client.submitMany(texts);
      while (seen.completed.size < 30) await new Promise((r) => setTimeout(r, 10));
      first.proc.kill('SIGTERM');
      expect(await first.exited).toEqual([0, null]);
      const returned = Number(/(\d+) returned to the queue/.exec(first.stderr())?.[1]);
      const counts = await client.counts();
      expect(counts.active).toBe(0);
      const second = startWorkerProcess(redis.url, ['--queue', queue, '--threads', '1']);
      const got = await client.waitAll(jobs, { text: false });
      second.proc.kill('SIGTERM');
      expect((await second.exited)[0]).toBe(0);
      got.forEach((o, i) => expect(o.ok && o.digest, `market ${i}`).toBe(serial[i].digest));
      await new Promise((r) => setTimeout(r, 200));
      console.log(`queue: SIGTERM (grace 0) returned ${returned} jobs; first ${first.completed()}, second ${second.completed()}`);
      expect(returned).toBeGreaterThan(0);
      expect(first.completed() + second.completed()).toBe(texts.length);
      expect(seen.stalled()).toBe(0);
      expect([...seen.completed.values()].every((n) => n === 1) && seen.completed.size === texts.length).toBe(true);
    } finally {
      await client.close();
      await seen.close();
    }
  });

  it('submit: queues files, prints "<digest>  <file>" as results come, writes --out-dir, reports bad files', async () => {
    const files = texts.slice(0, 5).map((t, i) => {
      const f = join(tmp, `case-${i}.json`);
      writeFileSync(f, t);
      return f;
    });
    const badFile = join(tmp, 'bad.json');
    writeFileSync(badFile, JSON.stringify({ format: 'market-case/1', orders: [{ id: 'a', side: 'buy', price: 'x', quantity: '1' }] }));
    const w = startWorkerProcess(redis.url, ['--queue', 'cli', '--threads', '1']);
    const outDir = join(tmp, 'out');
    const child = spawn(process.execPath, [CLI, 'submit', '--redis', redis.url, '--queue', 'cli', '--out-dir', outDir, ...files, badFile],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const code = await new Promise((r) => child.once('exit', r));
    w.proc.kill('SIGTERM');
    await w.exited;
    expect(code, stderr).toBe(2);
    expect(stdout.trim().split('\n').sort()).toEqual(files.map((f, i) => `${serial[i].digest}  ${f}`).sort());
    files.forEach((_, i) => expect(readFileSync(join(outDir, `case-${i}.result.json`), 'utf8')).toBe(serial[i].text));
    expect(stderr).toContain(`gridclear: ${badFile}: INVALID_NUMBER:`);
    expect(stderr).toMatch(/6\/6 done, 1 failed/);
  });

  it('Redis lost under a running worker: it retries a bounded number of times, then exits 69', async () => {
    const own = await startRedis(binary as string);
    const w = startWorkerProcess(own.url, ['--threads', '1', '--connect-attempts', '3']);
    await w.ready;
    await own.stop();
    const t0 = Date.now();
    expect(await w.exited).toEqual([69, null]);
    expect(Date.now() - t0).toBeLessThan(60_000);
    expect(w.stderr()).toMatch(/gridclear: REDIS_UNAVAILABLE: lost Redis at 127\.0\.0\.1:\d+ and could not reconnect after 3 attempts/);
  });

  it('Redis unreachable: worker and submit exit 69 with REDIS_UNAVAILABLE', () => {
    for (const args of [['worker'], ['submit', join(tmp, 'case-0.json')]]) {
      const r = spawnSync(process.execPath, [CLI, ...args, '--redis', 'redis://127.0.0.1:1', '--connect-attempts', '2'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(69);
      expect(r.stderr).toMatch(/^gridclear: REDIS_UNAVAILABLE: cannot reach Redis at 127\.0\.0\.1:1 after 2 attempts: .*ECONNREFUSED/);
    }
  });
});
