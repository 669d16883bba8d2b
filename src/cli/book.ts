// `gridclear book <log.jsonl>`: runs an order-book event log and writes the digest chain with the
// trades and notes of every event as JSON lines (docs/book.md, docs/formats.md book-log/2).
import { readFileSync, writeFileSync } from 'node:fs';
import { GridclearError, isGridclearError } from '../errors.js';
import { OrderBook, type BookEvent, type BookOptions } from '../book/index.js';
import { GridModel } from '../grid/index.js';
import { importMatpower } from '../io/matpower.js';
import { parseMarketCase } from '../io/marketCase.js';
import { formatTicks } from '../model/fixed.js';
import { MARKET_DEFAULTS } from '../model/types.js';
import { FileError, type Output } from './commands.js';
import { intOption, type Invocation } from './args.js';

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new FileError(`cannot read ${JSON.stringify(file)}: ${(e as Error).message}`);
  }
}

/** Default price decimals of a book log: the book's price range is at most 2^22 ticks (docs/book.md). */
const BOOK_PRICE_DECIMALS = 2;

/** The book's options: the log header's `book`, overridden by the command line. */
function bookOptions(header: Record<string, unknown> | undefined, values: Invocation['values']): BookOptions {
  const h = (header?.book ?? {}) as Partial<BookOptions>;
  const opts: BookOptions = {
    ...h,
    priceDecimals: intOption(values, 'price-decimals') ?? h.priceDecimals ?? BOOK_PRICE_DECIMALS,
    quantityDecimals: intOption(values, 'quantity-decimals') ?? h.quantityDecimals ?? MARKET_DEFAULTS.quantityDecimals,
    priceCap: (values['price-cap'] as string | undefined) ?? h.priceCap ?? MARKET_DEFAULTS.priceCap,
    priceFloor: (values['price-floor'] as string | undefined) ?? h.priceFloor ?? MARKET_DEFAULTS.priceFloor,
  };
  const netFile = values.network;
  if (typeof netFile === 'string') {
    const text = read(netFile);
    const market = /\.m$/i.test(netFile) || /^\s*function\s/m.test(text) ? importMatpower(text) : parseMarketCase(text, { source: netFile });
    if (!market.network) throw new GridclearError('INVALID_OPTION', `${netFile} has no network`, { field: 'network' });
    opts.network = { grid: GridModel.from(market.network, { quantityDecimals: opts.quantityDecimals, allowNegativeReactance: true }) };
  }
  return opts;
}

/** Runs the log; every accepted event gives one output line. */
export function runBook(inv: Invocation, out: Output): void {
  const lines = read(inv.file!).split('\n');
  let first = 0;
  while (first < lines.length && lines[first].trim() === '') first++;
  let header: Record<string, unknown> | undefined;
  if (first < lines.length && lines[first].includes('"format"')) {
    try {
      header = JSON.parse(lines[first]);
    } catch (e) {
      throw new GridclearError('PARSE_ERROR', `the header line is not JSON: ${(e as Error).message}`, { line: first + 1 });
    }
    if (header?.format === 'book-log/1') {
      // the same events, but its digest chain was SHA-256: a ledger holding those digests must not get BLAKE3 ones silently
      throw new GridclearError('PARSE_ERROR', 'book-log/1 (a SHA-256 digest chain) is no longer written: the events are unchanged, so a header "book-log/2" runs the log with the BLAKE3 chain of revision 2 (docs/formats.md)', { line: first + 1 });
    }
    if (header?.format !== 'book-log/2') throw new GridclearError('PARSE_ERROR', 'the header\'s format must be "book-log/2"', { line: first + 1 });
    first++;
  }
  const book = new OrderBook(bookOptions(header, inv.values));
  const cfg = book.config;
  const price = (t: bigint) => formatTicks(t, cfg.priceDecimals), qty = (t: bigint) => formatTicks(t, cfg.quantityDecimals);
  const outLines: string[] = [];
  for (let i = first; i < lines.length; i++) {
    const text = lines[i].trim();
    if (text === '') continue;
    let event: BookEvent;
    try {
      event = JSON.parse(text) as BookEvent;
    } catch (e) {
      throw new GridclearError('PARSE_ERROR', `line ${i + 1} is not JSON: ${(e as Error).message}`, { line: i + 1 });
    }
    try {
      const r = book.submit(event);
      outLines.push(JSON.stringify({
        seq: r.seq, line: i + 1, digest: r.digest,
        trades: r.trades.map((t) => ({
          buyId: t.buyId, sellId: t.sellId, buyer: t.buyer, seller: t.seller, price: price(t.priceTicks), quantity: qty(t.quantityTicks),
          fee: price(t.feeTicks), ...(cfg.buses > 0 ? { buyBus: cfg.busIds[t.buyBus], sellBus: cfg.busIds[t.sellBus] } : {}),
        })),
        ...(r.notes.length ? {
          notes: r.notes.map((n) => ({
            kind: n.kind, id: n.id, quantity: qty(n.quantityTicks),
            ...(n.kind === 'blocked' ? { line: n.line >= 0 ? cfg.lineIds[n.line] : null, by: n.by } : n.kind === 'self-trade' ? { by: n.by } : {}),
          })),
        } : {}),
      }));
    } catch (e) {
      if (!isGridclearError(e)) throw e;
      if (!inv.values['skip-invalid']) {
        e.line = i + 1;
        flush(inv, out, outLines);
        throw e;
      }
      outLines.push(JSON.stringify({ line: i + 1, error: e.code, message: e.message }));
    }
  }
  flush(inv, out, outLines);
}

function flush(inv: Invocation, out: Output, lines: string[]): void {
  const text = lines.length ? lines.join('\n') + '\n' : '';
  if (typeof inv.values.out === 'string') {
    try {
      writeFileSync(inv.values.out, text);
    } catch (e) {
      throw new FileError(`cannot write ${JSON.stringify(inv.values.out)}: ${(e as Error).message}`);
    }
  } else out.stdout(text);
}
