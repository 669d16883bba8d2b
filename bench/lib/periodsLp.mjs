// Multi-period markets for bench/lp.bench.mjs: a PGLib case's network (without its fixed
// injections) over T periods with random prosumer orders at random buses (a load profile over the
// day), storage units at random buses;
// and the same market as a sparse LP in the angle formulation (an angle per non-reference bus and
// period, a balance row per bus and period, a ranged flow row per limited line and period, an
// energy row per storage unit and period), which both LP engines solve in the bench.
import { prng } from './market.mjs';

/**
 * A market-case/2 market on `base` (an imported MATPOWER market: its network only) with `periods`
 * hourly periods, `orders` orders per period and `storage` storage units; line limits times `lineFactor`.
 */
export function periodsMarket(base, { periods, orders, storage, seed, lineFactor = 1 }) {
  const rand = prng(seed), net = structuredClone(base.network), buses = net.buses.map((b) => b.id);
  // a prosumer market: the case's loads and generators as fixed injections are left out (case1354's
  // alone cannot be balanced by the orders), orders only
  for (const b of net.buses) delete b.fixedInjection;
  net.lines = net.lines.map((l) => ({
    ...l,
    minFlow: l.minFlow == null ? l.minFlow : (Number(l.minFlow) * lineFactor).toFixed(3),
    maxFlow: l.maxFlow == null ? l.maxFlow : (Number(l.maxFlow) * lineFactor).toFixed(3),
  }));
  const ps = Array.from({ length: periods }, (_, t) => ({ id: `t${t}`, duration: '1' }));
  const list = [];
  ps.forEach((p, t) => {
    const profile = 1 + 0.5 * Math.sin((2 * Math.PI * t) / Math.max(2, periods));
    for (let k = 0; k < orders; k++) {
      const sell = rand() < 0.5;
      const price = sell ? 10 + 60 * rand() : (20 + 80 * rand()) * profile;
      list.push({ id: `o${t}_${k}`, period: p.id, side: sell ? 'sell' : 'buy', bus: buses[Math.floor(rand() * buses.length)], price: price.toFixed(2), quantity: (1 + 20 * rand()).toFixed(3) });
    }
  });
  const st = Array.from({ length: storage }, (_, g) => {
    const power = 5 + Math.floor(rand() * 30);
    return {
      id: `bat${g}`, bus: buses[Math.floor(rand() * buses.length)], energyCapacity: String(power * 3), chargeCapacity: String(power), dischargeCapacity: String(power),
      chargeEfficiency: '0.95', dischargeEfficiency: '0.95', initialEnergy: '0', minFinalEnergy: '0',
    };
  });
  return { format: 'market-case/2', priceDecimals: 2, quantityDecimals: 3, network: net, periods: ps, orders: list, storage: st };
}

/** The angle formulation of a normalized multi-period market (normalizePeriods' BasicPeriods) as a SparseLp (maximize welfare). */
export function angleLp(m) {
  const T = m.periodIds.length, net = m.net, nB = net.busIds.length, nL = net.lineIds.length, G = m.storage.ids.length;
  const qs = 10 ** m.qd, ps = 10 ** m.pd, hs = 10 ** m.dd, es = 10 ** (m.qd + m.dd);
  const ref = new Uint8Array(nB);
  for (const r of net.islandReference) ref[r] = 1;
  const cols = [], lo = [], up = [], cost = [], rowLo = [], rowUp = [];
  const col = (l, u, c) => { cols.push([]); lo.push(l); up.push(u); cost.push(c); return cols.length - 1; };
  const row = (l, u) => { rowLo.push(l); rowUp.push(u); return rowLo.length - 1; };
  const add = (c, r, v) => {
    if (v === 0) return;
    const e = cols[c].find((x) => x[0] === r); // parallel lines meet the same entry
    if (e) e[1] += v; else cols[c].push([r, v]);
  };
  const bal = [];
  for (let t = 0; t < T; t++) {
    const rhs = Array.from(m.fixed[t], (v) => -Number(v) / qs);
    const th = new Int32Array(nB).fill(-1);
    for (let b = 0; b < nB; b++) if (!ref[b]) th[b] = col(-Infinity, Infinity, 0);
    for (let l = 0; l < nL; l++) {
      const sh = (net.baseMVA / net.lineX[l]) * net.lineShiftRad[l];
      rhs[net.lineFrom[l]] -= sh;
      rhs[net.lineTo[l]] += sh;
    }
    const b0 = rowLo.length;
    for (let b = 0; b < nB; b++) row(rhs[b], rhs[b]);
    bal.push(b0);
    for (let l = 0; l < nL; l++) {
      const f = net.lineFrom[l], to = net.lineTo[l], k = net.baseMVA / net.lineX[l], sh = k * net.lineShiftRad[l];
      if (th[f] >= 0) { add(th[f], b0 + f, -k); add(th[f], b0 + to, k); }
      if (th[to] >= 0) { add(th[to], b0 + f, k); add(th[to], b0 + to, -k); }
      const mn = m.lineMin[t][l], mx = m.lineMax[t][l];
      if ((mn === null && mx === null) || (th[f] < 0 && th[to] < 0)) continue;
      const r = row(mn === null ? -Infinity : Number(mn) / qs + sh, mx === null ? Infinity : Number(mx) / qs + sh);
      if (th[f] >= 0) add(th[f], r, k);
      if (th[to] >= 0) add(th[to], r, -k);
    }
  }
  for (let i = 0; i < m.orderIds.length; i++) {
    const t = m.orderPeriod[i], h = Number(m.duration[t]) / hs, s = m.orderSide[i];
    const c = col(0, Number(m.orderQty[i]) / qs, -s * (Number(m.orderPrice[i]) / ps) * h);
    add(c, bal[t] + m.orderBus[i], s);
  }
  const S = m.storage;
  for (let g = 0; g < G; g++) {
    const etaC = Number(S.etaC[g]) / 1e6, etaD = Number(S.etaD[g]) / 1e6, cap = Number(S.capacity[g]) / es;
    let prevE = -1;
    for (let t = 0; t < T; t++) {
      const h = Number(m.duration[t]) / hs, init = t === 0 ? Number(S.initial[g]) / es : 0;
      const c = col(0, Number(S.chargeMax[g]) / qs, -(Number(S.costC[g]) / ps) * h);
      const d = col(0, Number(S.dischargeMax[g]) / qs, -(Number(S.costD[g]) / ps) * h);
      const e = col(t === T - 1 ? Number(S.finalMin[g]) / es : 0, cap, 0);
      const r = row(init, init);
      add(c, bal[t] + S.bus[g], -1); add(d, bal[t] + S.bus[g], 1);
      add(e, r, 1); add(c, r, -etaC * h); add(d, r, h / etaD);
      if (prevE >= 0) add(prevE, r, -1);
      prevE = e;
    }
  }
  const n = cols.length, colStart = new Int32Array(n + 1);
  cols.forEach((c, j) => { c.sort((a, b) => a[0] - b[0]); colStart[j + 1] = colStart[j] + c.length; });
  const colRow = new Int32Array(colStart[n]), colValue = new Float64Array(colStart[n]);
  cols.forEach((c, j) => c.forEach(([r, v], k) => { colRow[colStart[j] + k] = r; colValue[colStart[j] + k] = v; }));
  return {
    numCols: n, numRows: rowLo.length, colLower: Float64Array.from(lo), colUpper: Float64Array.from(up), colCost: Float64Array.from(cost),
    colStart, colRow, colValue, rowLower: Float64Array.from(rowLo), rowUpper: Float64Array.from(rowUp), maximize: true,
  };
}
