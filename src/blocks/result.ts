// A clearing with blocks as a clearing-result/2 document: the multi-period result plus, with
// zones, each period's `borders` (flow per border on the quantity tick), and `blocks` (ratio,
// fills, surplus per block) and `paradoxicallyRejected` (lost surplus per block). The digest is
// clearing-result/2's (periodsDigestOf): these members are covered like every other.
import { formatTicks } from '../model/fixed.js';
import { periodsDigestOf, periodsResultBody, type PeriodResultJson, type PeriodsResultJson } from '../periods/result.js';
import type { BlocksOutcome } from './clear.js';
import { RATIO_DECIMALS } from './normalize.js';

/** One block of a result: accepted ratio (6 decimals, "0.000000" rejected), fills per period, surplus (money). */
export interface BlockResultJson {
  ratio: string;
  fills: string[];
  surplus: string;
}

/** A period of a result with blocks: borders (zonal markets only) map border id -> flow (MW, + from -> to). */
export interface BlocksPeriodResultJson extends PeriodResultJson {
  borders?: Record<string, string>;
}

/** A clearing-result/2 document of a market with blocks. */
export interface BlocksResultJson extends Omit<PeriodsResultJson, 'periods'> {
  periods?: BlocksPeriodResultJson[];
  blocks?: Record<string, BlockResultJson>;
  paradoxicallyRejected?: Record<string, string>;
}

/** The clearing-result/2 object of a clearing with blocks, with its digest. */
export function toBlocksResult(o: BlocksOutcome): BlocksResultJson {
  const base = periodsResultBody(o) as Omit<BlocksResultJson, 'digest'>;
  if (o.status !== 'optimal') return { ...base, digest: periodsDigestOf(base) };
  const T = o.periodIds.length, qd = o.quantityDecimals, md = o.priceDecimals + qd + o.durationDecimals;
  const obj: Omit<BlocksResultJson, 'digest'> = { ...base };
  if (o.kind === 'zones') {
    obj.periods = base.periods!.map((p, t) => {
      const borders: Record<string, string> = {};
      o.borderIds.forEach((id, k) => { borders[id] = formatTicks(o.borderFlows[k * T + t], qd); });
      const { congestionRent, ...rest } = p;
      return { ...rest, borders, congestionRent };
    });
  }
  const blocks: Record<string, BlockResultJson> = {};
  o.blockIds.forEach((id, k) => {
    blocks[id] = {
      ratio: formatTicks(o.blockRatio[k], RATIO_DECIMALS),
      fills: Array.from({ length: T }, (_, t) => formatTicks(o.blockFills[k * T + t], qd)),
      surplus: formatTicks(o.blockSurplus[k], md),
    };
  });
  obj.blocks = blocks;
  obj.paradoxicallyRejected = Object.fromEntries(o.paradoxicallyRejected.map((p) => [p.id, formatTicks(p.lostSurplus, md)]));
  return { ...obj, digest: periodsDigestOf(obj as PeriodsResultJson) } as BlocksResultJson;
}

/** The file text of a clearing with blocks: 2-space indented JSON, a final newline. */
export function blocksResultText(o: BlocksOutcome): string {
  return `${JSON.stringify(toBlocksResult(o), null, 2)}\n`;
}
