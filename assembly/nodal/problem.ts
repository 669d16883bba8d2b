// The input of one nodal clearing: the network and the orders as columns written by
// src/nodal/encode.ts (dense indices, ticks), read from the header and never changed by the core.
import {
  NH_BUSES, NH_LINES, NH_ORDERS, NH_ISLANDS, NH_BUS_ISLAND, NH_BUS_IS_REF, NH_BUS_FIXED, NH_LINE_FROM, NH_LINE_TO, NH_LINE_X,
  NH_LINE_SHIFT, NH_LINE_MIN, NH_LINE_MAX, NH_ORDER_BUS, NH_ORDER_SIDE, NH_ORDER_PRICE, NH_ORDER_QTY,
} from "../abi";

export let nB: i32 = 0;
export let nL: i32 = 0;
export let nO: i32 = 0;
export let nI: i32 = 0;
export let busIsland: usize = 0;  // i32[nB]
export let busIsRef: usize = 0;   // i32[nB]
export let busFixed: usize = 0;   // f64[nB] quantity ticks
export let lineFrom: usize = 0;   // i32[nL]
export let lineTo: usize = 0;     // i32[nL]
export let lineX: usize = 0;      // f64[nL] per unit
export let lineShift: usize = 0;  // f64[nL] phase shift in radians
export let lineMin: usize = 0;    // f64[nL] ticks (-inf allowed)
export let lineMax: usize = 0;    // f64[nL] ticks (+inf allowed)
export let ordBus: usize = 0;     // i32[nO], orders sorted by bus, side, price, id
export let ordSide: usize = 0;    // i32[nO]: +1 sell (injects), -1 buy
export let ordPrice: usize = 0;   // f64[nO] price ticks
export let ordQty: usize = 0;     // f64[nO] quantity ticks

/** Typed address helpers: the core works on raw columns. */
// @ts-ignore: decorator
@inline export function pf(p: usize, i: i32): usize { return p + (<usize>i << 3); }
// @ts-ignore: decorator
@inline export function pi(p: usize, i: i32): usize { return p + (<usize>i << 2); }
// @ts-ignore: decorator
@inline export function getF(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline export function setF(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }
// @ts-ignore: decorator
@inline export function getI(p: usize, i: i32): i32 { return load<i32>(p + (<usize>i << 2)); }
// @ts-ignore: decorator
@inline export function setI(p: usize, i: i32, v: i32): void { store<i32>(p + (<usize>i << 2), v); }

/** Reads the header written by src/nodal/encode.ts (i32 slots NH_* of assembly/abi.ts). */
export function readHeader(h: usize): void {
  nB = getI(h, NH_BUSES); nL = getI(h, NH_LINES); nO = getI(h, NH_ORDERS); nI = getI(h, NH_ISLANDS);
  busIsland = <usize>getI(h, NH_BUS_ISLAND); busIsRef = <usize>getI(h, NH_BUS_IS_REF); busFixed = <usize>getI(h, NH_BUS_FIXED);
  lineFrom = <usize>getI(h, NH_LINE_FROM); lineTo = <usize>getI(h, NH_LINE_TO); lineX = <usize>getI(h, NH_LINE_X);
  lineShift = <usize>getI(h, NH_LINE_SHIFT); lineMin = <usize>getI(h, NH_LINE_MIN); lineMax = <usize>getI(h, NH_LINE_MAX);
  ordBus = <usize>getI(h, NH_ORDER_BUS); ordSide = <usize>getI(h, NH_ORDER_SIDE);
  ordPrice = <usize>getI(h, NH_ORDER_PRICE); ordQty = <usize>getI(h, NH_ORDER_QTY);
}

/**
 * Makes sure the arena can take `bytes` more without the runtime growing memory itself (the stub
 * runtime traps when growth fails): grows memory by exactly what is missing; false if it cannot.
 */
export function room(bytes: usize): bool {
  const top = heap.alloc(0);
  const need = <u64>top + <u64>bytes + 65536;
  const have = <u64>memory.size() << 16;
  if (need <= have) return true;
  if (need > 0xFFFF0000) return false;
  return memory.grow(<i32>((need - have + 0xFFFF) >> 16)) >= 0;
}
