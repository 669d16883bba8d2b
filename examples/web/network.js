// The network view of a nodal clearing-result/1: a graph with buses coloured by price and
// congested lines (non-zero shadow price) marked, and tables of bus prices and line flows.
// Works from the result file's fields only, so any clearing that writes clearing-result/1 fits.
import { svg } from './chart.js';

const W = 900, H = 560, PAD = 30;

/** Deterministic spring layout (small graphs) or a circle (large ones); positions in [0,1]^2. */
function layout(busIds, lines) {
  const n = busIds.length, index = new Map(busIds.map((id, i) => [id, i]));
  const pos = busIds.map((_, i) => [0.5 + 0.45 * Math.cos((2 * Math.PI * i) / n), 0.5 + 0.45 * Math.sin((2 * Math.PI * i) / n)]);
  if (n > 400 || n < 3) return pos;
  const edges = lines.map((l) => [index.get(l.from), index.get(l.to)]).filter(([a, b]) => a !== undefined && b !== undefined);
  const k = 0.9 / Math.sqrt(n);
  for (let it = 0; it < 200; it++) {
    const disp = pos.map(() => [0, 0]), t = 0.05 * (1 - it / 200);
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) {
      const dx = pos[a][0] - pos[b][0], dy = pos[a][1] - pos[b][1], d2 = dx * dx + dy * dy + 1e-9, f = (k * k) / d2;
      disp[a][0] += dx * f; disp[a][1] += dy * f; disp[b][0] -= dx * f; disp[b][1] -= dy * f;
    }
    for (const [a, b] of edges) {
      const dx = pos[a][0] - pos[b][0], dy = pos[a][1] - pos[b][1], d = Math.sqrt(dx * dx + dy * dy) + 1e-9, f = d / k;
      disp[a][0] -= dx * f; disp[a][1] -= dy * f; disp[b][0] += dx * f; disp[b][1] += dy * f;
    }
    for (let a = 0; a < n; a++) {
      const len = Math.hypot(disp[a][0], disp[a][1]) + 1e-9, s = Math.min(len, t) / len;
      pos[a][0] = Math.min(1, Math.max(0, pos[a][0] + disp[a][0] * s));
      pos[a][1] = Math.min(1, Math.max(0, pos[a][1] + disp[a][1] * s));
    }
  }
  return pos;
}

/** Blue (cheapest bus) to red (dearest). */
function colour(p, lo, hi) {
  const t = hi > lo ? (p - lo) / (hi - lo) : 0.5;
  return `hsl(${Math.round(220 - 220 * t)} 75% ${Math.round(48 + 6 * Math.sin(Math.PI * t))}%)`;
}

/** The graph of `market.network` coloured by `result.prices`, congested lines in red. */
export function networkGraph(market, result) {
  const buses = market.network.buses.map((b) => b.id), lines = market.network.lines;
  const pos = layout(buses, lines), at = new Map(buses.map((id, i) => [id, pos[i]]));
  const px = ([x, y]) => [PAD + x * (W - 2 * PAD), PAD + y * (H - 2 * PAD)];
  const prices = buses.map((b) => Number(result.prices?.[b]));
  const lo = Math.min(...prices), hi = Math.max(...prices), r = buses.length > 100 ? 4 : 9;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, id: 'network-graph', role: 'img', 'aria-label': 'network' });
  for (const l of lines) {
    const a = at.get(l.from), b = at.get(l.to);
    if (!a || !b) continue;
    const congested = Number(result.lines?.[l.id]?.shadowPrice ?? 0) !== 0;
    const [x1, y1] = px(a), [x2, y2] = px(b);
    const el = svg('line', { x1, y1, x2, y2, stroke: congested ? '#d0202a' : '#9aa5b5', 'stroke-width': congested ? 3.5 : 1.2, class: congested ? 'line congested' : 'line' });
    el.append(svg('title', {}, `line ${l.id}: ${result.lines?.[l.id]?.flow ?? '?'} MW, shadow price ${result.lines?.[l.id]?.shadowPrice ?? '?'}`));
    root.append(el);
  }
  buses.forEach((id, i) => {
    const [x, y] = px(pos[i]);
    const c = svg('circle', { cx: x, cy: y, r, fill: colour(prices[i], lo, hi), stroke: '#fff', 'stroke-width': 1.2, class: 'bus' });
    c.append(svg('title', {}, `bus ${id}: price ${result.prices?.[id]}`));
    root.append(c);
    if (buses.length <= 60) root.append(svg('text', { x: x + r + 2, y: y - r, 'font-size': 11 }, id));
  });
  root.append(svg('text', { x: PAD, y: H - 8, 'font-size': 12, fill: '#5b6575' }, `bus price: blue ${lo} … red ${hi}; congested lines in red`));
  return root;
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
  const buses = market.network.buses.slice(0, limit).map((b) => [b.id, result.prices?.[b.id] ?? '', b.fixedInjection ?? '0']);
  const lines = market.network.lines.slice(0, limit).map((l) => {
    const r = result.lines?.[l.id] ?? {}, congested = Number(r.shadowPrice ?? 0) !== 0;
    const cell = (text) => (congested ? { text, cls: 'congested' } : text);
    return [l.id, `${l.from} → ${l.to}`, cell(r.flow === undefined ? '' : r.flow.toFixed(3)), l.minFlow ?? '−∞', l.maxFlow ?? '∞', cell(r.shadowPrice ?? '')];
  });
  return [
    table(['bus', 'price', 'fixed injection (MW)'], buses, `Bus prices${market.network.buses.length > limit ? ` (first ${limit})` : ''}`),
    table(['line', 'from → to', 'flow (MW)', 'min', 'max', 'shadow price'], lines, `Lines${market.network.lines.length > limit ? ` (first ${limit})` : ''}`),
  ];
}
