/**
 * npm run match -- [--feed <url-or-path>] [--json] [--service <id>] [--emit-remediation <dir>] [<file>... | -]
 *
 * Scans logs for the catalogue's known failures and prints each one found, where, and what fixes it. Exit 0:
 * no known failure found; 1: at least one found; 2: an error (bad arguments, a feed that is unreachable or
 * invalid, a log that cannot be read), so it can gate a script like a linter.
 */
import { parseArgs } from 'node:util';
import { formatProblem } from '../src/lib/problems.ts';
import { TERM_ID } from '../src/schemas/common.ts';
import { emitRemediations } from '../src/lib/matcher/node/emit-remediations.ts';
import { DEFAULT_FEED_URL, defaultCacheDir, FeedLoadError, loadFeedDocuments } from '../src/lib/matcher/node/feed-source.ts';
import { expandInputs, scanInputs } from '../src/lib/matcher/node/log-inputs.ts';
import { prepareMatcher } from '../src/lib/matcher/prepare.ts';
import { buildMatchReport } from '../src/lib/matcher/report.ts';
import { formatReportText, terminalSafe } from '../src/lib/matcher/report-text.ts';
import { MatchTally } from '../src/lib/matcher/tally.ts';

const EXIT_CLEAN = 0;
const EXIT_FOUND = 1;
const EXIT_ERROR = 2;

const USAGE = `Usage: npm run match -- [options] [<file or directory>... | -]

Scans logs (files, directories, "-" for standard input; gzip is recognised) for the known failures of the
Failure Catalogue and prints each one found, where, and the remediations that fix it.

Options:
  --feed <url-or-path>       feed to match against: its URL (…/api/v1/) or a directory with failures.json and
                             remediations.json (default: ${DEFAULT_FEED_URL},
                             or FAILURE_CATALOGUE_FEED); downloads are cached in ${defaultCacheDir()}
  --service <id>             only signatures of this service (its logs) or of failures involving it
  --json                     print one JSON document instead of text
  --emit-remediation <dir>   write the automation of the matched failures' remediations to <dir> for review
                             (nothing is run)
  --no-cache                 download the feed without reading or writing the cache
  -h, --help                 show this help

Exit status: 0 no known failure found, 1 at least one found, 2 error.
`;

function fail(message: string): never {
  process.stderr.write(`match: ${message}\n`);
  process.exit(EXIT_ERROR);
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        feed: { type: 'string' },
        service: { type: 'string' },
        json: { type: 'boolean', default: false },
        'emit-remediation': { type: 'string' },
        'no-cache': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}. Fix: see npm run match -- --help`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return EXIT_CLEAN;
  }
  if (values.service !== undefined && !TERM_ID.test(values.service)) {
    fail(`--service ${JSON.stringify(values.service)}: is not a service ID. Fix: use a lowercase ID such as nova or rabbitmq`);
  }
  if (positionals.length === 0 && process.stdin.isTTY) {
    fail('no logs to scan. Fix: name log files or directories, or pipe a log in and pass - (see --help)');
  }
  const args = positionals.length === 0 ? ['-'] : positionals;

  const feedLocation = values.feed ?? process.env.FAILURE_CATALOGUE_FEED ?? DEFAULT_FEED_URL;
  let documents;
  try {
    documents = await loadFeedDocuments(feedLocation, { cacheDir: values['no-cache'] ? undefined : defaultCacheDir() });
  } catch (error) {
    if (error instanceof FeedLoadError) fail(error.message);
    throw error;
  }
  for (const note of documents.notes) process.stderr.write(`match: ${note}\n`);

  const { matcher, problems } = prepareMatcher(documents.failures, documents.remediations, { service: values.service });
  if (!matcher) {
    for (const problem of problems) process.stderr.write(`${terminalSafe(formatProblem(problem))}\n`);
    fail(`the feed from ${feedLocation} was refused (${problems.length} problem${problems.length === 1 ? '' : 's'} above); nothing was scanned`);
  }
  for (const warning of matcher.warnings) process.stderr.write(`match: ${terminalSafe(warning)}\n`);
  if (matcher.index.signatures.length === 0) {
    const services = [...new Set(matcher.feed.failures.flatMap((f) => f.signatures.map((s) => s.service)))].sort();
    fail(`no signature in the feed belongs to service ${JSON.stringify(values.service)}. Fix: use one of ${services.join(', ')}`);
  }

  const tally = new MatchTally(matcher.index);
  const { inputs, errors: inputErrors } = expandInputs(args, () => process.stdin);
  const scanErrors = await scanInputs(inputs, tally);
  const errors = [...inputErrors, ...scanErrors];
  for (const error of errors) process.stderr.write(`match: ${terminalSafe(error)}\n`);

  const report = buildMatchReport({ feed: matcher.feed, signatures: matcher.index.signatures.length, totals: tally.totals, hits: tally.failures, errors });
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReportText(report));

  const emitDir = values['emit-remediation'];
  if (emitDir !== undefined) {
    try {
      const emitted = emitRemediations(emitDir, report, matcher.feed.remediations, new Date().toISOString());
      if (report.failures.length === 0) process.stderr.write('match: no known failure found, so no remediation file was written\n');
      if (emitted.written.length > 0) process.stderr.write(`match: wrote ${emitted.written.length} remediation file${emitted.written.length === 1 ? '' : 's'} for review: ${emitted.written.join(', ')}\n`);
      if (emitted.withoutAutomation.length > 0) process.stderr.write(`match: no automation published for ${emitted.withoutAutomation.join(', ')}; follow the steps on their pages\n`);
    } catch (error) {
      fail(`--emit-remediation ${emitDir}: could not write (${(error as Error).message}). Fix: name a directory you can write to`);
    }
  }

  if (errors.length > 0) return EXIT_ERROR;
  return report.failures.length > 0 ? EXIT_FOUND : EXIT_CLEAN;
}

// A reader that stops early (| head) is not an error of the scan.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_CLEAN);
  throw error;
});

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`match: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = EXIT_ERROR;
  },
);
