// What a clearing job holds in Redis, shared by producers and workers: the job data, its id (a
// hash of the market and its options), where the result text is stored (by digest), and how a
// market's GridclearError travels as the job's failedReason.
import { createHash } from 'node:crypto';
import { GridclearError, isGridclearError, type ErrorCode, type ErrorDetail } from '../errors.js';
import type { AuctionOptions } from '../auction/types.js';
import { writeMarketCase } from '../io/marketCase.js';
import type { Market } from '../model/types.js';

/** The default queue name. */
export const DEFAULT_QUEUE = 'gridclear';
/** The default key prefix (BullMQ's). */
export const DEFAULT_PREFIX = 'bull';
/** The job name of a clearing (BullMQ jobs carry a name; dashboards show it). */
export const JOB_NAME = 'clear';

/**
 * A job's data: one market as market-case/1 text (`text`), or several (`texts`: one job, fewer
 * Redis round trips per market), and the clearing options.
 */
export interface ClearJobData {
  text?: string;
  texts?: string[];
  options?: AuctionOptions;
  /** A label for people (e.g. the file it came from); not part of the job id. */
  label?: string;
}

/** One market's answer: the digest under which its result text is stored, or its error (encodeError). */
export type MarketResult = { digest: string; length: number } | { error: string };

/**
 * A completed job's return value: the digest under which the result text is stored (`length`
 * in UTF-16 code units, a size hint); for a job of several markets, `results` per market.
 */
export type ClearJobResult = { digest: string; length: number } | { results: MarketResult[] };

/** A market as the text a job carries: text as given, objects as canonical market-case/1. */
export function marketText(market: Market | string): string {
  return typeof market === 'string' ? market : writeMarketCase(market);
}

/** JSON with object keys sorted, so equal options give one id whatever their key order. */
function sortedJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${sortedJson(o[k])}`).join(',')}}`;
}

/**
 * The job id of a market and its options: `m` + SHA-256 of both (`b` + SHA-256 of the options and
 * every text, for a job of several markets). The same market submitted twice is one job (BullMQ
 * ignores an add with an existing id), so it is cleared once while that job is kept.
 */
export function jobIdOf(text: string | readonly string[], options?: AuctionOptions): string {
  const h = createHash('sha256').update(sortedJson(options ?? {}));
  if (typeof text === 'string') return `m${h.update('\0').update(text).digest('hex')}`;
  for (const t of text) h.update(`\0${t.length}\0`).update(t);
  return `b${h.digest('hex')}`;
}

/** The Redis key of a result text: `<prefix>:<queue>:result:<digest>`. */
export function resultKey(prefix: string, queue: string, digest: string): string {
  return `${prefix}:${queue}:result:${digest}`;
}

/** The digest a clearing-result/1 file text ends with (the writer puts it last). */
export function digestOfText(text: string): string {
  const m = /"digest":\s*"([^"]+)"\s*\}\s*$/.exec(text.slice(-200));
  if (!m) throw new GridclearError('INTERNAL', 'a clearing-result/1 text without a digest at its end');
  return m[1];
}

const DETAIL_KEYS = ['id', 'index', 'field', 'expected', 'value', 'line'] as const;

/** A GridclearError as a job's failedReason: JSON of its code, message and detail. */
export function encodeError(e: GridclearError): string {
  const detail: Record<string, unknown> = {};
  for (const k of DETAIL_KEYS) {
    const v = e[k];
    if (v !== undefined) detail[k] = v === null || typeof v !== 'object' && typeof v !== 'bigint' ? v : String(v);
  }
  return JSON.stringify({ code: e.code, message: e.message, detail });
}

/** A failedReason back as the error: a GridclearError when it was one, else an Error with the text. */
export function decodeError(reason: string | null | undefined): Error {
  const text = reason ?? 'the job failed without a reason';
  if (text.startsWith('{')) {
    try {
      const o = JSON.parse(text) as { code?: ErrorCode; message?: string; detail?: ErrorDetail };
      if (typeof o.code === 'string' && typeof o.message === 'string') return new GridclearError(o.code, o.message, o.detail ?? {});
    } catch { /* not ours: fall through */ }
  }
  return new Error(text);
}

/** Errors a retry cannot mend: every GridclearError but INTERNAL (a crashed thread may recover). */
export function isPermanent(e: unknown): e is GridclearError {
  return isGridclearError(e) && e.code !== 'INTERNAL';
}
