// The demo page (examples/web) in real headless Chromium, driven by playwright-core: it loads the
// published ESM bundle (dist/index.js, Wasm inlined) with an import map, clears example markets,
// draws the chart and tables, and its digests equal the digests computed here in Node. The page
// also clears in a pool of Web Workers (dist/workers.web.js) and shows a bad file's error.
// Needs `npm run build` first (as `npm test` does). On CI a missing browser fails the test;
// elsewhere it is skipped with a warning.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import { CHROMIUM_ARGS, ensureChromium } from './chromium.js';
// @ts-expect-error: plain .mjs module without types
import { startServer } from '../../examples/web/serve.mjs';
import { main } from '../../src/cli/main.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = join(ROOT, 'test/browser/screenshots');
const CASES = process.env.GRIDCLEAR_CASES ?? join(ROOT, '../shared/cases');
const MARKETS: Record<string, string> = {
  'neighbourhood-tie.json': join(ROOT, 'examples/markets/neighbourhood-tie.json'),
  'copper-plate-tie.json': join(ROOT, '../shared/spec/examples/copper-plate-tie.json'),
  'two-bus.json': join(ROOT, '../shared/spec/examples/two-bus.json'),
};

let skipReason = '';
let server: { url: string; close(): Promise<void> } | undefined;
let context: BrowserContext | undefined;
let profile = '';
let page: Page;
const pageErrors: string[] = [];

/** The digest Node computes for a market file (clearMarket: nodal when it has a network). */
function nodeDigest(file: string): string {
  return api.clearMarket(api.parseMarketCase(readFileSync(file, 'utf8'))).digest;
}

/** Selects an example and waits until the page has cleared it; returns the digest shown. */
async function pick(name: string): Promise<string> {
  await page.evaluate(() => { document.body.dataset.state = 'picking'; });
  await page.selectOption('#example', name);
  await page.waitForFunction(() => ['cleared', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout: 30_000 });
  return (await page.textContent('#digest')) ?? '';
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/index.js')) || !existsSync(join(ROOT, 'dist/workers.web.js'))) {
    throw new Error('dist/ is missing: run `npm run build` before this test (npm test does)');
  }
  const exe = ensureChromium();
  if (exe instanceof Error) {
    if (process.env.CI) throw exe;
    skipReason = exe.message;
    console.warn(`test/browser: skipped, ${skipReason}`);
    return;
  }
  server = await startServer({ port: 0 });
  profile = mkdtempSync(join(tmpdir(), 'gridclear-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: exe, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1200, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server!.url);
  await page.waitForFunction(() => ['cleared', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout: 60_000 });
  mkdirSync(SHOTS, { recursive: true });
}, 900_000); // room for apt-get update + install of chromium on a fresh machine

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe('the demo page in headless Chromium', () => {
  it('clears an example: chart, table and the same digest as Node', async (ctx) => {
    if (skipReason) ctx.skip();
    const digest = await pick('neighbourhood-tie.json');
    expect(await page.textContent('#error')).toBe('');
    expect(digest).toBe(nodeDigest(MARKETS['neighbourhood-tie.json']));
    const market = api.parseMarketCase(readFileSync(MARKETS['neighbourhood-tie.json'], 'utf8'));
    expect(await page.locator('#sd-chart polyline.demand').count()).toBe(1);
    expect(await page.locator('#sd-chart polyline.supply').count()).toBe(1);
    expect(await page.locator('#sd-chart .clearing-price').count()).toBe(1);
    expect(await page.locator('#tables table tbody tr').count()).toBe(market.orders.length);
    await page.screenshot({ path: join(SHOTS, 'neighbourhood-tie.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('clears the spec example to the same digest as Node', async (ctx) => {
    if (skipReason) ctx.skip();
    if (!existsSync(MARKETS['copper-plate-tie.json'])) {
      console.warn('test/browser: ../shared/spec/examples is missing, spec example skipped');
      ctx.skip();
    }
    expect(await pick('copper-plate-tie.json')).toBe(nodeDigest(MARKETS['copper-plate-tie.json']));
    expect(await page.textContent('#price')).toBe('25.00');
  });

  it('gets the same digest from a pool of Web Workers', async (ctx) => {
    if (skipReason) ctx.skip();
    const digest = await pick('neighbourhood-tie.json');
    await page.click('#workers');
    await page.waitForFunction(() => document.getElementById('workers-digest')?.dataset.match !== undefined, null, { timeout: 60_000 });
    expect(await page.textContent('#workers-digest')).toContain('same digest');
    expect(digest).toBe(nodeDigest(MARKETS['neighbourhood-tie.json']));
  });

  it('clears networked markets: same digest as Node, buses coloured, congested lines marked', async (ctx) => {
    if (skipReason) ctx.skip();
    const cases: [string, string, number][] = [['three-bus-loop.json', join(ROOT, 'examples/markets/three-bus-loop.json'), 3]];
    if (existsSync(MARKETS['two-bus.json'])) cases.push(['two-bus.json', MARKETS['two-bus.json'], 2]);
    for (const [name, file, buses] of cases) {
      expect(await pick(name), name).toBe(nodeDigest(file));
      expect(await page.locator('#network-graph circle.bus').count()).toBe(buses);
      const cleared = api.clearMarket(api.parseMarketCase(readFileSync(file, 'utf8')));
      const congested = Object.values((cleared.status === 'optimal' && cleared.lines) || {})
        .filter((l) => Number(l.shadowPrice) !== 0).length;
      expect(congested, name).toBeGreaterThan(0);
      expect(await page.locator('#network-graph line.congested').count(), name).toBe(congested);
      expect(await page.locator('#tables td.congested').count(), name).toBe(2 * congested);
      await page.screenshot({ path: join(SHOTS, name.replace('.json', '.png')), fullPage: true });
    }
  });

  it('loads a MATPOWER case file and clears it on its network', async (ctx) => {
    const file = join(process.env.GRIDCLEAR_CASES ?? join(ROOT, '../shared/cases'), 'pglib_opf_case14_ieee.m');
    if (skipReason || !existsSync(file)) {
      if (!skipReason) console.warn(`test/browser: ${file} is missing, MATPOWER load skipped`);
      ctx.skip();
    }
    await page.evaluate(() => { document.body.dataset.state = 'picking'; });
    await page.setInputFiles('#file', file);
    await page.waitForFunction(() => ['cleared', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout: 60_000 });
    const market = api.importMatpower(readFileSync(file, 'utf8'), { name: 'pglib_opf_case14_ieee' });
    expect(await page.textContent('#digest')).toBe(api.clearMarket(market).digest);
    expect(await page.locator('#network-graph circle.bus').count()).toBe(14);
    await page.screenshot({ path: join(SHOTS, 'case14.png'), fullPage: true });
  });

  it('lays out PGLib networks readably: every line drawn, buses apart, details on hover, zoom, a bus chart', async (ctx) => {
    if (skipReason || !existsSync(CASES)) ctx.skip();
    for (const [name, busesApart] of [['pglib_opf_case14_ieee', 1], ['pglib_opf_case118_ieee', 0.95], ['pglib_opf_case1354_pegase', 0.9]] as const) {
      const file = join(CASES, `${name}.m`);
      const market = api.importMatpower(readFileSync(file, 'utf8'), { name });
      expect(await pick(`${name}.m`), name).toBe(api.clearMarket(market).digest);
      const net = market.network!;
      expect(await page.locator('#network-graph circle.bus').count(), name).toBe(net.buses.length);
      const geometry = await page.evaluate(() => {
        const box = (el: Element) => el.getBoundingClientRect();
        const buses = Array.from(document.querySelectorAll('#network-graph circle.bus')).map((c) => { const r = box(c); return [r.x + r.width / 2, r.y + r.height / 2]; });
        const lines = Array.from(document.querySelectorAll('#network-graph line.line')).map((l) => {
          const a = ['x1', 'y1', 'x2', 'y2'].map((k) => Number(l.getAttribute(k)));
          return Math.hypot(a[2]! - a[0]!, a[3]! - a[1]!);
        });
        return { buses, lines, svg: [box(document.getElementById('network-graph')!).width, box(document.getElementById('network-graph')!).height] };
      });
      // every line drawn, with a length
      expect(geometry.lines.length, name).toBe(net.lines.length);
      expect(geometry.lines.filter((d) => !(d > 0.5)).length, name).toBe(0);
      // most buses at least 3 px from their nearest neighbour (a circle of 1354 buses has ~1.3 px)
      const pts = geometry.buses as [number, number][];
      const apart = pts.filter(([x, y], i) => pts.every(([u, v], j) => j === i || Math.hypot(u - x, v - y) >= 3)).length;
      expect(apart / pts.length, name).toBeGreaterThanOrEqual(busesApart);
      // spread over the area, not along a border or a ring: a fifth of the buses in the middle third
      const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
      const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      const middle = pts.filter(([x, y]) => Math.abs(x - (x0 + x1) / 2) < (x1 - x0) / 6 && Math.abs(y - (y0 + y1) / 2) < (y1 - y0) / 6).length;
      if (pts.length > 100) expect(middle / pts.length, name).toBeGreaterThan(0.05);
      expect(x1 - x0, name).toBeGreaterThan(geometry.svg[0]! * 0.3);
      await page.locator('#network-box').screenshot({ path: join(SHOTS, `${name}-network.png`) });
      await page.locator('#chart-box').screenshot({ path: join(SHOTS, `${name}-chart.png`) });
    }
    // hover: a congested line's flow, limits and shadow price; a bus's price and injections
    const congested = page.locator('#network-graph line.congested').first();
    await congested.dispatchEvent('pointerover');
    const lineTip = (await page.textContent('#tooltip')) ?? '';
    expect(lineTip).toMatch(/flow -?\d+\.\d{3} MW/);
    expect(lineTip).toMatch(/limits \[/);
    expect(lineTip).toMatch(/shadow price -?\d+\.\d+ congested/);
    const bus = page.locator('#network-graph circle.bus').nth(5);
    await bus.dispatchEvent('pointerover');
    expect(await page.textContent('#tooltip')).toMatch(/price .*fixed injection .* MW.*net injection/);
    // click a bus: the chart is that bus's; bids at the price cap are marked
    const id = await bus.getAttribute('data-id');
    await bus.dispatchEvent('click');
    expect(await page.textContent('#chart-title')).toBe(`Supply and demand at bus ${id}`);
    // zoom with the wheel
    await page.locator('#network-graph').hover();
    await page.mouse.wheel(0, -400);
    expect(Number(await page.getAttribute('#network-graph', 'data-zoom'))).toBeGreaterThan(1.5);
    await page.dblclick('#network-graph');
    expect(pageErrors).toEqual([]);
  });

  it('marks bids at the price cap in the chart of a bus', async (ctx) => {
    if (skipReason || !existsSync(CASES)) ctx.skip();
    await pick('pglib_opf_case14_ieee.m');
    const market = api.importMatpower(readFileSync(join(CASES, 'pglib_opf_case14_ieee.m'), 'utf8'));
    const loadBus = market.orders.find((o) => o.side === 'buy')!.bus!;
    await page.locator(`#network-graph circle.bus[data-id="${loadBus}"]`).dispatchEvent('click');
    expect(await page.locator('#sd-chart polyline.capped').count()).toBe(1);
    expect(await page.textContent('#sd-chart .capped-label')).toMatch(/bid at the price cap 4000/);
  });

  it('downloads the result as JSON (Node\'s file, byte for byte) and CSV (the CLI\'s)', async (ctx) => {
    if (skipReason) ctx.skip();
    const file = join(ROOT, 'examples/markets/three-bus-loop.json');
    await pick('three-bus-loop.json');
    const save = async (button: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
      return readFileSync((await download.path())!, 'utf8');
    };
    const json = await save('#download-json');
    const expected = api.writeClearingResult(api.clearMarket(api.parseMarketCase(readFileSync(file, 'utf8'))));
    expect(json).toBe(expected);
    expect(JSON.parse(json).digest).toBe(nodeDigest(file));
    let cliCsv = '';
    expect(main(['clear', file, '--format', 'csv'], { stdout: (t) => { cliCsv += t; }, stderr: () => {} })).toBe(0);
    expect(await save('#download-csv')).toBe(cliCsv);
  });

  it('clears with the chosen mechanism and shows trades and money per participant', async (ctx) => {
    if (skipReason) ctx.skip();
    await pick('neighbourhood-tie.json');
    await page.evaluate(() => { document.body.dataset.state = 'picking'; });
    await page.selectOption('#mechanism', 'pay-as-bid');
    await page.waitForFunction(() => document.body.dataset.state === 'cleared');
    const market = api.parseMarketCase(readFileSync(MARKETS['neighbourhood-tie.json'], 'utf8'));
    expect(await page.textContent('#digest')).toBe(api.clearMarket(market, { mechanism: 'pay-as-bid' }).digest);
    expect(await page.textContent('#mechanism-shown')).toBe('pay-as-bid');
    const auction = api.clearAuction(market, { mechanism: 'pay-as-bid' });
    expect(await page.locator('#trades tbody tr').count()).toBe(auction.trades!.buyer.length);
    const participants = new Set(market.orders.map((o) => o.participant ?? o.id));
    expect(await page.locator('#money tbody tr').count()).toBe(participants.size);
    await page.screenshot({ path: join(SHOTS, 'pay-as-bid.png'), fullPage: true });
    await page.selectOption('#mechanism', 'uniform');
    await page.waitForFunction(() => document.body.dataset.state === 'cleared');
  });

  it('imports MATPOWER with the settings of the page', async (ctx) => {
    const file = join(CASES, 'pglib_opf_case14_ieee.m');
    if (skipReason || !existsSync(file)) ctx.skip();
    await page.click('#import-settings summary');
    await page.fill('#mp-pd', '2');
    await page.fill('#mp-cap', '1000');
    await pick('pglib_opf_case14_ieee.m');
    const market = api.importMatpower(readFileSync(file, 'utf8'), { name: 'pglib_opf_case14_ieee', priceDecimals: 2, priceCap: '1000' });
    expect(await page.textContent('#digest')).toBe(api.clearMarket(market).digest);
    await page.fill('#mp-pd', '');
    await page.fill('#mp-cap', '');
    await page.click('#import-settings summary');
  });

  it('a pool on an unloadable worker URL fails fast as a configuration error, without respawning', async (ctx) => {
    if (skipReason) ctx.skip();
    let requests = 0;
    const count = (r: { url(): string }) => { if (r.url().includes('no-such-worker')) requests++; };
    page.on('request', count);
    // a string, so that vitest does not rewrite the page's dynamic import
    const outcome = await page.evaluate(`(async () => {
      const { createPool, clearingResultsOf } = await import('gridclear/workers');
      const pool = createPool({ size: 2, workerUrl: '/no-such-worker.js' });
      const started = performance.now();
      const error = await clearingResultsOf(pool, ['{}', '{}']).then(() => null, (e) => e);
      const ms = performance.now() - started;
      await new Promise((r) => setTimeout(r, 1000));
      pool.close();
      return { code: error?.code, field: error?.field, ms };
    })()`) as { code?: string; field?: string; ms: number };
    page.off('request', count);
    expect(outcome).toMatchObject({ code: 'INVALID_OPTION', field: 'worker' });
    expect(outcome.ms).toBeLessThan(10_000);
    expect(requests).toBeLessThanOrEqual(2); // one try per worker, then no respawns (before: hundreds a second)
  });

  it('shows the error of a bad file on the page', async (ctx) => {
    if (skipReason) ctx.skip();
    const bad = '{"format":"market-case/1","orders":[{"id":"b1","side":"buy","price":"abc","quantity":"1"}]}';
    await page.setInputFiles('#file', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
    await page.waitForFunction(() => document.body.dataset.state === 'error', null, { timeout: 30_000 });
    const text = await page.textContent('#error');
    expect(text).toContain('INVALID_NUMBER');
    expect(text).toContain('b1');
    expect(await page.isVisible('#error')).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'error.png') });
  });
});
