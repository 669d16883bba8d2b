// The file row of the call-auction bench: `gridclear clear` end to end (a fresh node process:
// start-up, read, clear, write the clearing-result/1 JSON to stdout) on market-case/1 files of the
// bench's random market, against a process that only JSON.parses the same file and against HiGHS
// reading the same file (bench/peers/highs-file.mjs: JSON.parse, typed model, solve).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { BENCH_DIR, REPO_DIR, progress, median, mdTable, fmtMs, fmtCount, fmtBytes } from './harness.mjs';
import { randomColumns, toOrderObjects, BENCH_MARKET } from './market.mjs';

/** HiGHS from a file is run up to this many orders (it takes seconds at 1e5). */
const HIGHS_FILE_MAX = 1e5;

/** Writes a market-case/1 file of n random orders (the bench's market); returns its path. */
function writeCase(dir, n) {
  const file = path.join(dir, `auction-${n}.json`);
  const data = randomColumns(n, 20261201 + n);
  const market = { format: 'market-case/1', name: `random-${n}`, ...BENCH_MARKET, orders: toOrderObjects(data.f64) };
  fs.writeFileSync(file, JSON.stringify(market));
  return file;
}

/** Wall time (ms) of one process run; throws when it fails. */
function runOnce(args) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: REPO_DIR, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (exit ${r.status}): ${r.stderr}`);
  return ms;
}

/** Commands timed on one file, round-robin (a noisy neighbour hits all alike). */
function commands(file, n) {
  const cmds = {
    cli: ['dist/cli.cjs', 'clear', file, '--json'],
    parse: ['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(file)},'utf8'))`],
  };
  if (n <= HIGHS_FILE_MAX) cmds.highs = [path.join(BENCH_DIR, 'peers', 'highs-file.mjs'), file];
  return cmds;
}

/** Times every command on 1e5- and 1e6-order files (quick: 1e4); returns rows of medians. */
export function benchFiles({ quick }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridclear-bench-'));
  const rows = [];
  try {
    for (const n of quick ? [1e4] : [1e5, 1e6]) {
      progress(`file row: writing ${fmtCount(n)} orders`);
      const file = writeCase(dir, n);
      const cmds = commands(file, n);
      const runs = quick ? 3 : 5;
      const times = Object.fromEntries(Object.keys(cmds).map((k) => [k, []]));
      for (const k of Object.keys(cmds)) runOnce(cmds[k]); // warm the page cache
      for (let r = 0; r < runs; r++) {
        for (const k of Object.keys(cmds)) {
          progress(`  ${k} run ${r + 1}/${runs}`);
          times[k].push(runOnce(cmds[k]));
        }
      }
      rows.push({ n, bytes: fs.statSync(file).size, ...Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])) });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** The markdown of the file row. */
export function fileSection(rows) {
  const table = rows.map((r) => [fmtCount(r.n), fmtBytes(r.bytes), fmtMs(r.cli), fmtMs(r.parse), `${(r.cli / r.parse).toFixed(2)}x ${r.cli / r.parse <= 1.5 ? 'met' : '**missed**'}`,
    r.highs !== undefined ? fmtMs(r.highs) : `not run (> ${fmtCount(HIGHS_FILE_MAX)})`, r.highs !== undefined ? `${(r.highs / r.cli).toFixed(1)}x` : '']);
  return `### From a file

\`gridclear clear case.json --json\` end to end (a fresh \`node\` process: start-up, read, validate,
clear, write the clearing-result/1 JSON with its digest to stdout) on a market-case/1 file of the
bench's random market (ids \`o<i>\`, decimal strings), against a process that only runs
\`JSON.parse(require('fs').readFileSync(file, 'utf8'))\` on the same file, and against HiGHS reading
the same file (\`bench/peers/highs-file.mjs\`: \`JSON.parse\`, the LP as typed arrays through HiGHS'
typed model interface \`createModel\`/\`run\`, presolve off above ${fmtCount(5000)} columns). Median
of 5 runs each (3 with \`--quick\`), round-robin, wall time of the whole process.

${mdTable(['orders', 'file', '`gridclear clear`', '`JSON.parse` only', 'gridclear / JSON.parse (target <= 1.5x)', 'HiGHS from the file', 'HiGHS / gridclear'], table)}
`;
}
