// The messages between a WorkerPool and its workers. Plain data only (structured clone), so the
// same protocol runs over Node worker_threads and browser Web Workers.
import { GridclearError, isGridclearError, type ErrorCode, type ErrorDetail } from '../errors.js';
import type { AuctionOptions, OrderColumns, TickMarket } from '../auction/types.js';
import type { Market } from '../model/types.js';
import type { NodalOptions } from '../nodal/types.js';
import type { PeriodsOptions } from '../periods/clear.js';
import type { PeriodsMarket } from '../periods/types.js';

/** clearPeriods' options in a task: functions and GridModels do not cross a thread (each worker uses the default LP method). */
export type PeriodsTaskOptions = Omit<PeriodsOptions, 'solver' | 'grid'>;

/**
 * What a worker can do with one market:
 * - `clearAuction`: the AuctionResult of `clearAuction(market, options)`;
 * - `clearColumns`: the AuctionResult of `clearColumns(columns, tickMarket, options)`;
 * - `clearNodal`: the NodalResult of `clearNodal(market, options)` (a market with a network);
 * - `clearPeriods`: the PeriodsOutcome of `clearPeriods(market, options)` (a market-case/2 market);
 * - `clearingResult`: the clearing-result/1 object (with its digest): nodal when the market has
 *   a network, the call auction otherwise; for a market-case/2 market (object or text) the
 *   clearing-result/2 object of clearPeriods;
 * - `clearingResultFile`: the same written as the file text (cheap to send back: one string);
 * - `warm`: nothing but load the engine (instantiate the Wasm core), so timings exclude it.
 */
export type TaskOp = 'clearAuction' | 'clearColumns' | 'clearNodal' | 'clearPeriods' | 'clearingResult' | 'clearingResultFile' | 'warm';

/** One unit of work for a worker. */
export interface ClearTask {
  op: TaskOp;
  /** The market as an object, or `text`: its market-case/1 (or /2) JSON, parsed in the worker (cheaper to send). */
  market?: Market;
  /** A market-case/2 market as an object (for `clearPeriods`, `clearingResult`, `clearingResultFile`). */
  periods?: PeriodsMarket;
  text?: string;
  /** For `clearColumns`. */
  columns?: OrderColumns;
  tickMarket?: TickMarket;
  /** Options of the task's clearing; for market-case/2 clearPeriods' options that cross a thread (no `solver`, no `grid`). */
  options?: AuctionOptions | NodalOptions | PeriodsTaskOptions;
}

/** A task as posted to a worker, tagged so the reply finds its promise. */
export interface TaskRequest {
  id: number;
  task: ClearTask;
}

/** What a worker script posts once it has loaded (id 0 is never a task's). */
export const READY_REPLY: TaskReply = { id: 0, ok: true, value: 'ready' };

/** An error as it crosses the thread boundary (Error objects lose their fields in a clone). */
export interface SerializedError {
  name: string;
  message: string;
  code?: ErrorCode;
  detail?: ErrorDetail;
}

/** A worker's answer to one TaskRequest. */
export type TaskReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: SerializedError };

const DETAIL_KEYS = ['id', 'index', 'field', 'expected', 'value', 'line'] as const;

/** Flattens an error for postMessage, keeping a GridclearError's code and detail. */
export function serializeError(e: unknown): SerializedError {
  if (isGridclearError(e)) {
    const detail: ErrorDetail = {};
    for (const k of DETAIL_KEYS) if (e[k] !== undefined) (detail as Record<string, unknown>)[k] = cloneable(e[k]);
    return { name: e.name, message: e.message, code: e.code, detail };
  }
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

/** Primitives cross as they are; anything else (a Decimal, a function) as its text. */
function cloneable(v: unknown): unknown {
  return v === null || typeof v !== 'object' && typeof v !== 'function' ? v : String(v);
}

/** Rebuilds a thrown error on the calling thread: a GridclearError stays one, with its code. */
export function reviveError(s: SerializedError): Error {
  if (s.code !== undefined) return new GridclearError(s.code, s.message, s.detail ?? {});
  const e = new Error(s.message);
  e.name = s.name;
  return e;
}
