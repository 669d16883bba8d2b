// The `gridclear` command as users run it: `node dist/cli.cjs` (built by `npm run build`).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { digestOf } from '../../src/io/digest.js';
import { parseClearingResult } from '../../src/io/result.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist/cli.cjs');
const SPEC = resolve(ROOT, '../shared/spec/examples');
const CASES = process.env.GRIDCLEAR_CASES ?? resolve(ROOT, '../shared/cases');
const EXAMPLE = join(ROOT, 'examples/markets/neighbourhood-tie.json');
const built = existsSync(CLI);
if (!built) console.warn(`cli tests skipped: ${CLI} is missing (run "npm run build" first)`);
const haveCases = existsSync(CASES);
if (!haveCases) console.warn(`cli MATPOWER tests skipped: no case folder ${CASES} (set GRIDCLEAR_CASES)`);

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function clearJson(...args: string[]) {
  const r = run('clear', ...args, '--json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const result = parseClearingResult(r.stdout);
  expect(result.digest).toBe(digestOf(result));
  if (result.status !== 'optimal') throw new Error('expected an optimal result');
  return result;
}

let tmp = '';
beforeAll(() => { tmp = mkdtempSync(join(tmpdir(), 'gridclear-cli-')); });
afterAll(() => { if (tmp) rmSync(tmp, { recursive: true, force: true }); });

describe.skipIf(!built)('gridclear clear (copper plate)', () => {
  it('clears the spec example copper-plate-tie.json: b1 5, b2 3, s1 4, s2 4 at 25, welfare 85', () => {
    const r = clearJson(join(SPEC, 'copper-plate-tie.json'));
    expect(r.fills).toEqual({ b1: '5.000', b2: '3.000', b3: '0.000', s1: '4.000', s2: '4.000', s3: '0.000' });
    expect(r.prices).toEqual({ '*': '25.00' });
    expect(r.welfare).toBe('85.00000');
    expect(r.congestionRent).toBe('0.00000');
    expect(r.lines).toBeUndefined();
    expect(r.mechanism).toBeUndefined();
  });

  it('clears the project example: the tied sellers share the fill by the tie rule', () => {
    const r = clearJson(EXAMPLE);
    expect(r.prices).toEqual({ '*': '95.00' });
    expect(r.welfare).toBe('0.81000');
    expect(r.fills).toMatchObject({ 'dan-ev': '0.008', 'coop-battery': '0.003', 'gus-pv': '0.003', 'fay-home': '0.000', retailer: '0.000' });
    const t = clearJson(EXAMPLE, '--tie-rule', 'time-priority');
    expect(t.fills).toMatchObject({ 'coop-battery': '0.004', 'gus-pv': '0.002' });
    expect(t.welfare).toBe('0.81000');
    expect(t.digest).not.toBe(r.digest);
  });

  it('prints a human summary without --json', () => {
    const r = run('clear', EXAMPLE);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^market\s+neighbourhood-tie: 9 orders \(4 buy, 5 sell\), copper plate$/m);
    expect(r.stdout).toMatch(/^mechanism\s+uniform/m);
    expect(r.stdout).toMatch(/^price\s+95\.00$/m);
    expect(r.stdout).toMatch(/^volume\s+0\.016$/m);
    expect(r.stdout).toMatch(/^welfare\s+0\.81000$/m);
    expect(r.stdout).toMatch(/^digest\s+sha256:[0-9a-f]{64}$/m);
    expect(r.stdout).toMatch(/^time\s+[\d.]+ ms/m);
  });

  it('names other mechanisms in the result and adds their fields', () => {
    const p = clearJson(join(SPEC, 'copper-plate-tie.json'), '--mechanism', 'pay-as-bid', '--pay-as-bid-price', 'bid');
    expect(p.mechanism).toBe('pay-as-bid');
    expect(p.tradePrices).toBeTypeOf('object');
    const t = clearJson(join(SPEC, 'copper-plate-tie.json'), '--mechanism', 'trade-reduction');
    expect(t.mechanism).toBe('trade-reduction');
    expect(t).toHaveProperty('buyPrice');
    expect(t).toHaveProperty('surplus');
  });

  it('writes the result JSON with --out, and the summary or JSON to stdout', () => {
    const out = join(tmp, 'r.json');
    const r = run('clear', EXAMPLE, '--out', out);
    expect(r.code).toBe(0);
    const saved = parseClearingResult(readFileSync(out, 'utf8'));
    expect(r.stdout).toContain(saved.digest);
    expect(run('clear', EXAMPLE, '--json', '-o', out).stdout).toBe(readFileSync(out, 'utf8'));
  });

  it('clears a generated market of 1e5 orders', () => {
    const file = join(tmp, 'big.json');
    writeFileSync(file, generatedMarket(100_000, 7));
    const t0 = performance.now();
    const r = clearJson(file);
    const ms = performance.now() - t0;
    console.log(`cli: 1e5 orders cleared from the command line in ${ms.toFixed(0)} ms (spawn included)`);
    expect(Object.keys(r.fills)).toHaveLength(100_000);
  });
});

describe.skipIf(!built)('gridclear clear (network)', () => {
  it('clears the spec example two-bus.json to two-bus.result.json byte for byte', () => {
    const r = run('clear', join(SPEC, 'two-bus.json'), '--json');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(SPEC, 'two-bus.result.json'), 'utf8'));
  });

  it('rejects auction options for a networked market with exit 2', () => {
    const r = run('clear', join(SPEC, 'two-bus.json'), '--mechanism', 'pay-as-bid');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gridclear: UNSUPPORTED: .*copper-plate markets only/);
  });

  it('writes an infeasible market as status "infeasible" with exit 0', () => {
    const file = join(tmp, 'infeasible.json');
    writeFileSync(file, JSON.stringify({
      format: 'market-case/1',
      network: { baseMVA: 100, buses: [{ id: 'A', fixedInjection: '50' }, { id: 'B' }], lines: [{ id: 'l', from: 'A', to: 'B', x: 0.1 }] },
      orders: [{ id: 'd', side: 'buy', bus: 'B', price: '10', quantity: '20' }],
    }));
    const r = run('clear', file, '--json');
    expect(r.code).toBe(0);
    const res = parseClearingResult(r.stdout);
    expect(res).toMatchObject({ status: 'infeasible', infeasible: { island: 'A', imbalance: '30.000' } });
    expect(res.digest).toBe(digestOf(res));
  });

  it.skipIf(!haveCases)('converts a MATPOWER case; clearing the .m and its conversion agree', () => {
    const m = join(CASES, 'pglib_opf_case14_ieee.m');
    const out = join(tmp, 'case14.json');
    const c = run('convert', m, '--out', out);
    expect(c.code).toBe(0);
    expect(c.stdout).toBe('');
    expect(run('convert', m).stdout).toBe(readFileSync(out, 'utf8'));
    expect(clearJson(out).digest).toBe(clearJson(m).digest);
  });
});

describe.skipIf(!built)('gridclear errors and usage', () => {
  const write = (name: string, text: string) => { const f = join(tmp, name); writeFileSync(f, text); return f; };
  const base = { format: 'market-case/1', orders: [{ id: 'a', side: 'buy', price: '1', quantity: '1' }, { id: 'b', side: 'sell', price: '1', quantity: '1' }] };

  it('bad input exits 2 with "gridclear: <CODE>: " on stderr', () => {
    const cases: [string, string][] = [
      [write('syntax.json', '{\n  "format": "market-case/1",\n  "orders": [,]\n}\n'), 'PARSE_ERROR'],
      [write('noid.json', JSON.stringify({ ...base, orders: [{ side: 'buy', price: '1', quantity: '1' }] })), 'INVALID_ORDER'],
      [write('format.json', JSON.stringify({ ...base, format: 'x' })), 'INVALID_MARKET'],
      [write('offtick.json', JSON.stringify({ ...base, priceDecimals: 1, orders: [{ ...base.orders[0], price: '1.25' }, base.orders[1]] })), 'OFF_TICK'],
      [write('dup.json', JSON.stringify({ ...base, orders: [base.orders[0], { ...base.orders[1], id: 'a' }] })), 'DUPLICATE_ID'],
      [join(tmp, 'missing.json'), 'FILE_ERROR'],
      [write('bad.m', 'function mpc = bad\nmpc.version = \'2\';\n'), ''],
    ];
    for (const [file, code] of cases) {
      const r = run('clear', file);
      expect(r.code, file).toBe(2);
      expect(r.stdout, file).toBe('');
      expect(r.stderr, file).toMatch(new RegExp(`^gridclear: ${code || '[A-Z_]+'}: .+\\n$`));
    }
    expect(run('clear', cases[0][0]).stderr).toContain('line 3');
    expect(run('clear', cases[1][0]).stderr).toContain('field id');
  });

  it('usage errors exit 64', () => {
    for (const args of [['clear', EXAMPLE, '--bogus'], ['frobnicate'], ['clear'], ['clear', 'a.json', 'b.json'],
      ['clear', EXAMPLE, '--mechanism', 'vickrey'], ['clear', EXAMPLE, '--k', '1.5'], ['--nope'], ['help', 'nope'],
      ['convert', 'x.m', '--json']]) {
      const r = run(...args);
      expect(r.code, args.join(' ')).toBe(64);
      expect(r.stderr, args.join(' ')).toMatch(/^gridclear: USAGE: /);
    }
  });

  it('--help, help <command>, --version', () => {
    const h = run('--help');
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/Exit codes:[\s\S]*64/);
    expect(run('help', 'clear').stdout).toContain('--mechanism');
    expect(run('clear', '--help').stdout).toBe(run('help', 'clear').stdout);
    expect(run('convert', '-h').stdout).toContain('Usage: gridclear convert');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(run('--version').stdout).toBe(`gridclear ${pkg.version}\n`);
  });
});

/** A copper-plate market of n orders with prices that cross (deterministic for a seed). */
function generatedMarket(n: number, seed: number): string {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const orders = [];
  for (let i = 0; i < n; i++) {
    const buy = rnd() < 0.5;
    const price = (buy ? 20 + rnd() * 80 : 10 + rnd() * 80).toFixed(2);
    orders.push({ id: `o${i}`, side: buy ? 'buy' : 'sell', price, quantity: (0.001 + rnd() * 5).toFixed(3), participant: `p${i % 997}` });
  }
  return JSON.stringify({ format: 'market-case/1', name: 'generated', priceDecimals: 2, quantityDecimals: 3, orders }, null, 2);
}

describe.skipIf(!built)('gridclear verify', () => {
  it('exits 0 on the result clear wrote, 3 with each failed check on a tampered one', () => {
    const caseFile = join(SPEC, 'two-bus.json');
    const good = join(tmp, 'two-bus.result.json');
    expect(run('clear', caseFile, '--json', '--out', good).code).toBe(0);
    const ok = run('verify', caseFile, good);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^OK/);
    const bad = join(tmp, 'two-bus.tampered.json');
    writeFileSync(bad, readFileSync(good, 'utf8').replace('"s1": "30.000"', '"s1": "31.000"'));
    const r = run('verify', caseFile, bad);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^FAIL digest/m);
    expect(r.stdout).toMatch(/^FAIL balance/m);
  });
  it('verifies a copper-plate result and rejects a missing file argument (64)', () => {
    const caseFile = join(SPEC, 'copper-plate-tie.json');
    const out = join(tmp, 'tie.result.json');
    expect(run('clear', caseFile, '--out', out).code).toBe(0);
    expect(run('verify', caseFile, out).code).toBe(0);
    expect(run('verify', caseFile).code).toBe(64);
  });
  it('exits 0 on its own results of every mechanism (they carry their trades), 3 on a tampered trade', () => {
    const caseFile = join(SPEC, 'copper-plate-tie.json');
    for (const args of [['--mechanism', 'pay-as-bid'], ['--mechanism', 'pay-as-bid', '--pay-as-bid-price', 'bid'], ['--mechanism', 'trade-reduction']]) {
      const out = join(tmp, `tie.${args.join('')}.json`);
      expect(run('clear', caseFile, ...args, '--out', out).code).toBe(0);
      const ok = run('verify', caseFile, out);
      expect(ok.stdout).toMatch(/^OK/);
      expect(ok.code).toBe(0);
      const result = JSON.parse(readFileSync(out, 'utf8'));
      result.trades[0].quantity = '0.500';
      writeFileSync(out, JSON.stringify(result));
      expect(run('verify', caseFile, out).code).toBe(3);
    }
  });
  it('exits 3, not 2, on a result whose shape is wrong (verify judges it)', () => {
    const caseFile = join(SPEC, 'two-bus.json');
    const out = join(tmp, 'shape.json');
    writeFileSync(out, JSON.stringify({ format: 'clearing-result/1', status: 'optimal', lines: { l: null } }));
    expect(run('verify', caseFile, out).code).toBe(3);
    writeFileSync(out, 'null');
    expect(run('verify', caseFile, out).code).toBe(3);
  });
});
