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
