// market-case/2 through the `gridclear` command (dist/cli.cjs: clear, --out-dir, verify) and the
// worker pool (clearPeriodsMany, clearingResultFiles on market-case/2 text): the same results as
// clearPeriods in this process. Needs `npm run build`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearPeriods, parsePeriodsCase, periodsDigestOf, periodsResultText, toPeriodsResult, type PeriodsMarket } from '../../src/periods/index.js';
import { createPool } from '../../src/workers/node.js';
import { clearingResultFiles, clearPeriodsMany } from '../../src/workers/index.js';
import { handleRequest } from '../../src/workers/runner.js';
import { highsSolver, loadPeriodsHighs } from '../helpers/periodsHighs.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist/cli.cjs');
const WORKER_SCRIPT = join(ROOT, 'dist/worker.node.cjs');
const DAY = join(ROOT, 'examples/periods/battery-day.json');
const ONE = join(ROOT, 'examples/markets/three-bus-loop.json');
const built = existsSync(CLI) && existsSync(WORKER_SCRIPT);
if (!built) console.warn('periods cli tests skipped: run "npm run build" first');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const day = (): PeriodsMarket => parsePeriodsCase(readFileSync(DAY, 'utf8'));
/** The example day without its battery and ramp limits: periods that nothing couples. */
function uncoupledDay(): PeriodsMarket {
  const m = day();
  return { ...m, storage: [], units: [], orders: m.orders.map(({ unit, ...o }) => o) };
}

let tmp = '';
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gridclear-periods-'));
  await loadPeriodsHighs();
});
afterAll(() => { if (tmp) rmSync(tmp, { recursive: true, force: true }); });

describe.skipIf(!built)('gridclear clear / verify on market-case/2', () => {
  it('clears an uncoupled day into the clearing-result/2 that clearPeriods writes', () => {
    const m = uncoupledDay(), file = join(tmp, 'uncoupled.json');
    writeFileSync(file, JSON.stringify(m));
    const r = run('clear', file, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(periodsResultText(clearPeriods(m)));
    const s = run('clear', file);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/^market {6}battery-day: 24 periods, \d+ orders, 0 storage units, 0 ramped units, 3 buses, 3 lines$/m);
    expect(s.stdout).toContain('periods one by one');
    expect(s.stdout).toContain(`digest      ${JSON.parse(r.stdout).digest}`);
  });

  it('the battery day clears with the default LP method (the Wasm engine) to HiGHS\'s welfare, and verifies', () => {
    const r = run('clear', DAY, '--json');
    const want = toPeriodsResult(clearPeriods(day(), { solver: highsSolver }));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(periodsResultText(clearPeriods(day())));
    const got = JSON.parse(r.stdout);
    expect(Math.abs(Number(got.welfare) - Number(want.welfare))).toBeLessThan(1e-6 * Number(want.welfare));
    const file = join(tmp, 'day.result.json');
    writeFileSync(file, r.stdout);
    expect(run('verify', DAY, file).code).toBe(0);
    expect(run('clear', DAY).stdout).toMatch(/^solver {6}\d+ solves?, \d+ iterations/m);
  });

  it('verify accepts the battery day cleared with HiGHS and rejects it tampered (exit 3, the failed check named)', () => {
    const res = toPeriodsResult(clearPeriods(day(), { solver: highsSolver }));
    expect(Object.values(res.storage!['community-battery'].charge).some((c) => c !== '0.000')).toBe(true);
    const good = join(tmp, 'good.json'), bad = join(tmp, 'bad.json');
    writeFileSync(good, JSON.stringify(res));
    const ok = run('verify', DAY, good);
    expect(ok.stdout).toMatch(/^OK/);
    expect(ok.code).toBe(0);
    const fills = { ...res.fills!, 'homes-h18': '0.000' };
    const tampered = { ...res, fills };
    writeFileSync(bad, JSON.stringify({ ...tampered, digest: periodsDigestOf(tampered) }));
    const no = run('verify', DAY, bad);
    expect(no.code).toBe(3);
    expect(no.stdout).toMatch(/^FAIL balance .*\(period h18\)/m);
    writeFileSync(bad, JSON.stringify({ ...res, welfare: '1.0000000' }));
    expect(run('verify', DAY, bad).stdout).toMatch(/^FAIL digest/);
  });

  it('--out-dir clears market-case/1 and /2 files side by side; auction options and CSV are refused for /2', () => {
    const m = uncoupledDay(), file = join(tmp, 'day2.json'), dir = join(tmp, 'out');
    writeFileSync(file, JSON.stringify(m));
    const r = run('clear', ONE, file, '--out-dir', dir);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'day2.result.json'), 'utf8')).toBe(periodsResultText(clearPeriods(m)));
    expect(JSON.parse(readFileSync(join(dir, 'three-bus-loop.result.json'), 'utf8')).format).toBe('clearing-result/1');
    expect(r.stdout).toContain(`day2.result.json  optimal  ${toPeriodsResult(clearPeriods(m)).digest}`);
    const mech = run('clear', file, '--mechanism', 'pay-as-bid');
    expect(mech.code).toBe(2);
    expect(mech.stderr).toMatch(/UNSUPPORTED: .*mechanism applies to copper-plate markets only/);
    const csv = run('clear', file, '--format', 'csv');
    expect(csv.code).toBe(64);
    expect(csv.stderr).toContain('market-case/2 result is JSON');
  });
});

describe('worker runner on market-case/2', () => {
  it('clearingResult / clearingResultFile / clearPeriods tasks answer as clearPeriods does, from an object or text', () => {
    const m = uncoupledDay(), text = JSON.stringify(m);
    const file = handleRequest({ id: 1, task: { op: 'clearingResultFile', text } });
    expect(file).toEqual({ id: 1, ok: true, value: periodsResultText(clearPeriods(m)) });
    const obj = handleRequest({ id: 2, task: { op: 'clearingResult', periods: m } });
    expect(obj).toEqual({ id: 2, ok: true, value: toPeriodsResult(clearPeriods(m)) });
    const out = handleRequest({ id: 3, task: { op: 'clearPeriods', text } });
    expect(out.ok && (out.value as { welfare: bigint }).welfare).toBe(clearPeriods(m).welfare);
    const wrong = handleRequest({ id: 4, task: { op: 'clearPeriods', text: readFileSync(ONE, 'utf8') } });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'INVALID_MARKET', detail: { field: 'market' } } });
  });

  it.skipIf(!built)('a pool of worker threads: clearPeriodsMany and clearingResultFiles equal serial clearing', async () => {
    const m = uncoupledDay(), shifted = { ...m, orders: m.orders.map((o) => ({ ...o, price: o.price === '120.00' ? '130.00' : o.price })) };
    const pool = createPool({ size: 2, workerScript: WORKER_SCRIPT });
    try {
      const outs = await clearPeriodsMany(pool, [m, JSON.stringify(shifted), day()]);
      expect(outs.map((o) => toPeriodsResult(o))).toEqual([toPeriodsResult(clearPeriods(m)), toPeriodsResult(clearPeriods(shifted)), toPeriodsResult(clearPeriods(day()))]);
      expect(outs[2].stats.solves).toBeGreaterThan(0); // the battery day: coupled, the default LP method in the worker
      const files = await clearingResultFiles(pool, [JSON.stringify(shifted), readFileSync(ONE, 'utf8')]);
      expect(files[0]).toBe(periodsResultText(clearPeriods(shifted)));
      expect(JSON.parse(files[1]).format).toBe('clearing-result/1');
    } finally {
      pool.close();
    }
  });
});
