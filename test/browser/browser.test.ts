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

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = join(ROOT, 'test/browser/screenshots');
const MARKETS: Record<string, string> = {
  'neighbourhood-tie.json': join(ROOT, 'examples/markets/neighbourhood-tie.json'),
  'copper-plate-tie.json': join(ROOT, '../shared/spec/examples/copper-plate-tie.json'),
  'two-bus.json': join(ROOT, '../shared/spec/examples/two-bus.json'),
};
const gc = api as typeof api & Record<string, unknown>;

let skipReason = '';
let server: { url: string; close(): Promise<void> } | undefined;
let context: BrowserContext | undefined;
let profile = '';
let page: Page;
const pageErrors: string[] = [];

/** The digest Node computes for a market file (nodal when it has a network). */
function nodeDigest(file: string): string {
  const market = api.parseMarketCase(readFileSync(file, 'utf8'));
  if (market.network) {
    const nodal = gc.clearNodal as (m: api.Market) => unknown;
    const outcome = gc.nodalOutcome as (r: unknown) => api.ClearingOutcome;
    return api.toClearingResult(outcome(nodal(market))).digest;
  }
  return api.toClearingResult(api.auctionOutcome(market, api.clearAuction(market))).digest;
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

  it('shows the network of a networked market, or says why it cannot', async (ctx) => {
    if (skipReason || !existsSync(MARKETS['two-bus.json'])) ctx.skip();
    const digest = await pick('two-bus.json');
    if (typeof gc.clearNodal === 'function') {
      expect(digest).toBe(nodeDigest(MARKETS['two-bus.json']));
    } else {
      expect(await page.textContent('#error')).toContain('clearNodal');
      // The package does not export clearNodal yet: draw the spec's expected result with the page's own view.
      const market = JSON.parse(readFileSync(MARKETS['two-bus.json'], 'utf8'));
      const result = JSON.parse(readFileSync(MARKETS['two-bus.json'].replace('.json', '.result.json'), 'utf8'));
      // A string, not a function: vitest would rewrite a function's import() for Node.
      await page.evaluate(`(async () => {
        const view = await import('/network.js');
        const m = ${JSON.stringify(market)}, r = ${JSON.stringify(result)};
        document.getElementById('network').replaceChildren(view.networkGraph(m, r));
        document.getElementById('tables').replaceChildren(...view.networkTables(m, r));
        document.getElementById('network-box').hidden = false;
      })()`);
    }
    expect(await page.locator('#network-graph circle.bus').count()).toBe(2);
    expect(await page.locator('#network-graph line.congested').count()).toBe(1);
    expect(await page.locator('#tables td.congested').count()).toBe(2);
    await page.screenshot({ path: join(SHOTS, 'two-bus.png'), fullPage: true });
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
    if (typeof gc.clearNodal === 'function') {
      const market = gc.importMatpower(readFileSync(file, 'utf8'));
      expect(await page.textContent('#digest')).toBe(api.toClearingResult((gc.nodalOutcome as (r: unknown) => api.ClearingOutcome)((gc.clearNodal as (m: api.Market) => unknown)(market))).digest);
      expect(await page.locator('#network-graph circle.bus').count()).toBe(14);
      await page.screenshot({ path: join(SHOTS, 'case14.png'), fullPage: true });
    } else {
      expect(await page.textContent('#error')).toContain('clearNodal');
    }
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
