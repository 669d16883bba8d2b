// The supply and demand step chart (plain SVG): buys by falling price, sells by rising price,
// cumulative MWh on x, price on y; the clearing price and volume as dashed lines.
const NS = 'http://www.w3.org/2000/svg';
const W = 900, H = 420, M = { left: 64, right: 20, top: 34, bottom: 44 };

/** An SVG element with attributes. */
export function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Cumulative step points of one side's orders, best price first. */
function steps(orders, side) {
  const sorted = orders.filter((o) => o.side === side)
    .map((o) => ({ p: Number(o.price), q: Number(o.quantity) }))
    .sort((a, b) => (side === 'buy' ? b.p - a.p : a.p - b.p));
  const pts = [];
  let x = 0;
  for (const { p, q } of sorted) { pts.push([x, p], [x + q, p]); x += q; }
  return { pts, total: x };
}

/** "Nice" axis ticks between lo and hi. */
function ticks(lo, hi, count) {
  const span = hi - lo || 1, raw = span / count, mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => span / s <= count) ?? 10 * mag;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Number(v.toFixed(10)));
  return out;
}

/** The y range: all order prices and clearing prices, except bids at the price cap (drawn apart). */
function priceRange(orders, cap, prices) {
  const ps = orders.map((o) => Number(o.price)).filter((p) => p < cap).concat(prices);
  if (ps.length === 0) ps.push(0, cap);
  const lo = Math.min(...ps), hi = Math.max(...ps);
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.08;
  return [lo - pad, hi + pad];
}

/**
 * The supply and demand steps of `orders` (a market, or the orders of one bus) with the clearing
 * price(s) and the filled volume. `opts`: `priceCap`, `prices` (numbers), `buyVolume`,
 * `sellVolume` (MWh filled; equal on a copper plate), `title`. Bids at the price cap (inelastic
 * load, as MATPOWER loads are imported) would flatten the chart: they are drawn on a band above
 * the axis, dashed and labelled with their quantity.
 */
export function supplyDemandChart(orders, { priceCap = 4000, prices = [], buyVolume = 0, sellVolume = buyVolume, title = '' } = {}) {
  const cap = Number(priceCap);
  const buy = steps(orders, 'buy'), sell = steps(orders, 'sell');
  const capped = orders.filter((o) => o.side === 'buy' && Number(o.price) >= cap);
  const cappedQ = capped.reduce((s, o) => s + Number(o.quantity), 0);
  const [ylo, yhi] = priceRange(orders, cap, prices);
  const xmax = Math.max(buy.total, sell.total, buyVolume, sellVolume, 1e-9) * 1.04;
  const top = M.top + (capped.length ? 22 : 0);
  const sx = (x) => M.left + (x / xmax) * (W - M.left - M.right);
  const sy = (y) => (y >= cap && capped.length ? M.top + 8 : H - M.bottom - ((Math.min(Math.max(y, ylo), yhi) - ylo) / (yhi - ylo)) * (H - top - M.bottom));
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'supply and demand', id: 'sd-chart' });
  for (const t of ticks(ylo, yhi, 8)) {
    root.append(svg('line', { x1: M.left, x2: W - M.right, y1: sy(t), y2: sy(t), stroke: '#eef1f5' }));
    root.append(svg('text', { x: M.left - 6, y: sy(t) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#5b6575' }, String(t)));
  }
  for (const t of ticks(0, xmax, 10)) {
    root.append(svg('text', { x: sx(t), y: H - M.bottom + 16, 'text-anchor': 'middle', 'font-size': 11, fill: '#5b6575' }, String(t)));
  }
  root.append(svg('text', { x: (W + M.left) / 2, y: H - 6, 'text-anchor': 'middle', 'font-size': 12 }, 'cumulative quantity (MWh)'));
  root.append(svg('text', { x: 14, y: H / 2, transform: `rotate(-90 14 ${H / 2})`, 'text-anchor': 'middle', 'font-size': 12 }, 'price (per MWh)'));
  root.append(svg('rect', { x: M.left, y: top, width: W - M.left - M.right, height: H - top - M.bottom, fill: 'none', stroke: '#c9d0da' }));
  if (title) root.append(svg('text', { x: W - M.right, y: 18, 'text-anchor': 'end', 'font-size': 13, 'font-weight': 600, class: 'chart-title' }, title));
  const path = (pts, colour, cls, extra = {}) => svg('polyline', {
    points: pts.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' '),
    fill: 'none', stroke: colour, 'stroke-width': 2.2, class: cls, ...extra,
  });
  const k = buy.pts.findIndex(([, p]) => p < cap);
  const cut = capped.length ? (k < 0 ? buy.pts.length : k) : 0;
  if (cut > 0) {
    root.append(path(buy.pts.slice(0, cut), '#2364aa', 'demand capped', { 'stroke-dasharray': '5 3', 'stroke-width': 3 }));
    root.append(svg('text', { x: sx(0) + 4, y: M.top + 2, 'font-size': 11, fill: '#2364aa', class: 'capped-label' },
      `▲ ${capped.length} bid${capped.length === 1 ? '' : 's'} at the price cap ${cap} (${Number(cappedQ.toFixed(6))} MWh): inelastic, off the scale`));
  }
  root.append(path(buy.pts.slice(Math.max(0, cut - 1)), '#2364aa', 'demand'), path(sell.pts, '#e07a10', 'supply'));
  markClearing(root, { prices, buyVolume, sellVolume, sx, sy, ylo, yhi, top });
  legend(root);
  return root;
}

/** Dashed clearing price (or the range of bus prices) and the filled volume(s). */
function markClearing(root, { prices, buyVolume, sellVolume, sx, sy, ylo, yhi, top }) {
  const dash = { stroke: '#1b8a3a', 'stroke-width': 1.6, 'stroke-dasharray': '6 4' };
  if (prices.length > 0) {
    const lo = Math.min(...prices), hi = Math.max(...prices);
    if (hi > lo) root.append(svg('rect', { x: M.left, width: W - M.left - M.right, y: sy(hi), height: Math.max(1, sy(lo) - sy(hi)), fill: '#1b8a3a', opacity: 0.12, class: 'price-band' }));
    root.append(svg('line', { x1: M.left, x2: W - M.right, y1: sy(lo), y2: sy(lo), ...dash, class: 'clearing-price' }));
    const label = hi > lo ? `prices ${lo} … ${hi}` : `price ${lo}`;
    root.append(svg('text', { x: W - M.right - 6, y: sy(hi) - 6, 'text-anchor': 'end', 'font-size': 12, fill: '#1b8a3a' }, label));
  }
  const vol = (v, label, y) => {
    root.append(svg('line', { x1: sx(v), x2: sx(v), y1: sy(yhi), y2: sy(ylo), ...dash, class: 'clearing-volume' }));
    const right = sx(v) > W - M.right - 160; // near the right edge: label on the left of the line
    root.append(svg('text', { x: sx(v) + (right ? -6 : 6), y, 'font-size': 12, fill: '#1b8a3a', 'text-anchor': right ? 'end' : 'start' }, label));
  };
  if (Math.abs(buyVolume - sellVolume) < 1e-9) vol(buyVolume, `volume ${Number(buyVolume.toFixed(6))}`, top + 16);
  else {
    vol(buyVolume, `bought here ${Number(buyVolume.toFixed(6))}`, top + 16);
    vol(sellVolume, `sold here ${Number(sellVolume.toFixed(6))}`, top + 32);
  }
}

function legend(root) {
  const items = [['demand (buy)', '#2364aa'], ['supply (sell)', '#e07a10'], ['clearing', '#1b8a3a']];
  items.forEach(([label, colour], i) => {
    const x = M.left + i * 130, y = 18;
    root.append(svg('line', { x1: x, x2: x + 22, y1: y - 4, y2: y - 4, stroke: colour, 'stroke-width': 2.5 }));
    root.append(svg('text', { x: x + 28, y, 'font-size': 12 }, label));
  });
}
