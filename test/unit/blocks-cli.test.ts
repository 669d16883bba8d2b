// market-case/2 with block orders and zones through the `gridclear` command (dist/cli.cjs: clear,
// verify, --out-dir) and the worker runner: the same clearing-result/2 as clearBlocks in this
// process; verify accepts it and rejects it tampered; clearPeriods refuses such a market rather
// than clear it without its blocks. The CLI part needs `npm run build`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocksResultText, clearBlocks, toBlocksResult, type BlocksMarket } from '../../src/blocks/index.js';
import { clearPeriods, periodsDigestOf } from '../../src/periods/index.js';
import { handleRequest } from '../../src/workers/runner.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist/cli.cjs');
const ZONES = join(ROOT, 'examples/blocks/two-zones.json');
const PUBLISHED = join(ROOT, 'examples/blocks/published-example.json');
const built = existsSync(CLI);
if (!built) console.warn('blocks cli tests skipped: run "npm run build" first');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const read = (file: string): BlocksMarket => JSON.parse(readFileSync(file, 'utf8'));

let tmp = '';
beforeAll(() => { tmp = mkdtempSync(join(tmpdir(), 'gridclear-blocks-')); });
afterAll(() => { if (tmp) rmSync(tmp, { recursive: true, force: true }); });

describe.skipIf(!built)('gridclear clear / verify on markets with blocks and zones', () => {
  it('clears the examples into the clearing-result/2 that clearBlocks writes; the summary names blocks and zones', () => {
    for (const file of [ZONES, PUBLISHED]) {
      const r = run('clear', file, '--json');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(blocksResultText(clearBlocks(read(file))));
    }
    const s = run('clear', ZONES);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/^market {6}two-zones: 3 periods, 8 orders, 5 blocks, 0 storage units, 0 ramped units, 2 zones, 1 border$/m);
    expect(s.stdout).toMatch(/^mechanism {3}block orders/m);
    expect(s.stdout).toMatch(/^blocks {6}4 of 5 accepted, 1 paradoxically rejected$/m);
    expect(s.stdout).toContain(`digest      ${toBlocksResult(clearBlocks(read(ZONES))).digest}`);
    // the published example: both blocks accepted, prices 3, 3, 5
    const pub = JSON.parse(run('clear', PUBLISHED, '--json').stdout);
    expect(pub.periods.map((p: { prices: Record<string, string> }) => p.prices['*'])).toEqual(['3.00', '3.00', '5.00']);
    expect(Object.values(pub.blocks).map((b) => (b as { ratio: string }).ratio)).toEqual(['1.000000', '1.000000']);
  });

  it('verify accepts the result and rejects a changed ratio, price or digest (exit 3, the check named)', () => {
    const res = toBlocksResult(clearBlocks(read(ZONES)));
    const good = join(tmp, 'good.json'), bad = join(tmp, 'bad.json');
    writeFileSync(good, JSON.stringify(res));
    const ok = run('verify', ZONES, good);
    expect(ok.stdout).toMatch(/^OK/);
    expect(ok.code).toBe(0);
    const resign = (r: typeof res) => JSON.stringify({ ...r, digest: periodsDigestOf(r as never) });
    // the partly accepted plant at its full ratio: its fills no longer match
    writeFileSync(bad, resign({ ...res, blocks: { ...res.blocks!, plant: { ...res.blocks!.plant, ratio: '1.000000' } } }));
    const no = run('verify', ZONES, bad);
    expect(no.code).toBe(3);
    expect(no.stdout).toMatch(/^FAIL blocks \[plant\]/m);
    // zone B's price in h3 moved: prices no longer consistent
    const periods = res.periods!.map((p, t) => (t === 2 ? { ...p, prices: { ...p.prices, B: '50.00' } } : p));
    writeFileSync(bad, resign({ ...res, periods }));
    expect(run('verify', ZONES, bad).code).toBe(3);
    writeFileSync(bad, JSON.stringify({ ...res, welfare: '1.000' }));
    expect(run('verify', ZONES, bad).stdout).toMatch(/^FAIL digest/);
  });

  it('--out-dir writes the blocks result next to others', () => {
    const dir = join(tmp, 'out');
    const r = run('clear', ZONES, PUBLISHED, '--out-dir', dir);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'two-zones.result.json'), 'utf8')).toBe(blocksResultText(clearBlocks(read(ZONES))));
    expect(r.stdout).toContain(`two-zones.result.json  optimal  ${toBlocksResult(clearBlocks(read(ZONES))).digest}`);
  });
});

describe('markets with blocks outside clearBlocks', () => {
  it('the worker runner clears market-case/2 text with blocks as clearBlocks does', () => {
    const text = readFileSync(ZONES, 'utf8'), m = read(ZONES);
    expect(handleRequest({ id: 1, task: { op: 'clearingResultFile', text } })).toEqual({ id: 1, ok: true, value: blocksResultText(clearBlocks(m)) });
    expect(handleRequest({ id: 2, task: { op: 'clearingResult', text } })).toEqual({ id: 2, ok: true, value: toBlocksResult(clearBlocks(m)) });
  });

  it('clearPeriods refuses a market with blocks or zones (UNSUPPORTED) instead of clearing it without them', () => {
    const m = read(PUBLISHED);
    expect(() => clearPeriods(m as never)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
    expect(() => clearPeriods(read(ZONES) as never)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
  });
});
