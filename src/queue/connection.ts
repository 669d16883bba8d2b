// Redis connections of the queue: a URL or ioredis options, a bounded first contact with a clear
// error, and a bounded reconnect (ioredis would otherwise retry forever and queue every command).
import { Redis, type RedisOptions } from 'ioredis';

/** Where Redis is: a `redis://[user:password@]host[:port][/db]` (or `rediss://`, TLS) URL, or ioredis options. */
export type RedisTarget = string | RedisOptions;

/** The errors of the queue itself (market errors stay GridclearError). */
export type QueueErrorCode = 'REDIS_UNAVAILABLE' | 'QUEUE_CLOSED' | 'JOB_MISSING';

/** A problem with Redis or the queue, not with a market: `code` is for programs, `message` for people. */
export class QueueError extends Error {
  constructor(readonly code: QueueErrorCode, message: string) {
    super(message);
    this.name = 'QueueError';
  }
}

/** How often and how patiently to reach Redis. */
export interface RetryOptions {
  /** Connection attempts before giving up, at start and after a lost connection (default 10). */
  connectAttempts?: number;
  /** Delay before the second attempt; doubles up to 2 s (default 100 ms). */
  retryDelayMs?: number;
}

/** ioredis options of a target (a URL is split into host, port, credentials, db and TLS). */
export function redisOptions(target: RedisTarget): RedisOptions {
  if (typeof target !== 'string') return { ...target };
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new QueueError('REDIS_UNAVAILABLE', `not a Redis URL: ${JSON.stringify(target)} (expected redis://host:port)`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new QueueError('REDIS_UNAVAILABLE', `not a Redis URL: ${JSON.stringify(target)} (expected redis:// or rediss://)`);
  }
  const opts: RedisOptions = { host: url.hostname || '127.0.0.1', port: url.port ? Number(url.port) : 6379 };
  if (url.username) opts.username = decodeURIComponent(url.username);
  if (url.password) opts.password = decodeURIComponent(url.password);
  const db = url.pathname.replace(/^\//, '');
  if (db) opts.db = Number(db);
  if (url.protocol === 'rediss:') opts.tls = {};
  return opts;
}

/** `host:port` of options, for messages (never the password). */
export function describeTarget(opts: RedisOptions): string {
  return `${opts.host ?? '127.0.0.1'}:${opts.port ?? 6379}${opts.db ? `/${opts.db}` : ''}`;
}

function delayOf(attempt: number, retry: RetryOptions): number {
  return Math.min(2000, (retry.retryDelayMs ?? 100) * 2 ** (attempt - 1));
}

/**
 * The options of long-lived connections: reconnect at most `connectAttempts` times in a row, then
 * end the connection (its owner reports REDIS_UNAVAILABLE); no offline queue of commands.
 */
export function boundedOptions(opts: RedisOptions, retry: RetryOptions): RedisOptions {
  const attempts = retry.connectAttempts ?? 10;
  return {
    ...opts,
    retryStrategy: (times: number) => (times > attempts ? null : delayOf(times, retry)),
  };
}

/**
 * Waits until Redis answers PING, trying `connectAttempts` times with a doubling delay; throws a
 * QueueError REDIS_UNAVAILABLE naming the address and the last failure.
 */
export async function checkRedis(opts: RedisOptions, retry: RetryOptions = {}): Promise<void> {
  const attempts = retry.connectAttempts ?? 10;
  let last = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const client = new Redis({ ...opts, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: 5000 });
    let cause = '';
    client.on('error', (e: Error) => { cause ||= e.message; });
    try {
      await client.connect();
      await client.ping();
      client.disconnect();
      return;
    } catch (e) {
      last = cause || (e as Error).message;
      client.disconnect();
    }
    if (attempt < attempts) await new Promise((r) => setTimeout(r, delayOf(attempt, retry)));
  }
  throw new QueueError('REDIS_UNAVAILABLE',
    `cannot reach Redis at ${describeTarget(opts)} after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${last}`);
}
