// The order book in headless Chromium (the published ESM bundle, dist/index.js): a random event
// stream, with and without a network, gives the same digest chain as in Node.
// Needs `npm run build` first (as `npm test` does); skipped with a warning where no browser runs.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderBook, type BookEvent } from '../../src/book/index.js';
import { GridModel } from '../../src/grid/index.js';
import type { Network } from '../../src/model/types.js';
import { randomStream } from '../helpers/bookStreams.js';
import { CHROMIUM_ARGS, ensureChromium } from './chromium.js';
// @ts-expect-error: plain .mjs module without types
import { startServer } from '../../examples/web/serve.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OPTS = { priceDecimals: 2, quantityDecimals: 3, priceFloor: '-500', priceCap: '4000' };
const NET: Network = {
  baseMVA: 100, buses: [{ id: 'n1' }, { id: 'n2' }, { id: 'n3' }],
  lines: [{ id: 'l12', from: 'n1', to: 'n2', x: 0.1, maxFlow: '4', minFlow: '-4' }, { id: 'l23', from: 'n2', to: 'n3', x: 0.1, maxFlow: '2', minFlow: '-6' },
    { id: 'l13', from: 'n1', to: 'n3', x: 0.2, maxFlow: '3', minFlow: '-3' }],
};

let skipReason = '';
let server: { url: string; close(): Promise<void> } | undefined;
let context: BrowserContext | undefined;
let profile = '';
let page: Page;

/** The digest chain in Node (rejected events skipped). */
function nodeChain(events: BookEvent[], network: boolean): string[] {
  const book = new OrderBook(network ? { ...OPTS, network: { grid: GridModel.from(NET) } } : OPTS);
  const out: string[] = [];
  for (const e of events) {
    try { out.push(book.submit(e).digest); } catch { /* rejected */ }
  }
  return out;
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/index.js'))) throw new Error('dist/ is missing: run `npm run build` before this test (npm test does)');
  const exe = ensureChromium();
  if (exe instanceof Error) {
    if (process.env.CI) throw exe;
    skipReason = exe.message;
    console.warn(`test/browser/book: skipped, ${skipReason}`);
    return;
  }
  server = await startServer({ port: 0 });
  profile = mkdtempSync(join(tmpdir(), 'gridclear-chromium-book-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: exe, headless: true, args: CHROMIUM_ARGS });
  page = context.pages()[0] ?? (await context.newPage());
  // a light page of the same origin (the demo page clears markets on load): the bundle itself
  await page.goto(new URL('/gridclear/index.js', server!.url).href, { timeout: 120_000 });
}, 900_000);

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe('the order book in headless Chromium', () => {
  for (const network of [false, true]) {
    it(`${network ? 'with a network' : 'copper plate'}: the same digest chain as Node`, async (ctx) => {
      if (skipReason) ctx.skip();
      const events = randomStream(1500, 21, network ? ['n1', 'n2', 'n3'] : []);
      // a script text, so that the test runner does not rewrite its dynamic import
      const script = `(async () => {
        const { events, opts, net } = ${JSON.stringify({ events, opts: OPTS, net: network ? NET : null })};
        const m = await import('/gridclear/index.js');
        const book = new m.OrderBook(net ? { ...opts, network: { grid: m.GridModel.from(net) } } : opts);
        const out = [];
        for (const e of events) {
          try { out.push(book.submit(e).digest); } catch { /* rejected */ }
        }
        return out;
      })()`;
      const chain = (await page.evaluate(script)) as string[];
      expect(chain.length).toBeGreaterThan(1000);
      expect(chain).toEqual(nodeChain(events, network));
    });
  }
});
