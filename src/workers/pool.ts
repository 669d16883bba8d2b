// A fixed pool of workers (Node worker_threads or browser Web Workers) that clears independent
// markets in parallel. Each worker has its own engine instance (the core is single-threaded);
// the pool only schedules tasks and returns the answers in input order.
import { GridclearError, isGridclearError } from '../errors.js';
import type { AuctionOptions, AuctionResult, OrderColumns, TickMarket } from '../auction/types.js';
import type { ClearingResultJson } from '../io/result.js';
import type { Market } from '../model/types.js';
import type { PeriodsOutcome } from '../periods/outcome.js';
import type { PeriodsMarket } from '../periods/types.js';
import { READY_REPLY, reviveError, type ClearTask, type PeriodsTaskOptions, type TaskReply, type TaskRequest } from './protocol.js';

/** The part of a Worker the pool uses. */
export interface WorkerLike {
  postMessage(message: TaskRequest): void;
  terminate(): unknown;
  /** Node only: keep the process alive while the worker has tasks, not when it is idle. */
  ref?(): void;
  unref?(): void;
}

/**
 * Starts one worker and wires its messages and fatal errors to the pool. A worker script posts
 * `READY_REPLY` once it has loaded (gridclear's do); a worker that dies before it is ready, while
 * no worker of the pool ever was, means the script cannot be loaded: a configuration error.
 */
export type SpawnWorker = (onMessage: (reply: TaskReply) => void, onError: (error: unknown) => void) => WorkerLike;

/** Options of a pool. */
export interface PoolOptions {
  /** Number of workers (default: the machine's parallelism). */
  size?: number;
  /** Tasks posted to one worker before its first answer (default 2: overlaps copying and work). */
  inFlight?: number;
}

/** Options of one batch of tasks. */
export interface RunOptions {
  /** Stops the batch: its queued tasks are dropped and its promise rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Called after each task of the batch has settled (answer or error): `done` of `total`. */
  onProgress?: (done: number, total: number) => void;
}

/** One task's outcome in a batch run with `settled: true`: its value, or the typed error it failed with. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: GridclearError };

/** First respawn delay after a worker crash, doubled per further crash without an answer between. */
const RESPAWN_MS = 50;
const RESPAWN_MAX_MS = 10_000;

interface Pending {
  id: number;
  task: ClearTask;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  worker: WorkerLike | undefined;
  running: Map<number, Pending>;
  /** Bumped per spawn, so events of a replaced worker are ignored. */
  generation: number;
  ready: boolean;
  /** Crashes since this slot's last answer (sets the respawn delay). */
  crashes: number;
  timer?: ReturnType<typeof setTimeout>;
}

/** A fixed set of workers and a queue; tasks run in order of submission, answers come back by id. */
export class WorkerPool {
  readonly size: number;
  private readonly spawn: SpawnWorker;
  private readonly inFlight: number;
  private readonly slots: Slot[] = [];
  private queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private everReady = false;
  /** Set when the workers cannot be started at all: every task fails with it. */
  private failure: GridclearError | undefined;

  /** Starts `options.size` workers with `spawn`. */
  constructor(spawn: SpawnWorker, options: PoolOptions & { size: number }) {
    checkPositive(options.size, 'size');
    checkPositive(options.inFlight ?? 2, 'inFlight');
    this.spawn = spawn;
    this.size = options.size;
    this.inFlight = options.inFlight ?? 2;
    for (let i = 0; i < this.size; i++) {
      const slot: Slot = { worker: undefined, running: new Map(), generation: 0, ready: false, crashes: 0 };
      this.slots.push(slot);
      this.startWorker(slot);
    }
  }

  /** Runs one task on the next free worker. */
  run<T = unknown>(task: ClearTask, options: RunOptions = {}): Promise<T> {
    return this.map<T>([task], options).then((r) => r[0]!);
  }

  /**
   * Runs every task; the answers are in the tasks' order. Rejects with the first failure (the
   * other tasks still run; use `mapSettled` to keep every answer).
   */
  map<T = unknown>(tasks: readonly ClearTask[], options: RunOptions = {}): Promise<T[]> {
    return Promise.all(this.submit<T>(tasks, options));
  }

  /**
   * Runs every task and resolves with one `Settled` per task, in order: a bad market fails its own
   * entry, not the batch. Rejects only when the batch is aborted or the workers cannot start.
   */
  mapSettled<T = unknown>(tasks: readonly ClearTask[], options: RunOptions = {}): Promise<Settled<T>[]> {
    const abortReason = () => options.signal?.reason ?? new GridclearError('INVALID_OPTION', 'the batch was aborted');
    return Promise.all(this.submit<T>(tasks, options).map((p) => p.then(
      (value): Settled<T> => ({ ok: true, value }),
      (e: unknown): Settled<T> => {
        if (e === this.failure || options.signal?.aborted || (this.closed && !isGridclearError(e))) throw options.signal?.aborted ? abortReason() : e;
        return { ok: false, error: asGridclearError(e) };
      },
    )));
  }

  /** Loads the engine in every worker, so later timings measure clearing only. */
  async warm(): Promise<void> {
    await this.map(Array.from({ length: this.size * this.inFlight }, () => ({ op: 'warm' as const })));
  }

  /** Stops every worker; tasks still queued or running are rejected. */
  close(): void {
    this.stop(new GridclearError('INVALID_OPTION', 'the worker pool was closed before the task ran'));
  }

  /** Queues the tasks of one batch, wiring its abort signal and progress callback. */
  private submit<T>(tasks: readonly ClearTask[], options: RunOptions): Promise<T>[] {
    const { signal, onProgress } = options;
    const closedError = () => this.failure ?? new GridclearError('INVALID_OPTION', 'the worker pool is closed');
    if (this.closed) return tasks.map(() => Promise.reject(closedError()));
    if (signal?.aborted) return tasks.map(() => Promise.reject(signal.reason));
    const batch: Pending[] = [];
    const onAbort = () => {
      const dropped = new Set(batch);
      this.queue = this.queue.filter((p) => !dropped.has(p));
      // Tasks already in a worker finish there; their answers are ignored.
      for (const p of batch) p.reject(signal!.reason);
    };
    let done = 0;
    const settle = () => {
      done++;
      if (done === tasks.length) signal?.removeEventListener('abort', onAbort);
      if (!signal?.aborted) onProgress?.(done, tasks.length);
    };
    const promises = tasks.map((task) => new Promise<T>((resolve, reject) => {
      let open = true;
      batch.push({
        id: this.nextId++, task,
        resolve: (v) => { if (open) { open = false; resolve(v as T); settle(); } },
        reject: (e) => { if (open) { open = false; reject(e); settle(); } },
      });
    }));
    signal?.addEventListener('abort', onAbort, { once: true });
    this.queue.push(...batch);
    this.pump();
    return promises;
  }

  private startWorker(slot: Slot): void {
    const generation = ++slot.generation;
    slot.ready = false;
    slot.timer = undefined;
    const current = () => slot.generation === generation && !this.closed;
    try {
      slot.worker = this.spawn(
        (reply) => { if (current()) this.onReply(slot, reply); },
        (error) => { if (current()) this.onCrash(slot, error); },
      );
    } catch (e) {
      // e.g. a Worker constructor that rejects the URL synchronously
      slot.worker = undefined;
      queueMicrotask(() => { if (current()) this.onCrash(slot, e); });
      return;
    }
    slot.worker.unref?.();
    this.pump();
  }

  private onReply(slot: Slot, reply: TaskReply): void {
    slot.ready = true;
    this.everReady = true;
    if (reply.id === READY_REPLY.id) return;
    slot.crashes = 0;
    const p = slot.running.get(reply.id);
    if (!p) return;
    slot.running.delete(reply.id);
    if (slot.running.size === 0) slot.worker?.unref?.();
    if (reply.ok) p.resolve(reply.value);
    else p.reject(reviveError(reply.error));
    this.pump();
  }

  /** A worker died (not a task error: those come back as replies): fail its tasks, replace it. */
  private onCrash(slot: Slot, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (!slot.ready && !this.everReady) {
      // Not one worker has started: the script cannot be loaded. Retrying would only spin.
      this.stop(new GridclearError('INVALID_OPTION', `the gridclear worker script could not be started: ${message}`, {
        field: 'worker', expected: 'a loadable worker script (workerScript / workerUrl)',
      }));
      return;
    }
    for (const p of slot.running.values()) {
      p.reject(new GridclearError('INTERNAL', `a gridclear worker stopped: ${message}`));
    }
    slot.running.clear();
    void slot.worker?.terminate();
    slot.worker = undefined;
    slot.generation++;
    const delay = Math.min(RESPAWN_MS * 2 ** slot.crashes, RESPAWN_MAX_MS);
    slot.crashes++;
    slot.timer = setTimeout(() => { if (!this.closed) this.startWorker(slot); }, delay);
    (slot.timer as { unref?(): void }).unref?.();
    this.pump();
  }

  /** Closes the pool: every queued and running task fails with `error`. */
  private stop(error: GridclearError): void {
    if (this.closed) return;
    this.closed = true;
    if (error.field === 'worker') this.failure = error;
    for (const p of this.queue.splice(0)) p.reject(error);
    for (const slot of this.slots) {
      for (const p of slot.running.values()) p.reject(error);
      slot.running.clear();
      if (slot.timer !== undefined) clearTimeout(slot.timer);
      void slot.worker?.terminate();
      slot.worker = undefined;
    }
  }

  /** Hands queued tasks to the least busy workers. */
  private pump(): void {
    while (this.queue.length > 0) {
      let best: Slot | undefined;
      for (const s of this.slots) if (s.worker && (!best || s.running.size < best.running.size)) best = s;
      if (!best || best.running.size >= this.inFlight) return;
      const p = this.queue.shift()!;
      const worker = best.worker!;
      best.running.set(p.id, p);
      worker.ref?.();
      try {
        worker.postMessage({ id: p.id, task: p.task });
      } catch (e) {
        best.running.delete(p.id);
        p.reject(new GridclearError('INVALID_MARKET', `the task cannot be sent to a worker: ${(e as Error).message}`));
      }
    }
  }
}

/** Any error as a GridclearError (a plain Error from a worker becomes INTERNAL). */
function asGridclearError(e: unknown): GridclearError {
  if (isGridclearError(e)) return e;
  return new GridclearError('INTERNAL', e instanceof Error ? e.message : String(e));
}

function checkPositive(n: number, field: string): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new GridclearError('INVALID_OPTION', `worker pool ${field} must be a positive integer, got ${String(n)}`, {
      field, expected: 'a positive integer', value: n,
    });
  }
}

/** RunOptions of the batch functions; `settled: true` gives one `Settled` per market instead of rejecting. */
export interface BatchOptions extends RunOptions {
  settled?: boolean;
}

function runBatch<T>(pool: WorkerPool, tasks: ClearTask[], run: BatchOptions | undefined): Promise<T[] | Settled<T>[]> {
  return run?.settled ? pool.mapSettled<T>(tasks, run) : pool.map<T>(tasks, run);
}

/**
 * Clears every market on `pool` with the same options; the results equal
 * `markets.map((m) => clearAuction(m, options))` (same engine, one instance per worker).
 * Market objects are structured-cloned to the workers, which costs about as much as clearing
 * them: for speed-ups pass market-case/1 text (parsed in the workers) or use clearColumnsMany.
 * `run`: abort signal, progress callback, and `settled: true` for per-market results.
 */
export function clearMany(pool: WorkerPool, markets: readonly (Market | string)[], options?: AuctionOptions, run?: BatchOptions & { settled?: false }): Promise<AuctionResult[]>;
export function clearMany(pool: WorkerPool, markets: readonly (Market | string)[], options: AuctionOptions | undefined, run: BatchOptions & { settled: true }): Promise<Settled<AuctionResult>[]>;
export function clearMany(pool: WorkerPool, markets: readonly (Market | string)[], options?: AuctionOptions, run?: BatchOptions) {
  return runBatch<AuctionResult>(pool, markets.map((m) => ({ op: 'clearAuction', ...marketField(m), options })), run);
}

/** Orders as columns (copied to the workers as flat arrays): the fast path; equals clearColumns. */
export function clearColumnsMany(pool: WorkerPool, items: readonly ColumnsItem[], options?: AuctionOptions, run?: BatchOptions & { settled?: false }): Promise<AuctionResult[]>;
export function clearColumnsMany(pool: WorkerPool, items: readonly ColumnsItem[], options: AuctionOptions | undefined, run: BatchOptions & { settled: true }): Promise<Settled<AuctionResult>[]>;
export function clearColumnsMany(pool: WorkerPool, items: readonly ColumnsItem[], options?: AuctionOptions, run?: BatchOptions) {
  return runBatch<AuctionResult>(pool, items.map((it) => ({ op: 'clearColumns', columns: it.columns, tickMarket: it.market, options })), run);
}

/** One market of clearColumnsMany: its order columns and tick market. */
export interface ColumnsItem { columns: OrderColumns; market: TickMarket }

/**
 * The clearing-result/1 object (with its digest) of each market: nodal when it has a network, the
 * call auction otherwise. Strings are market-case/1 JSON, parsed in the workers.
 */
export function clearingResultsOf(pool: WorkerPool, markets: readonly (Market | string)[], options?: AuctionOptions, run?: BatchOptions & { settled?: false }): Promise<ClearingResultJson[]>;
export function clearingResultsOf(pool: WorkerPool, markets: readonly (Market | string)[], options: AuctionOptions | undefined, run: BatchOptions & { settled: true }): Promise<Settled<ClearingResultJson>[]>;
export function clearingResultsOf(pool: WorkerPool, markets: readonly (Market | string)[], options?: AuctionOptions, run?: BatchOptions) {
  return runBatch<ClearingResultJson>(pool, markets.map((m) => ({ op: 'clearingResult', ...marketField(m), options })), run);
}

/**
 * Like clearingResultsOf, but each answer is the clearing-result/1 file text (clearMarketText, byte for byte writeClearingResult of clearMarket):
 * one string per market crosses back, the cheapest way to clear many market files into result files.
 */
export function clearingResultFiles(pool: WorkerPool, markets: readonly (Market | string)[], options?: AuctionOptions, run?: BatchOptions & { settled?: false }): Promise<string[]>;
export function clearingResultFiles(pool: WorkerPool, markets: readonly (Market | string)[], options: AuctionOptions | undefined, run: BatchOptions & { settled: true }): Promise<Settled<string>[]>;
export function clearingResultFiles(pool: WorkerPool, markets: readonly (Market | string)[], options?: AuctionOptions, run?: BatchOptions) {
  return runBatch<string>(pool, markets.map((m) => ({ op: 'clearingResultFile', ...marketField(m), options })), run);
}

/**
 * Clears every market-case/2 market (an object, or its text parsed in the worker) with
 * clearPeriods and the same options; the outcomes equal `clearPeriods(m, options)` on this
 * thread. The workers use the default LP method (a `solver` function cannot cross a thread).
 */
export function clearPeriodsMany(pool: WorkerPool, markets: readonly (PeriodsMarket | string)[], options?: PeriodsTaskOptions, run?: BatchOptions & { settled?: false }): Promise<PeriodsOutcome[]>;
export function clearPeriodsMany(pool: WorkerPool, markets: readonly (PeriodsMarket | string)[], options: PeriodsTaskOptions | undefined, run: BatchOptions & { settled: true }): Promise<Settled<PeriodsOutcome>[]>;
export function clearPeriodsMany(pool: WorkerPool, markets: readonly (PeriodsMarket | string)[], options?: PeriodsTaskOptions, run?: BatchOptions) {
  return runBatch<PeriodsOutcome>(pool, markets.map((m) => ({ op: 'clearPeriods', ...(typeof m === 'string' ? { text: m } : { periods: m }), options })), run);
}

function marketField(m: Market | string): { market: Market } | { text: string } {
  return typeof m === 'string' ? { text: m } : { market: m };
}
