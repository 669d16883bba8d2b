// `npm run fuzz [-- --runs N] [-- --seed S]`: the fuzz suite (test/fuzz/fuzz.test.ts) at full size
// (default 1e5 cases); writes bench/results/fuzz.md, which `npm run bench` puts into BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const value = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const root = fileURLToPath(new URL('..', import.meta.url));
const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'test/fuzz'], {
  cwd: root, stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: value('--runs', '100000'), FUZZ_SEED: value('--seed', '9'), FUZZ_REPORT: '1' },
});
process.exit(r.status ?? 1);
