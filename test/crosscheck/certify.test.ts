// The line certificate (src/nodal/certify.ts) against HiGHS: the range of a line's flow over every
// fill that balances its island (other lines unbounded) is an LP; its one-dimensional dual must
// give the same maximum and minimum.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeMarket } from '../../src/model/normalize.js';
import { reachableFlows } from '../../src/nodal/certify.js';
import { loadHighs } from '../helpers/nodalOracle.js';
import { edgeMarketArb } from '../helpers/edgeArb.js';
import type { Market } from '../../src/model/types.js';

const num = (v: number) => (v < 0 ? `- ${-v}` : `+ ${v}`);

/** The B-theta LP maximizing (dir 1) or minimizing (dir -1) line l's flow, without flow bounds. */
function lineLp(market: Market, l: number, dir: 1 | -1): { lp: string; offset: number } {
  const m = normalizeMarket(market), net = m.network!, nB = net.busIds.length, qs = 10 ** m.quantityDecimals;
  const isRef = new Set(Array.from(net.islandReference));
  const terms: string[][] = Array.from({ length: nB }, () => []);
  const rhs = Array.from(net.busFixedInjectionMw, (f) => -f);
  const bounds: string[] = [];
  m.orderIds.forEach((_, j) => {
    terms[m.bus![j]].push(`${m.side[j] === 1 ? '+' : '-'} x${j}`);
    bounds.push(`0 <= x${j} <= ${m.qty[j] / qs}`);
  });
  const th = (b: number) => (isRef.has(b) ? undefined : `th${b}`);
  let obj = '', offset = 0;
  for (let k = 0; k < net.lineIds.length; k++) {
    const f = net.lineFrom[k], t = net.lineTo[k], s = net.baseMVA / net.lineX[k], shift = s * net.lineShiftRad[k];
    if (th(f)) { terms[f].push(`${num(-s)} ${th(f)}`); terms[t].push(`${num(s)} ${th(f)}`); }
    if (th(t)) { terms[f].push(`${num(s)} ${th(t)}`); terms[t].push(`${num(-s)} ${th(t)}`); }
    rhs[f] -= shift; rhs[t] += shift;
    if (k === l) {
      obj = [th(f) ? `${num(s)} ${th(f)}` : '', th(t) ? `${num(-s)} ${th(t)}` : ''].join(' ');
      offset = -shift;
    }
  }
  const rows = Array.from({ length: nB }, (_, b) => ` bal${b}: ${terms[b].length ? terms[b].join(' ') : '0 x0'} = ${rhs[b]}`);
  for (let b = 0; b < nB; b++) if (!isRef.has(b)) bounds.push(`th${b} free`);
  const lp = `${dir > 0 ? 'Maximize' : 'Minimize'}\n obj: ${obj.trim() || '0 x0'}\nSubject To\n${rows.join('\n')}\nBounds\n ${bounds.join('\n ')}\nEnd\n`;
  return { lp, offset };
}

describe('line certificate vs HiGHS', () => {
  it('the reachable flow range of every line equals the LP optimum both ways', async () => {
    const highs = await loadHighs();
    let compared = 0;
    for (const market of fc.sample(edgeMarketArb(true), { numRuns: 60, seed: 4 })) {
      const m = normalizeMarket(market), net = m.network!;
      const side = Int32Array.from(m.side, (s) => (s === 1 ? 1 : -1));
      const lines = net.lineIds.map((_, l) => l);
      if (!lines.length) continue;
      const reach = reachableFlows(net, { bus: m.bus!, side, qty: m.qty }, 10 ** m.quantityDecimals, lines);
      for (const l of lines) {
        const hi = lineLp(market, l, 1), lo = lineLp(market, l, -1);
        const rh = highs.solve(hi.lp, { output_flag: false }), rl = highs.solve(lo.lp, { output_flag: false });
        if (rh.Status !== 'Optimal' || rl.Status !== 'Optimal') continue; // an island that cannot balance
        const tol = 1e-6 * Math.max(1, Math.abs(reach[l].hi), Math.abs(reach[l].lo));
        expect(Math.abs(reach[l].hi - (rh.ObjectiveValue + hi.offset))).toBeLessThan(tol);
        expect(Math.abs(reach[l].lo - (rl.ObjectiveValue + lo.offset))).toBeLessThan(tol);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });
});
