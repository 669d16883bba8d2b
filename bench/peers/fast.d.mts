// Types of peer (b), for the TypeScript tests.
import type { PeerResult } from './naive.mjs';
/** Numeric columns of peer (b). */
export interface PeerColumns {
  side: Uint8Array;
  priceTicks: Float64Array | Int32Array;
  quantityTicks: Float64Array | Int32Array;
}
/** Peer (b): the fastest JS uniform-price clearing; `sort` forces a strategy (when the ranks fit it). */
export function clearUniformFast(
  columns: PeerColumns,
  market: { priceCapTicks: bigint | number; priceFloorTicks: bigint | number },
  options?: { sort?: 'auto' | 'radix' | 'u64' | 'f64' | 'comparator' },
): PeerResult<Float64Array>;
