// Types of peer (c), for the TypeScript tests.
/** Columns above which presolve is off. */
export const PRESOLVE_LIMIT: number;
/** The HiGHS instance, loaded once. */
export function loadHighs(): Promise<{ solve(lp: string, options?: object): { Status: string; ObjectiveValue: number }; memoryBytes: number }>;
/** Decimal text of integer ticks. */
export function tickText(ticks: number | bigint, decimals: number): string;
/** The CPLEX-LP text of the clearing LP. */
export function buildClearingLp(
  columns: { side: Uint8Array; priceTicks: ArrayLike<number | bigint>; quantityTicks: ArrayLike<number | bigint> },
  market: { priceDecimals: number; quantityDecimals: number },
): string;
/** HiGHS options for an LP of n columns. */
export function highsOptions(n: number): object;
/** Solves the LP text; throws unless optimal. */
export function solveClearingLp(highs: Awaited<ReturnType<typeof loadHighs>>, lp: string, n: number): { welfare: number; status: string };
/** The clearing LP as model arrays for HiGHS's typed interface. */
export function buildClearingModel(
  highs: Awaited<ReturnType<typeof loadHighs>>,
  columns: { side: Uint8Array; priceTicks: ArrayLike<number | bigint>; quantityTicks: ArrayLike<number | bigint> },
  market: { priceDecimals: number; quantityDecimals: number },
): object;
/** Solves a model from buildClearingModel with HiGHS options; throws unless optimal. */
export function solveClearingModel(highs: Awaited<ReturnType<typeof loadHighs>>, model: object, options: object): { welfare: number; status: string };
