// The `gridclear` command (bundled by tsup to dist/cli.cjs, the package's bin). Node only.
import { isGridclearError } from '../errors.js';
import { version } from '../../package.json';
import { parseInvocation, UsageError } from './args.js';
import { runClear, runConvert, runVerify, FileError, type Output } from './commands.js';
import { MAIN_HELP, COMMAND_HELP } from './help.js';
import { EXIT_UNAVAILABLE, QUEUE_COMMANDS, runQueueCommand } from './queue.js';
import { runBook } from './book.js';

/** Exit codes (documented in --help). */
export const EXIT = { OK: 0, INTERNAL: 1, BAD_INPUT: 2, NOT_VERIFIED: 3, USAGE: 64 } as const;

/** Runs one command line and returns its exit code; never throws. */
export function main(argv: string[], out: Output): number {
  try {
    if ((QUEUE_COMMANDS as readonly string[]).includes(argv[0])) {
      throw new UsageError(`${argv[0]} is asynchronous: run it with runQueueCommand (src/cli/queue.ts)`);
    }
    const inv = parseInvocation(argv);
    if (inv.command === 'help') out.stdout(inv.helpFor ? COMMAND_HELP[inv.helpFor] : MAIN_HELP);
    else if (inv.command === 'version') out.stdout(`gridclear ${version}\n`);
    else if (inv.command === 'clear') runClear(inv, out);
    else if (inv.command === 'verify') return runVerify(inv, out) ? EXIT.OK : EXIT.NOT_VERIFIED;
    else if (inv.command === 'book') runBook(inv, out);
    else runConvert(inv, out);
    return EXIT.OK;
  } catch (e) {
    return report(e, out);
  }
}

/** Prints an error as `gridclear: <code>: <message>` (+ id / field) and picks its exit code. */
export function report(e: unknown, out: Output): number {
  if (e instanceof UsageError) {
    const more = e.command ? `see "gridclear help ${e.command}"` : 'see "gridclear --help"';
    out.stderr(`gridclear: USAGE: ${e.message}; ${more}\n`);
    return EXIT.USAGE;
  }
  if (e instanceof Error && e.name === 'QueueError') {
    out.stderr(`gridclear: ${(e as Error & { code: string }).code}: ${e.message}\n`);
    return EXIT_UNAVAILABLE;
  }
  if (e instanceof FileError) {
    out.stderr(`gridclear: FILE_ERROR: ${e.message}\n`);
    return EXIT.BAD_INPUT;
  }
  if (isGridclearError(e)) {
    const where = [
      e.id !== undefined ? `id ${JSON.stringify(e.id)}` : undefined,
      e.index !== undefined && e.id === undefined ? `index ${e.index}` : undefined,
      e.field !== undefined ? `field ${e.field}` : undefined,
      e.line !== undefined ? `line ${e.line}` : undefined,
      e.expected !== undefined ? `expected ${e.expected}` : undefined,
    ].filter(Boolean);
    out.stderr(`gridclear: ${e.code}: ${e.message}${where.length ? ` (${where.join(', ')})` : ''}\n`);
    return e.code === 'INTERNAL' ? EXIT.INTERNAL : EXIT.BAD_INPUT;
  }
  const err = e as Error;
  out.stderr(`gridclear: INTERNAL: ${err?.stack ?? String(e)}\n`);
  return EXIT.INTERNAL;
}

// Set the exit code instead of calling process.exit(): stdout may be a pipe still draining.
if (typeof require !== 'undefined' && require.main === module) {
  const argv = process.argv.slice(2);
  const out: Output = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };
  // `worker` and `submit` (src/cli/queue.ts) are asynchronous: the exit code comes when they end.
  if ((QUEUE_COMMANDS as readonly string[]).includes(argv[0])) {
    void runQueueCommand(argv, out).catch((e: unknown) => report(e, out)).then((code) => { process.exitCode = code; });
  } else {
    process.exitCode = main(argv, out);
  }
}
