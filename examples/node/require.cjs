// The same library from CommonJS: clear one market and print its clearing-result/1 file.
//   node examples/node/require.cjs [market.json]   (after `npm run build`)
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { parseMarketCase, clearAuction, auctionOutcome, toClearingResult, writeClearingResult } = require('gridclear');

const file = process.argv[2] ?? join(__dirname, '../markets/neighbourhood-tie.json');
const market = parseMarketCase(readFileSync(file, 'utf8'), { source: file });
process.stdout.write(writeClearingResult(toClearingResult(auctionOutcome(market, clearAuction(market)))));
