// Block orders and zones (market-case/2 with blocks, clearing-result/2 with blocks).
export type * from './types.js';
export { normalizeBlocks, hasBlocks, RATIO_DECIMALS, type BasicBlocks } from './normalize.js';
export { formulateBlocks, fixDecisions, BlockColKind, BlockRowKind, type BlocksLp } from './formulation.js';
export { paradoxical, priceCheck, blockSurplus } from './prices.js';
export { searchBlocks, coldEngine, wasmEngine, INTEGRALITY_TOL, WELFARE_RTOL, type BlocksSearchOptions, type BlocksSearchStats, type BlocksSearchResult, type NodeEngine } from './search.js';
export { siftingEngine, type SiftOptions, type SiftFigures } from './sift.js';
export { fillRange } from './flows.js';
export { clearBlocks, type BlocksOptions, type BlocksOutcome } from './clear.js';
export { toBlocksResult, blocksResultText, type BlocksResultJson, type BlockResultJson, type BlocksPeriodResultJson } from './result.js';
export { verifyBlocks, type BlocksVerifyReport, type BlocksVerifyFailure } from './verify.js';
