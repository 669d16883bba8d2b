// `gridclear/workers` under Node: a WorkerPool on worker_threads running dist/worker.node.cjs.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { WorkerPool, type PoolOptions } from './pool.js';
import type { TaskReply } from './protocol.js';

export * from './index.js';

/** Options of a Node pool. */
export interface NodePoolOptions extends PoolOptions {
  /** The worker script (default: worker.node.cjs beside this file in the package's dist). */
  workerScript?: string | URL;
}

/** The built worker entry next to this module (import.meta.url is shimmed in the CJS build). */
function defaultScript(): string {
  return fileURLToPath(new URL('./worker.node.cjs', import.meta.url));
}

/** A pool of worker_threads, each with its own engine; `close()` it when done. */
export function createPool(options: NodePoolOptions = {}): WorkerPool {
  const script = options.workerScript ?? defaultScript();
  const size = options.size ?? Math.max(1, availableParallelism());
  return new WorkerPool((onMessage, onError) => {
    const worker = new Worker(script);
    worker.on('message', (reply: TaskReply) => onMessage(reply));
    worker.on('error', onError);
    worker.on('exit', (code) => { if (code !== 0) onError(new Error(`worker exited with code ${code}`)); });
    return worker;
  }, { ...options, size });
}
