// DC power flow and PTDF rows on a factorized network (see factor.ts).
import { GridFactor, solve } from "./factor";
import { ldI, ldF, stF, zeroF } from "./mem";

/**
 * DC flows for bus injections (MW, + into the grid): one solve. Each island's reference bus
 * absorbs whatever its island's injections leave unbalanced (callers check balance first when
 * they must). Writes flows (MW) per line and, when thetaOut != 0, bus angles (rad).
 */
export function flows(g: GridFactor, injMw: usize, flowOut: usize, thetaOut: usize): void {
  const w = g.work, m = g.m;
  const inv = 1.0 / g.baseMVA;
  for (let k = 0; k < m; k++) stF(w, k, ldF(injMw, ldI(g.posBus, k)) * inv);
  // A phase shifter acts as a pair of injections: +s/x at `from`, -s/x at `to` (per unit).
  for (let l = 0; l < g.nLine; l++) {
    const s = ldF(g.lineShift, l);
    if (s == 0) continue;
    const q = s / ldF(g.lineX, l);
    const kf = ldI(g.busPos, ldI(g.lineFrom, l)), kt = ldI(g.busPos, ldI(g.lineTo, l));
    if (kf >= 0) stF(w, kf, ldF(w, kf) + q);
    if (kt >= 0) stF(w, kt, ldF(w, kt) - q);
  }
  solve(g, w);
  for (let l = 0; l < g.nLine; l++) {
    const kf = ldI(g.busPos, ldI(g.lineFrom, l)), kt = ldI(g.busPos, ldI(g.lineTo, l));
    const tf = kf >= 0 ? ldF(w, kf) : 0.0, tt = kt >= 0 ? ldF(w, kt) : 0.0;
    stF(flowOut, l, g.baseMVA * (tf - tt - ldF(g.lineShift, l)) / ldF(g.lineX, l));
  }
  if (thetaOut != 0) {
    for (let b = 0; b < g.nBus; b++) {
      const k = ldI(g.busPos, b);
      stF(thetaOut, b, k >= 0 ? ldF(w, k) : 0.0);
    }
  }
}

/**
 * One PTDF row: d flow(line) / d injection(bus), withdrawn at the bus's island reference, for
 * every bus (0 at references and outside the line's island). One solve of B' y = (e_f - e_t)/x.
 */
export function ptdfRow(g: GridFactor, line: i32, out: usize): void {
  const w = g.work;
  zeroF(w, g.m);
  const x = ldF(g.lineX, line);
  const kf = ldI(g.busPos, ldI(g.lineFrom, line)), kt = ldI(g.busPos, ldI(g.lineTo, line));
  if (kf >= 0) stF(w, kf, 1.0 / x);
  if (kt >= 0) stF(w, kt, ldF(w, kt) - 1.0 / x);
  solve(g, w);
  for (let b = 0; b < g.nBus; b++) {
    const k = ldI(g.busPos, b);
    stF(out, b, k >= 0 ? ldF(w, k) : 0.0);
  }
}
