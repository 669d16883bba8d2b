// `gridclear clear a.json b.json ... --out-dir DIR`: clears many case files in one run, one result
// file each (DIR/<name>.result.json, or .result.csv with --format csv). A file that fails is
// reported on stderr and the others go on; a progress bar goes to stderr when it is a terminal.
import { mkdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { isGridclearError } from '../errors.js';
import type { AuctionOptions } from '../auction/types.js';
import { choice, UsageError, type Invocation } from './args.js';
import type { ClearedCase, Output } from './commands.js';
import { FileError } from './commands.js';

/** What the batch needs from the single-file command (passed in, so the modules do not import each other). */
export interface BatchSteps {
  auctionOptions(values: Invocation['values']): AuctionOptions;
  clearFile(file: string, values: Invocation['values'], options: AuctionOptions): ClearedCase;
  resultText(c: ClearedCase, values: Invocation['values']): string;
  writeText(file: string, text: string): void;
}

/** `[#########-----------]  9/20  case9.json` for a terminal (carriage return, erase to end of line). */
export function progressLine(done: number, total: number, label: string, width = 24): string {
  const full = Math.round((done / total) * width);
  return `\r[${'#'.repeat(full)}${'-'.repeat(width - full)}] ${done}/${total} ${label}\x1b[K`;
}

/** The result file of each case file: its name without extension, `.result.json` / `.result.csv`. */
function outputNames(files: string[], dir: string, ext: string): string[] {
  const seen = new Map<string, string>();
  return files.map((f) => {
    const name = `${basename(f, extname(f))}.result.${ext}`;
    const other = seen.get(name);
    if (other !== undefined) throw new UsageError(`${other} and ${f} would both write ${join(dir, name)}`, 'clear');
    seen.set(name, f);
    return join(dir, name);
  });
}

function describe(e: unknown): string {
  if (isGridclearError(e)) return `${e.code}: ${e.message}${e.id !== undefined ? ` (id ${JSON.stringify(e.id)})` : ''}`;
  if (e instanceof FileError) return `FILE_ERROR: ${e.message}`;
  return `INTERNAL: ${e instanceof Error ? e.message : String(e)}`;
}

/** Clears every file into `--out-dir`; prints `<file> -> <result file>  <status>  <digest>` per file. */
export function runClearMany(inv: Invocation, out: Output & { progress?: boolean }, steps: BatchSteps): void {
  const dir = inv.values['out-dir'] as string;
  const files = inv.files ?? (inv.file !== undefined ? [inv.file] : []);
  const ext = choice(inv.values, 'format', ['json', 'csv']) ?? 'json';
  if (inv.values.json || inv.values.out !== undefined) throw new UsageError('--out-dir writes one file per case: drop --json and --out', 'clear');
  const options = steps.auctionOptions(inv.values); // bad options are a usage error before any work
  const targets = outputNames(files, dir, ext);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new FileError(`cannot create ${JSON.stringify(dir)}: ${(e as Error).message}`);
  }
  const bar = out.progress ?? process.stderr.isTTY === true;
  let failed = 0;
  files.forEach((file, i) => {
    if (bar) out.stderr(progressLine(i, files.length, basename(file)));
    try {
      const c = steps.clearFile(file, inv.values, options);
      steps.writeText(targets[i]!, steps.resultText(c, inv.values));
      out.stdout(`${file} -> ${targets[i]}  ${c.head.status}  ${c.head.digest}\n`);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      failed++;
      if (bar) out.stderr('\r\x1b[K');
      out.stderr(`gridclear: ${file}: ${describe(e)}\n`);
    }
  });
  if (bar) out.stderr(`${progressLine(files.length, files.length, 'done')}\n`);
  if (failed > 0) throw new FileError(`${failed} of ${files.length} files failed (each is named above); the others were written to ${dir}`);
}
