// File formats: market-case/1, clearing-result/1, digest, MATPOWER (owned by the io work).
export { parseMarketCase, writeMarketCase, MARKET_CASE_FORMAT } from './marketCase.js';
export type { ParseOptions } from './marketCase.js';
export {
  toClearingResult, writeClearingResult, clearingResultText, parseClearingResult, auctionOutcome,
  headlinePriceTicks, CLEARING_RESULT_FORMAT,
} from './result.js';
export type {
  ClearingOutcome, ClearingResultJson, ClearingResultHead, ClearingResultBase, MechanismFields, OptimalClearingResult,
  InfeasibleClearingResult,
} from './result.js';
export { digestOf, canonicalForm, canonicalJson } from './digest.js';
export type { DigestFields } from './digest.js';
export { sha256Hex } from './sha256.js';
// MATPOWER import (src/io/matpower.ts, written by the grid/import work).
export * from './matpower.js';
