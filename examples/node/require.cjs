// The same library from CommonJS: clear one market (copper plate or network) and print its
// clearing-result/1 file.
//   node examples/node/require.cjs [market.json|case.m]   (after `npm run build`)
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { parseMarketCase, importMatpower, clearMarketText } = require('gridclear');

const file = process.argv[2] ?? join(__dirname, '../markets/neighbourhood-tie.json');
const text = readFileSync(file, 'utf8');
const market = file.endsWith('.m') ? importMatpower(text) : parseMarketCase(text, { source: file });
// clearMarket / clearMarketText: nodal with a network, the call auction (uniform price) without.
process.stdout.write(clearMarketText(market));
