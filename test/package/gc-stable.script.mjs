// Run by gc-stable.test.ts in a child process with --expose-gc --no-concurrent-recompilation
// --trace-opt: clears the same markets many times with a full GC before each call. The test counts
// how often V8 compiles each function: a function whose optimized code survives the GCs is
// compiled a few times in all, one whose code is thrown away at every GC about once per call.
import { readFileSync } from 'node:fs';
const [dist, example, calls] = process.argv.slice(2);
const api = await import(dist);
const base = api.parseMarketCase(readFileSync(example, 'utf8'));
const buses = base.network.buses.map((b) => b.id);
const orders = [];
for (let i = 0; i < 3000; i++) {
  const sell = i % 2 === 1;
  const price = sell ? 10 + ((i * 7919) % 3000) / 100 : 20 + ((i * 104729) % 3000) / 100;
  orders.push({ id: `o${i}`, side: sell ? 'sell' : 'buy', bus: buses[i % buses.length], price: price.toFixed(2), quantity: (1 + (i % 17) / 10).toFixed(3) });
}
const market = { ...base, orders };
const network = market.network;
const grid = api.GridModel.from(network, { quantityDecimals: market.quantityDecimals, allowNegativeReactance: true });
for (let r = 0; r < Number(calls); r++) {
  globalThis.gc();
  api.toClearingResult(api.nodalOutcome(api.clearNodal(market, { grid })));
}
console.log('done');
