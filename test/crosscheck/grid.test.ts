// Every real case: import facts checked against the raw tables, flows of the case's own generator
// setpoints checked against a dense Gaussian-elimination solve (cases up to 300 buses) and against
// the bus balance (all cases).
// Setpoint rule: injection(bus) = sum of PG of in-service generators - PD - GS; each island's
// reference bus (the MATPOWER type-3 bus in its island, else its first bus) takes the imbalance.
import { denseFlows } from '../helpers/denseFlow.js';
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importMatpower } from '../../src/io/matpower.js';
import { GridModel } from '../../src/grid/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = process.env.GRIDCLEAR_CASES ?? join(root, '..', 'shared', 'cases');
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.m')).sort() : [];
if (files.length === 0) console.warn(`grid crosscheck: no MATPOWER cases in ${dir} (set GRIDCLEAR_CASES); skipped`);

/** The raw numeric tables of a case, parsed independently of importMatpower. */
function tables(text: string): Record<string, number[][]> {
  const out: Record<string, number[][]> = {};
  for (const m of text.replace(/%.*$/gm, '').matchAll(/mpc\.(\w+)\s*=\s*\[([\s\S]*?)\]/g)) {
    out[m[1]] = m[2].split(/;|\n/).map((r) => r.trim().split(/[\s,]+/).filter(Boolean).map(Number)).filter((r) => r.length);
  }
  return out;
}

/** Hand-checked facts: [case, line id, x, minFlow, maxFlow]. */
const FACTS: [string, string, number, string | undefined, string | undefined][] = [
  ['pglib_opf_case14_ieee', '8', 0.20912 * 0.978, '-141.000', '141.000'], // tap 0.978 folded into x
  ['pglib_opf_case24_ieee_rts', '31', 0.1053, '-497.245', '497.245'], // 100 * 30 deg / 0.1053 < RATE_A 500
  ['pglib_opf_case300_ieee', '179', -0.3697, '-80.000', '80.000'], // negative reactance kept
  ['pglib_opf_case300_ieee', '390', 0.02, '-1467.000', '1467.000'], // shifter -11.4 deg
];

describe.skipIf(files.length === 0)('real cases: import and DC flows', () => {
  it.each(files)('%s', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const t = tables(text);
    const market = importMatpower(text);
    const net = market.network!;
    const baseMVA = Number(/mpc\.baseMVA\s*=\s*([\d.]+)/.exec(text)![1]);
    expect(net.baseMVA).toBe(baseMVA);
    const kept = new Set(t.bus.filter((r) => r[1] !== 4).map((r) => String(r[0])));
    const branches = t.branch.map((r, i) => ({ r, id: String(i + 1) })).filter(({ r }) => r[10] > 0 && kept.has(String(r[0])) && kept.has(String(r[1])) && r[0] !== r[1]);
    expect(net.buses.length).toBe(kept.size);
    expect(net.lines.map((l) => l.id)).toEqual(branches.map((b) => b.id));
    const gens = t.gen.map((r, i) => ({ r, c: t.gencost[i] })).filter(({ r }) => r[7] > 0 && kept.has(String(r[0])));
    const expectOrders = t.bus.filter((r) => r[1] !== 4 && Math.round(r[2] * 1000) > 0).length
      + gens.reduce((s, { r, c }) => s + (r[8] > r[9] ? (c[3] === 3 && c[4] > 0 ? 10 : 1) : 0), 0);
    expect(market.orders.length).toBe(expectOrders);
    // Every line: x = BR_X * tap, bounds = RATE_A intersected with the angle limits (to 0.001 MW).
    branches.forEach(({ r }, k) => {
      const line = net.lines[k], x = r[3] * (r[8] === 0 ? 1 : r[8]);
      expect(line.x).toBe(x);
      const ang = (deg: number) => (deg === 0 || Math.abs(deg) >= 360 ? undefined : (baseMVA * ((deg - r[9]) * Math.PI) / 180) / x);
      const [a, b] = x > 0 ? [ang(r[11]), ang(r[12])] : [ang(r[12]), ang(r[11])];
      const hi = Math.min(r[5] > 0 ? r[5] : Infinity, b ?? Infinity);
      const lo = Math.max(r[5] > 0 ? -r[5] : -Infinity, a ?? -Infinity);
      expect(line.maxFlow === undefined ? Infinity : Number(line.maxFlow)).toBeCloseTo(hi, 2);
      expect(line.minFlow === undefined ? -Infinity : Number(line.minFlow)).toBeCloseTo(lo, 2);
    });
    for (const [c, id, x, lo, hi] of FACTS.filter((f) => file.startsWith(f[0]))) {
      const line = net.lines.find((l) => l.id === id)!;
      expect(line.x).toBeCloseTo(x, 14);
      expect([line.minFlow, line.maxFlow], `${c} line ${id}`).toEqual([lo, hi]);
    }

    const g = GridModel.from(net, { allowNegativeReactance: true });
    const p = new Float64Array(net.buses.length);
    for (const r of t.bus) if (kept.has(String(r[0]))) p[g.network.busIndex.get(String(r[0]))!] -= r[2] + r[4];
    for (const { r } of gens) p[g.network.busIndex.get(String(r[0]))!] += r[1];
    const pf = g.powerFlow(p, { slack: true });
    const inj = p.slice();
    g.network.islandReference.forEach((ref, k) => { inj[ref] -= pf.imbalance[k]; });
    // The bus balance holds on every case; the slack entered at the references.
    const out = new Float64Array(inj.length);
    pf.flows.forEach((v, l) => { out[g.network.lineFrom[l]] += v; out[g.network.lineTo[l]] -= v; });
    const scale = pf.flows.reduce((s, v) => Math.max(s, Math.abs(v)), 1);
    out.forEach((v, b) => expect(Math.abs(v - inj[b])).toBeLessThanOrEqual(1e-9 * scale));
    if (net.buses.length <= 300) {
      const ref = denseFlows(g.network, inj);
      const rs = ref.reduce((s, v) => Math.max(s, Math.abs(v)), 1);
      pf.flows.forEach((v, l) => expect(Math.abs(v - ref[l]), `line ${net.lines[l].id}`).toBeLessThanOrEqual(1e-9 * rs));
    }
    // PTDF rows reproduce the flows: flow = PTDF . injections + loop flow of the shifters.
    const loop = g.flows(new Float64Array(inj.length), { slack: true });
    const probe = [0, Math.floor(net.lines.length / 2), net.lines.length - 1];
    g.ptdfRows(probe).forEach((row, i) => {
      const v = row.reduce((s, c, b) => s + c * inj[b], loop[probe[i]]);
      expect(Math.abs(v - pf.flows[probe[i]])).toBeLessThanOrEqual(1e-9 * scale);
    });
  });
});
