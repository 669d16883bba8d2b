// Random multi-period markets on the shared PGLib cases: the case's orders repeated over T periods
// with a load profile (loads priced 20-300 so that shifting energy pays), storage units at random
// buses, generators as ramp-limited units, and line limits optionally tightened to congest.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importMatpower } from '../../src/io/matpower.js';
import type { PeriodsMarket, PeriodOrder } from '../../src/periods/index.js';
import { CASES_DIR } from './shared.js';
import { rng } from './rng.js';

export interface ArbOptions {
  periods: number;
  storage: number;
  ramps: boolean;
  /** Line limits scaled by this (1: as imported). */
  lineFactor: number;
  duration?: string;
  seed: number;
}

/** A random multi-period market on the MATPOWER case `file` of the shared folder. */
export function periodsOnCase(file: string, o: ArbOptions): PeriodsMarket {
  const base = importMatpower(readFileSync(join(CASES_DIR, file), 'utf8'));
  const rand = rng(o.seed), qd = base.quantityDecimals ?? 3, pd = base.priceDecimals ?? 4;
  const net = base.network!;
  net.lines = net.lines.map((l) => ({
    ...l,
    minFlow: l.minFlow == null ? l.minFlow : (Number(l.minFlow) * o.lineFactor).toFixed(qd),
    maxFlow: l.maxFlow == null ? l.maxFlow : (Number(l.maxFlow) * o.lineFactor).toFixed(qd),
  }));
  const periods = Array.from({ length: o.periods }, (_, t) => ({ id: `t${t}`, duration: o.duration ?? '1' }));
  const orders: PeriodOrder[] = [];
  const unitIds = new Set<string>();
  periods.forEach((p, t) => {
    const profile = 0.6 + 0.5 * Math.sin((2 * Math.PI * t) / Math.max(2, o.periods)) + 0.2 * rand();
    for (const ord of base.orders) {
      const isLoad = ord.id.startsWith('load');
      const q = Number(ord.quantity) * (isLoad ? Math.max(0.05, profile) : 1);
      if (q <= 0) continue;
      const price = isLoad ? (20 + 280 * rand()).toFixed(pd) : String(ord.price);
      const order: PeriodOrder = { id: `${ord.id}@${p.id}`, period: p.id, side: ord.side, bus: ord.bus, price, quantity: Math.max(10 ** -qd, q).toFixed(qd) };
      const unit = /^gen\d+/.exec(ord.id)?.[0];
      if (o.ramps && unit && !isLoad) { order.unit = unit; unitIds.add(unit); }
      orders.push(order);
    }
  });
  const buses = net.buses.map((b) => b.id);
  const storage = Array.from({ length: o.storage }, (_, g) => {
    const power = 5 + Math.floor(rand() * 50);
    return {
      id: `bat${g}`, bus: buses[Math.floor(rand() * buses.length)],
      energyCapacity: String(power * (1 + Math.floor(rand() * 4))), chargeCapacity: String(power), dischargeCapacity: String(power),
      chargeEfficiency: ['1', '0.95', '0.9', '0.87'][Math.floor(rand() * 4)], dischargeEfficiency: ['1', '0.95', '0.92'][Math.floor(rand() * 3)],
      initialEnergy: '0', ...(rand() < 0.5 ? { minFinalEnergy: '0' } : { finalEnergy: '0' }),
      chargeCost: rand() < 0.5 ? '0' : '0.5',
    };
  });
  const units = [...unitIds].map((id) => ({ id, rampUp: String(5 + Math.floor(rand() * 40)), rampDown: String(5 + Math.floor(rand() * 40)) }));
  return { format: 'market-case/2', name: `${file}-${o.seed}`, priceDecimals: pd, quantityDecimals: qd, priceCap: base.priceCap, priceFloor: base.priceFloor, network: net, periods, orders, storage, units };
}
