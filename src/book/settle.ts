// Settlement of book trades: the energy price and each fee component per trade, who pays what,
// and the fees per grid operator, exactly (bigint money in price-tick x quantity-tick units).
import { GridclearError } from '../errors.js';
import { formatTicks } from '../model/fixed.js';
import { feeParts, type BookConfig } from './config.js';
import type { BookTrade } from './types.js';

/** One settled trade (money as decimal strings with priceDecimals + quantityDecimals decimals). */
export interface SettledTrade {
  buyId: number;
  sellId: number;
  quantity: string;
  price: string;
  /** Price x quantity. */
  energy: string;
  /** Each fee component's money, in schedule order. */
  fees: { operator: string; amount: string }[];
  buyerPays: string;
  sellerReceives: string;
}

/** Settlement of a list of trades. */
export interface BookSettlement {
  trades: SettledTrade[];
  /** Fees per grid operator (decimal money). */
  operators: Record<string, string>;
  /** Totals: buyers pay = sellers receive + fees. */
  buyersPay: string;
  sellersReceive: string;
  fees: string;
}

/**
 * Settles trades of a book with its config (`book.config`): each trade's fee per unit is split
 * into the schedule's components (recomputed as the core does; a mismatch is INTERNAL), the payer
 * rule applied ('shared': the seller pays the fee money halved and rounded down, the buyer the rest).
 */
export function settleBook(cfg: BookConfig, trades: readonly BookTrade[]): BookSettlement {
  const md = cfg.priceDecimals + cfg.quantityDecimals;
  const money = (v: bigint) => formatTicks(v, md);
  const perOp = new Map<string, bigint>();
  for (const c of cfg.fees) perOp.set(c.operator, perOp.get(c.operator) ?? 0n);
  let buyers = 0n, sellers = 0n, feeTotal = 0n;
  const out = trades.map((t) => {
    const parts = feeParts(cfg, t.priceTicks, t.sellBus, t.buyBus);
    const sum = parts.reduce((a, b) => a + b, 0n);
    if (sum !== t.feeTicks) throw new GridclearError('INTERNAL', `fee of trade ${t.buyId}/${t.sellId} is ${t.feeTicks}, the schedule gives ${sum}`);
    const energy = t.priceTicks * t.quantityTicks;
    const fee = sum * t.quantityTicks;
    const sellerShare = cfg.payer === 'seller' ? fee : cfg.payer === 'shared' ? floorHalf(fee) : 0n;
    const buyerPays = energy + fee - sellerShare, sellerReceives = energy - sellerShare;
    buyers += buyerPays; sellers += sellerReceives; feeTotal += fee;
    const fees = parts.map((p, i) => {
      const op = cfg.fees[i].operator;
      perOp.set(op, (perOp.get(op) ?? 0n) + p * t.quantityTicks);
      return { operator: op, amount: money(p * t.quantityTicks) };
    });
    return {
      buyId: t.buyId, sellId: t.sellId, quantity: formatTicks(t.quantityTicks, cfg.quantityDecimals),
      price: formatTicks(t.priceTicks, cfg.priceDecimals), energy: money(energy), fees, buyerPays: money(buyerPays),
      sellerReceives: money(sellerReceives),
    };
  });
  return {
    trades: out, operators: Object.fromEntries([...perOp].map(([k, v]) => [k, money(v)])),
    buyersPay: money(buyers), sellersReceive: money(sellers), fees: money(feeTotal),
  };
}

function floorHalf(v: bigint): bigint {
  return v >= 0n ? v / 2n : -((-v + 1n) / 2n);
}
