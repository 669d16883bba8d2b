// The queue worker: takes clearing jobs from Redis (BullMQ), clears them on a gridclear/workers
// pool (all cores of this machine) and stores each clearing-result/1 text under its digest.
import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { GridclearError } from '../errors.js';
import { createPool } from '../workers/node.js';
import type { Settled, WorkerPool } from '../workers/pool.js';
import { boundedOptions, checkRedis, describeTarget, QueueError, redisOptions, type RedisTarget, type RetryOptions } from './connection.js';
import {
  DEFAULT_PREFIX, DEFAULT_QUEUE, digestOfText, encodeError, isPermanent, resultKey, type ClearJobData, type ClearJobResult,
  type MarketResult,
} from './jobs.js';

/** Options of a queue worker. */
export interface QueueWorkerOptions extends RetryOptions {
  /** Where Redis is (URL or ioredis options). */
  redis: RedisTarget;
  /** Queue name (default `gridclear`); producers and workers of one queue must agree. */
  queue?: string;
  /** Redis key prefix (default `bull`). */
  prefix?: string;
  /** Worker threads clearing markets (default: the machine's parallelism). */
  threads?: number;
  /** Jobs taken at once (default 8 per thread: Redis round trips of one job overlap the clearing of others). */
  concurrency?: number;
  /** A job's lock lasts this long and is renewed at half of it; a dead worker's jobs are retried after it (default 30000). */
  lockDurationMs?: number;
  /** How often this worker looks for jobs whose lock expired (default 30000). */
  stalledIntervalMs?: number;
  /** Times a job may be recovered from a dead worker before it fails (default 2). */
  maxStalledCount?: number;
  /** Keep stored results this many seconds (default: for ever). */
  resultTtlSeconds?: number;
  /** The pool's worker script (default: dist/worker.node.cjs beside the package). */
  workerScript?: string | URL;
  /** Called with errors that do not stop the worker (a lost connection being retried, a job's crash). */
  onError?: (error: Error) => void;
}

/** Counts of what a worker did. */
export interface QueueWorkerStats {
  completed: number;
  failed: number;
  /** Jobs handed back to the queue unfinished at shutdown. */
  returned: number;
}

/** A running queue worker; `close()` it (or let SIGTERM handling in the CLI do so). */
export class QueueWorker {
  readonly threads: number;
  readonly concurrency: number;
  readonly stats: QueueWorkerStats = { completed: 0, failed: 0, returned: 0 };
  /** Settles when the worker has stopped: fulfilled after close(), rejected when Redis is lost for good. */
  readonly done: Promise<void>;
  private readonly worker: Worker<ClearJobData, ClearJobResult>;
  private readonly store: Redis;
  private readonly pool: WorkerPool;
  private readonly prefix: string;
  private readonly queue: string;
  private readonly ttl?: number;
  private setGet = true;
  /** Aborted when the jobs in hand go back to the queue (the pool drops their queued tasks). */
  private readonly handBack = new AbortController();
  /** Set once the pool is closed: errors of tasks still running are then not the market's. */
  private poolClosed = false;
  private closing?: Promise<void>;
  private finish!: (error?: Error) => void;

  /** Use startQueueWorker (it checks Redis first). */
  constructor(options: QueueWorkerOptions) {
    const opts = redisOptions(options.redis);
    this.threads = options.threads ?? Math.max(1, availableParallelism());
    this.concurrency = options.concurrency ?? 8 * this.threads;
    this.prefix = options.prefix ?? DEFAULT_PREFIX;
    this.queue = options.queue ?? DEFAULT_QUEUE;
    this.ttl = options.resultTtlSeconds;
    this.done = new Promise((resolve, reject) => { this.finish = (e) => (e ? reject(e) : resolve()); });
    this.done.catch(() => {});
    setMaxListeners(0, this.handBack.signal); // one listener per job in hand (concurrency may pass 10)
    this.pool = createPool({ size: this.threads, workerScript: options.workerScript });
    const onError = options.onError ?? (() => {});
    const connection = { ...boundedOptions(opts, options), maxRetriesPerRequest: null };
    this.store = new Redis(connection);
    this.store.on('error', (e: Error) => onError(e));
    // ioredis gave up reconnecting: stop taking jobs; the ones held come back to the queue when
    // their locks expire (stalled-job recovery by any worker once Redis is back).
    this.store.on('end', () => {
      if (this.closing) return;
      const e = new QueueError('REDIS_UNAVAILABLE',
        `lost Redis at ${describeTarget(opts)} and could not reconnect after ${options.connectAttempts ?? 10} attempts`);
      this.closing = this.shutdown(true).then(() => this.finish(e), () => this.finish(e));
    });
    this.worker = new Worker<ClearJobData, ClearJobResult>(this.queue, (job, token) => this.process(job, token), {
      connection,
      prefix: this.prefix,
      concurrency: this.concurrency,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      maxStalledCount: options.maxStalledCount ?? 2,
      autorun: false,
    });
    this.worker.on('error', (e) => onError(e));
    this.worker.on('completed', () => { this.stats.completed++; });
    this.worker.on('failed', () => { this.stats.failed++; });
  }

  /** Loads the engine in every thread, then starts taking jobs. */
  async start(): Promise<void> {
    await this.pool.warm();
    void this.worker.run().catch((e: Error) => {
      if (!this.closing) this.closing = this.shutdown(true).then(() => this.finish(e), () => this.finish(e));
    });
    await this.worker.waitUntilReady();
  }

  /**
   * Stops taking jobs and lets the ones in hand finish; after `graceMs` (default 30000) those still
   * clearing go back to the waiting list for another worker (no lock to wait for).
   */
  close(options: { graceMs?: number } = {}): Promise<void> {
    if (!this.closing) {
      this.closing = this.shutdown(false, options.graceMs ?? 30_000).then(() => this.finish(), (e: Error) => this.finish(e));
    }
    return this.done;
  }

  /** Stops now: takes no more jobs and hands every job still clearing back to the queue (a second SIGTERM). */
  returnActiveJobs(): void {
    if (!this.closing) void this.close({ graceMs: 0 });
    else this.handBack.abort(new QueueError('QUEUE_CLOSED', 'the worker is stopping: job handed back'));
  }

  private async shutdown(lost: boolean, graceMs = 0): Promise<void> {
    const handBack = () => this.handBack.abort(new QueueError('QUEUE_CLOSED', 'the worker is stopping: job handed back'));
    const timer = lost ? undefined : setTimeout(handBack, graceMs);
    try {
      await this.worker.close(lost);
    } finally {
      clearTimeout(timer);
      this.poolClosed = true;
      this.pool.close();
      this.store.disconnect();
    }
  }

  /** One job: clear on the pool, store each text under its digest, return the digest(s). */
  private async process(job: Job<ClearJobData, ClearJobResult>, token?: string): Promise<ClearJobResult> {
    const { text: market, texts, options } = job.data;
    const tasks = (texts ?? [market ?? '']).map((t) => ({ op: 'clearingResultFile' as const, text: t, options }));
    let settled: Settled<string>[];
    try {
      settled = await this.pool.mapSettled<string>(tasks, { signal: this.handBack.signal });
    } catch (e) {
      if (this.handBack.signal.aborted && !this.poolClosed) {
        await job.moveToWait(token);
        this.stats.returned++;
        throw new WaitingError();
      }
      throw new Error(`gridclear worker stopped while clearing: ${(e as Error).message}`);
    }
    // A crashed thread (INTERNAL) is retried, the whole job (results already stored stay as they are).
    const crashed = settled.find((r) => !r.ok && !isPermanent(r.error));
    if (crashed && !crashed.ok) throw new Error(crashed.error.message);
    if (this.poolClosed) throw new Error('gridclear worker stopped while clearing');
    const results = await Promise.all(settled.map(async (r): Promise<MarketResult> => {
      if (!r.ok) return { error: encodeError(r.error) };
      const digest = digestOfText(r.value);
      await this.put(digest, r.value);
      return { digest, length: r.value.length };
    }));
    if (texts !== undefined) return { results };
    const only = results[0];
    // A single market's own error fails its job for good (no retry can mend it).
    if ('error' in only) throw new UnrecoverableError(only.error);
    return only;
  }

  /**
   * Stores a result once: SET NX (with GET on Redis 7, which also checks that a second clearing of
   * the market gave the same text; a difference would be a determinism bug, never overwritten).
   */
  private async put(digest: string, text: string): Promise<void> {
    const key = resultKey(this.prefix, this.queue, digest);
    const ex = this.ttl !== undefined ? ['EX', String(this.ttl)] : [];
    let old: unknown = null;
    if (this.setGet) {
      try {
        old = await this.store.call('SET', key, text, ...ex, 'NX', 'GET');
      } catch (e) {
        if (!/syntax|wrong number/i.test((e as Error).message)) throw e;
        this.setGet = false; // Redis before 7.0: no NX with GET
      }
    }
    if (!this.setGet) await this.store.call('SET', key, text, ...ex, 'NX');
    if (old !== null && old !== text) {
      throw new UnrecoverableError(encodeError(new GridclearError('INTERNAL',
        `two clearings of one market gave different result texts under ${digest}: please report this`)));
    }
  }
}

/** Checks Redis (bounded retry), starts the pool and the worker; resolves once it takes jobs. */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  await checkRedis(redisOptions(options.redis), options);
  const worker = new QueueWorker(options);
  try {
    await worker.start();
  } catch (e) {
    await worker.close({ graceMs: 0 }).catch(() => {});
    throw e;
  }
  return worker;
}
