// Worker pool API shared by every runtime. The runtime entries add `createPool`:
// node.ts (worker_threads) is `gridclear/workers` under Node, web.ts (Web Workers) elsewhere.
export { WorkerPool, clearMany, clearColumnsMany, clearingResultsOf, clearingResultFiles, clearPeriodsMany } from './pool.js';
export type { PoolOptions, SpawnWorker, WorkerLike, RunOptions, BatchOptions, Settled, ColumnsItem } from './pool.js';
export { serializeError, reviveError, READY_REPLY } from './protocol.js';
export type { ClearTask, PeriodsTaskOptions, TaskOp, TaskRequest, TaskReply, SerializedError } from './protocol.js';
