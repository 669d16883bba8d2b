// The code of README.md and docs/*.md, as users copy it: every ```ts / ```js block is
// type-checked under --strict against the built package (imported by name, 'gridclear') and run
// with Node from the repository root. A block whose info string says `fragment` (a declaration
// or an excerpt that needs the reader's own data) is skipped. Needs `npm run build`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = join(ROOT, '.tmp/docs-blocks');

interface Block { file: string; line: number; lang: string; code: string }

/** The fenced code blocks of a Markdown file with their language and first line. */
function codeBlocks(file: string): Block[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
    if (end < 0) throw new Error(`${file}:${i + 1}: unclosed code block`);
    if (['ts', 'js'].includes(open[1]!) && !/\bfragment\b/.test(open[2]!)) {
      blocks.push({ file, line: i + 1, lang: open[1]!, code: lines.slice(i + 1, end).join('\n') });
    }
    i = end;
  }
  return blocks;
}

const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const BLOCKS = DOCS.flatMap(codeBlocks);
const nameOf = (b: Block) => `${b.file.replace(/[/.]/g, '_')}_${b.line}`;

describe('code blocks of README.md and docs/', () => {
  it('are found (README, auction, embedding, nodal)', () => {
    const files = new Set(BLOCKS.map((b) => b.file));
    for (const f of ['README.md', 'docs/auction.md', 'docs/embedding.md', 'docs/nodal.md']) expect(files).toContain(f);
  });

  it('type-check under --strict against the package', () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    for (const b of BLOCKS) writeFileSync(join(OUT, `${nameOf(b)}.mts`), `${b.code}\nexport {};\n`);
    writeFileSync(join(OUT, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true,
        skipLibCheck: true, types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')], lib: ['ES2022', 'DOM'],
      },
      include: ['*.mts'],
    }));
    let out = '';
    try {
      execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', OUT], { encoding: 'utf8' });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? e);
    }
    // Name the Markdown line of each error rather than the generated file.
    const located = out.replace(/(\w+_md)_(\d+)\.mts\((\d+),\d+\)/g, (_m, f: string, l: string, r: string) =>
      `${f.replace(/_md$/, '.md').replace(/^docs_/, 'docs/')}:${Number(l) + Number(r)}`);
    expect(located).toBe('');
  });

  for (const b of BLOCKS) {
    it(`${b.file}:${b.line} runs`, () => {
      mkdirSync(OUT, { recursive: true });
      const js = transformSync(b.code, { loader: 'ts', format: 'esm', target: 'es2022' }).code;
      const file = join(OUT, `${nameOf(b)}.mjs`);
      writeFileSync(file, js);
      // Run from a file inside the repository, so 'gridclear' resolves to the package itself (dist/).
      execFileSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
    });
  }
});
