// The root's line rows from the periods cleared alone (docs/blocks.md, "A start from the periods
// cleared alone"): once the root's first solve (no line rows) has put each block at a ratio, every
// period is cleared alone by the nodal core with the blocks' fills at those ratios as fixed
// injections (as periods' warm start, src/periods/start.ts, clears the periods alone). The lines
// binding there are the rows the coupled LP will most likely need: they are added in one round
// with the rows the solution overloads, and the orders nearest the periods' bus prices come in
// with them, so the coupled rounds start near the network's prices instead of the copper plate's.
import type { GridModel } from '../grid/index.js';
import { checkOptions, clearNodalBasic } from '../nodal/index.js';
import type { NodalResult } from '../nodal/types.js';
import { periodMarket, periodMembers, periodNetwork } from '../periods/single.js';
import type { BasicBlocks } from './normalize.js';
import type { BlocksLp } from './formulation.js';

/** What the periods cleared alone say: binding (line, period) pairs t*nL + l (ascending) and a price per Bus row (LP units: money per MWh x hours; NaN: not cleared). */
export interface LineStart {
  pairs: number[];
  /** Per pair: +1 binding at maxFlow, -1 at minFlow. */
  sign: Int8Array;
  rowPrice: Float64Array;
}

/**
 * Clears each period alone with the blocks at their ratios in `x` (fills rounded to the quantity
 * tick) as fixed injections. A period the nodal core cannot clear alone names no line and no price.
 */
export function blocksLineStart(b: BasicBlocks, lp: BlocksLp, grid: GridModel, x: Float64Array): LineStart {
  const m = b.m, T = m.periodIds.length, nB = m.net.busIds.length, nL = m.net.lineIds.length, n = b.blockIds.length;
  const fixed = m.fixed.map((f) => f.slice());
  for (let k = 0; k < n; k++) {
    const r = x[lp.ratioCol[k]];
    if (!(r > 0)) continue;
    for (let t = 0; t < T; t++) {
      const q = b.blockQty[k * T + t];
      if (q !== 0n) fixed[t][b.blockBus[k]] += BigInt(b.blockSide[k]) * BigInt(Math.round(r * Number(q)));
    }
  }
  const m2 = { ...m, fixed }, members = periodMembers(m2), opt = checkOptions({}), ps = 10 ** m.pd, dd = 10 ** m.dd;
  const pairs: number[] = [], sign: number[] = [], rowPrice = new Float64Array(lp.numRows).fill(NaN);
  for (let t = 0; t < T; t++) {
    if (members[t].length === 0) continue;
    const model = grid.withNetwork(periodNetwork(m2, t)), factor = model.factorData;
    let r: NodalResult;
    try {
      r = clearNodalBasic(periodMarket(m2, members[t], factor.net), opt, factor);
    } catch {
      continue; // only a start: a period the core refuses alone (e.g. OVERFLOW) names nothing
    }
    if (r.status !== 'optimal') continue;
    const h = Number(m.duration[t]) / dd;
    for (let bus = 0; bus < nB; bus++) rowPrice[lp.busRow[t * nB + bus]] = (Number(r.priceTicks[bus]) / ps) * h;
    for (let l = 0; l < nL; l++) if (r.bindingSign[l] !== 0) { pairs.push(t * nL + l); sign.push(r.bindingSign[l]); }
  }
  return { pairs, sign: Int8Array.from(sign), rowPrice };
}
