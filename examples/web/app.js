// The demo page: pick or load a market, clear it with gridclear (Wasm, in this page), and show the
// result: summary and digest; for a network the graph (zoom, pan, hover, click a bus) and the
// supply/demand chart of the selected bus; for a copper plate the market's chart with the chosen
// mechanism; trades and the settlement per participant; downloads of the result (JSON, CSV).
// document.body.dataset.state is 'loading' | 'ready' | 'cleared' | 'error' (for tests and people).
import * as gc from 'gridclear';
import { supplyDemandChart } from './chart.js';
import { networkGraph, networkTables, table } from './network.js';

const $ = (id) => document.getElementById(id);
const RANDOM = 'random: 300 orders (seeded)';
/** The market shown: its file name and text (re-imported when the MATPOWER settings change). */
let current = { name: '', text: null, market: null };
let shown = null; // { market, result, selected }

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
    return { id: `${side[0]}${i}`, side, price: ((base + Math.floor(rnd() * 4001)) / 100).toFixed(2), quantity: (1 + Math.floor(rnd() * 9999)) / 1000 + '', participant: `p${i % 40}` };
  });
  return { format: 'market-case/1', name: 'random-300', priceDecimals: 2, quantityDecimals: 3, orders };
}

/** The MATPOWER import settings of the form (empty fields: the defaults of the file contract). */
export function importSettings() {
  const opts = {};
  const int = (id) => ($(id).value.trim() === '' ? undefined : Number($(id).value));
  if (int('mp-pd') !== undefined) opts.priceDecimals = int('mp-pd');
  if (int('mp-qd') !== undefined) opts.quantityDecimals = int('mp-qd');
  if ($('mp-cap').value.trim() !== '') opts.priceCap = $('mp-cap').value.trim();
  if ($('mp-floor').value.trim() !== '') opts.priceFloor = $('mp-floor').value.trim();
  return opts;
}

/** Reads a market from file text: market-case/1 JSON, or a MATPOWER case when the name ends in .m. */
export function readMarket(name, text) {
  if (/\.m$/i.test(name)) return gc.importMatpower(text, { name: name.replace(/\.m$/i, ''), ...importSettings() });
  return gc.parseMarketCase(text, { source: name });
}

/** The auction options of the form (copper-plate markets only). */
export function auctionOptions() {
  const o = { mechanism: $('mechanism').value, tieRule: $('tie-rule').value };
  if (o.mechanism === 'uniform' && $('k').value.trim() !== '') o.k = $('k').value.trim();
  if (o.mechanism === 'pay-as-bid') o.payAsBidPrice = $('pab-price').value;
  return o;
}

function showError(e) {
  const box = $('error');
  const detail = ['id', 'index', 'field', 'expected', 'line'].filter((k) => e?.[k] !== undefined).map((k) => `${k}: ${e[k]}`);
  box.textContent = `${e?.code ? `${e.code}: ` : ''}${e?.message ?? String(e)}${detail.length ? `\n${detail.join('\n')}` : ''}`;
  box.hidden = false;
  // A failed load or clearing leaves nothing of an earlier market on the page to be mistaken for it.
  for (const id of ['summary', 'chart-box', 'network-box', 'settlement-box']) $(id).hidden = true;
  $('tables').replaceChildren();
  shown = null;
  document.body.dataset.state = 'error';
}

const sum = (xs) => xs.reduce((s, x) => s + x, 0);

/** The supply/demand chart: of the whole market (copper plate) or of the selected bus. */
function renderChart(market, result, bus) {
  const orders = bus === undefined ? market.orders : market.orders.filter((o) => o.bus === bus);
  const filled = (side) => sum(orders.filter((o) => o.side === side).map((o) => Number(result.fills?.[o.id] ?? 0)));
  const prices = bus === undefined ? Object.values(result.prices ?? {}).map(Number) : [Number(result.prices?.[bus])];
  $('chart-title').textContent = bus === undefined ? 'Supply and demand' : `Supply and demand at bus ${bus}`;
  $('chart').replaceChildren(supplyDemandChart(orders, {
    priceCap: market.priceCap ?? 4000, prices, buyVolume: filled('buy'), sellVolume: filled('sell'),
    title: bus === undefined ? '' : `bus ${bus}: ${orders.length} order${orders.length === 1 ? '' : 's'}, price ${result.prices?.[bus]}`,
  }));
  $('chart-box').hidden = false;
}

/** The bus shown first: one with bids and offers if any, else the most offers, else the most orders (ties: the first). */
function busiest(market) {
  const count = new Map(), sells = new Map(), sides = new Map();
  for (const o of market.orders) {
    count.set(o.bus, (count.get(o.bus) ?? 0) + 1);
    if (o.side === 'sell') sells.set(o.bus, (sells.get(o.bus) ?? 0) + 1);
    sides.set(o.bus, (sides.get(o.bus) ?? 0) | (o.side === 'buy' ? 1 : 2));
  }
  const score = (id) => (sides.get(id) === 3 ? 1e9 : 0) + (sells.get(id) ?? 0) * 1e4 + (count.get(id) ?? 0);
  let best, n = -1;
  for (const b of market.network.buses) if (score(b.id) > n) { best = b.id; n = score(b.id); }
  return best;
}

function selectBus(id) {
  if (!shown) return;
  shown.selected = id;
  for (const c of document.querySelectorAll('#network-graph circle.bus')) {
    const on = c.dataset.id === id;
    c.classList.toggle('selected', on);
    c.setAttribute('stroke', on ? '#111' : '#fff');
    c.setAttribute('stroke-width', on ? '2' : '0.8');
  }
  renderChart(shown.market, shown.result, id);
}

/** Trades and money per participant: the auction's (copper plate) or the nodal settlement's. */
function renderSettlement(market) {
  const pd = market.priceDecimals ?? 4, qd = market.quantityDecimals ?? 3, md = pd + qd;
  const f = gc.formatTicks, limit = 300;
  let trades, money;
  const participantOf = new Map(market.orders.map((o) => [o.id, o.participant ?? o.id]));
  if (market.network) {
    const s = gc.settle(market, gc.clearNodal(market));
    trades = s.trades.map((t) => [t.seller, t.buyer, f(t.quantityTicks, qd), f(t.energyPriceTicks, pd), f(t.networkChargeTicks, pd)]);
    money = s.participants.map((p) => [p.participant, p.netTicks >= 0n ? f(p.netTicks, md) : '', p.netTicks < 0n ? f(-p.netTicks, md) : '']);
    $('trades-head').textContent = 'seller, buyer, MWh, energy price (seller\'s bus), network charge';
  } else {
    const r = gc.clearAuction(market, { ...auctionOptions(), trades: true });
    const ids = market.orders.map((o) => o.id);
    trades = r.trades ? Array.from(r.trades.buyer, (b, i) => [ids[r.trades.seller[i]], ids[b], f(r.trades.quantityTicks[i], qd), f(r.trades.priceTicks[i], pd), '']) : [];
    const net = new Map();
    market.orders.forEach((o, i) => {
      const p = participantOf.get(o.id), m = o.side === 'buy' ? r.payments[i] : -r.payments[i];
      net.set(p, (net.get(p) ?? 0n) + m);
    });
    money = [...net].map(([p, t]) => [p, t >= 0n ? f(t, md) : '', t < 0n ? f(-t, md) : '']);
    $('trades-head').textContent = 'seller, buyer, MWh, price the buyer pays';
  }
  $('trades').replaceChildren(table(['seller', 'buyer', 'MWh', 'price', 'network charge'], trades.slice(0, limit),
    `${trades.length} bilateral trades${trades.length > limit ? ` (first ${limit})` : ''}`));
  $('money').replaceChildren(table(['participant', 'pays', 'receives'], money.slice(0, limit),
    `${money.length} participants${money.length > limit ? ` (first ${limit})` : ''}`));
  $('settlement-box').hidden = false;
}

function render(market, result, ms) {
  $('error').hidden = true;
  $('tooltip').hidden = true;
  const buyIds = new Set(market.orders.filter((o) => o.side === 'buy').map((o) => o.id));
  const qd = market.quantityDecimals ?? 3;
  const volume = gc.formatTicks(Object.entries(result.fills ?? {}).reduce((s, [id, q]) => (buyIds.has(id) ? s + gc.toTicks(q, qd) : s), 0n), qd);
  const prices = Object.values(result.prices ?? {});
  $('market-name').textContent = market.name ?? current.name;
  const inf = result.infeasible;
  $('status').textContent = result.status + (inf ? ` (island ${inf.island}${inf.line ? `, line ${inf.line}` : ''}, ${inf.imbalance} MW)` : '');
  const distinct = [...new Set(prices)].sort((a, b) => Number(a) - Number(b));
  $('price').textContent = prices.length === 0 ? '–' : distinct.length === 1
    ? (prices.length === 1 ? distinct[0] : `${distinct[0]} at all ${prices.length} buses`)
    : `${distinct[0]} … ${distinct.at(-1)} over ${prices.length} buses`;
  $('volume').textContent = `${volume} MWh`;
  $('welfare').textContent = result.welfare ?? '–';
  $('rent').textContent = result.congestionRent ?? '–';
  $('mechanism-shown').textContent = market.network ? 'nodal (DC power flow, one price per bus)' : (result.mechanism ?? 'uniform');
  $('time').textContent = `${ms.toFixed(1)} ms (${market.orders.length} orders)`;
  $('digest').textContent = result.digest;
  $('workers-digest').textContent = '–';
  delete $('workers-digest').dataset.match;
  $('summary').hidden = false;
  shown = { market, result, selected: undefined };
  const networked = market.network && result.status === 'optimal';
  $('network-box').hidden = !networked;
  if (networked) {
    shown.selected = busiest(market);
    $('network').replaceChildren(networkGraph(market, result, { onSelect: selectBus, tooltip: $('tooltip'), selected: shown.selected }));
  }
  if (result.status === 'optimal') renderChart(market, result, shown.selected);
  else $('chart-box').hidden = true;
  const rows = market.orders.slice(0, 300).map((o) => [o.id, o.side, o.bus ?? '', String(o.price), String(o.quantity), result.fills?.[o.id] ?? '']);
  const caption = `Orders${market.orders.length > 300 ? ' (first 300)' : ''}`;
  $('tables').replaceChildren(...(networked ? networkTables(market, result) : []), table(['order', 'side', 'bus', 'price', 'quantity', 'fill'], rows, caption));
  if (result.status === 'optimal') renderSettlement(market); else $('settlement-box').hidden = true;
  for (const id of ['mechanism', 'k', 'tie-rule', 'pab-price']) $(id).disabled = Boolean(market.network);
  document.body.dataset.state = 'cleared';
}

function clearCurrent() {
  try {
    if (current.text !== null) current.market = readMarket(current.name, current.text);
    if (!current.market) return;
    const t0 = performance.now();
    const result = gc.clearMarket(current.market, current.market.network ? {} : auctionOptions());
    render(current.market, result, performance.now() - t0);
  } catch (e) {
    showError(e);
  }
}

async function pick(name) {
  try {
    if (name === RANDOM) current = { name, text: null, market: randomMarket() };
    else current = { name, text: await (await fetch(`/markets/${encodeURIComponent(name)}`)).text(), market: null };
    clearCurrent();
  } catch (e) {
    showError(e);
  }
}

/** The clearing-result/1 file of what is shown, and the same as CSV (the CLI's --format csv). */
export function resultFiles() {
  if (!shown) return null;
  const { market, result } = shown;
  const json = gc.writeClearingResult(result);
  const q = (s) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = ['table,id,value,flow,shadowPrice', `result,status,${result.status},,`];
  if (result.mechanism) rows.push(`result,mechanism,${result.mechanism},,`);
  if (result.status === 'optimal') rows.push(`result,welfare,${result.welfare},,`, `result,congestionRent,${result.congestionRent},,`);
  else {
    rows.push(`result,island,${q(result.infeasible.island)},,`);
    if (result.infeasible.line !== undefined) rows.push(`result,line,${q(result.infeasible.line)},,`);
    rows.push(`result,imbalance,${result.infeasible.imbalance},,`);
  }
  rows.push(`result,digest,${result.digest},,`);
  if (result.status === 'optimal') {
    for (const o of market.orders) rows.push(`fill,${q(o.id)},${result.fills[o.id]},,`);
    for (const b of market.network ? market.network.buses.map((x) => x.id) : ['*']) rows.push(`price,${q(b)},${result.prices[b]},,`);
    for (const l of market.network?.lines ?? []) rows.push(`line,${q(l.id)},,${result.lines[l.id].flow},${result.lines[l.id].shadowPrice}`);
  }
  return { json, csv: `${rows.join('\n')}\n` };
}

function download(kind) {
  const files = resultFiles();
  if (!files) return;
  const base = (shown.market.name ?? 'market').replace(/[^\w.-]+/g, '_');
  const blob = new Blob([files[kind]], { type: kind === 'json' ? 'application/json' : 'text/csv' });
  const a = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: `${base}.result.${kind}` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

async function checkInWorkers() {
  if (!current.market) return;
  const out = $('workers-digest');
  out.textContent = 'clearing in 2 Web Workers…';
  const { createPool, clearingResultsOf } = await import('gridclear/workers');
  const pool = createPool({ size: 2 });
  try {
    const opts = current.market.network ? undefined : auctionOptions();
    const [a, b] = await clearingResultsOf(pool, [current.market, current.market], opts);
    const same = a.digest === b.digest && a.digest === $('digest').textContent;
    out.textContent = same ? 'same digest in 2 Web Workers ✓' : `DIFFERENT: ${a.digest} / ${b.digest}`;
    out.dataset.match = String(same);
  } catch (e) {
    out.textContent = `failed: ${e.code ?? ''} ${e.message}`;
    out.dataset.match = 'false';
  } finally {
    pool.close();
  }
}

function showMechanismFields() {
  $('k-label').hidden = $('mechanism').value !== 'uniform';
  $('pab-label').hidden = $('mechanism').value !== 'pay-as-bid';
}

async function main() {
  document.body.dataset.state = 'loading';
  await gc.init();
  const names = await fetch('/markets/index.json').then((r) => (r.ok ? r.json() : []), () => []);
  $('example').replaceChildren(...[...names, RANDOM].map((n) => Object.assign(document.createElement('option'), { value: n, textContent: n })));
  $('example').addEventListener('change', () => pick($('example').value));
  $('clear').addEventListener('click', clearCurrent);
  $('workers').addEventListener('click', checkInWorkers);
  $('download-json').addEventListener('click', () => download('json'));
  $('download-csv').addEventListener('click', () => download('csv'));
  $('mechanism').addEventListener('change', () => { showMechanismFields(); clearCurrent(); });
  for (const id of ['tie-rule', 'pab-price']) $(id).addEventListener('change', clearCurrent);
  $('k').addEventListener('change', clearCurrent);
  $('file').addEventListener('change', async () => {
    const f = $('file').files?.[0];
    if (!f) return;
    current = { name: f.name, text: await f.text(), market: null };
    clearCurrent();
  });
  showMechanismFields();
  document.body.dataset.state = 'ready';
  await pick($('example').value);
}

main().catch(showError);
