// The producer side of the queue: submit markets as clearing jobs (BullMQ on Redis), then wait for
// their results, stream them as they finish, or leave them in Redis for later.
import { Queue, QueueEvents, type JobsOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import type { AuctionOptions } from '../auction/types.js';
import { GridclearError } from '../errors.js';
import type { Market } from '../model/types.js';
import { boundedOptions, checkRedis, QueueError, redisOptions, type RedisTarget, type RetryOptions } from './connection.js';
import { DEFAULT_PREFIX, DEFAULT_QUEUE, JOB_NAME, decodeError, jobIdOf, marketText, resultKey, type ClearJobData, type ClearJobResult, type MarketResult } from './jobs.js';

/** BullMQ job options a producer may set for its jobs. */
export type ClearJobOptions = Pick<JobsOptions, 'attempts' | 'backoff' | 'priority' | 'removeOnComplete' | 'removeOnFail'>;

/** Options of a queue client. */
export interface QueueClientOptions extends RetryOptions {
  /** Where Redis is (URL or ioredis options). */
  redis: RedisTarget;
  /** Queue name (default `gridclear`). */
  queue?: string;
  /** Redis key prefix (default `bull`). */
  prefix?: string;
  /**
   * Options of every job: `attempts` (default 3: a crashed worker thread is retried; a market's
   * own error never is), `backoff` (default exponential from 1 s), `removeOnComplete` /
   * `removeOnFail` (default: keep, so results can be looked up by job id later).
   */
  jobOptions?: ClearJobOptions;
}

/** Options of one submission. */
export interface SubmitOptions {
  /** Clearing options (the call auction's mechanism, tie rule...); as for clearMarket. */
  options?: AuctionOptions;
  /** Labels for people, one per market (e.g. file names), carried in the job data. */
  labels?: readonly string[];
  /**
   * One job per distinct market and options (default true): the job id is a hash of both, so a
   * market submitted again while its job is kept is not cleared again. False: every submission is a job.
   */
  dedupe?: boolean;
  /**
   * Markets per job (default 1). Small markets cost Redis more than clearing: several per job
   * divide the queue's cost per market (each market still has its own result, digest or error).
   */
  perJob?: number;
}

/** A submitted market: its job id and its place in the submission (and in its job, when shared). */
export interface SubmittedJob {
  jobId: string;
  index: number;
  label?: string;
  /** The market's place in a job of several markets (`perJob` > 1). */
  part?: number;
}

/** A finished job: the digest and result text, or the market's error (a GridclearError when it was one). */
export type JobOutcome =
  | (SubmittedJob & { ok: true; digest: string; text?: string | null })
  | (SubmittedJob & { ok: false; error: Error });

/** Options of results() and waitAll(). */
export interface ResultOptions {
  /** Fetch each result text (default true); false gives digests only (the texts stay in Redis). */
  text?: boolean;
  /** Without any event for this long, read the state of every job still pending (default 2000 ms). */
  sweepMs?: number;
}

/** What a job's hash says about it. */
type Raw = { state: 'pending' } | { state: 'missing' } | { state: 'completed'; value: ClearJobResult } | { state: 'failed'; error: Error };

/** One market's answer within a finished job. */
type Answer = { ok: true; digest: string } | { ok: false; error: Error };

/** The answer of the market at `part` of a finished job (a job of one market has no part). */
function answerOf(raw: Raw & { state: 'completed' | 'failed' }, part: number | undefined): Answer {
  if (raw.state === 'failed') return { ok: false, error: raw.error };
  const v = raw.value;
  const r: MarketResult | undefined = 'results' in v ? v.results[part ?? 0] : v;
  if (!r) return { ok: false, error: new QueueError('JOB_MISSING', `no market ${part} in the job`) };
  return 'error' in r ? { ok: false, error: decodeError(r.error) } : { ok: true, digest: r.digest };
}

function isResult(v: unknown): v is ClearJobResult {
  const o = v as Record<string, unknown> | null;
  return !!o && (typeof o.digest === 'string' || Array.isArray(o.results));
}

const CHUNK = 500;

/** A producer connected to one queue; `close()` it when done. */
export class QueueClient {
  readonly queueName: string;
  readonly prefix: string;
  private readonly queue: Queue<ClearJobData, ClearJobResult>;
  private readonly redis: Redis;
  private readonly connection: RedisOptions;
  private readonly jobOptions: JobsOptions;
  private events?: Promise<QueueEvents>;
  private closed = false;

  /** Use connectQueue (it checks Redis first). */
  constructor(options: QueueClientOptions) {
    this.queueName = options.queue ?? DEFAULT_QUEUE;
    this.prefix = options.prefix ?? DEFAULT_PREFIX;
    this.connection = boundedOptions(redisOptions(options.redis), options);
    this.queue = new Queue<ClearJobData, ClearJobResult>(this.queueName, { connection: this.connection, prefix: this.prefix });
    this.queue.on('error', () => {}); // surfaced by the failing command itself
    this.redis = new Redis(this.connection);
    this.redis.on('error', () => {});
    this.jobOptions = { attempts: 3, backoff: { type: 'exponential', delay: 1000 }, ...options.jobOptions };
  }

  /** Submits one market (object or market-case/1 text). */
  async submit(market: Market | string, options: SubmitOptions = {}): Promise<SubmittedJob> {
    return (await this.submitMany([market], options))[0];
  }

  /**
   * Submits markets as jobs, in batches of 500 per round trip. Objects are written as canonical
   * market-case/1 (writeMarketCase: an object off its tick throws its GridclearError here); text is
   * sent as it is and parsed by the worker (a bad file ends as a failed job with its error).
   */
  async submitMany(markets: readonly (Market | string)[], options: SubmitOptions = {}): Promise<SubmittedJob[]> {
    this.checkOpen();
    const dedupe = options.dedupe ?? true;
    const per = options.perJob ?? 1;
    if (!Number.isInteger(per) || per < 1) {
      throw new GridclearError('INVALID_OPTION', `perJob must be a positive integer, got ${String(per)}`, { field: 'perJob', value: per });
    }
    const out: SubmittedJob[] = [];
    const step = CHUNK * per;
    for (let start = 0; start < markets.length; start += step) {
      const texts = markets.slice(start, start + step).map(marketText);
      const jobs = [];
      for (let k = 0; k < texts.length; k += per) {
        const group = texts.slice(k, k + per);
        const data: ClearJobData = per === 1 ? { text: group[0] } : { texts: group };
        if (options.options !== undefined) data.options = options.options;
        const label = per === 1 ? options.labels?.[start + k] : undefined;
        if (label !== undefined) data.label = label;
        const id = jobIdOf(per === 1 ? group[0] : group, options.options);
        jobs.push({ name: JOB_NAME, data, opts: dedupe ? { ...this.jobOptions, jobId: id } : this.jobOptions });
      }
      const added = await this.queue.addBulk(jobs);
      texts.forEach((_, k) => {
        const index = start + k;
        const s: SubmittedJob = { jobId: added[Math.floor(k / per)].id!, index };
        const label = options.labels?.[index];
        if (label !== undefined) s.label = label;
        if (per > 1) s.part = k % per;
        out.push(s);
      });
    }
    return out;
  }

  /**
   * The outcomes of submitted jobs as they finish (completion order). Events bring them as soon as
   * a worker is done; a sweep of the jobs' state (at the start, and after `sweepMs` without events)
   * finds any whose event was missed, so every job is yielded exactly once.
   */
  async *results(jobs: readonly SubmittedJob[], options: ResultOptions = {}): AsyncGenerator<JobOutcome> {
    for await (const [, o] of this.stream(jobs, options)) yield o;
  }

  /** results() with each outcome's position in `jobs`. */
  private async *stream(jobs: readonly SubmittedJob[], options: ResultOptions): AsyncGenerator<[number, JobOutcome]> {
    this.checkOpen();
    const withText = options.text ?? true;
    const sweepMs = options.sweepMs ?? 2000;
    const pending = new Map<string, number[]>();
    jobs.forEach((j, pos) => {
      const at = pending.get(j.jobId);
      if (at) at.push(pos);
      else pending.set(j.jobId, [pos]);
    });
    const ready: [number, JobOutcome][] = [];
    const recheck = new Set<string>();
    let fetching = 0;
    let wake: (() => void) | undefined;
    let failure: Error | undefined;
    const settle = (jobId: string, raw: Raw): void => {
      const entries = pending.get(jobId);
      if (!entries || raw.state === 'pending') return;
      pending.delete(jobId);
      const fin = raw.state === 'missing' ? { state: 'failed' as const, error: missing(jobId, this.queueName) } : raw;
      for (const pos of entries) {
        const answer = answerOf(fin, jobs[pos].part);
        if (!answer.ok || !withText) {
          ready.push([pos, outcomeOf(jobs[pos], answer, undefined)]);
          continue;
        }
        fetching++;
        this.resultText(answer.digest).then((text) => {
          ready.push([pos, outcomeOf(jobs[pos], answer, text)]);
        }, (e: Error) => { failure ??= e; }).finally(() => { fetching--; wake?.(); });
      }
      wake?.();
    };
    const events = await this.queueEvents();
    const onCompleted = ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }): void => {
      const rv: unknown = typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue;
      if (isResult(rv)) settle(jobId, { state: 'completed', value: rv });
      else if (pending.has(jobId)) recheck.add(jobId);
      wake?.();
    };
    const onFailed = ({ jobId }: { jobId: string }): void => {
      if (pending.has(jobId)) { recheck.add(jobId); wake?.(); }
    };
    events.on('completed', onCompleted);
    events.on('failed', onFailed);
    try {
      await this.sweep([...pending.keys()], settle);
      let lastEvent = Date.now();
      for (;;) {
        while (ready.length > 0) { yield ready.shift()!; lastEvent = Date.now(); }
        if (failure) throw failure;
        if (pending.size === 0 && fetching === 0) return;
        if (recheck.size === 0) {
          let timer: NodeJS.Timeout | undefined;
          await new Promise<void>((resolve) => { wake = resolve; timer = setTimeout(resolve, sweepMs); });
          clearTimeout(timer);
          wake = undefined;
        }
        if (recheck.size > 0) {
          const ids = [...recheck];
          recheck.clear();
          await this.sweep(ids, settle);
        }
        if (ready.length > 0 || fetching > 0) lastEvent = Date.now();
        else if (Date.now() - lastEvent >= sweepMs) {
          await this.sweep([...pending.keys()], settle);
          lastEvent = Date.now();
        }
      }
    } finally {
      events.off('completed', onCompleted);
      events.off('failed', onFailed);
    }
  }

  /** Waits for every job; the outcomes in the jobs' order. */
  async waitAll(jobs: readonly SubmittedJob[], options: ResultOptions = {}): Promise<JobOutcome[]> {
    const out = new Array<JobOutcome>(jobs.length);
    for await (const [pos, o] of this.stream(jobs, options)) out[pos] = o;
    return out;
  }

  /**
   * A market's outcome now (`part`: its place in a job of several), or undefined while its job
   * waits or runs. Throws JOB_MISSING for an unknown id.
   */
  async outcome(jobId: string, options: { text?: boolean; part?: number } = {}): Promise<JobOutcome | undefined> {
    const raw = (await this.readJobs([jobId]))[0];
    if (raw.state === 'pending') return undefined;
    if (raw.state === 'missing') throw missing(jobId, this.queueName);
    const answer = answerOf(raw, options.part);
    const text = answer.ok && options.text !== false ? await this.resultText(answer.digest) : undefined;
    const job: SubmittedJob = { jobId, index: 0 };
    if (options.part !== undefined) job.part = options.part;
    return outcomeOf(job, answer, text);
  }

  /** A stored result text by its digest (null when not stored, or expired). */
  resultText(digest: string): Promise<string | null> {
    return this.redis.get(resultKey(this.prefix, this.queueName, digest));
  }

  /** Jobs per state (waiting, active, completed, failed, delayed...). */
  counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized');
  }

  /** The BullMQ Queue (pause, drain, obliterate, metrics...). */
  get bullQueue(): Queue<ClearJobData, ClearJobResult> {
    return this.queue;
  }

  /** Closes the connections (jobs and results stay in Redis). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const events = this.events ? await this.events.catch(() => undefined) : undefined;
    await Promise.allSettled([this.queue.close(), events?.close()]);
    this.redis.disconnect();
  }

  private checkOpen(): void {
    if (this.closed) throw new QueueError('QUEUE_CLOSED', `the client of queue ${this.queueName} is closed`);
  }

  private queueEvents(): Promise<QueueEvents> {
    this.events ??= (async () => {
      const ev = new QueueEvents(this.queueName, { connection: { ...this.connection, maxRetriesPerRequest: null }, prefix: this.prefix });
      ev.on('error', () => {});
      await ev.waitUntilReady();
      return ev;
    })();
    return this.events;
  }

  /** Reads the state of jobs (one pipelined HMGET each, in chunks) and settles the finished ones. */
  private async sweep(ids: string[], settle: (id: string, raw: Raw) => void): Promise<void> {
    for (let start = 0; start < ids.length; start += 2000) {
      const chunk = ids.slice(start, start + 2000);
      (await this.readJobs(chunk)).forEach((raw, k) => settle(chunk[k], raw));
    }
  }

  /** Each job's state from its hash: finishedOn with a returnvalue is done, without one failed. */
  private async readJobs(ids: string[]): Promise<Raw[]> {
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.hmget(`${this.prefix}:${this.queueName}:${id}`, 'timestamp', 'finishedOn', 'returnvalue', 'failedReason');
    const replies = (await pipe.exec()) ?? [];
    return replies.map(([err, v]): Raw => {
      if (err) throw err;
      const [timestamp, finishedOn, returnvalue, failedReason] = v as (string | null)[];
      if (timestamp === null) return { state: 'missing' };
      if (finishedOn === null) return { state: 'pending' };
      if (returnvalue !== null) {
        const rv: unknown = JSON.parse(returnvalue);
        if (isResult(rv)) return { state: 'completed', value: rv };
      }
      return { state: 'failed', error: decodeError(failedReason) };
    });
  }
}

function outcomeOf(job: SubmittedJob, answer: Answer, text: string | null | undefined): JobOutcome {
  if (!answer.ok) return { ...job, ok: false, error: answer.error };
  return text === undefined ? { ...job, ok: true, digest: answer.digest } : { ...job, ok: true, digest: answer.digest, text };
}

function missing(jobId: string, queue: string): QueueError {
  return new QueueError('JOB_MISSING', `no job ${jobId} in queue ${queue} (never submitted, or removed)`);
}

/** Checks Redis (bounded retry) and connects a producer to the queue. */
export async function connectQueue(options: QueueClientOptions): Promise<QueueClient> {
  await checkRedis(redisOptions(options.redis), options);
  return new QueueClient(options);
}
