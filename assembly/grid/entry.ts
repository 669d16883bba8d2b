// Grid entry points: thin wrappers over factor.ts / flow.ts, one call per operation.
// Every call takes a GridFactor header (layout in factor.ts, mirrored in src/grid/layout.ts).
import { STATUS_OK, STATUS_BAD_INPUT } from "../abi";
import { GridFactor, factorize } from "./factor";
import { flows, ptdfRow } from "./flow";
import { ldI } from "./mem";

// Core code (e.g. the nodal clearing) imports factorize / solve / flows / ptdfRow from ./factor and
// ./flow directly; only the wrappers below are module exports.

/** Header size in bytes, checked by TypeScript at load so the mirrored layout cannot drift. */
export function gridHeaderLayout(): i32 {
  return (<i32>offsetof<GridFactor>()) * 1000 + <i32>offsetof<GridFactor>("work");
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
