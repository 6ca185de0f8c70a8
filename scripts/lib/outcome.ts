/**
 * The `outcome` command: an operator records how a remediation went, and gets the "I hit this known failure too"
 * issue form filled in (redacted log lines included), so filing it is one click. Shared by `npm run outcome` and
 * the standalone file's `outcome` subcommand.
 */
import { openSync, readSync, closeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MAX_FORM_URL_LENGTH, OUTCOMES, outcomeFormLink, type Outcome } from '../../src/lib/remediate/outcome-report.ts';
import { TERM_ID } from '../../src/schemas/common.ts';
import { RELEASE_ID } from '../../src/schemas/releases.ts';

const EXIT_OK = 0;
const EXIT_ERROR = 2;
/** A log excerpt, not a whole log: only the first lines fit in a link anyway. */
const MAX_LOG_BYTES = 256 * 1024;

export const OUTCOME_USAGE = `Usage: outcome <FAIL-ID> [options]

Prints the link to the catalogue's "I hit this known failure too" issue form with your answers filled in, so
filing the outcome of a remediation is one click. Log lines are redacted (host names, addresses, IDs, secrets)
before they go into the link, and trimmed to keep the link under GitHub's URL length limit.

Options:
  --remediation <REM-ID>   the remediation you applied
  --outcome <outcome>      ${OUTCOMES.join(', ')}
  --release <release>      the OpenStack release you run, e.g. 2025.1
  --tool <id>              your deployment tool, e.g. kolla-ansible, openstack-ansible, charms
  --log <file>             a file holding the log lines that showed the failure (an excerpt; - for stdin)
  --line <text>            one log line (repeatable)
  --notes <text>           anything that differed from the catalogue entry
  -h, --help               show this help

Exit status: 0 the link was printed, 2 error.
`;

export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  stdin: () => number;
}

const FAILURE_ID = /^FAIL-\d{4,}$/;
const REMEDIATION_ID = /^REM-\d{4,}$/;
/** Besides a release ID, the form's own answers for a release the catalogue does not list (its release dropdown). */
const NOT_LISTED_RELEASES = ['older', 'unknown'];

class UsageError extends Error {}

export function outcomeCommand(argv: readonly string[], io: CommandIo): number {
  try {
    return run(argv, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`outcome: ${error.message}\n`);
    return EXIT_ERROR;
  }
}

function run(argv: readonly string[], io: CommandIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        remediation: { type: 'string' },
        outcome: { type: 'string' },
        release: { type: 'string' },
        tool: { type: 'string' },
        log: { type: 'string', multiple: true },
        line: { type: 'string', multiple: true },
        notes: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Fix: see outcome --help`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(OUTCOME_USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError(`expected one failure ID, got ${positionals.length}. Fix: outcome FAIL-0001 --remediation REM-0001 --outcome resolved`);
  const failureId = positionals[0]!.toUpperCase();
  if (!FAILURE_ID.test(failureId)) throw new UsageError(`${JSON.stringify(positionals[0])} is not a failure ID. Fix: use the ID on the failure page, e.g. FAIL-0001`);
  const remediationId = values.remediation?.toUpperCase();
  if (remediationId !== undefined && !REMEDIATION_ID.test(remediationId)) throw new UsageError(`--remediation ${JSON.stringify(values.remediation)} is not a remediation ID. Fix: use the ID on the remediation page, e.g. REM-0001`);
  if (values.outcome !== undefined && !(OUTCOMES as readonly string[]).includes(values.outcome)) throw new UsageError(`--outcome ${JSON.stringify(values.outcome)} is not an outcome. Fix: use one of ${OUTCOMES.join(', ')}`);
  if (values.outcome !== undefined && remediationId === undefined) throw new UsageError('--outcome says how a remediation went, but no --remediation was given. Fix: add --remediation REM-…');
  if (values.release !== undefined && !RELEASE_ID.test(values.release) && !NOT_LISTED_RELEASES.includes(values.release)) throw new UsageError(`--release ${JSON.stringify(values.release)} is not a release. Fix: use a release number such as 2025.1 (the year and half it was released: Train is 2019.2), or ${NOT_LISTED_RELEASES.join(' or ')}`);
  if (values.tool !== undefined && !TERM_ID.test(values.tool)) throw new UsageError(`--tool ${JSON.stringify(values.tool)} is not a deployment tool ID. Fix: use a lowercase ID such as kolla-ansible`);

  const lines = [...(values.log ?? []).flatMap((file) => readExcerpt(file, io)), ...(values.line ?? [])];
  const link = outcomeFormLink({
    failureId,
    ...(values.release ? { release: values.release } : {}),
    ...(values.tool ? { deploymentTool: values.tool } : {}),
    ...(remediationId ? { remediationId } : {}),
    ...(values.outcome ? { outcome: values.outcome as Outcome } : {}),
    ...(values.notes ? { notes: values.notes } : {}),
    logLines: lines,
  });
  io.out(`${link.url}\n`);
  const redacted = Object.entries(link.redactions).map(([kind, n]) => `${n} ${kind}${n === 1 ? '' : 's'}`);
  if (redacted.length > 0) io.err(`outcome: redacted ${redacted.join(', ')} in the notes and log lines; check the form before you submit it\n`);
  if (link.omittedLines > 0) io.err(`outcome: ${link.omittedLines} of ${lines.length} log lines left out to keep the link under ${MAX_FORM_URL_LENGTH} characters (GitHub refuses longer ones); the notes say so\n`);
  if (link.shortenedLines > 0) io.err(`outcome: ${link.shortenedLines} long log line${link.shortenedLines === 1 ? '' : 's'} cut\n`);
  io.err('outcome: open the link, check the answers, and submit the issue; the intake turns it into a report\n');
  return EXIT_OK;
}

/** The first MAX_LOG_BYTES of a file, as lines. */
function readExcerpt(file: string, io: CommandIo): string[] {
  let fd: number;
  try {
    fd = file === '-' ? io.stdin() : openSync(file, 'r');
  } catch (error) {
    throw new UsageError(`--log ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Fix: check the path`);
  }
  const buffer = Buffer.alloc(MAX_LOG_BYTES);
  let size = 0;
  try {
    for (let n = 1; n > 0 && size < buffer.length; size += n) n = readSync(fd, buffer, size, buffer.length - size, null);
  } finally {
    if (file !== '-') closeSync(fd);
  }
  const text = buffer.subarray(0, size).toString('utf8');
  // A cut at the byte limit leaves a partial last line: drop it.
  const lines = text.split(/\r?\n/);
  if (size === buffer.length) lines.pop();
  return lines.filter((l) => l.trim() !== '');
}
