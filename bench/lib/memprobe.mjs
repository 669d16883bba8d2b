// Memory probe, run by auction.bench.mjs in a fresh process per (implementation, size):
//   node --expose-gc bench/lib/memprobe.mjs <columns|columns-lean|objects|a|b|highs> <orders> <seed>
// Sets up the inputs, collects garbage, then clears once and prints JSON on stdout:
// {peakRss: bytes the call's peak RSS lay above the RSS before it, or null when the call never
// passed the setup's earlier peak; atMost: that earlier peak above the RSS before the call (an upper
// bound in the null case); wasm: bytes of Wasm memory}.
// On Linux the peak (VmHWM) is reset just before the call (/proc/self/clear_refs), so it belongs
// to that one call; elsewhere getrusage's maxrss is used, which setup may already have passed.
import { randomColumns, toOrderObjects, toNumberObjects, BENCH_MARKET, BENCH_TICK_MARKET } from './market.mjs';
import { clearUniformNaive } from '../peers/naive.mjs';
import { clearUniformFast } from '../peers/fast.mjs';
import { loadHighs, buildClearingModel, solveClearingModel } from '../peers/highs-lp.mjs';
import fs from 'node:fs';
import { collect } from './harness.mjs';

const [impl, nText, seedText] = process.argv.slice(2);
const n = Number(nText);
const data = randomColumns(n, Number(seedText));

const wasmInstances = [];
const NativeInstance = WebAssembly.Instance;
WebAssembly.Instance = class extends NativeInstance {
  constructor(module, imports) {
    super(module, imports);
    wasmInstances.push(this);
  }
};

/** The call to measure, with its inputs ready (setup is outside the measurement). */
async function prepare() {
  if (impl === 'columns' || impl === 'columns-lean' || impl === 'objects') {
    const g = await import('../../dist/index.js');
    if (impl === 'columns') return () => g.clearColumns(data.columns, BENCH_TICK_MARKET);
    if (impl === 'columns-lean') return () => g.clearColumns(data.columns, BENCH_TICK_MARKET, { trades: false });
    const market = { ...BENCH_MARKET, orders: toOrderObjects(data.f64) };
    return () => g.clearAuction(market);
  }
  if (impl === 'a') {
    const orders = toNumberObjects(data.f64);
    return () => clearUniformNaive(orders, BENCH_MARKET);
  }
  if (impl === 'b') return () => clearUniformFast(data.f64, BENCH_TICK_MARKET);
  if (impl === 'highs') {
    const highs = await loadHighs();
    return () => ({ highs, r: solveClearingModel(highs, buildClearingModel(highs, data.columns, BENCH_MARKET), {}) });
  }
  throw new Error(`memprobe: unknown implementation ${impl}`);
}

/** Linux: reset the peak RSS (VmHWM) to the current RSS; false where that is not possible. */
function resetPeak() {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** The process' peak RSS in bytes: VmHWM on Linux, else getrusage's maxrss. */
function peakRss() {
  try {
    return Number(/VmHWM:\s+(\d+)\s*kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
  } catch {
    return process.resourceUsage().maxRSS * 1024;
  }
}

const fn = await prepare();
collect();
const reset = resetPeak();
const rss0 = process.memoryUsage().rss;
const peak0 = peakRss();
const result = fn();
const peak1 = peakRss();
const wasm = impl === 'highs'
  ? result.highs.memoryBytes
  : wasmInstances.reduce((s, i) => s + (i.exports.memory?.buffer.byteLength ?? 0), 0);
const rose = reset || peak1 > peak0;
process.stdout.write(`${JSON.stringify({ peakRss: rose ? Math.max(0, peak1 - rss0) : null, atMost: Math.max(0, peak0 - rss0), wasm })}\n`);
