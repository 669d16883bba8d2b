// The core built with its function names kept (asc --debug, the package's -O3 options) and src/
// bundled around it, for the profile scripts (lp-profile.mjs, blocks-engine-profile.mjs): a CPU
// profile then names the Wasm functions. Command-line options it reads:
//   --wasm=FILE      a module built before (kept with --keep=FILE): no compile, for A/B loops
//   --keep=FILE      keep the module built
//   --binary=FILE    a generated binary module as it is (another version's src/wasm/binary.generated.ts)
//   --assembly=DIR   compile another version's assembly/ (`git archive <c> assembly | tar -x -C DIR`)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

/**
 * Builds (or reads) the debug core, bundles src/index.ts with it and imports the bundle. `onLoad`
 * adds esbuild onLoad hooks (e.g. a capture in src/lp/solve.ts). Returns the library and the
 * WebAssembly instances made from then on (the core's exports, for its counters).
 */
export async function debugLib({ name, onLoad = () => {} }) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  const wasm = path.join(tmp, 'core.wasm');
  const baseArg = arg('binary'), wasmArg = arg('wasm'), keepArg = arg('keep'), asmArg = arg('assembly');
  const asmDir = asmArg ? path.join(asmArg, 'assembly') : path.join(root, 'assembly');
  if (!baseArg && !wasmArg) execFileSync(process.execPath, [path.join(root, 'node_modules/assemblyscript/bin/asc.js'), path.join(asmDir, 'index.ts'),
    '--runtime', 'stub', '--exportRuntime', '-O3', '--noAssert', '--converge', '--enable', 'simd', '--initialMemory', '16', '--debug', '--outFile', wasm], { stdio: 'inherit', cwd: root });
  const b64 = (file) => Buffer.from(/'([A-Za-z0-9+/=]+)'/.exec(fs.readFileSync(file, 'utf8'))[1], 'base64');
  const orig = b64(path.join(root, 'src/wasm/binary.generated.ts'));
  // the layout section is the last custom section of the generated binary: copy its bytes over
  const nm = Buffer.from('gridclear.layout');
  const body = Buffer.concat([Buffer.from([nm.length]), nm, orig.subarray(orig.length - 4)]);
  const bytes = baseArg ? b64(baseArg) : wasmArg ? fs.readFileSync(wasmArg) : Buffer.concat([fs.readFileSync(wasm), Buffer.from([0, body.length]), body]);
  if (keepArg) fs.writeFileSync(keepArg, bytes);
  const out = path.join(tmp, 'lib.mjs');
  await build({
    entryPoints: [path.join(root, 'src/index.ts')], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error',
    plugins: [{ name: 'bin', setup(b) {
      b.onLoad({ filter: /binary\.generated\.ts$/ }, () => ({ contents: `export const WASM_BASE64 = '${bytes.toString('base64')}';`, loader: 'ts' }));
      onLoad(b);
    } }],
  });
  const instances = [];
  const Native = WebAssembly.Instance;
  WebAssembly.Instance = class extends Native { constructor(m, i) { super(m, i); instances.push(this); } };
  const lib = await import(out);
  fs.rmSync(tmp, { recursive: true, force: true }); // loaded: the files are no longer read
  return { lib, instances };
}
