// The worker side of the pool: runs one task against this thread's own engine instance.
// Imported only by the worker entries (worker-node.ts, worker-web.ts), never by the pool itself,
// so the calling thread of a pool does not load the Wasm core.
import * as api from '../index.js';
import { GridclearError } from '../errors.js';
import { core } from '../wasm/engine.js';
import type { Market } from '../model/types.js';
import type { AuctionOptions } from '../auction/types.js';
import { clearNodal } from '../nodal/index.js';
import type { NodalOptions } from '../nodal/types.js';
import { clearPeriods, type PeriodsOptions } from '../periods/clear.js';
import { periodsCaseIn } from '../periods/parse.js';
import { periodsResultText, toPeriodsResult } from '../periods/result.js';
import { clearBlocks } from '../blocks/clear.js';
import { hasBlocks } from '../blocks/normalize.js';
import { blocksResultText, toBlocksResult } from '../blocks/result.js';
import type { BlocksMarket } from '../blocks/types.js';
import type { PeriodsMarket } from '../periods/types.js';
import { serializeError, type ClearTask, type TaskReply, type TaskRequest } from './protocol.js';

/** The task's market-case/2 market (an object with that format tag, or such a text), else undefined. */
function periodsOf(task: ClearTask): PeriodsMarket | undefined {
  if (task.periods !== undefined) return task.periods;
  return task.market === undefined && typeof task.text === 'string' ? periodsCaseIn(task.text) : undefined;
}

/** The market-case/2 market of a clearPeriods task (a market-case/1 one is an error naming `market`). */
function periodsMarketOf(task: ClearTask): PeriodsMarket {
  const m = periodsOf(task);
  if (m === undefined) throw new GridclearError('INVALID_MARKET', 'a clearPeriods task needs a market-case/2 market or its text', { field: 'market', expected: 'market-case/2' });
  return m;
}

/** The task's market: the object sent, or its market-case/1 text parsed here. */
function marketOf(task: ClearTask): Market {
  if (task.market !== undefined) return task.market;
  if (typeof task.text === 'string') return api.parseMarketCase(task.text);
  throw new GridclearError('INVALID_MARKET', `a ${task.op} task needs a market or its market-case/1 text`, { field: 'market' });
}

/** The default clearing's clearing-result/1 (clearMarket: nodal with a network, the call auction without). */
function clearingResult(market: Market, options: ClearTask['options']): api.ClearingResultJson {
  return api.clearMarket(market, options as AuctionOptions);
}

/**
 * A result crosses to the calling thread by structured clone: views over the engine's memory
 * would clone all of it, and the next task overwrites them, so a worker always returns copies.
 */
function copies(options: ClearTask['options']): AuctionOptions | undefined {
  const o = options as AuctionOptions | undefined;
  return o && typeof o === 'object' && o.views === true ? { ...o, views: false } : o;
}

/** Runs one task the way the calling thread would run it serially, so results are identical. */
export function runTask(task: ClearTask): unknown {
  switch (task.op) {
    case 'warm':
      core();
      return null;
    case 'clearAuction':
      return api.clearAuction(marketOf(task), copies(task.options));
    case 'clearColumns':
      return api.clearColumns(task.columns!, task.tickMarket!, copies(task.options));
    case 'clearNodal':
      return clearNodal(marketOf(task), task.options as NodalOptions);
    case 'clearPeriods':
      return clearPeriods(periodsMarketOf(task), task.options as PeriodsOptions);
    case 'clearingResult': {
      const periods = periodsOf(task);
      if (periods && hasBlocks(periods)) return toBlocksResult(clearBlocks(periods as unknown as BlocksMarket));
      if (periods) return toPeriodsResult(clearPeriods(periods, task.options as PeriodsOptions));
      return clearingResult(marketOf(task), task.options);
    }
    case 'clearingResultFile': {
      const periods = periodsOf(task);
      if (periods && hasBlocks(periods)) return blocksResultText(clearBlocks(periods as unknown as BlocksMarket));
      if (periods) return periodsResultText(clearPeriods(periods, task.options as PeriodsOptions));
      return api.clearMarketText(marketOf(task), task.options as AuctionOptions);
    }
    default:
      throw new GridclearError('INVALID_OPTION', `unknown worker task ${String((task as ClearTask).op)}`, {
        field: 'op', expected: "'clearAuction', 'clearColumns', 'clearNodal', 'clearPeriods', 'clearingResult', 'clearingResultFile' or 'warm'", value: (task as ClearTask).op,
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
