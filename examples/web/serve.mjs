// `npm run demo:web`: a tiny static server for the demo page, on localhost only.
//   /                 examples/web/ (the page, its modules)
//   /gridclear/*      the package's dist/ as published (dist/index.js: ESM, the Wasm inlined)
//   /markets/         example markets: examples/markets/*.json, the spec's examples
//                     (../shared/spec/examples) and the PGLib MATPOWER cases (../shared/cases or
//                     $GRIDCLEAR_CASES), when present; /markets/index.json lists them
//   /vendor/<pkg>.mjs the page's graph layout: d3-force and its three dependencies (node_modules)
import { createServer } from 'node:http';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = resolve(HERE, '../..');
const MARKET_DIRS = [join(ROOT, 'examples/markets'), join(ROOT, '../shared/spec/examples'), process.env.GRIDCLEAR_CASES ?? join(ROOT, '../shared/cases')];
const VENDOR = new Set(['d3-force', 'd3-dispatch', 'd3-quadtree', 'd3-timer']);
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json',
  '.svg': 'image/svg+xml', '.m': 'text/plain; charset=utf-8', '.ts': 'text/plain; charset=utf-8',
};

/** A path under `dir`, or undefined when the request tries to leave it. */
function inside(dir, rel) {
  const full = normalize(join(dir, decodeURIComponent(rel)));
  return full === dir || full.startsWith(dir.endsWith(sep) ? dir : dir + sep) ? full : undefined;
}

/** Example market files by name (the first folder wins on a clash); results are left out. */
function marketFiles() {
  const files = new Map();
  for (const dir of MARKET_DIRS) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) {
      if (/\.(json|m)$/.test(f) && !f.endsWith('.result.json') && !files.has(f)) files.set(f, join(dir, f));
    }
  }
  return files;
}

/** The file a URL path names, or undefined. */
function route(path) {
  if (path === '/' || path === '/index.html') return join(HERE, 'index.html');
  if (path.startsWith('/gridclear/')) return inside(join(ROOT, 'dist'), path.slice('/gridclear/'.length));
  if (path.startsWith('/markets/')) return marketFiles().get(decodeURIComponent(path.slice('/markets/'.length)));
  if (path.startsWith('/vendor/')) {
    // /vendor/<pkg>.mjs: the package's ES module entry ("module" in its package.json)
    const pkg = path.slice('/vendor/'.length).replace(/\.mjs$/, '');
    if (!VENDOR.has(pkg)) return undefined;
    const dir = join(ROOT, 'node_modules', pkg);
    return inside(dir, JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).module);
  }
  if (path === '/serve.mjs') return undefined;
  return inside(HERE, path.slice(1));
}

function handle(req, res) {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path === '/markets/index.json') {
    res.writeHead(200, { 'content-type': TYPES['.json'], 'cache-control': 'no-store' });
    res.end(JSON.stringify([...marketFiles().keys()]));
    return;
  }
  const file = route(path);
  if (!file || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end(`not found: ${path}${path.startsWith('/gridclear/') ? ' (run `npm run build` first)' : ''}\n`);
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
  res.end(readFileSync(file));
}

/** Starts the server on 127.0.0.1 (port 0: any free port); resolves to its URL and a close(). */
export function startServer({ port = 0, host = '127.0.0.1' } = {}) {
  return new Promise((resolvePromise, reject) => {
    const server = createServer(handle);
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: p } = server.address();
      resolvePromise({ url: `http://${host}:${p}/`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!existsSync(join(ROOT, 'dist/index.js'))) console.warn('dist/index.js is missing: run `npm run build` first');
  const port = Number(process.env.PORT ?? 8080);
  const { url } = await startServer({ port }).catch(() => startServer({ port: 0 }));
  console.log(`gridclear demo: ${url}  (Ctrl-C to stop)`);
}
