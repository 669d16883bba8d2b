// The general sparse LP engine (Wasm dual simplex, docs/lp.md): one-shot solveLp and the
// warm-started LpEngine.
export type { SparseLp, LpSolution, LpResult, LpStats, LpOptions } from './types.js';
export { BasisStatus } from './types.js';
export { solveLp, checkLp } from './solve.js';
export { LpEngine, type LpEngineOptions, type SparseRows } from './engine.js';
