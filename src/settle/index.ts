// Settlement and verification of nodal clearing results (see docs/nodal.md).
export { verify } from './verify.js';
export type { VerifyFailure, VerifyReport, VerifyOptions, ClaimedResult } from './verify.js';
export { settle } from './settle.js';
export type { Settlement, BilateralTrade, ParticipantBalance } from './settle.js';
export { formatVerifyReport } from './report.js';
