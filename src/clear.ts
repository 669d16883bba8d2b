// The one-call entry point: a market in, its clearing-result/1 out (the file contract's default
// clearing: uniform price on a copper plate, nodal prices on a network).
import { clearAuction } from './auction/index.js';
import type { AuctionOptions } from './auction/types.js';
import { GridclearError } from './errors.js';
import { auctionOutcome, clearingResultText, toClearingResult, type ClearingOutcome, type ClearingResultJson } from './io/result.js';
import type { Market } from './model/types.js';
import { clearNodal, nodalOutcome } from './nodal/index.js';

/**
 * Clears `market` and returns its clearing-result/1 (with digest): a copper-plate market as a call
 * auction (`options` choose the mechanism), a networked market nodally (auction options do not
 * apply to it: UNSUPPORTED; `trades` is ignored: the file has no trade list). For fills as tick
 * columns, trades and solver statistics use
 * `clearAuction` / `clearNodal` directly.
 */
export function clearMarket(market: Market, options: AuctionOptions = {}): ClearingResultJson {
  return toClearingResult(defaultOutcome(market, options));
}

/**
 * clearMarket's result as its clearing-result/1 file text: exactly
 * `writeClearingResult(clearMarket(market, options))`, without building the result object
 * (several times faster for large markets; what the CLI and the worker pool's result files use).
 */
export function clearMarketText(market: Market, options: AuctionOptions = {}): string {
  return clearingResultText(defaultOutcome(market, options)).text;
}

/** The default clearing's outcome: the call auction on a copper plate, nodal on a network. */
function defaultOutcome(market: Market, options: AuctionOptions): ClearingOutcome {
  if (options === null || typeof options !== 'object') {
    throw new GridclearError('INVALID_OPTION', 'options must be an object', { expected: 'an object', value: options });
  }
  // each path validates the market once (normalizeMarket); a non-object market is INVALID_MARKET there
  const networked = market !== null && typeof market === 'object' && market.network !== undefined && market.network !== null;
  if (!networked) return auctionOutcome(market, clearAuction(market, fileAuctionOptions(options)));
  rejectAuctionOptions(options);
  return nodalOutcome(clearNodal(market));
}

/**
 * The auction options of a clearing written as clearing-result/1: the default (uniform) result
 * holds no trade list; pay-as-bid and trade-reduction results carry their trades (what verify
 * checks their totals and prices against), so they ask the core for them.
 */
export function fileAuctionOptions(options: AuctionOptions): AuctionOptions {
  const mechanism = options?.mechanism;
  return { ...options, trades: mechanism !== undefined && mechanism !== 'uniform' };
}

/** Throws UNSUPPORTED when auction-only options are given for a networked market (`where` prefixes the message). */
export function rejectAuctionOptions(options: AuctionOptions, where = ''): void {
  const given = Object.entries(options)
    .filter(([k, v]) => v !== undefined && k !== 'trades' && !(k === 'mechanism' && v === 'uniform'));
  if (given.length === 0) return;
  throw new GridclearError('UNSUPPORTED',
    `${where}${given.map(([k]) => k).join(', ')} applies to copper-plate markets only; ` +
    'a networked market clears nodally (welfare-maximizing, one price per bus)', { field: given[0][0] });
}
