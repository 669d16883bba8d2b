// `gridclear/queue` (Node only): clearing jobs on a Redis queue (BullMQ). Producers submit markets
// and collect results; workers on any number of machines clear them on a pool of threads each.
export { connectQueue, QueueClient } from './producer.js';
export type { ClearJobOptions, JobOutcome, QueueClientOptions, ResultOptions, SubmitOptions, SubmittedJob } from './producer.js';
export { startQueueWorker, QueueWorker } from './worker.js';
export type { QueueWorkerOptions, QueueWorkerStats } from './worker.js';
export { QueueError, checkRedis, redisOptions } from './connection.js';
export type { QueueErrorCode, RedisTarget, RetryOptions } from './connection.js';
export { DEFAULT_PREFIX, DEFAULT_QUEUE, decodeError, digestOfText, jobIdOf, marketText, resultKey } from './jobs.js';
export type { ClearJobData, ClearJobResult, MarketResult } from './jobs.js';
