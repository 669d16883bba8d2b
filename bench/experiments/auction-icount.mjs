// Instructions (x64, from valgrind's cachegrind) of the core's call alone, per build and distribution:
// usually repeatable to about 0.1% (node --no-liftoff --predictable: no tier-up, no background
// threads), where CPU times on the loaded 2-core machine vary by tens of percent; but one build
// measured 313.0 M in one run and 324.4 M in another on 2026-12-04 (auction10), so confirm a
// difference under 4% by a second run. Each count is the difference
// of a process making 4 core calls and one making 1, over 3. Needs valgrind; a run takes ~30 s.
// node bench/experiments/auction-icount.mjs A/index.js B/index.js -- [n] [names]  (OPTS env: options)
// (as a child: node auction-icount.mjs --child build name n reps)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const me = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);
if (args[0] === '--child') {
  const [, build, name, n, reps] = args;
  const { lastAuctionCall } = await import('./core-hook.mjs');
  const { DISTRIBUTIONS, distributionColumns } = await import('../lib/distributions.mjs');
  const lib = await import(new URL(build, `file://${process.cwd()}/`).href);
  const data = distributionColumns(DISTRIBUTIONS.find((d) => d.name === name), Number(n), 20261124 + 16 * Number(n));
  lib.clearColumns(data.columns, data.market, { ...JSON.parse(process.env.OPTS ?? '{}'), views: true });
  const { ex, h } = lastAuctionCall();
  ex.auctionClear(h);
  globalThis.gc?.();
  for (let r = 0; r < Number(reps); r++) ex.auctionClear(h);
} else {
  const cut = args.indexOf('--');
  const builds = cut < 0 ? args : args.slice(0, cut);
  const rest = cut < 0 ? [] : args.slice(cut + 1);
  const n = rest[0] ?? '200000';
  const names = (rest[1] ?? 'cents,fine,wide,all-cross,no-cross,one-price').split(',');
  const refs = (reps, build, name) => {
    const { stderr } = spawnSync('valgrind', ['--tool=cachegrind', '--cache-sim=no', '--smc-check=all-non-file',
      '--cachegrind-out-file=/dev/null', process.execPath, '--no-liftoff', '--predictable', '--expose-gc', me,
      '--child', build, name, n, String(reps)], { encoding: 'utf8' });
    return Number(/I\s+refs:\s+([\d,]+)/.exec(stderr)?.[1].replaceAll(',', '') ?? Number.NaN);
  };
  console.log(`${n} orders, options ${process.env.OPTS ?? '{}'}: instructions per core call (millions)`);
  for (const name of names) {
    const counts = builds.map((b) => (refs(4, b, name) - refs(1, b, name)) / 3 / 1e6);
    console.log(`${name.padEnd(10)} ${counts.map((c, k) => `${String.fromCharCode(65 + k)} ${c.toFixed(2)}`).join('  ')}`
      + (counts.length > 1 ? `  B/A ${(counts[1] / counts[0]).toFixed(3)}` : ''));
  }
}
