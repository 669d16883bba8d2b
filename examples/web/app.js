// The demo page: pick or load a market, clear it with gridclear (Wasm, in this page), and show
// the supply/demand chart, the network (networked markets), tables and the result's digest.
// document.body.dataset.state is 'loading' | 'ready' | 'cleared' | 'error' (for tests and people).
import * as gc from 'gridclear';
import { supplyDemandChart } from './chart.js';
import { networkGraph, networkTables, table } from './network.js';

const $ = (id) => document.getElementById(id);
const RANDOM = 'random: 300 orders (seeded)';
let current = { name: '', market: null };

/** A seeded random copper-plate market: buys 40..80, sells 20..60 on a 0.01 tick. */
export function randomMarket(n = 300, seed = 7) {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const orders = Array.from({ length: n }, (_, i) => {
    const side = rnd() < 0.5 ? 'buy' : 'sell', base = side === 'buy' ? 4000 : 2000;
    return { id: `${side[0]}${i}`, side, price: ((base + Math.floor(rnd() * 4001)) / 100).toFixed(2), quantity: (1 + Math.floor(rnd() * 9999)) / 1000 + '' };
  });
  return { format: 'market-case/1', name: 'random-300', priceDecimals: 2, quantityDecimals: 3, orders };
}

/** Reads a market from file text: market-case/1 JSON, or a MATPOWER case when the name ends in .m. */
export function readMarket(name, text) {
  if (/\.m$/i.test(name)) {
    if (typeof gc.importMatpower !== 'function') throw new Error('this build of gridclear cannot import MATPOWER files');
    return gc.importMatpower(text, { name: name.replace(/\.m$/i, '') });
  }
  return gc.parseMarketCase(text, { source: name });
}

/** Clears a market the default way: nodal when it has a network, the call auction otherwise. */
export function clearMarket(market) {
  if (typeof gc.clearMarket === 'function') return gc.clearMarket(market);
  // Builds before clearMarket existed.
  if (market.network) return gc.toClearingResult(gc.nodalOutcome(gc.clearNodal(market)));
  return gc.toClearingResult(gc.auctionOutcome(market, gc.clearAuction(market)));
}

function showError(e) {
  const box = $('error');
  const detail = ['id', 'index', 'field', 'expected', 'line'].filter((k) => e?.[k] !== undefined).map((k) => `${k}: ${e[k]}`);
  box.textContent = `${e?.code ? `${e.code}: ` : ''}${e?.message ?? String(e)}${detail.length ? `\n${detail.join('\n')}` : ''}`;
  box.hidden = false;
  // A failed load or clearing leaves nothing of an earlier market on the page to be mistaken for it.
  for (const id of ['summary', 'chart-box', 'network-box']) $(id).hidden = true;
  $('tables').replaceChildren();
  document.body.dataset.state = 'error';
}

function render(market, result, ms) {
  $('error').hidden = true;
  const volume = gc.formatTicks(Object.entries(result.fills ?? {}).reduce((s, [id, f]) => (buyIds.has(id) ? s + gc.toTicks(f, market.quantityDecimals) : s), 0n), market.quantityDecimals);
  const prices = Object.values(result.prices ?? {});
  $('market-name').textContent = market.name ?? current.name;
  $('status').textContent = result.status + (result.infeasible ? ` (island ${result.infeasible.island}, ${result.infeasible.imbalance} MW short)` : '');
  const distinct = [...new Set(prices)].sort((a, b) => Number(a) - Number(b));
  $('price').textContent = prices.length === 0 ? '–' : distinct.length === 1
    ? (prices.length === 1 ? distinct[0] : `${distinct[0]} at all ${prices.length} buses`)
    : `${distinct[0]} … ${distinct.at(-1)} over ${prices.length} buses`;
  $('volume').textContent = `${volume} MWh`;
  $('welfare').textContent = result.welfare ?? '–';
  $('rent').textContent = result.congestionRent ?? '–';
  $('time').textContent = `${ms.toFixed(1)} ms (${market.orders.length} orders)`;
  $('digest').textContent = result.digest;
  $('workers-digest').textContent = '–';
  $('summary').hidden = false;
  $('chart').replaceChildren(supplyDemandChart(market, result, Number(volume)));
  $('chart-box').hidden = false;
  renderNetwork(market, result);
  const rows = market.orders.slice(0, 300).map((o) => [o.id, o.side, o.bus ?? '', String(o.price), String(o.quantity), result.fills?.[o.id] ?? '']);
  const caption = `Orders${market.orders.length > 300 ? ' (first 300)' : ''}`;
  $('tables').replaceChildren(...(market.network ? networkTables(market, result) : []), table(['order', 'side', 'bus', 'price', 'quantity', 'fill'], rows, caption));
  document.body.dataset.state = 'cleared';
}

let buyIds = new Set();

/** The hook for networked markets: graph and tables when the result has bus prices. */
function renderNetwork(market, result) {
  const box = $('network-box');
  box.hidden = !market.network || result.status !== 'optimal';
  if (!box.hidden) $('network').replaceChildren(networkGraph(market, result));
}

function clearCurrent() {
  if (!current.market) return;
  try {
    const t0 = performance.now();
    buyIds = new Set(current.market.orders.filter((o) => o.side === 'buy').map((o) => o.id));
    const result = clearMarket(current.market);
    render(current.market, result, performance.now() - t0);
  } catch (e) {
    showError(e);
  }
}

async function pick(name) {
  try {
    const market = name === RANDOM ? randomMarket() : readMarket(name, await (await fetch(`/markets/${encodeURIComponent(name)}`)).text());
    current = { name, market };
    clearCurrent();
  } catch (e) {
    showError(e);
  }
}

async function checkInWorkers() {
  if (!current.market) return;
  const out = $('workers-digest');
  out.textContent = 'clearing in 2 Web Workers…';
  const { createPool, clearingResultsOf } = await import('gridclear/workers');
  const pool = createPool({ size: 2 });
  try {
    const [a, b] = await clearingResultsOf(pool, [current.market, current.market]);
    const same = a.digest === b.digest && a.digest === $('digest').textContent;
    out.textContent = same ? `same digest in 2 Web Workers ✓` : `DIFFERENT: ${a.digest} / ${b.digest}`;
    out.dataset.match = String(same);
  } catch (e) {
    out.textContent = `failed: ${e.code ?? ''} ${e.message}`;
    out.dataset.match = 'false';
  } finally {
    pool.close();
  }
}

async function main() {
  document.body.dataset.state = 'loading';
  await gc.init();
  const names = await fetch('/markets/index.json').then((r) => (r.ok ? r.json() : []), () => []);
  $('example').replaceChildren(...[...names, RANDOM].map((n) => Object.assign(document.createElement('option'), { value: n, textContent: n })));
  $('example').addEventListener('change', () => pick($('example').value));
  $('clear').addEventListener('click', clearCurrent);
  $('workers').addEventListener('click', checkInWorkers);
  $('file').addEventListener('change', async () => {
    const f = $('file').files?.[0];
    if (!f) return;
    try {
      current = { name: f.name, market: readMarket(f.name, await f.text()) };
      clearCurrent();
    } catch (e) {
      showError(e);
    }
  });
  document.body.dataset.state = 'ready';
  await pick($('example').value);
}

main().catch(showError);
