// HiGHS on a SparseLp through its typed model interface (no LP text): the oracle of the LP engine's
// cross-checks and the peer of bench/lp.bench.mjs.
import type { SparseLp } from '../../src/lp/index.js';

type Highs = any;
let highs: Highs | undefined;

/** Loads HiGHS once (await before highsLp). */
export async function loadHighs(): Promise<Highs> {
  if (!highs) highs = await ((await import('highs')).default as any)();
  return highs;
}

/** HiGHS's answer: status ('optimal', 'infeasible', 'unbounded', or another model status name), objective, values, duals. */
export interface HighsAnswer { status: string; objective: number; x: Float64Array; rowDual: Float64Array; colDual: Float64Array; iterations: number }

/** Solves the LP in HiGHS (presolve off unless asked: the oracle answers the LP as given). */
export function highsLp(lp: SparseLp, options: Record<string, unknown> = {}): HighsAnswer {
  const inf = (v: number) => (v === Infinity ? highs.infinity : v === -Infinity ? -highs.infinity : v);
  const model = {
    numCols: lp.numCols, numRows: lp.numRows,
    sense: lp.maximize === false ? highs.constants.objectiveSense.minimize : highs.constants.objectiveSense.maximize,
    colCost: lp.colCost, colLower: lp.colLower.map(inf), colUpper: lp.colUpper.map(inf), rowLower: lp.rowLower.map(inf), rowUpper: lp.rowUpper.map(inf),
    matrix: { format: 'csc', numRows: lp.numRows, numCols: lp.numCols, starts: lp.colStart, indices: lp.colRow, values: lp.colValue },
  };
  return highs.withModel(model, (mdl: any) => {
    mdl.options.set({ output_flag: false, presolve: 'off', ...options });
    mdl.run();
    const st = mdl.getModelStatus(), c = highs.constants.modelStatus;
    const name = st === c.optimal ? 'optimal' : st === c.infeasible ? 'infeasible' : st === c.unbounded ? 'unbounded' : st === c.unboundedOrInfeasible ? 'unboundedOrInfeasible' : `status${st}`;
    const it = Number(mdl.info.get('simplex_iteration_count'));
    if (name !== 'optimal') return { status: name, objective: NaN, x: new Float64Array(0), rowDual: new Float64Array(0), colDual: new Float64Array(0), iterations: it };
    const sol = mdl.getSolution();
    return {
      status: name, objective: Number(mdl.info.get('objective_function_value')), x: Float64Array.from(sol.colValue),
      rowDual: Float64Array.from(sol.rowDual), colDual: Float64Array.from(sol.colDual), iterations: it,
    };
  });
}
