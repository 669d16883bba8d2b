// A cold solve that ends NUMERICAL is tried again without the cost perturbation, then unscaled
// (solveLp and LpEngine alike). The fixture is the dual-face LP of a block clearing's price check
// (case118, dayAheadMarket { ordersPerPeriod: 2000, blocks: 400, seed: 110 }, relativeGap 1e-9):
// 3220 rows x 3300 columns, infeasible by HiGHS (presolve on and off); the perturbed dual simplex
// ends with a leaving row that has no entering column but whose certificate does not hold.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LpEngine, solveLp, type SparseLp } from '../../src/lp/index.js';
import { numericalRetry } from '../../src/lp/solve.js';

function faceLp(): SparseLp {
  const file = path.join(import.meta.dirname, 'fixtures', 'face-lp-numerical.json.gz');
  const j = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')) as { lp: Record<string, unknown> };
  const lp: Record<string, unknown> = {};
  const num = (x: number | string) => (x === 'I' ? Infinity : x === '-I' ? -Infinity : (x as number));
  for (const [k, v] of Object.entries(j.lp)) {
    const t = v as { t?: string; v?: (number | string)[] };
    const vals = t?.v ?? [];
    lp[k] = t?.t ? (t.t === 'Int32Array' ? Int32Array.from(vals, num) : Float64Array.from(vals, num)) : v;
  }
  return lp as unknown as SparseLp;
}

describe('a solve that ends NUMERICAL', () => {
  it('numericalRetry: first without the perturbation, then unscaled, then gives up', () => {
    expect(numericalRetry({})).toEqual({ perturb: false });
    expect(numericalRetry({ perturb: false })).toEqual({ perturb: false, scale: false });
    expect(numericalRetry({ perturb: false, scale: false })).toBeUndefined();
    expect(numericalRetry({ scale: false, maxIterations: 9 })).toEqual({ scale: false, maxIterations: 9, perturb: false });
  });

  it('the price check\'s face LP is infeasible (HiGHS agrees), not a NUMERICAL error', () => {
    const lp = faceLp();
    expect([lp.numRows, lp.numCols]).toEqual([3220, 3300]);
    expect(solveLp(lp).status).toBe('infeasible');
    const e = new LpEngine(lp);
    try { expect(e.solve().status).toBe('infeasible'); } finally { e.dispose(); }
  });
});
