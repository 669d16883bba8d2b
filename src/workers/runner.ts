// The worker side of the pool: runs one task against this thread's own engine instance.
// Imported only by the worker entries (worker-node.ts, worker-web.ts), never by the pool itself,
// so the calling thread of a pool does not load the Wasm core.
import * as api from '../index.js';
import { GridclearError } from '../errors.js';
import { core } from '../wasm/engine.js';
import type { AuctionResult } from '../auction/types.js';
import { clearNodal, nodalOutcome } from '../nodal/index.js';
import type { NodalOptions } from '../nodal/types.js';
import { serializeError, type ClearTask, type TaskReply, type TaskRequest } from './protocol.js';

type Fn = (...args: unknown[]) => unknown;

/** The library function `name`, or an UNSUPPORTED error when this build does not have it. */
function apiFunction(name: string): Fn {
  const fn = (api as unknown as Record<string, unknown>)[name];
  if (typeof fn !== 'function') {
    throw new GridclearError('UNSUPPORTED', `this build of gridclear has no ${name}()`);
  }
  return fn as Fn;
}

/** Runs one task the way the calling thread would run it serially, so results are identical. */
export function runTask(task: ClearTask): unknown {
  switch (task.op) {
    case 'warm':
      core();
      return null;
    case 'clearAuction':
      return apiFunction('clearAuction')(task.market, task.options);
    case 'clearNodal':
      return clearNodal(task.market!, task.options as NodalOptions);
    case 'clearingResult': {
      if (task.market?.network) return api.toClearingResult(nodalOutcome(clearNodal(task.market, task.options as NodalOptions)));
      const result = apiFunction('clearAuction')(task.market, task.options) as AuctionResult;
      return api.toClearingResult(api.auctionOutcome(task.market!, result));
    }
    default:
      throw new GridclearError('INVALID_OPTION', `unknown worker task ${String((task as ClearTask).op)}`, {
        field: 'op', expected: "'clearAuction', 'clearNodal', 'clearingResult' or 'warm'", value: (task as ClearTask).op,
      });
  }
}

/** Answers one request; never throws, so a bad task cannot take the worker down. */
export function handleRequest(req: TaskRequest): TaskReply {
  try {
    return { id: req.id, ok: true, value: runTask(req.task) };
  } catch (e) {
    return { id: req.id, ok: false, error: serializeError(e) };
  }
}
