// `gridclear/workers` in browsers (and other non-Node runtimes): a WorkerPool on module Web
// Workers running worker.web.js, a self-contained bundle (engine inlined) beside this file.
// Bundlers (Vite, webpack 5, esbuild with the right plugin) follow the `new URL(..., import.meta.url)`.
import { WorkerPool, type PoolOptions } from './pool.js';
import type { TaskReply } from './protocol.js';

export * from './index.js';

/** Options of a browser pool. */
export interface WebPoolOptions extends PoolOptions {
  /** The worker module (default: worker.web.js beside this file). */
  workerUrl?: string | URL;
}

/** A pool of module Web Workers, each with its own engine; `close()` it when done. */
export function createPool(options: WebPoolOptions = {}): WorkerPool {
  const url = options.workerUrl ?? new URL('./worker.web.js', import.meta.url);
  const size = options.size ?? Math.max(1, Math.min(globalThis.navigator?.hardwareConcurrency ?? 2, 8));
  return new WorkerPool((onMessage, onError) => {
    const worker = new Worker(url, { type: 'module' });
    worker.onmessage = (e: MessageEvent<TaskReply>) => onMessage(e.data);
    worker.onerror = (e: ErrorEvent) => { e.preventDefault(); onError(new Error(e.message || 'worker failed to load')); };
    return worker;
  }, { ...options, size });
}
