// The commands of `gridclear`: read a case, clear or convert it, write the result.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearAuction } from '../auction/index.js';
import { clearScanned } from '../auction/scanned.js';
import type { AuctionOptions, AuctionResult, Mechanism, PayAsBidPrice, TieRule } from '../auction/types.js';
import { GridclearError } from '../errors.js';
import { scanMarketCase, useOrdersScanner, type ScannedCase } from '../io/scan.js';
import { coreScanOrders } from '../auction/textScan.js';
import { useSha256 } from '../io/sha256.js';

// Digests with Node's SHA-256: the same hex as the library's own, several times faster.
useSha256((bytes) => createHash('sha256').update(bytes).digest('hex'));
// A result's fills written by the Wasm core: the same bytes, without JavaScript loops run once.
useTickMembersWriter(coreTickMembers);
// ... and a case's orders read into columns by the core (the same columns).
useOrdersScanner(coreScanOrders);
import type { Market } from '../model/types.js';
import { parseJsonText, parseMarketCase, writeMarketCase } from '../io/marketCase.js';
import { importMatpower, type MatpowerImportOptions } from '../io/matpower.js';
import { auctionOutcome, clearingResultText, useTickMembersWriter, type ClearingOutcome, type ClearingResultHead } from '../io/result.js';
import { coreTickMembers } from '../auction/text.js';
import { checkOptions, clearNodal, clearNodalBasic, nodalOutcome } from '../nodal/index.js';
import { basicOfScannedNetwork } from '../nodal/scanned.js';
import type { NodalResult } from '../nodal/types.js';
import { fileAuctionOptions, rejectAuctionOptions } from '../clear.js';
import { formatTicks } from '../model/fixed.js';
import { formatVerifyReport, verify, type ClaimedResult } from '../settle/index.js';
import { choice, intOption, kOption, UsageError, type Invocation } from './args.js';
import { summary } from './summary.js';
import { clearingCsv } from './csv.js';
import { runClearMany } from './batch.js';
import { clearPeriodsCase, formatPeriodsReport, periodsSummary, verifyCase, type ClearedPeriods } from './periods.js';
import { periodsCaseIn } from '../periods/parse.js';

/** Where a command writes: stdout for results, stderr for warnings. */
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Show progress on stderr (default: when stderr is a terminal). */
  progress?: boolean;
}

/** An unreadable or unwritable file (bad input: exit 2). */
export class FileError extends Error {
  readonly code = 'FILE_ERROR';
  constructor(message: string) {
    super(message);
    this.name = 'FileError';
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new FileError(`cannot read ${JSON.stringify(file)}: ${(e as Error).message}`);
  }
}

export function writeText(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new FileError(`cannot write ${JSON.stringify(file)}: ${(e as Error).message}`);
  }
}

function importOptions(values: Invocation['values']): MatpowerImportOptions {
  const opts: MatpowerImportOptions = {};
  if (typeof values.name === 'string') opts.name = values.name;
  const pd = intOption(values, 'price-decimals'), qd = intOption(values, 'quantity-decimals');
  if (pd !== undefined) opts.priceDecimals = pd;
  if (qd !== undefined) opts.quantityDecimals = qd;
  if (typeof values['price-cap'] === 'string') opts.priceCap = values['price-cap'];
  if (typeof values['price-floor'] === 'string') opts.priceFloor = values['price-floor'];
  return opts;
}

/** A MATPOWER file by extension, or by content when the extension says nothing. */
function isMatpower(file: string, text: string): boolean {
  const ext = extname(file).toLowerCase();
  if (ext === '.m') return true;
  if (ext === '.json') return false;
  return !/^\s*[{[]/.test(text);
}

/** Reads a market case from a market-case/1 JSON file or a MATPOWER .m file. */
function readMarket(file: string, values: Invocation['values'], text = readText(file)): Market {
  if (isMatpower(file, text)) return importMatpower(text, importOptions(values));
  return parseMarketCase(text, { source: file });
}

function auctionOptions(values: Invocation['values']): AuctionOptions {
  const options: AuctionOptions = {};
  const mechanism = choice<Mechanism>(values, 'mechanism', ['uniform', 'pay-as-bid', 'trade-reduction']);
  const tieRule = choice<TieRule>(values, 'tie-rule', ['pro-rata', 'time-priority']);
  const payAsBidPrice = choice<PayAsBidPrice>(values, 'pay-as-bid-price', ['midpoint', 'bid', 'ask']);
  const k = kOption(values);
  if (mechanism !== undefined) options.mechanism = mechanism;
  if (tieRule !== undefined) options.tieRule = tieRule;
  if (payAsBidPrice !== undefined) options.payAsBidPrice = payAsBidPrice;
  if (k !== undefined) options.k = k;
  return options;
}

/** A clearing, ready to write: the outcome plus what the summary says about its mechanism. */
interface Cleared {
  outcome: ClearingOutcome;
  mechanism: string;
  priceLabel?: string;
  rows?: [string, string][];
}

function clearCopperPlate(market: Market, options: AuctionOptions): Cleared {
  return copperPlateCleared(market, clearAuction(market, fileAuctionOptions(options)), options);
}

/**
 * A case scanned into columns (io/scan.ts), cleared; undefined when the clearing rejects it, so
 * that the general path reads the file again and reports the error as it always does.
 */
function clearScannedCase(scanned: ScannedCase, options: AuctionOptions): Cleared | undefined {
  let r: AuctionResult;
  try {
    r = clearScanned(scanned, fileAuctionOptions(options));
  } catch (e) {
    if (e instanceof GridclearError) return undefined;
    throw e;
  }
  return copperPlateCleared(scanned.market, r, options);
}

function copperPlateCleared(market: Market, r: AuctionResult, options: AuctionOptions): Cleared {
  const tie = `tie rule ${options.tieRule ?? 'pro-rata'}`;
  const md = r.priceDecimals + r.quantityDecimals;
  const rows: [string, string][] = [];
  if (r.mechanism === 'trade-reduction' && r.buyPriceTicks !== null && r.sellPriceTicks !== null) {
    rows.push(['buy / sell', `${formatTicks(r.buyPriceTicks, r.priceDecimals)} / ${formatTicks(r.sellPriceTicks, r.priceDecimals)}`]);
  }
  if (r.surplusTicks !== 0n) rows.push(['surplus', formatTicks(r.surplusTicks, md)]);
  const mechanism = r.mechanism === 'uniform' ? `uniform (k ${String(options.k ?? '0.5')}, ${tie})`
    : r.mechanism === 'pay-as-bid' ? `pay-as-bid (${options.payAsBidPrice ?? 'midpoint'} prices, ${tie})`
    : `trade-reduction (${tie})`;
  return { outcome: auctionOutcome(market, r), mechanism, priceLabel: r.priceTicks !== null ? 'price' : r.mechanism === 'trade-reduction' ? 'price (buy)' : 'price (avg)', rows };
}

function clearNetwork(market: Market, options: AuctionOptions, file: string): Cleared {
  rejectAuctionOptions(options, `${file}: `);
  return nodalCleared(clearNodal(market));
}

/**
 * A networked case scanned into columns (io/scan.ts, nodal/scanned.ts), cleared; undefined when
 * its orders or the clearing reject it, so that the general path reads the file again and reports
 * the error as it always does.
 */
function clearScannedNetwork(scanned: ScannedCase, options: AuctionOptions, file: string): Cleared | undefined {
  rejectAuctionOptions(options, `${file}: `);
  try {
    const m = basicOfScannedNetwork(scanned);
    return m && nodalCleared(clearNodalBasic(m, checkOptions({})));
  } catch (e) {
    if (e instanceof GridclearError) return undefined;
    throw e;
  }
}

function nodalCleared(r: NodalResult): Cleared {
  const s = r.stats;
  const rows: [string, string][] = [['solver', `${s.iterations} iterations, ${s.rounds} rounds, ${s.activeLines} line rows`]];
  return { outcome: nodalOutcome(r), mechanism: 'nodal (DC power flow, LMP)', rows };
}

/** One case file cleared: the market, the clearing, its clearing-result/1 text and head, timings. */
export interface ClearedFile extends Cleared {
  market: Market;
  /** Order sides (0 buy, 1 sell) when the file was read into columns (then market.orders is empty). */
  sides?: Uint8Array;
  json: string;
  head: ClearingResultHead;
  ms: { read: number; clear: number; write: number };
}

/** A case file cleared: market-case/1 (clearing-result/1) or market-case/2 (clearing-result/2, `kind: 'periods'`). */
export type ClearedCase = ClearedFile | ClearedPeriods;

/**
 * Reads and clears one case file: a copper-plate market as a call auction, a networked one
 * nodally, a market-case/2 market over its periods (clearPeriods).
 */
export function clearFile(file: string, values: Invocation['values'], options = auctionOptions(values)): ClearedCase {
  const t0 = performance.now();
  const text = readText(file);
  // a case in the usual shape goes straight to columns (no object per order)
  const scanned = isMatpower(file, text) ? undefined : scanMarketCase(text);
  const periods = scanned || isMatpower(file, text) ? undefined : periodsCaseIn(text, file);
  if (periods) return clearPeriodsCase(periods, file, options, performance.now() - t0);
  let t1 = performance.now();
  let cleared = scanned && (scanned.market.network ? clearScannedNetwork(scanned, options, file) : clearScannedCase(scanned, options));
  let market: Market;
  let sides: Uint8Array | undefined;
  if (cleared && scanned) {
    market = scanned.market;
    sides = scanned.side;
  } else {
    market = readMarket(file, values, text);
    t1 = performance.now();
    cleared = market.network ? clearNetwork(market, options, file) : clearCopperPlate(market, options);
  }
  const t2 = performance.now();
  const { text: json, head } = clearingResultText(cleared.outcome);
  const t3 = performance.now();
  return { market, sides, ...cleared, json, head, ms: { read: t1 - t0, clear: t2 - t1, write: t3 - t2 } };
}

/** The result file's text in the chosen `--format` (json, the default, or csv). */
export function resultText(c: ClearedCase, values: Invocation['values']): string {
  const csv = choice(values, 'format', ['json', 'csv']) === 'csv';
  if ('kind' in c) {
    if (csv) throw new UsageError('--format csv writes clearing-result/1 only: a market-case/2 result is JSON', 'clear');
    return c.json;
  }
  return choice(values, 'format', ['json', 'csv']) === 'csv' ? clearingCsv(c.outcome, c.head) : c.json;
}

/** `gridclear clear`: one file (summary, --json, --format csv, --out), or many with --out-dir. */
export function runClear(inv: Invocation, out: Output): void {
  if (typeof inv.values['out-dir'] === 'string') {
    runClearMany(inv, out, { auctionOptions, clearFile, resultText, writeText });
    return;
  }
  const options = auctionOptions(inv.values);
  const c = clearFile(inv.file!, inv.values, options);
  const text = resultText(c, inv.values);
  if (typeof inv.values.out === 'string') writeText(inv.values.out, text);
  if (inv.values.json || inv.values.format !== undefined) {
    out.stdout(text);
    return;
  }
  out.stdout('kind' in c ? periodsSummary(c) : summary({ ...c, result: c.head }));
}

/** `gridclear convert`: a MATPOWER case as canonical market-case/1 JSON. */
export function runConvert(inv: Invocation, out: Output): void {
  const file = inv.file!;
  const text = readText(file);
  const json = writeMarketCase(importMatpower(text, importOptions(inv.values)));
  if (typeof inv.values.out === 'string') writeText(inv.values.out, json);
  else out.stdout(json);
}

/** `gridclear verify`: checks a claimed clearing-result/1 against its case without re-solving. */
export function runVerify(inv: Invocation, out: Output): boolean {
  const [caseFile, resultFile] = inv.files!;
  const caseText = readText(caseFile);
  const periods = isMatpower(caseFile, caseText) ? undefined : periodsCaseIn(caseText, caseFile);
  if (periods) {
    const report = verifyCase(periods, parseJsonText(readText(resultFile), { source: resultFile }));
    out.stdout(formatPeriodsReport(report));
    return report.ok;
  }
  const market = readMarket(caseFile, inv.values, caseText);
  // only JSON syntax is an error here: verify judges everything else (and never throws for a bad result)
  const report = verify(market, parseJsonText(readText(resultFile), { source: resultFile }) as ClaimedResult);
  out.stdout(formatVerifyReport(report));
  return report.ok;
}
