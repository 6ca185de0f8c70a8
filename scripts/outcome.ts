/**
 * npm run outcome -- <FAIL-ID> [--remediation REM-ID] [--outcome resolved] [--release 2025.1] [--tool kolla-ansible]
 *                    [--log FILE] [--line TEXT] [--notes TEXT]
 *
 * Prints the "I hit this known failure too" issue form link with the answers filled in (log lines redacted), so
 * an operator files the outcome of a remediation in one click. See scripts/lib/outcome.ts.
 */
import { outcomeCommand } from './lib/outcome.ts';

process.exitCode = outcomeCommand(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  stdin: () => 0,
});
