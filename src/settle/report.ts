// Text of a verify() report for people (the `gridclear verify` command prints it).
import type { VerifyReport } from './verify.js';

/** One line per failed check (`FAIL <check> [<id>]: <message>`), or `OK` when the result verifies. */
export function formatVerifyReport(report: VerifyReport): string {
  if (report.ok) return 'OK: the result verifies (feasible, consistent prices, digest matches)\n';
  return report.failures.map((f) => `FAIL ${f.check}${f.id !== undefined ? ` [${f.id}]` : ''}: ${f.message}\n`).join('');
}
