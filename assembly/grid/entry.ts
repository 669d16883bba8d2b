// Grid entry points: thin wrappers over factor.ts / flow.ts, one call per operation.
// Every call takes a GridFactor header (layout in factor.ts, mirrored in src/grid/layout.ts).
import {
  STATUS_OK, STATUS_BAD_INPUT, G_BASE_MVA, G_N_BUS, G_N_LINE, G_M, G_NNZ_L, G_BUS_POS, G_POS_BUS, G_LP, G_LI, G_LX, G_D,
  G_LINE_FROM, G_LINE_TO, G_LINE_X, G_LINE_SHIFT, G_WORK, G_SIZE,
} from "../abi";
import { GridFactor, factorize } from "./factor";
import { flows, ptdfRow } from "./flow";
import { ldI } from "./mem";

// Core code (e.g. the nodal clearing) imports factorize / solve / flows / ptdfRow from ./factor and
// ./flow directly; only the wrappers below are module exports.

/** 1 when the GridFactor class has the byte offsets declared in abi.ts (G_*), else 0; checked by TypeScript. */
export function gridHeaderLayout(): i32 {
  return <i32>(offsetof<GridFactor>("baseMVA") == G_BASE_MVA && offsetof<GridFactor>("nBus") == G_N_BUS &&
    offsetof<GridFactor>("nLine") == G_N_LINE && offsetof<GridFactor>("m") == G_M && offsetof<GridFactor>("nnzL") == G_NNZ_L &&
    offsetof<GridFactor>("busPos") == G_BUS_POS && offsetof<GridFactor>("posBus") == G_POS_BUS && offsetof<GridFactor>("lp") == G_LP &&
    offsetof<GridFactor>("li") == G_LI && offsetof<GridFactor>("lx") == G_LX && offsetof<GridFactor>("d") == G_D &&
    offsetof<GridFactor>("lineFrom") == G_LINE_FROM && offsetof<GridFactor>("lineTo") == G_LINE_TO &&
    offsetof<GridFactor>("lineX") == G_LINE_X && offsetof<GridFactor>("lineShift") == G_LINE_SHIFT &&
    offsetof<GridFactor>("work") == G_WORK && offsetof<GridFactor>() == G_SIZE);
}

/** Builds the factor described by the header at `hdr` (see factorize); returns a status. */
export function gridFactorize(hdr: usize): i32 {
  return factorize(changetype<GridFactor>(hdr));
}

/** DC flows for bus injections (MW) of an already factorized header; returns a status. */
export function gridFlows(hdr: usize, injMw: usize, flowOut: usize, thetaOut: usize): i32 {
  flows(changetype<GridFactor>(hdr), injMw, flowOut, thetaOut);
  return STATUS_OK;
}

/** PTDF rows of `count` lines (i32 indices at linesPtr) into count x nBus f64 at out. */
export function gridPtdfRows(hdr: usize, linesPtr: usize, count: i32, out: usize): i32 {
  const g = changetype<GridFactor>(hdr);
  for (let r = 0; r < count; r++) {
    const l = ldI(linesPtr, r);
    if (l < 0 || l >= g.nLine) return STATUS_BAD_INPUT;
  }
  for (let r = 0; r < count; r++) {
    ptdfRow(g, ldI(linesPtr, r), out + (<usize>r) * (<usize>g.nBus << 3));
  }
  return STATUS_OK;
}
