// The network view of a nodal clearing: a force-directed graph (d3-force) with zoom and pan,
// buses coloured by price (legend), congested lines marked, details on hover, and a bus picked by
// click. Tables of bus prices and line flows. Works from clearing-result/1 fields (prices, lines)
// plus the market's network and orders, so any clearing that writes the format can be shown.
//
// Why d3-force: the layout is the hard part (a 1354-bus grid must not pile up), d3-force is small
// (4 ISC packages, no build step), deterministic (a seeded random source) and fast enough with its
// Barnes-Hut many-body force; drawing stays plain SVG, which shows a few thousand elements well
// and lets tests and people inspect every bus and line. (graphology + sigma draw with WebGL, which
// pays off beyond ~10^4 elements but hides them from the DOM and needs a GPU or SwiftShader.)
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY } from 'd3-force';
import { svg } from './chart.js';

const W = 900, H = 640, PAD = 24;

/** Positions of the buses, [x, y] in the W x H box: force-directed, then fitted (aspect kept). */
export function layoutNetwork(busIds, lines) {
  const n = busIds.length, index = new Map(busIds.map((id, i) => [id, i]));
  const nodes = busIds.map(() => ({}));
  const links = lines.filter((l) => index.has(l.from) && index.has(l.to) && l.from !== l.to)
    .map((l) => ({ source: index.get(l.from), target: index.get(l.to) }));
  const big = n > 300;
  const sim = forceSimulation(nodes)
    .force('link', forceLink(links).distance(big ? 14 : 40).iterations(big ? 2 : 1))
    .force('charge', forceManyBody().strength(big ? -26 : -220).theta(0.9))
    .force('x', forceX(0).strength(big ? 0.02 : 0.06))
    .force('y', forceY(0).strength(big ? 0.02 : 0.06))
    .force('collide', forceCollide(big ? 5 : 12).strength(0.8))
    .stop();
  sim.tick(300);
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const d of nodes) { x0 = Math.min(x0, d.x); x1 = Math.max(x1, d.x); y0 = Math.min(y0, d.y); y1 = Math.max(y1, d.y); }
  const s = Math.min((W - 2 * PAD) / (x1 - x0 || 1), (H - 2 * PAD - 40) / (y1 - y0 || 1));
  const ox = (W - s * (x1 - x0)) / 2, oy = 40 + (H - 40 - s * (y1 - y0)) / 2;
  return nodes.map((d) => [ox + (d.x - x0) * s, oy + (d.y - y0) * s]);
}

/** Price colour: blue (cheapest bus) through yellow to red (dearest). */
export function priceColour(p, lo, hi) {
  const t = hi > lo ? Math.min(1, Math.max(0, (p - lo) / (hi - lo))) : 0.5;
  return `hsl(${Math.round(230 - 230 * t)} 80% ${Math.round(45 + 10 * Math.sin(Math.PI * t))}%)`;
}

/** Per bus: fixed injection, sell fills, buy fills, net injection (MW), number of orders. */
export function busFlows(market, result) {
  const q = (v) => Number(v ?? 0);
  const at = new Map(market.network.buses.map((b) => [b.id, { fixed: q(b.fixedInjection), sold: 0, bought: 0, orders: 0 }]));
  for (const o of market.orders) {
    const b = at.get(o.bus);
    if (!b) continue;
    b.orders++;
    const f = q(result.fills?.[o.id]);
    if (o.side === 'sell') b.sold += f; else b.bought += f;
  }
  for (const b of at.values()) b.net = b.fixed + b.sold - b.bought;
  return at;
}

/** The legend: a price gradient with its range, and the congested-line mark. */
function legend(lo, hi) {
  const g = svg('g', { class: 'legend', transform: `translate(${PAD} 10)` });
  const grad = svg('linearGradient', { id: 'price-gradient' });
  for (let i = 0; i <= 10; i++) grad.append(svg('stop', { offset: `${i * 10}%`, 'stop-color': priceColour(lo + ((hi - lo) * i) / 10, lo, hi) }));
  const defs = svg('defs');
  defs.append(grad);
  g.append(defs);
  g.append(svg('rect', { x: 60, y: 0, width: 180, height: 12, fill: 'url(#price-gradient)', stroke: '#8893a3', 'stroke-width': 0.5 }));
  g.append(svg('text', { x: 0, y: 10, 'font-size': 12 }, 'bus price'));
  g.append(svg('text', { x: 60, y: 26, 'font-size': 11, class: 'legend-lo' }, String(lo)));
  g.append(svg('text', { x: 240, y: 26, 'font-size': 11, 'text-anchor': 'end', class: 'legend-hi' }, String(hi)));
  g.append(svg('line', { x1: 280, x2: 310, y1: 6, y2: 6, stroke: '#d0202a', 'stroke-width': 3.5 }));
  g.append(svg('text', { x: 316, y: 10, 'font-size': 12 }, 'congested line (non-zero shadow price)'));
  g.append(svg('text', { x: 560, y: 10, 'font-size': 11, fill: '#5b6575' }, 'wheel: zoom · drag: pan · click a bus: its chart'));
  return g;
}

/**
 * The graph of `market.network` with `result`: returns the SVG element. `onSelect(busId)` is
 * called when a bus is clicked; `tooltip` is an element shown with the details under the pointer.
 */
export function networkGraph(market, result, { onSelect, tooltip, selected } = {}) {
  const buses = market.network.buses.map((b) => b.id), lines = market.network.lines;
  const pos = layoutNetwork(buses, lines), at = new Map(buses.map((id, i) => [id, pos[i]]));
  const flows = busFlows(market, result);
  const prices = buses.map((b) => Number(result.prices?.[b]));
  const lo = Math.min(...prices), hi = Math.max(...prices);
  const r0 = buses.length > 500 ? 3 : buses.length > 100 ? 5 : 10;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, id: 'network-graph', role: 'img', 'aria-label': 'network' });
  const view = svg('g', { class: 'viewport' });
  const lineLayer = svg('g', { class: 'lines' }), busLayer = svg('g', { class: 'buses' });
  for (const l of lines) {
    const a = at.get(l.from), b = at.get(l.to);
    if (!a || !b) continue;
    const congested = Number(result.lines?.[l.id]?.shadowPrice ?? 0) !== 0;
    lineLayer.append(svg('line', {
      x1: a[0], y1: a[1], x2: b[0], y2: b[1], 'data-id': l.id, class: congested ? 'line congested' : 'line',
      stroke: congested ? '#d0202a' : '#8f9bad', 'stroke-width': congested ? 3 : 1, 'vector-effect': 'non-scaling-stroke',
    }));
  }
  buses.forEach((id, i) => {
    busLayer.append(svg('circle', {
      cx: pos[i][0], cy: pos[i][1], r: r0, 'data-id': id, class: id === selected ? 'bus selected' : 'bus',
      fill: priceColour(prices[i], lo, hi), stroke: id === selected ? '#111' : '#fff', 'stroke-width': id === selected ? 2 : 0.8,
      'vector-effect': 'non-scaling-stroke',
    }));
    if (buses.length <= 60) busLayer.append(svg('text', { x: pos[i][0] + r0 + 2, y: pos[i][1] - r0, 'font-size': 11, class: 'label' }, id));
  });
  view.append(lineLayer, busLayer);
  root.append(view, legend(lo, hi));
  zoomAndPan(root, view, r0);
  if (tooltip) hoverDetails(root, tooltip, market, result, flows);
  root.addEventListener('click', (e) => {
    const id = e.target?.classList?.contains('bus') ? e.target.dataset.id : undefined;
    if (id !== undefined) onSelect?.(id);
  });
  return root;
}

/** Wheel zooms around the pointer, dragging pans; bus circles keep their size on screen. */
function zoomAndPan(root, view, r0) {
  const t = { k: 1, x: 0, y: 0 };
  const apply = () => {
    view.setAttribute('transform', `translate(${t.x} ${t.y}) scale(${t.k})`);
    for (const c of view.querySelectorAll('circle.bus')) c.setAttribute('r', String(r0 / Math.sqrt(t.k)));
    root.dataset.zoom = t.k.toFixed(3);
  };
  const local = (e) => {
    const m = root.getScreenCTM();
    return m ? [(e.clientX - m.e) / m.a, (e.clientY - m.f) / m.d] : [0, 0];
  };
  root.addEventListener('wheel', (e) => {
    e.preventDefault();
    const [px, py] = local(e), k = Math.min(40, Math.max(0.5, t.k * Math.exp(-e.deltaY * 0.0015)));
    t.x = px - ((px - t.x) * k) / t.k; t.y = py - ((py - t.y) * k) / t.k; t.k = k;
    apply();
  }, { passive: false });
  let drag = null;
  root.addEventListener('pointerdown', (e) => { drag = { p: local(e), x: t.x, y: t.y }; });
  root.addEventListener('pointermove', (e) => {
    if (!drag || e.buttons === 0) { drag = null; return; }
    const [px, py] = local(e);
    t.x = drag.x + px - drag.p[0]; t.y = drag.y + py - drag.p[1];
    apply();
  });
  root.addEventListener('pointerup', () => { drag = null; });
  root.addEventListener('dblclick', () => { t.k = 1; t.x = 0; t.y = 0; apply(); });
  apply();
}

const fmt = (v, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : '–');

/** Details under the pointer: a bus's price and injections, a line's flow, limits and shadow price. */
function hoverDetails(root, tip, market, result, flows) {
  const lineOf = new Map(market.network.lines.map((l) => [l.id, l]));
  root.addEventListener('pointerover', (e) => {
    const el = e.target, id = el?.dataset?.id;
    if (id === undefined) return;
    let html;
    if (el.classList.contains('bus')) {
      const b = flows.get(id);
      html = `<b>bus ${id}</b><br>price ${result.prices?.[id] ?? '–'}<br>fixed injection ${fmt(b.fixed)} MW<br>`
        + `sold ${fmt(b.sold)} MW · bought ${fmt(b.bought)} MW<br>net injection ${fmt(b.net)} MW (${b.orders} orders)`;
    } else {
      const l = lineOf.get(id), r = result.lines?.[id] ?? {};
      const congested = Number(r.shadowPrice ?? 0) !== 0;
      html = `<b>line ${id}</b> ${l.from} → ${l.to}<br>flow ${fmt(r.flow)} MW<br>limits [${l.minFlow ?? '−∞'}, ${l.maxFlow ?? '∞'}] MW<br>`
        + `shadow price ${r.shadowPrice ?? '–'}${congested ? ' <b class="congested">congested</b>' : ''}`;
    }
    tip.innerHTML = html;
    tip.hidden = false;
    tip.dataset.for = `${el.classList.contains('bus') ? 'bus' : 'line'}:${id}`;
  });
  root.addEventListener('pointermove', (e) => { tip.style.left = `${e.pageX + 14}px`; tip.style.top = `${e.pageY + 10}px`; });
  root.addEventListener('pointerout', (e) => { if (e.target?.dataset?.id !== undefined) tip.hidden = true; });
}

/** A table element from header names and rows of cells (strings; {text, cls} for a styled cell). */
export function table(headers, rows, caption) {
  const t = document.createElement('table');
  if (caption) t.createCaption().textContent = caption;
  const head = t.createTHead().insertRow();
  for (const h of headers) head.append(Object.assign(document.createElement('th'), { textContent: h }));
  const body = t.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const cell of row) {
      const td = tr.insertCell();
      if (cell && typeof cell === 'object') { td.textContent = cell.text; td.className = cell.cls; } else td.textContent = cell;
    }
  }
  return t;
}

/** Tables of bus prices and of line flows and shadow prices. */
export function networkTables(market, result, limit = 300) {
  const flows = busFlows(market, result);
  const buses = market.network.buses.slice(0, limit).map((b) => {
    const f = flows.get(b.id);
    return [b.id, result.prices?.[b.id] ?? '', b.fixedInjection ?? '0', fmt(f.net)];
  });
  const lines = market.network.lines.slice(0, limit).map((l) => {
    const r = result.lines?.[l.id] ?? {}, congested = Number(r.shadowPrice ?? 0) !== 0;
    const cell = (text) => (congested ? { text, cls: 'congested' } : text);
    return [l.id, `${l.from} → ${l.to}`, cell(r.flow === undefined ? '' : r.flow.toFixed(3)), l.minFlow ?? '−∞', l.maxFlow ?? '∞', cell(r.shadowPrice ?? '')];
  });
  return [
    table(['bus', 'price', 'fixed injection (MW)', 'net injection (MW)'], buses, `Bus prices${market.network.buses.length > limit ? ` (first ${limit})` : ''}`),
    table(['line', 'from → to', 'flow (MW)', 'min', 'max', 'shadow price'], lines, `Lines${market.network.lines.length > limit ? ` (first ${limit})` : ''}`),
  ];
}
