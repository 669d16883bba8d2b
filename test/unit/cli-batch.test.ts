// `gridclear clear a.json b.json ... --out-dir DIR`, `--format csv` and the progress bar.
// The batch and CSV run in-process through main() (as dist/cli.cjs does); one spawn checks the bin.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { csvField } from '../../src/cli/csv.js';
import { clearMarket, parseMarketCase, writeClearingResult } from '../../src/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MARKETS = ['neighbourhood-tie', 'three-bus-loop'].map((n) => join(ROOT, `examples/markets/${n}.json`));

function cli(args: string[], progress = false) {
  let stdout = '', stderr = '';
  const code = main(args, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, progress });
  return { code, stdout, stderr };
}

/** RFC 4180 rows (quoted fields with "" escapes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else field += ch;
  }
  return rows;
}

let tmp = '';
beforeAll(() => { tmp = mkdtempSync(join(tmpdir(), 'gridclear-batch-')); });
afterAll(() => { if (tmp) rmSync(tmp, { recursive: true, force: true }); });

describe('gridclear clear --out-dir (many files)', () => {
  it('writes one result file per case, byte for byte the single-file result', () => {
    const dir = join(tmp, 'out');
    const r = cli(['clear', ...MARKETS, '--out-dir', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['neighbourhood-tie.result.json', 'three-bus-loop.result.json']);
    for (const f of MARKETS) {
      const name = f.split('/').pop()!.replace('.json', '.result.json');
      const expected = writeClearingResult(clearMarket(parseMarketCase(readFileSync(f, 'utf8'))));
      expect(readFileSync(join(dir, name), 'utf8')).toBe(expected);
      expect(r.stdout).toContain(`${f} -> ${join(dir, name)}  optimal  ${JSON.parse(expected).digest}`);
    }
  });

  it('goes on past a bad file, names it on stderr, and exits 2', () => {
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, '{ "format": "market-case/1", "orders": [ { "id": "x", "side": "up", "price": "1", "quantity": "1" } ] }');
    const dir = join(tmp, 'out2');
    const r = cli(['clear', MARKETS[0]!, bad, MARKETS[1]!, '--out-dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`gridclear: ${bad}: UNKNOWN_SIDE: .*\\n`));
    expect(r.stderr).toContain('1 of 3 files failed');
    expect(readdirSync(dir).sort()).toEqual(['neighbourhood-tie.result.json', 'three-bus-loop.result.json']);
  });

  it('draws a progress bar on stderr only when asked (a terminal)', () => {
    const quiet = cli(['clear', ...MARKETS, '--out-dir', join(tmp, 'q')]);
    expect(quiet.stderr).toBe('');
    const shown = cli(['clear', ...MARKETS, '--out-dir', join(tmp, 'p')], true);
    expect(shown.stderr).toContain('\r[------------------------] 0/2 neighbourhood-tie.json');
    expect(shown.stderr).toContain('\r[############------------] 1/2 three-bus-loop.json');
    expect(shown.stderr).toMatch(/\r\[#{24}\] 2\/2 done\x1b\[K\n$/);
  });

  it('refuses several files without --out-dir, and clashing output names (usage, 64)', () => {
    expect(cli(['clear', ...MARKETS]).stderr).toMatch(/several with --out-dir/);
    expect(cli(['clear', ...MARKETS]).code).toBe(64);
    const r = cli(['clear', MARKETS[0]!, MARKETS[0]!, '--out-dir', join(tmp, 'c')]);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/would both write/);
    expect(cli(['clear', MARKETS[0]!, '--out-dir', join(tmp, 'd'), '--json']).code).toBe(64);
  });
});

describe('gridclear clear --format csv', () => {
  it('holds the fills, prices and lines of the JSON result, exactly', () => {
    const file = MARKETS[1]!;
    const r = cli(['clear', file, '--format', 'csv']);
    expect(r.code).toBe(0);
    const json = clearMarket(parseMarketCase(readFileSync(file, 'utf8')));
    if (json.status !== 'optimal') throw new Error('expected optimal');
    const rows = parseCsv(r.stdout);
    expect(rows[0]).toEqual(['table', 'id', 'value', 'flow', 'shadowPrice']);
    const of = (t: string) => rows.filter((x) => x[0] === t);
    expect(Object.fromEntries(of('fill').map((x) => [x[1], x[2]]))).toEqual(json.fills);
    expect(Object.fromEntries(of('price').map((x) => [x[1], x[2]]))).toEqual(json.prices);
    expect(Object.fromEntries(of('line').map((x) => [x[1], { flow: Number(x[3]), shadowPrice: x[4] }]))).toEqual(json.lines);
    expect(Object.fromEntries(of('result').map((x) => [x[1], x[2]]))).toEqual({
      status: 'optimal', welfare: json.welfare, congestionRent: json.congestionRent, digest: json.digest,
    });
    expect(of('line').length).toBeGreaterThan(0);
  });

  it('quotes ids with commas and quotes (RFC 4180), and writes .result.csv files in a batch', () => {
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    const odd = join(tmp, 'odd.json');
    writeFileSync(odd, JSON.stringify({ format: 'market-case/1', priceDecimals: 2, quantityDecimals: 3, orders: [
      { id: 'buy, "big"', side: 'buy', price: '50.00', quantity: '1.000' }, { id: 's', side: 'sell', price: '10.00', quantity: '1.000' }] }));
    const dir = join(tmp, 'csv');
    expect(cli(['clear', odd, '--out-dir', dir, '--format', 'csv']).code).toBe(0);
    const rows = parseCsv(readFileSync(join(dir, 'odd.result.csv'), 'utf8'));
    expect(rows.find((x) => x[0] === 'fill' && x[2] === '1.000')?.[1]).toBe('buy, "big"');
    expect(cli(['clear', odd, '--format', 'xml']).code).toBe(64);
  });

  it.skipIf(!existsSync(join(ROOT, 'dist/cli.cjs')))('works from the bin (dist/cli.cjs)', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli.cjs'), 'clear', MARKETS[0]!, '--format', 'csv'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('table,id,value,flow,shadowPrice');
  });
});
