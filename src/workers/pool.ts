// A fixed pool of workers (Node worker_threads or browser Web Workers) that clears independent
// markets in parallel. Each worker has its own engine instance (the core is single-threaded);
// the pool only schedules tasks and returns the answers in input order.
import { GridclearError } from '../errors.js';
import type { AuctionOptions, AuctionResult, OrderColumns, TickMarket } from '../auction/types.js';
import type { ClearingResultJson } from '../io/result.js';
import type { Market } from '../model/types.js';
import { reviveError, type ClearTask, type TaskReply, type TaskRequest } from './protocol.js';

/** The part of a Worker the pool uses. */
export interface WorkerLike {
  postMessage(message: TaskRequest): void;
  terminate(): unknown;
  /** Node only: keep the process alive while the worker has tasks, not when it is idle. */
  ref?(): void;
  unref?(): void;
}

/** Starts one worker and wires its messages and fatal errors to the pool. */
export type SpawnWorker = (onMessage: (reply: TaskReply) => void, onError: (error: unknown) => void) => WorkerLike;

/** Options of a pool. */
export interface PoolOptions {
  /** Number of workers (default: the machine's parallelism). */
  size?: number;
  /** Tasks posted to one worker before its first answer (default 2: overlaps copying and work). */
  inFlight?: number;
}

interface Pending {
  id: number;
  task: ClearTask;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  worker: WorkerLike;
  running: Map<number, Pending>;
}

/** A fixed set of workers and a queue; tasks run in order of submission, answers come back by id. */
export class WorkerPool {
  readonly size: number;
  private readonly spawn: SpawnWorker;
  private readonly inFlight: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  /** Starts `options.size` workers with `spawn`. */
  constructor(spawn: SpawnWorker, options: PoolOptions & { size: number }) {
    checkPositive(options.size, 'size');
    checkPositive(options.inFlight ?? 2, 'inFlight');
    this.spawn = spawn;
    this.size = options.size;
    this.inFlight = options.inFlight ?? 2;
    for (let i = 0; i < this.size; i++) this.slots.push(this.startSlot());
  }

  /** Runs one task on the next free worker. */
  run<T = unknown>(task: ClearTask): Promise<T> {
    if (this.closed) return Promise.reject(new GridclearError('INVALID_OPTION', 'the worker pool is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  /** Runs every task; the answers are in the tasks' order. Rejects with the first failure. */
  map<T = unknown>(tasks: readonly ClearTask[]): Promise<T[]> {
    return Promise.all(tasks.map((t) => this.run<T>(t)));
  }

  /** Loads the engine in every worker, so later timings measure clearing only. */
  async warm(): Promise<void> {
    await this.map(Array.from({ length: this.size * this.inFlight }, () => ({ op: 'warm' as const })));
  }

  /** Stops every worker; tasks still queued or running are rejected. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const error = new GridclearError('INVALID_OPTION', 'the worker pool was closed before the task ran');
    for (const p of this.queue.splice(0)) p.reject(error);
    for (const slot of this.slots) {
      for (const p of slot.running.values()) p.reject(error);
      slot.running.clear();
      void slot.worker.terminate();
    }
  }

  private startSlot(): Slot {
    const slot: Slot = { worker: undefined as unknown as WorkerLike, running: new Map() };
    slot.worker = this.spawn((reply) => this.onReply(slot, reply), (error) => this.onCrash(slot, error));
    slot.worker.unref?.();
    return slot;
  }

  private onReply(slot: Slot, reply: TaskReply): void {
    const p = slot.running.get(reply.id);
    if (!p) return;
    slot.running.delete(reply.id);
    if (slot.running.size === 0) slot.worker.unref?.();
    if (reply.ok) p.resolve(reply.value);
    else p.reject(reviveError(reply.error));
    this.pump();
  }

  /** A worker died (not a task error: those come back as replies): fail its tasks, replace it. */
  private onCrash(slot: Slot, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    for (const p of slot.running.values()) {
      p.reject(new GridclearError('INTERNAL', `a gridclear worker stopped: ${message}`));
    }
    slot.running.clear();
    void slot.worker.terminate();
    if (this.closed) return;
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots[i] = this.startSlot();
    this.pump();
  }

  /** Hands queued tasks to the least busy workers. */
  private pump(): void {
    while (this.queue.length > 0) {
      let best: Slot | undefined;
      for (const s of this.slots) if (!best || s.running.size < best.running.size) best = s;
      if (!best || best.running.size >= this.inFlight) return;
      const p = this.queue.shift()!;
      best.running.set(p.id, p);
      best.worker.ref?.();
      try {
        best.worker.postMessage({ id: p.id, task: p.task });
      } catch (e) {
        best.running.delete(p.id);
        p.reject(new GridclearError('INVALID_MARKET', `the task cannot be sent to a worker: ${(e as Error).message}`));
      }
    }
  }
}

function checkPositive(n: number, field: string): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new GridclearError('INVALID_OPTION', `worker pool ${field} must be a positive integer, got ${String(n)}`, {
      field, expected: 'a positive integer', value: n,
    });
  }
}

/**
 * Clears every market on `pool` with the same options; the results equal
 * `markets.map((m) => clearAuction(m, options))` (same engine, one instance per worker).
 * Market objects are structured-cloned to the workers, which costs about as much as clearing
 * them: for speed-ups pass market-case/1 text (parsed in the workers) or use clearColumnsMany.
 */
export function clearMany(pool: WorkerPool, markets: readonly (Market | string)[], options?: AuctionOptions): Promise<AuctionResult[]> {
  return pool.map<AuctionResult>(markets.map((m) => ({ op: 'clearAuction', ...marketField(m), options })));
}

/** Orders as columns (copied to the workers as flat arrays): the fast path; equals clearColumns. */
export function clearColumnsMany(
  pool: WorkerPool, items: readonly { columns: OrderColumns; market: TickMarket }[], options?: AuctionOptions,
): Promise<AuctionResult[]> {
  return pool.map<AuctionResult>(items.map((it) => ({ op: 'clearColumns', columns: it.columns, tickMarket: it.market, options })));
}

/**
 * The clearing-result/1 object (with its digest) of each market: nodal when it has a network, the
 * call auction otherwise. Strings are market-case/1 JSON, parsed in the workers.
 */
export function clearingResultsOf(
  pool: WorkerPool, markets: readonly (Market | string)[], options?: AuctionOptions,
): Promise<ClearingResultJson[]> {
  return pool.map<ClearingResultJson>(markets.map((m) => ({ op: 'clearingResult', ...marketField(m), options })));
}

/**
 * Like clearingResultsOf, but each answer is the clearing-result/1 file text (clearMarketText, byte for byte writeClearingResult of clearMarket):
 * one string per market crosses back, the cheapest way to clear many market files into result files.
 */
export function clearingResultFiles(
  pool: WorkerPool, markets: readonly (Market | string)[], options?: AuctionOptions,
): Promise<string[]> {
  return pool.map<string>(markets.map((m) => ({ op: 'clearingResultFile', ...marketField(m), options })));
}

function marketField(m: Market | string): { market: Market } | { text: string } {
  return typeof m === 'string' ? { text: m } : { market: m };
}
