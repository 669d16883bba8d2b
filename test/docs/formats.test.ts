// docs/formats.md states the shared file contract (../shared/spec/market-case.md, revision 2) in
// this project's words. The formulas and rules that must not drift are compared verbatim.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SPEC = resolve(ROOT, '../shared/spec/market-case.md');
const doc = readFileSync(resolve(ROOT, 'docs/formats.md'), 'utf8').replace(/\s+/g, ' ');

describe('docs/formats.md', () => {
  it('holds the contract itself, not a path outside the package', () => {
    expect(doc).not.toMatch(/\.\.\/shared|\/work\//);
    for (const heading of ['Input data: market-case/1', 'Result data: clearing-result/1', 'MATPOWER import', 'Revisions']) {
      expect(doc).toContain(heading);
    }
  });

  it.skipIf(!existsSync(SPEC))('states the revision-2 rules of the shared spec verbatim where they are formulas', () => {
    const spec = readFileSync(SPEC, 'utf8').replace(/\s+/g, ' ');
    expect(spec).toContain('Revision 2 (2026-12-01)');
    const formulas = [
      '-?(0|[1-9][0-9]*)(\\.[0-9]+)?',
      'flow_MW = baseMVA * (theta_from - theta_to - shift_rad) / x',
      '0.01 MW + tick x (islands + lines with a nonzero shadow price)',
      'tick = 10^-quantityDecimals',
      'x = BR_X * tau',
      'ANGMIN <= theta_f - theta_t <= ANGMAX',
    ];
    for (const f of formulas) {
      expect(spec, 'the spec changed: update docs/formats.md').toContain(f);
      expect(doc).toContain(f);
    }
    for (const bad of ['"1e3"', '"+5"', '" 5"', '"5."', '".5"', '"05"']) expect(doc).toContain(bad);
    // the signed shadow price and the price relation without a separate sign
    expect(doc).toMatch(/price\[b\] = price\[ref\] - sum over lines of shadowPrice x PTDF\[line\]\[b\]/);
    expect(doc).toContain('0 to 18');
  });
});
