import type { BlocksLp, LpSolution, LpSolver, NodeEngine } from '../../src/index.js';
export function highsLpSolver(highs: unknown, options?: Record<string, unknown>): LpSolver;
export function solveWelfareMip(highs: unknown, lp: BlocksLp, opts?: { timeLimit?: number }): { status: string; welfare: number; nodes: number; gap: number; ms: number };
export function highsEngine(highs: unknown, options?: Record<string, unknown>): (lp: BlocksLp) => NodeEngine;
export type { LpSolution };
