// Queue benchmark: markets per second through gridclear/queue (BullMQ on a local redis-server)
// with 1, 2 and 4 `gridclear worker` processes, against the worker pool alone (gridclear/workers,
// clearingResultFiles: the same text in, the same result text out, no Redis). Measures the queue's
// cost per job (wall time and CPU of the workers, of redis-server and of the producer) so that the
// throughput of larger machines and of several machines can be worked out. Every result is checked
// against the pool's. Needs redis-server (installed like the tests do). Writes bench/results/queue.md.
// `node --expose-gc bench/queue.bench.mjs [--quick]`.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { benchArgs, progress, mdTable, writeSection, fmtMs, fmtCount, collect, REPO_DIR } from './lib/harness.mjs';
import { randomColumns, toOrderObjects, BENCH_MARKET } from './lib/market.mjs';
import { ensureRedisServer, startRedis } from '../test/helpers/queue-redis.mjs';

const { quick } = benchArgs();
const SEED = 20261201;
/** [orders per market, markets]: tiny markets show the fixed cost per job. */
const SIZES = quick ? [[10, 300], [1e3, 60], [1e4, 12]] : [[10, 2000], [1e3, 400], [1e4, 100]];
const CONFIGS = [[1, 1, 1], [2, 1, 1], [4, 1, 1], [1, 2, 1], [1, 2, 16]]; // [worker processes, threads each, markets per job]
const CLI = `${REPO_DIR}/dist/cli.cjs`;

const binary = ensureRedisServer();
if (binary instanceof Error) {
  console.error(`bench/queue: no redis-server: ${binary.message}`);
  process.exit(1);
}
const { createPool, clearingResultFiles } = await import('../dist/workers.js');
const { connectQueue } = await import('../dist/queue.js');
const { Redis } = await import('ioredis');
const redis = await startRedis(binary);
const raw = new Redis(redis.url);
const TICK = 100; // clock ticks per second of /proc/<pid>/stat (USER_HZ on Linux)

/** CPU seconds (user + system) of a process so far, from /proc. */
function cpuOf(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / TICK;
}
const selfCpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };

function marketTexts(orders, count) {
  return Array.from({ length: count }, (_, i) => JSON.stringify({
    format: 'market-case/1', ...BENCH_MARKET, name: `q-${orders}-${i}`,
    orders: toOrderObjects(randomColumns(orders, SEED + i).f64),
  }));
}

/** The pool alone: wall time and this process's CPU (threads included) for the whole batch. */
async function poolRun(texts, size) {
  const pool = createPool({ size });
  await pool.warm();
  await clearingResultFiles(pool, texts.slice(0, Math.min(20, texts.length))); // warm the JIT
  collect();
  const c0 = selfCpu(), t0 = performance.now();
  const out = await clearingResultFiles(pool, texts);
  const ms = performance.now() - t0, cpu = selfCpu() - c0;
  pool.close();
  return { ms, cpu, out };
}

function startWorker(queue, threads) {
  const proc = spawn(process.execPath, [CLI, 'worker', '--redis', redis.url, '--queue', queue, '--threads', String(threads)],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const ready = new Promise((resolve, reject) => {
    proc.stderr.on('data', (d) => { err += d; if (err.includes('clearing jobs of queue')) resolve(); });
    proc.once('exit', (c) => reject(new Error(`worker exited ${c}: ${err}`)));
  });
  const exited = new Promise((r) => proc.once('exit', r));
  return { proc, ready, exited };
}

let run = 0;
/** Workers up and warm, then: submit every market, wait for every result text (end to end). */
async function queueRun(texts, processes, threads, want, perJob) {
  const queue = `bench-${run++}`;
  const workers = Array.from({ length: processes }, () => startWorker(queue, threads));
  await Promise.all(workers.map((w) => w.ready));
  const client = await connectQueue({ redis: redis.url, queue });
  // Warm-up jobs (JIT of the workers' BullMQ path), not timed.
  await client.waitAll(await client.submitMany(texts.slice(0, Math.min(20, texts.length)), { dedupe: false }));
  collect();
  const cpu0 = workers.map((w) => cpuOf(w.proc.pid)), r0 = cpuOf(redis.pid), p0 = selfCpu();
  const t0 = performance.now();
  const jobs = await client.submitMany(texts, { perJob });
  const got = await client.waitAll(jobs);
  const ms = performance.now() - t0;
  const workerCpu = workers.reduce((s, w, i) => s + cpuOf(w.proc.pid) - cpu0[i], 0);
  const redisCpu = cpuOf(redis.pid) - r0, producerCpu = selfCpu() - p0;
  got.forEach((o, i) => {
    if (!o.ok || o.text !== want[i]) {
      console.error(`MISMATCH: queue run ${queue}, market ${i}: ${o.ok ? 'text differs' : o.error.message}`);
      process.exit(1);
    }
  });
  await client.close();
  for (const w of workers) w.proc.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
  await raw.flushall();
  return { ms, workerCpu, redisCpu, producerCpu };
}

const rate = (n, ms) => `${(n / (ms / 1000)).toFixed(0)}/s`;
const msPer = (sec, n) => fmtMs((sec * 1000) / n);
const rows = [], costRows = [], costs = {};
try {
  for (const [orders, count] of SIZES) {
    progress(`making ${count} markets of ${fmtCount(orders)} orders`);
    const texts = marketTexts(orders, count);
    const row = [`${fmtCount(orders)} orders x ${count}`];
    const pool = {};
    for (const size of [1, 2]) {
      progress(`${fmtCount(orders)}: pool of ${size}`);
      pool[size] = await poolRun(texts, size);
      row.push(rate(count, pool[size].ms));
    }
    const want = pool[1].out;
    for (const [processes, threads, perJob] of CONFIGS) {
      progress(`${fmtCount(orders)}: queue, ${processes} process(es) x ${threads} thread(s), ${perJob} per job`);
      const q = await queueRun(texts, processes, threads, want, perJob);
      row.push(rate(count, q.ms));
      if (processes === 1 && threads === 1 && perJob === 1) {
        const c = {
          wall: (q.ms - pool[1].ms) / count,
          clearCpu: pool[1].cpu / count,
          workerCpu: q.workerCpu / count,
          redisCpu: q.redisCpu / count,
          producerCpu: q.producerCpu / count,
        };
        costs[orders] = c;
        const overhead = c.workerCpu - c.clearCpu + c.redisCpu + c.producerCpu;
        costRows.push([`${fmtCount(orders)} orders`, msPer(pool[1].cpu, count), msPer(q.workerCpu, count),
          fmtMs((c.workerCpu - c.clearCpu) * 1000), msPer(q.redisCpu, count), msPer(q.producerCpu, count), fmtMs(overhead * 1000),
          fmtMs(pool[1].ms / count), fmtMs(q.ms / count)]);
      }
    }
    rows.push(row);
  }
} finally {
  raw.disconnect();
  await redis.stop();
}

/** Jobs per second from CPU per job: a K-core worker machine, one Redis (one core), one producer core. */
const proj = [10, 1e3, 1e4].filter((o) => costs[o]).map((o) => {
  const c = costs[o];
  const machine = (k) => k / c.workerCpu;
  return [`${fmtCount(o)} orders`, `${machine(2).toFixed(0)}/s`, `${machine(16).toFixed(0)}/s`, `${machine(64).toFixed(0)}/s`,
    `${(1 / c.redisCpu).toFixed(0)}/s`, `${(1 / c.producerCpu).toFixed(0)}/s`, (1 / c.redisCpu / machine(16)).toFixed(1)];
});

const load = os.loadavg()[0].toFixed(1);
const md = [
  '## Queue (`gridclear/queue`, BullMQ on Redis)',
  '',
  `Independent copper-plate markets (seeded; market-case/1 text in, clearing-result/1 text with digest out) ` +
    `through a local redis-server ${quick ? '' : '7.0 '}and \`gridclear worker\` processes, end to end: submit every market, ` +
    `wait for every result text (the producer, Redis and the workers all on this ${os.availableParallelism()}-core machine). ` +
    `Against the worker pool alone (\`clearingResultFiles\`, same texts, no Redis). One timed run each after ` +
    `warm-up jobs; every queue result equals the pool's (checked). The machine was shared with other work ` +
    `(load average ${load} at the end), so the figures are noisy.`,
  '',
  mdTable(['markets', 'pool of 1', 'pool of 2', 'queue: 1 worker x 1 thread', '2 workers x 1', '4 workers x 1', '1 worker x 2 threads',
    '1 x 2, 16 markets per job'], rows),
  '',
  '**Cost per job** (1 worker process of 1 thread vs a pool of 1 thread): CPU time of each part (from /proc and ' +
    '`process.cpuUsage`: the pool with its thread, the worker process with its thread, redis-server, the producer), ' +
    'which contention on a shared machine changes little, and the wall time per job, which it changes a lot.',
  '',
  mdTable(['markets', 'clearing CPU (pool)', 'worker CPU', 'worker overhead', 'Redis CPU', 'producer CPU',
    'queue overhead CPU', 'pool wall', 'queue wall'], costRows),
  '',
  '**What more cores and machines give** (from the measured CPU per job; workers scale with cores because jobs ' +
    'are independent; one Redis instance serves every job on one core). A machine with K cores runs about ' +
    'K / (worker CPU per job) jobs/s; Redis saturates near 1 / (redis CPU per job). On this 2-core machine the producer, ' +
    'Redis and the workers share the cores, so 2 and 4 workers can show only the overhead, not the scaling.',
  '',
  mdTable(['markets', '2-core worker machine', '16 cores', '64 cores', 'one Redis (cap)', 'one producer core',
    '16-core machines one Redis feeds'], proj),
  '',
  'Each job carries its market text into Redis and its result text out, so Redis CPU grows with the market size. ' +
    'Past the Redis cap, shard (one queue and Redis per scenario set) or put several markets in one job; ' +
    'past a producer core, submit from several processes.',
].join('\n');
console.log(md);
writeSection('queue', md);
