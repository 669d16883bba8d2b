// The HiGHS oracle: the same LP as clearNodal in a B-theta formulation (angle variables, a flow
// constraint per line bound, a balance per bus), written as CPLEX LP text.
import type { Market } from '../../src/model/types.js';
import { normalizeNetwork } from '../../src/model/network.js';

type Highs = { solve(lp: string, opts?: Record<string, unknown>): any };
let highsPromise: Promise<Highs> | undefined;

/** The HiGHS instance, loaded once per test file. */
export function loadHighs(): Promise<Highs> {
  highsPromise ??= (async () => {
    const highsLoader = (await import('highs')).default as unknown as () => Promise<Highs>;
    return highsLoader();
  })();
  return highsPromise;
}

const num = (v: number) => {
  const s = String(v);
  return s.startsWith('-') ? `- ${s.slice(1)}` : `+ ${s}`;
};

/** The LP text of a networked market (orders in MW and money units). */
export function nodalLp(market: Market): string {
  const qd = market.quantityDecimals ?? 3;
  const net = normalizeNetwork(market.network!, { quantityDecimals: qd, allowNegativeReactance: true });
  const nB = net.busIds.length;
  const isRef = new Set(Array.from(net.islandReference));
  const terms: string[][] = Array.from({ length: nB }, () => []);
  const rhs = Array.from(net.busFixedInjectionMw, (f) => -f);
  const obj: string[] = [];
  const bounds: string[] = [];
  market.orders.forEach((o, j) => {
    const b = net.busIndex.get(o.bus!)!;
    const sell = o.side === 'sell';
    terms[b].push(`${sell ? '+' : '-'} x${j}`);
    obj.push(`${num(sell ? -Number(o.price) : Number(o.price))} x${j}`);
    bounds.push(`0 <= x${j} <= ${Number(o.quantity)}`);
  });
  const rows: string[] = [];
  const th = (b: number) => (isRef.has(b) ? undefined : `th${b}`);
  for (let l = 0; l < net.lineIds.length; l++) {
    const f = net.lineFrom[l], t = net.lineTo[l], k = net.baseMVA / net.lineX[l];
    const shift = k * net.lineShiftRad[l];
    // flow = k (th_f - th_t) - shift; leaves f, enters t
    const flowTerms: string[] = [];
    if (th(f)) { flowTerms.push(`${num(k)} ${th(f)}`); terms[f].push(`${num(-k)} ${th(f)}`); terms[t].push(`${num(k)} ${th(f)}`); }
    if (th(t)) { flowTerms.push(`${num(-k)} ${th(t)}`); terms[f].push(`${num(k)} ${th(t)}`); terms[t].push(`${num(-k)} ${th(t)}`); }
    rhs[f] -= shift; rhs[t] += shift;
    if (flowTerms.length === 0) continue;
    const lo = net.lineMinFlowMw[l], hi = net.lineMaxFlowMw[l];
    if (Number.isFinite(hi)) rows.push(` fmax${l}: ${flowTerms.join(' ')} <= ${hi + shift}`);
    if (Number.isFinite(lo)) rows.push(` fmin${l}: ${flowTerms.join(' ')} >= ${lo + shift}`);
  }
  // balance: sells - buys - sum(out flows) + sum(in flows) = -fixed (+ shift terms moved right)
  for (let b = 0; b < nB; b++) rows.push(` bal${b}: ${terms[b].length ? terms[b].join(' ') : '0 x0'} = ${rhs[b]}`);
  for (let b = 0; b < nB; b++) if (!isRef.has(b)) bounds.push(`th${b} free`);
  return `Maximize\n obj: ${obj.join(' ')}\nSubject To\n${rows.join('\n')}\nBounds\n ${bounds.join('\n ')}\nEnd\n`;
}

/** Solves the market's LP with HiGHS: status and welfare (money units). */
export async function solveWithHighs(market: Market): Promise<{ status: string; welfare: number }> {
  const highs = await loadHighs();
  const lp = nodalLp(market);
  const opts: Record<string, unknown> = { output_flag: false };
  if (market.orders.length > 3000) opts.presolve = 'off';
  let r = highs.solve(lp, opts);
  // HiGHS's presolve can call a feasible LP infeasible when a phase shifter's large right-hand sides
  // cancel to a tiny balance (seed -1155120123: bal1 + bal2 = 0.001 from 5.236 - 5.235; presolve
  // says Infeasible, the simplex without it Optimal): an infeasible verdict is tried again without
  // presolve and replaced only by an Optimal one (seed -645378507: a 1e-4 reactance in a loop with a
  // phase shifter, truly infeasible, gives Unknown without presolve)
  if (r.Status === 'Infeasible' && opts.presolve !== 'off') {
    const again = highs.solve(lp, { ...opts, presolve: 'off' });
    if (again.Status === 'Optimal') r = again;
  }
  return { status: r.Status, welfare: r.ObjectiveValue };
}
