// The bench harness shared by every bench script (bench/*.bench.mjs):
//   - args: `--quick` (small sizes, a smoke test) and name filters, as `bench/run.mjs` passes them;
//   - timing: warm-up, then the median of several runs (a GC between runs, outside the timing);
//   - memory: JS heap + ArrayBuffer delta of one call;
//   - progress on stderr; markdown tables;
//   - writeSection(name, markdown): bench/results/<name>.md (quick runs: bench/results/quick/),
//     which `bench/run.mjs` assembles into BENCHMARKS.md under the machine header.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = path.resolve(BENCH_DIR, '..');

/** The flags of this run: `--quick` (or BENCH_QUICK=1) and the other words as name filters. */
export function benchArgs(argv = process.argv.slice(2)) {
  const quick = argv.includes('--quick') || process.env.BENCH_QUICK === '1';
  const filters = argv.filter((a) => !a.startsWith('--'));
  return { quick, filters };
}

/** Where sections go: quick (smoke-test) runs never overwrite the official figures. */
export function resultsDir(quick) {
  return path.join(BENCH_DIR, 'results', ...(quick ? ['quick'] : []));
}

const started = Date.now();
/** The 1-minute load average when this process started (a busy machine skews every figure). */
export const LOAD_AT_START = os.loadavg()[0];
/** A progress line on stderr, with seconds since start. */
export function progress(...parts) {
  const s = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[${s}s] ${parts.join(' ')}\n`);
}

/** Collects garbage when node runs with --expose-gc (bench/run.mjs passes it). */
export function collect() {
  if (typeof globalThis.gc === 'function') globalThis.gc();
}

/** Median of numbers. */
export function median(values) {
  const v = [...values].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/**
 * Times `fn` (ms): `warmup` untimed calls, then `runs` timed ones with a GC before each.
 * `check(result)` runs on the first result, untimed. Returns {median, min, max, runs, times}.
 */
export function timeRuns(fn, { runs, warmup = 1, check } = {}) {
  for (let w = 0; w < warmup; w++) {
    const r = fn();
    if (w === 0 && check) check(r);
  }
  const times = [];
  for (let k = 0; k < runs; k++) {
    collect();
    const t0 = performance.now();
    const r = fn();
    times.push(performance.now() - t0);
    if (warmup === 0 && k === 0 && check) check(r);
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times), runs, times };
}

/**
 * Times several implementations on the same input round-robin: each round runs every one once
 * (a GC before each, the starting one rotating), so a noisy neighbour slows all of them alike and
 * their ratios stay fair. `impls`: {name: {fn, check?}}; one warm-up call each (checked).
 * `primed`: each timed call follows an untimed call of the same implementation (then a GC), so
 * that it meets the memory its own previous call freed, as in a loop of clears, rather than pages
 * the other implementations' calls left behind (fresh pages fault on first touch, which costs
 * several ms per 8 MB on this VM).
 * Returns {name: {median, min, max, runs, times}}.
 */
export function timeInterleaved(impls, { runs, warmup = 1, primed = false } = {}) {
  const names = Object.keys(impls);
  for (const name of names) {
    for (let w = 0; w < warmup; w++) {
      const r = impls[name].fn();
      if (w === 0) impls[name].check?.(r);
    }
  }
  const times = Object.fromEntries(names.map((name) => [name, []]));
  for (let k = 0; k < runs; k++) {
    for (let j = 0; j < names.length; j++) {
      const name = names[(j + k) % names.length];
      if (primed) {
        collect();
        impls[name].fn();
      }
      collect();
      const t0 = performance.now();
      impls[name].fn();
      times[name].push(performance.now() - t0);
    }
  }
  return Object.fromEntries(names.map((name) => [name, {
    median: median(times[name]), min: Math.min(...times[name]), max: Math.max(...times[name]), runs, times: times[name],
  }]));
}

/** Keeps a result reachable through a GC (read by nothing). */
export let memorySink;
/**
 * Bytes of JS heap plus ArrayBuffer memory that one call of `fn` leaves reachable (GC before and
 * after, the result kept alive): what the caller holds afterwards. Transient garbage is not
 * counted (V8 collects it during the call, so a no-GC delta would be meaningless). The median of
 * `repeats` calls, since heap accounting is noisy at small sizes.
 */
export function memoryDelta(fn, repeats = 1) {
  const deltas = [];
  for (let k = 0; k < repeats; k++) {
    collect();
    const m0 = process.memoryUsage();
    const result = fn();
    collect();
    const m1 = process.memoryUsage();
    deltas.push((m1.heapUsed + m1.arrayBuffers) - (m0.heapUsed + m0.arrayBuffers));
    memorySink = result; // keeps `result` reachable through the second GC
  }
  memorySink = undefined;
  return { bytes: Math.max(0, median(deltas)) };
}

/** The machine, for section stamps and the BENCHMARKS.md header. */
export function machine() {
  const cpus = os.cpus();
  return {
    cpu: (cpus[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim(),
    cores: cpus.length,
    memory: os.totalmem(),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

/** "12.3 ms", "1.23 s". */
/**
 * HiGHS option sets the benches try per row (or per case), the fastest kept and named: its dual
 * simplex with presolve on and off, and its interior point method (with crossover, so a basic
 * solution and duals come back; presolve on), which is the faster on some large LPs.
 */
export const HIGHS_TRIALS = [{ presolve: 'on' }, { presolve: 'off' }, { solver: 'ipm' }];

/** The name of a HIGHS_TRIALS option set in the tables. */
export function highsLabel(opts) {
  return opts.solver === 'ipm' ? 'interior point' : `presolve ${opts.presolve}`;
}

export function fmtMs(ms) {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** "1.2 MiB". */
export function fmtBytes(bytes) {
  const sign = bytes < 0 ? '-' : '';
  let b = Math.abs(bytes);
  for (const unit of ['B', 'KiB', 'MiB', 'GiB']) {
    if (b < 1024 || unit === 'GiB') return `${sign}${unit === 'B' ? b : b.toFixed(1)} ${unit}`;
    b /= 1024;
  }
  return `${bytes} B`;
}

/** "12.3 M/s" orders per second. */
export function fmtRate(perSecond) {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(1)} M/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(0)} k/s`;
  return `${perSecond.toFixed(0)} /s`;
}

/** "1e6" style for powers of ten, else the number with thin grouping. */
export function fmtCount(n) {
  const e = Math.log10(n);
  return Number.isInteger(e) && n >= 1000 ? `1e${e}` : n.toLocaleString('en-US');
}

/** A GitHub markdown table. */
export function mdTable(headers, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * Writes this script's section (markdown starting with a `## ` heading) to
 * bench/results[/quick]/<name>.md, stamped with date and machine for bench/run.mjs.
 */
export function writeSection(name, markdown, { quick = benchArgs().quick } = {}) {
  const dir = resultsDir(quick);
  fs.mkdirSync(dir, { recursive: true });
  const m = machine();
  const stamp = { name, date: new Date().toISOString(), quick, loadAtStart: LOAD_AT_START, ...m };
  const gib = (m.memory / 2 ** 30).toFixed(1);
  const when = `_Measured ${stamp.date.slice(0, 16).replace('T', ' ')} UTC on ${m.cpu} (${m.cores} cores, ` +
    `${gib} GiB), Node ${m.node}, load average ${LOAD_AT_START.toFixed(1)} at start` +
    `${quick ? ', **quick smoke-test sizes**' : ''}._`;
  const [heading, ...rest] = markdown.trim().split('\n');
  const body = `<!-- bench-section ${JSON.stringify(stamp)} -->\n${heading}\n\n${when}\n${rest.join('\n')}\n`;
  const file = path.join(dir, `${name}.md`);
  fs.writeFileSync(file, body);
  progress(`wrote ${path.relative(REPO_DIR, file)}`);
  return file;
}
