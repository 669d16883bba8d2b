// Multi-period clearing (market-case/2, clearing-result/2): storage, ramps, T periods together.
export type * from './types.js';
export { PERIODS_DEFAULTS } from './types.js';
export { normalizePeriods, uncoupled, type BasicPeriods, type BasicStorage, type BasicUnits, type NormalizeOptions } from './normalize.js';
export { formulate, ColKind, RowKind, type PeriodsLp, type LpSolution, type LpSolver, type Tightening, type FormulateOptions, type PeriodsForm, type LpAddition, type LpAppender } from './formulation.js';
export { clearPeriods, type PeriodsOptions } from './clear.js';
export { crashBasis } from './crash.js';
export { periodsStart, type PeriodsStart } from './start.js';
export { injectionSolver, type InjectionOptions, type InjectionStats } from './reduced.js';
export { lazyLineSolver, type WarmLp, type WarmSolver, type AppendRows, type AppendColumns, type LazyLineOptions, type LazyLineStats } from './lazy.js';
export type { PeriodsOutcome, PeriodsStats } from './outcome.js';
export { toPeriodsResult, periodsResultText, periodsDigestOf, periodsCanonicalForm, parsePeriodsResult, PERIODS_RESULT_FORMAT, type PeriodsResultJson, type PeriodResultJson } from './result.js';
export { verifyPeriods, BINDING_STEPS, type PeriodsVerifyFailure, type PeriodsVerifyReport, type PeriodsVerifyOptions } from './verify.js';
export { parsePeriodsCase } from './parse.js';
