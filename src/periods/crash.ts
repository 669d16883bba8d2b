// A crash basis for the multi-period LP: the dual simplex of the Wasm engine starts from it
// instead of from the row logicals. From the logicals, every free angle (or bus injection) column
// has to enter the basis by an iteration of its own (T x buses of them: most of the iterations of
// a day's first solve); here they are basic from the start, with the energy columns, so the
// iterations left are the ones that price the periods and schedule the storage and ramps.
import { BasisStatus } from '../lp/types.js';
import { ColKind, RowKind, type PeriodsLp } from './formulation.js';

/**
 * The crash basis of `lp` (BasisStatus per column, then per row): every Angle / Bus column basic
 * in place of its Bus row's logical (an island's reference bus, without an angle column, keeps
 * its logical: per island and period the reduced susceptance matrix, nonsingular on a connected
 * island); every Energy column basic in place of its Energy row's logical (a bidiagonal block);
 * the other rows' logicals basic. Every other column is nonbasic at the bound its cost wants
 * (upper for a positive cost, else lower; a free one at zero). With every bus and energy row's dual
 * then 0 the basis is dual feasible; a dependent column (e.g. on a network whose reactances cancel)
 * is replaced by its row's logical when the engine factorizes it, so any LP accepts it.
 */
export function crashBasis(lp: PeriodsLp): Int32Array {
  const n = lp.numCols, m = lp.numRows, b = new Int32Array(n + m);
  for (let j = 0; j < n; j++) {
    const k = lp.colKind[j], lo = lp.colLower[j], up = lp.colUpper[j];
    b[j] = k === ColKind.Angle || k === ColKind.Bus || (k === ColKind.Energy && lo < up) ? BasisStatus.Basic : columnResting(lp.colCost[j], lo, up);
  }
  for (let i = 0; i < m; i++) b[n + i] = BasisStatus.Basic;
  for (let k = 0; k < lp.busCol.length; k++) if (lp.busCol[k] >= 0) b[n + lp.busRow[k]] = rowResting(lp, lp.busRow[k]);
  for (let k = 0; k < lp.energyCol.length; k++) {
    const j = lp.energyCol[k];
    if (b[j] === BasisStatus.Basic && lp.rowKind[lp.energyRow[k]] === RowKind.Energy) b[n + lp.energyRow[k]] = rowResting(lp, lp.energyRow[k]);
  }
  return b;
}

/** A nonbasic column's status: at the bound its cost wants (upper for a positive cost), else the finite one, else zero (free). */
export function columnResting(cost: number, lo: number, up: number): number {
  return cost > 0 && up < Infinity ? BasisStatus.Upper : lo > -Infinity ? BasisStatus.Lower : up < Infinity ? BasisStatus.Upper : BasisStatus.Zero;
}

/** A nonbasic row logical's status: at its lower bound, else its upper, else zero (free). */
export function logicalResting(lo: number, up: number): number {
  return lo > -Infinity ? BasisStatus.Lower : up < Infinity ? BasisStatus.Upper : BasisStatus.Zero;
}

function rowResting(lp: PeriodsLp, i: number): number {
  return logicalResting(lp.rowLower[i], lp.rowUpper[i]);
}
