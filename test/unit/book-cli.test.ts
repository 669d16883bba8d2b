// `gridclear book <log.jsonl>` as users run it (dist/cli.cjs, built by `npm run build`).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OrderBook, parseBookLog, type BookEvent } from '../../src/book/index.js';
import { GridModel } from '../../src/grid/index.js';
import { parseMarketCase } from '../../src/io/marketCase.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist/cli.cjs');
const LOG = join(ROOT, 'examples/book/neighbourhood.jsonl');
const NET = join(ROOT, 'examples/markets/three-bus-loop.json');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!existsSync(CLI))('gridclear book', () => {
  it('writes one line per event with the digest chain of the streaming API', () => {
    const r = run('book', LOG);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const [header, ...events] = parseBookLog(readFileSync(LOG, 'utf8')) as unknown as [{ book: object }, ...BookEvent[]];
    const book = new OrderBook(header.book as never);
    const chain = events.map((e) => book.submit(e).digest);
    expect(out.map((o) => o.digest)).toEqual(chain);
    expect(out.map((o) => o.seq)).toEqual(chain.map((_, i) => i + 1));
    expect(out[2].trades).toEqual([{ buyId: 3, sellId: 2, buyer: 3, seller: 2, price: '0.15', quantity: '1.200', fee: '0.00' }]);
  });

  it('a book-log/1 header (its chain was SHA-256) is refused with a message naming revision 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridclear-book-'));
    const file = join(dir, 'old.jsonl');
    writeFileSync(file, readFileSync(LOG, 'utf8').replace('book-log/2', 'book-log/1'));
    const r = run('book', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('book-log/2');
    expect(r.stdout).toBe('');
  });

  it('a rejected event: exit 2 naming the line, or with --skip-invalid a line and no sequence number', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridclear-book-'));
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '{"type":"limit","id":1,"participant":1,"side":"buy","price":"1.00","quantity":"1"}\n{"type":"cancel","id":1,"participant":2}\n{"type":"cancel","id":1,"participant":1}\n');
    const r = run('book', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('NOT_OWNER');
    expect(r.stderr).toContain('line 2');
    const s = run('book', file, '--skip-invalid');
    expect(s.code).toBe(0);
    const lines = s.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.seq ?? l.error)).toEqual([1, 'NOT_OWNER', 2]);
    expect(run('book', file, '--price-decimals', 'x').code).toBe(64);
  });

  it('--network: grid-aware matching, blocked pairs name their line', () => {
    const market = parseMarketCase(readFileSync(NET, 'utf8'));
    const grid = GridModel.from(market.network!);
    const [a, b] = grid.network.busIds;
    const dir = mkdtempSync(join(tmpdir(), 'gridclear-book-'));
    const file = join(dir, 'net.jsonl');
    const evs = [
      { type: 'limit', id: 1, participant: 1, side: 'sell', price: '10.00', quantity: '5000', bus: a },
      { type: 'limit', id: 2, participant: 2, side: 'buy', price: '20.00', quantity: '5000', bus: b },
      { type: 'limit', id: 3, participant: 3, side: 'sell', price: '11.00', quantity: '1', bus: a },
    ];
    writeFileSync(file, evs.map((e) => JSON.stringify(e)).join('\n'));
    const r = run('book', file, '--network', NET);
    expect(r.stderr).toBe('');
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const book = new OrderBook({ priceDecimals: 2, quantityDecimals: 3, priceFloor: '-500', priceCap: '4000', network: { grid } });
    expect(out.map((o) => o.digest)).toEqual(evs.map((e) => book.submit(e as BookEvent).digest));
    const traded = Number(out[1].trades[0].quantity);
    expect(traded).toBeGreaterThan(0);
    expect(traded).toBeLessThan(5000);
    expect(out[2].trades).toEqual([]);
    expect(out[2].notes?.[0]).toMatchObject({ kind: 'blocked', id: 2, by: 3 });
    expect(grid.network.lineIds).toContain(out[2].notes[0].line);
  });
});
