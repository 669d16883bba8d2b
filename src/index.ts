// gridclear: public exports.
export { GridclearError, isGridclearError } from './errors.js';
export type { ErrorCode, ErrorDetail } from './errors.js';
export { toTicks, formatTicks } from './model/fixed.js';
export type { DecimalLike } from './model/fixed.js';
export type { Order, Side, Bus, Line, Network, Market } from './model/types.js';
export { MARKET_DEFAULTS } from './model/types.js';
export { init, wasmModule } from './wasm/engine.js';
export { clearMarket, clearMarketText } from './clear.js';
export * from './auction/index.js';
export * from './grid/index.js';
export * from './io/index.js';
export { clearNodal, nodalOutcome } from './nodal/index.js';
export { clearNodalColumns } from './nodal/columns.js';
export type * from './nodal/types.js';
export * from './settle/index.js';
export { OrderBook, settleBook, parseBookLog } from './book/index.js';
export type {
  BookOptions, BookEvent, LimitEvent, MarketEvent, CancelEvent, ModifyEvent, EventResult, BookTrade, BookNote, EventColumns,
  TradeColumns, BatchResult, FeeSchedule, FeeComponent, BookNetwork, TimeInForce, RestingOrder, BookSnapshot, BookSettlement,
  SettledTrade, BookConfig, FeeRow,
} from './book/index.js';
export * from './periods/index.js';
export { solveLp, checkLp, LpEngine, BasisStatus } from './lp/index.js';
export type { SparseLp, LpResult, LpStats, LpOptions, LpEngineOptions, SparseRows } from './lp/index.js';
export * from './blocks/index.js';
