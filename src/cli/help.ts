// Help texts of `gridclear`: one overview and one page per command.

const EXIT_CODES = `Exit codes:
  0   success
  1   internal failure (a bug: please report it)
  2   bad input: the case is invalid or unreadable, or cannot be cleared by this version
      (stderr: "gridclear: <CODE>: <message>", CODE as in GridclearError, or FILE_ERROR)
  3   verify: the result does not verify (each failed check is printed)
  64  usage error: unknown command or option, bad option value (stderr: "gridclear: USAGE: ...")`;

const IMPORT = `MATPOWER import options (for .m files):
  --name <text>               market name (default: the case's function name)
  --price-decimals <n>        price tick decimals (default 4)
  --quantity-decimals <n>     quantity tick decimals (default 3)
  --price-cap <decimal>       price cap, the price of load orders (default 4000)
  --price-floor <decimal>     price floor (default -500)`;

/** The overview shown by `gridclear --help`. */
export const MAIN_HELP = `gridclear: exact, deterministic market clearing for peer-to-peer electricity trading

Usage:
  gridclear clear <case.json|case.m> [options]   clear a market, print the result
  gridclear clear <case>... --out-dir DIR        clear many markets, one result file each
  gridclear verify <case> <result.json>          check a claimed result without re-solving
  gridclear convert <case.m> [--out case.json]   MATPOWER case -> market-case/1 JSON
  gridclear worker --redis <url> [options]       clear jobs of a Redis queue (bullmq needed)
  gridclear submit --redis <url> <files...>      queue markets, write results as they come
  gridclear book <log.jsonl> [options]           run an order-book event log: trades and digests
  gridclear help [command]                       help on a command
  gridclear --version

Files: market-case/1 and clearing-result/1 JSON, market-case/2 and clearing-result/2 (markets over
several periods, with storage and ramps) (see docs/formats.md), MATPOWER version 2 (.m).

${EXIT_CODES}
`;

/** Per-command help pages. */
export const COMMAND_HELP: Record<string, string> = {
  book: `Usage: gridclear book <log.jsonl> [options]

Runs a continuous order book over an event log of JSON lines (book-log/2, docs/formats.md):
an optional first line {"format":"book-log/2","book":{...}} with the book's options, then one
event per line (limit, market, cancel, modify). Writes one JSON line per accepted event: its
sequence number, input line, running digest, trades and notes (the digest chain a ledger
checks). A rejected event stops the run (exit 2) unless --skip-invalid, which writes
{"line":n,"error":CODE} and goes on (a rejected event changes nothing and gets no number).

Options:
  --out, -o <file>            write the lines to <file> instead of stdout
  --network <case.json|case.m>  grid-aware matching on this network (flows start at 0)
  --skip-invalid              record rejected events and continue
  --price-decimals <n>, --quantity-decimals <n>, --price-cap <decimal>, --price-floor <decimal>
                              override the log header's book options (defaults 2, 3, 4000, -500)
  --help, -h                  this page

${EXIT_CODES}
`,
  clear: `Usage: gridclear clear <case.json|case.m> [options]
       gridclear clear <case>... --out-dir DIR [--format json|csv] [options]

Clears a market case and prints a short summary (market, orders, mechanism, price, volume,
welfare, digest, time), or with --json the clearing-result/1 JSON alone.
A copper-plate market (no network) clears as a call auction with the options below. A
networked market (every MATPOWER case) clears nodally: welfare-maximizing under DC flow limits,
one price per bus; the auction options do not apply to it (exit 2, UNSUPPORTED).
A market-case/2 file (periods, storage, ramps) clears over all its periods together into a
clearing-result/2 (docs/periods.md); the auction options and --format csv do not apply to it.
One with block orders or zones clears with the block rules (no paradoxically accepted block;
docs/blocks.md) into a clearing-result/2 with blocks and border flows.
A market whose fixed injections cannot be balanced gives status "infeasible" (exit 0).

Options:
  --json                      write the clearing-result/1 JSON to stdout instead of the summary
  --out, -o <file>            also write the clearing-result/1 JSON (or CSV) to <file>
  --format json|csv           the result as clearing-result/1 JSON or as CSV (table,id,value,flow,
                              shadowPrice: result rows, then one row per fill, price and line)
  --out-dir <dir>             clear every case given into <dir>/<name>.result.json (.csv); a file
                              that fails is named on stderr and the others go on (exit 2 if any
                              failed); a progress bar on stderr when it is a terminal
  --mechanism <m>             uniform (default) | pay-as-bid | trade-reduction
  --k <0..1>                  uniform price = low + k*(high - low) of the clearing interval (default 0.5)
  --tie-rule <r>              pro-rata (default) | time-priority; priority at one price: order
                              "sequence" (lower first, none last), then id (UTF-16 order)
  --pay-as-bid-price <p>      price of each pay-as-bid trade: midpoint (default) | bid | ask
  --help, -h                  this page

${IMPORT}

${EXIT_CODES}
`,
  verify: `Usage: gridclear verify <case.json|case.m> <result.json>

Checks a claimed clearing-result/1 (contract revision 2) for a market case without re-solving
it: exactly the market's orders, buses and lines as keys, canonical decimals, fills on the tick
and within the orders, every island balanced, flows within bounds (0.01 MW + a quantity tick per
island and priced line), signed shadow prices at the matching bound, every order consistent
with its price, the price/shadow-price relation, welfare and congestion rent, infeasibility
claims, and the digest. Pay-as-bid and trade-reduction results are checked against the trades
they carry. A market-case/2 case takes a clearing-result/2 (verifyPeriods: also stored-energy
trajectories, ramps and their prices; with blocks or zones verifyBlocks: also every block's
ratio, fills and money test, border flows, paradoxically rejected blocks). Prints OK, or one
FAIL line per failed check; exits 0 only when the result verifies.

Options:
  --help, -h                  this page

${IMPORT}

${EXIT_CODES}
`,
  convert: `Usage: gridclear convert <case.m> [--out case.json]

Imports a MATPOWER version-2 case (spec section 3 rules) and writes it as canonical
market-case/1 JSON, to <file> with --out, else to stdout.

Options:
  --out, -o <file>            write to <file> instead of stdout
  --help, -h                  this page

${IMPORT}

${EXIT_CODES}
`,
  worker: `Usage: gridclear worker --redis <url> [options]

Takes clearing jobs from a Redis queue (gridclear/queue, BullMQ) and clears them on a pool of
worker threads, storing each clearing-result/1 text in Redis under its digest. Run one per
machine (or container), on as many machines as you like. Needs the optional peer dependency
bullmq (npm install bullmq).
SIGTERM or SIGINT: take no more jobs, finish the ones in hand (at most --grace-ms), then exit 0;
jobs still clearing then go back to the queue. A second signal returns them at once. A worker
that dies (SIGKILL, a lost machine) loses nothing: its jobs' locks expire after --lock-ms and
another worker clears them again (same market, same result, same digest).

Options:
  --redis <url>               redis://[user:password@]host[:port][/db] (or GRIDCLEAR_REDIS)
  --queue <name>              queue name (default gridclear)
  --threads <n>               worker threads (default: the machine's parallelism)
  --concurrency <n>           jobs taken at once (default 8 per thread)
  --grace-ms <ms>             on SIGTERM, wait this long for jobs in hand (default 30000)
  --lock-ms <ms>              job lock duration: a dead worker's jobs are retried after it (default 30000)
  --stalled-ms <ms>           how often to look for jobs of dead workers (default 30000)
  --result-ttl <s>            keep stored results this many seconds (default: for ever)
  --connect-attempts <n>      tries to reach Redis, at start and after a lost connection (default 10)
  --help, -h                  this page

Exit codes: 0 stopped by a signal; 69 Redis unreachable (gridclear: REDIS_UNAVAILABLE: ...);
64 usage error.
`,
  submit: `Usage: gridclear submit --redis <url> [options] <case.json|case.m>...

Queues each case file as a clearing job (one job per distinct market and options: a file
submitted again is not cleared again while its job is kept), then waits for the results and
writes them as they come: one line "<digest>  <file>" per cleared market on stdout, each
failure as "gridclear: <file>: <CODE>: <message>" on stderr, progress on stderr about once a
second. Workers (gridclear worker) must run against the same Redis and queue.

Options:
  --redis <url>               redis://[user:password@]host[:port][/db] (or GRIDCLEAR_REDIS)
  --queue <name>              queue name (default gridclear)
  --out-dir <dir>             also write each result to <dir>/<file name>.result.json
  --no-wait                   queue and exit; print "<job id>  <file>" (results stay in Redis)
  --per-job <n>               markets per job (default 1): fewer Redis round trips for small markets
  --mechanism, --k, --tie-rule, --pay-as-bid-price   as for gridclear clear
  --connect-attempts <n>      tries to reach Redis (default 10)
  --help, -h                  this page

Exit codes: 0 every market cleared; 2 some failed (bad input); 69 Redis unreachable; 64 usage error.
`,
};
