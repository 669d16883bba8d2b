// A/B timing of two source trees on the nodal benchmark's small rows (case118 and case300 with 1e3
// and 1e4 prosumer orders, the markets of bench/nodal.bench.mjs): both libraries bundled from their
// own src/ (each with its own built core, src/wasm/binary.generated.ts: run `npm run build:wasm`
// in each tree first) and loaded in one process; calls alternate A, B, A, B, ... and each call's
// CPU time (process.cpuUsage, the mean of AB_BATCH calls) is kept; the medians, the least and B/A are printed per row and entry (market
// object, prepared network, from columns). Checks that both give the same digest and LP welfare.
// Run: `node --expose-gc bench/experiments/nodal-ab.mjs DIR_A DIR_B [reps]` (e.g. a `git archive`
// of the base commit as DIR_A and this tree as DIR_B).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { prosumerMarket } from '../lib/prosumers.mjs';

const [dirA, dirB, repsArg] = process.argv.slice(2);
const REPS = Number(repsArg ?? 15);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodal-ab-'));
async function load(dir, tag) {
  const out = path.join(tmp, `lib-${tag}.mjs`);
  await build({
    stdin: { contents: "export * from './src/index.ts'; export { clearNodalColumns } from './src/nodal/columns.ts'; export { toTicks } from './src/model/fixed.ts';", resolveDir: path.resolve(dir), loader: 'ts' },
    bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error',
  });
  return import(out);
}
const libs = [await load(dirA, 'a'), await load(dirB, 'b')];
const casesDir = process.env.GRIDCLEAR_CASES ?? path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../shared/cases');
const ROWS = (process.env.AB_ROWS ?? 'case118_ieee:1000:20261124,case118_ieee:10000:20261125,case300_ieee:1000:20261127,case300_ieee:10000:20261128')
  .split(',').map((s) => s.split(':'));
/** Options of each side's calls (JSON), e.g. AB_OPTS_B='{"linesPerRound":64}' with the same tree twice. */
const OPTS_A = JSON.parse(process.env.AB_OPTS_A ?? '{}'), OPTS_B = JSON.parse(process.env.AB_OPTS_B ?? '{}');
/** Calls per timed sample (their mean is the sample). */
const BATCH = Number(process.env.AB_BATCH ?? 4);
const MODES = (process.env.AB_MODES ?? 'object,prepared,columns').split(',');
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const cpu = (f) => { const c0 = process.cpuUsage(); const r = f(); const c = process.cpuUsage(c0); return [r, (c.user + c.system) / 1000]; };

function columnsOf(lib, m, grid) {
  const n = m.orders.length, pd = m.priceDecimals ?? 4, qd = m.quantityDecimals ?? 3;
  const c = { side: new Uint8Array(n), priceTicks: new BigInt64Array(n), quantityTicks: new BigInt64Array(n), bus: new Int32Array(n), ids: [] };
  m.orders.forEach((o, i) => {
    c.side[i] = o.side === 'buy' ? 0 : 1;
    c.priceTicks[i] = lib.toTicks(o.price, pd);
    c.quantityTicks[i] = lib.toTicks(o.quantity, qd);
    c.bus[i] = grid.network.busIndex.get(o.bus);
    c.ids.push(o.id);
  });
  const tm = { priceDecimals: pd, quantityDecimals: qd, priceCapTicks: lib.toTicks(m.priceCap ?? '4000', pd), priceFloorTicks: lib.toTicks(m.priceFloor ?? '-500', pd) };
  return { c, tm };
}

console.log(`load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, ${REPS} reps`);
for (const [name, nStr, seedStr] of ROWS) {
  const base = libs[0].importMatpower(fs.readFileSync(path.join(casesDir, `pglib_opf_${name}.m`), 'utf8'));
  const m = prosumerMarket(base, Number(nStr), Number(seedStr), 0.5);
  const setups = libs.map((lib, v) => {
    const o = v === 0 ? OPTS_A : OPTS_B;
    const grid = lib.GridModel.from(m.network, { quantityDecimals: m.quantityDecimals ?? 3, allowNegativeReactance: true });
    const { c, tm } = columnsOf(lib, m, grid);
    return {
      object: () => lib.clearNodal(m, o),
      prepared: () => lib.clearNodal(m, { ...o, grid }),
      columns: () => lib.clearNodalColumns(c, tm, { ...o, grid }),
      digest: (r) => `${lib.toClearingResult(lib.nodalOutcome(r)).digest} ${r.stats.lpWelfare} ${r.stats.iterations}`,
    };
  });
  for (const mode of MODES) {
    const t = [[], []], res = [];
    for (let w = 0; w < 3; w++) for (let v = 0; v < 2; v++) setups[v][mode]();
    for (let i = 0; i < REPS; i++) {
      for (let v = 0; v < 2; v++) {
        globalThis.gc?.();
        const f = setups[v][mode];
        const [r, ms] = cpu(() => { let x; for (let k = 0; k < BATCH; k++) x = f(); return x; });
        t[v].push(ms / BATCH); res[v] = r;
      }
    }
    const d = res.map((r, v) => setups[v].digest(r));
    const a = median(t[0]), b = median(t[1]), amin = Math.min(...t[0]), bmin = Math.min(...t[1]);
    console.log(`${name} ${nStr} ${mode.padEnd(8)} median A ${a.toFixed(3)} B ${b.toFixed(3)} ms B/A ${(b / a).toFixed(3)}; least A ${amin.toFixed(3)} B ${bmin.toFixed(3)} B/A ${(bmin / amin).toFixed(3)}  it ${res[0].stats.iterations}/${res[1].stats.iterations} rounds ${res[0].stats.rounds}/${res[1].stats.rounds}${d[0] === d[1] ? '' : `  DIFFERENT: ${d[0]} | ${d[1]}`}`);
  }
}
console.log(`load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
fs.rmSync(tmp, { recursive: true, force: true });
