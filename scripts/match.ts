/**
 * npm run match -- [--feed <url-or-path>] [--json] [--service <id>] [--emit-remediation <dir>] [<file>... | -]
 * npm run match -- --follow [--journal] [--alertmanager <url>] [--metrics-listen <host:port>]
 *                  [--metrics-textfile <path>] [--host <name>] [--resolve-after <duration>] [<file>... | -]
 *
 * Scans logs for the catalogue's known failures and prints each one found, where, and what fixes it. Exit 0:
 * no known failure found; 1: at least one found; 2: an error (bad arguments, a feed that is unreachable or
 * invalid, a log that cannot be read), so it can gate a script like a linter. With --follow it keeps running
 * (src/lib/matcher/node/follow-run.ts) until SIGINT or SIGTERM, and then exits with the same codes.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { formatProblem } from '../src/lib/core/problems.ts';
import { TERM_ID } from '../src/schemas/common.ts';
import { emitRemediations } from '../src/lib/matcher/node/emit-remediations.ts';
import { DEFAULT_FEED_URL, defaultCacheDir, FeedLoadError, loadFeedDocuments } from '../src/lib/matcher/node/feed-source.ts';
import { FeedRefresher } from '../src/lib/matcher/node/feed-refresher.ts';
import { FollowSetupError, runFollow } from '../src/lib/matcher/node/follow-run.ts';
import { parseListenAddress } from '../src/lib/matcher/node/metrics-server.ts';
import { alertsEndpoint } from '../src/lib/matcher/node/alertmanager-client.ts';
import { durationMs } from '../src/lib/matcher/timestamps.ts';
import { expandInputs, scanInputs } from '../src/lib/matcher/node/log-inputs.ts';
import { prepareMatcher } from '../src/lib/matcher/prepare.ts';
import { buildMatchReport } from '../src/lib/matcher/report.ts';
import { formatReportText, terminalSafe } from '../src/lib/matcher/report-text.ts';
import { MatchTally } from '../src/lib/matcher/tally.ts';
import type { Feed } from '../src/lib/matcher/feed-documents.ts';
import { parsePolicy, PolicyError } from '../src/lib/remediate/policy/parse-policy.ts';
import { remediationFollowHook } from '../src/lib/remediate/follow-hook.ts';
import { DEFAULT_POLICY } from '../src/schemas/policy.ts';

const EXIT_CLEAN = 0;
const EXIT_FOUND = 1;
const EXIT_ERROR = 2;

const USAGE = `Usage: npm run match -- [options] [<file or directory>... | -]
       node failure-catalogue.mjs match [options] [<file or directory>... | -]   (the standalone file)

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

Follow mode (runs until SIGINT or SIGTERM, like tail -F; prints one line per alert that fires or resolves):
  --follow                   follow the files across rotation and truncation, starting at their end
  --from-start               with --follow: read what the files already hold first
  --journal                  with --follow: read journalctl -o json -f output on standard input
                             (host from _HOSTNAME, program from SYSLOG_IDENTIFIER or _SYSTEMD_UNIT)
  --metrics-listen <h:p>     serve Prometheus metrics at http://<h:p>/metrics (e.g. 127.0.0.1:9464)
  --metrics-textfile <path>  also write them to a node_exporter textfile-collector file (*.prom)
  --alertmanager <url>       post alerts to Alertmanager (<url>/api/v2/alerts), re-sent while firing
  --host <name>              host label for file lines and journal entries without one (default: ${hostname()})
  --resolve-after <dur>      resolve an alert after this long without a new match (default 10m; s, m, h, d)
  --feed-refresh <dur>       how often to check the feed for changes (default 5m; checks modified.csv first)
  --policy <file>            with --follow: run the remediations your policy allows for each alert (check mode
                             first where possible, with its time limit and throttle); without it nothing runs
  --audit-log <file>         with --follow: append every remediation decision, run and output as JSON lines
                             (required with --policy; alone, it logs what would be proposed)
  --release <release>        with --audit-log: your OpenStack release, filled into the outcome form (e.g. 2025.1)
  --deployment-tool <tool>   with --audit-log: your deployment tool, filled into the outcome form (e.g. kolla-ansible)

Exit status: 0 no known failure found, 1 at least one found, 2 error.
`;

function fail(message: string): never {
  process.stderr.write(`match: ${message}\n`);
  process.exit(EXIT_ERROR);
}

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        feed: { type: 'string' },
        service: { type: 'string' },
        json: { type: 'boolean', default: false },
        'emit-remediation': { type: 'string' },
        'no-cache': { type: 'boolean', default: false },
        follow: { type: 'boolean', default: false },
        'from-start': { type: 'boolean', default: false },
        journal: { type: 'boolean', default: false },
        'metrics-listen': { type: 'string' },
        'metrics-textfile': { type: 'string' },
        alertmanager: { type: 'string' },
        host: { type: 'string' },
        'resolve-after': { type: 'string' },
        'feed-refresh': { type: 'string' },
        policy: { type: 'string' },
        'audit-log': { type: 'string' },
        release: { type: 'string' },
        'deployment-tool': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}. Fix: see match --help`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return EXIT_CLEAN;
  }
  if (values.service !== undefined && !TERM_ID.test(values.service)) {
    fail(`--service ${JSON.stringify(values.service)}: is not a service ID. Fix: use a lowercase ID such as nova or rabbitmq`);
  }
  const follow = values.follow ? followSettings(values, positionals) : undefined;
  for (const flag of ['policy', 'audit-log', 'release', 'deployment-tool'] as const) {
    if (!follow && values[flag] !== undefined) fail(`--${flag} works with --follow only. Fix: add --follow, or scan without --${flag} (use --emit-remediation to review remediations)`);
  }
  if (values['audit-log'] === undefined && (values.release !== undefined || values['deployment-tool'] !== undefined)) {
    fail('--release and --deployment-tool fill in the outcome form of the audit log. Fix: add --audit-log FILE');
  }
  if (!follow && positionals.length === 0 && process.stdin.isTTY) {
    fail('no logs to scan. Fix: name log files or directories, or pipe a log in and pass - (see --help)');
  }
  const args = positionals.length === 0 ? ['-'] : positionals;

  const feedLocation = values.feed ?? process.env.FAILURE_CATALOGUE_FEED ?? DEFAULT_FEED_URL;
  const cacheDir = values['no-cache'] ? undefined : defaultCacheDir();
  // Looked at before the first load, so a catalogue change between the load and the first refresh is not missed.
  const refresher = follow ? new FeedRefresher({ location: feedLocation, cacheDir, service: values.service }) : undefined;
  await refresher?.prime();
  let documents;
  try {
    documents = await loadFeedDocuments(feedLocation, { cacheDir });
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

  if (follow) {
    refresher!.inUse(documents.failures.text, documents.remediations.text);
    const onAlert = remediationSettings(values, matcher.feed);
    try {
      return await runFollow({
        ...follow,
        ...(onAlert ? { onAlert } : {}),
        matcher,
        refresher,
        json: values.json,
        stdin: process.stdin,
        stdout: (line) => process.stdout.write(`${terminalSafe(line)}\n`),
        stderr: (line) => process.stderr.write(`${terminalSafe(line)}\n`),
      });
    } catch (error) {
      if (error instanceof FollowSetupError) fail(error.message);
      throw error;
    }
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

const DURATION = /^[1-9]\d{0,8}[smhd]$/;

/**
 * --policy and --audit-log: the remediation hook of the follow mode, or nothing. A policy that cannot be read or
 * does not parse stops the program (exit 2): a broken policy never means "allow", nor "run without one".
 */
function remediationSettings(values: Record<string, string | boolean | undefined>, feed: Feed) {
  const policyFile = values.policy as string | undefined;
  const auditLog = values['audit-log'] as string | undefined;
  if (policyFile !== undefined && auditLog === undefined) fail('--policy needs --audit-log: every decision and run is recorded. Fix: add e.g. --audit-log /var/log/failure-catalogue/audit.jsonl');
  if (auditLog === undefined) return undefined;
  let policy = DEFAULT_POLICY;
  if (policyFile !== undefined) {
    let text;
    try {
      text = readFileSync(policyFile, 'utf8');
    } catch (error) {
      fail(`--policy ${policyFile}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Fix: name your policy file (example: /api/v1/policy.example.yaml on the catalogue's site)`);
    }
    try {
      policy = parsePolicy(text, policyFile);
    } catch (error) {
      if (error instanceof PolicyError) fail(error.message);
      throw error;
    }
  }
  return remediationFollowHook({
    feed,
    policy,
    auditLog,
    release: values.release as string | undefined,
    deploymentTool: values['deployment-tool'] as string | undefined,
    stdout: (line) => process.stdout.write(`${terminalSafe(line)}\n`),
    stderr: (line) => process.stderr.write(`${terminalSafe(line)}\n`),
  });
}

/** The follow mode's settings from the command line, or a usage error that says how to fix it. */
function followSettings(values: Record<string, string | boolean | undefined>, positionals: readonly string[]) {
  const text = (name: string) => (typeof values[name] === 'string' ? values[name] : undefined);
  const duration = (name: string, fallback: string) => {
    const value = text(name) ?? fallback;
    if (!DURATION.test(value)) fail(`--${name} ${JSON.stringify(value)}: is not a duration. Fix: a whole number and a unit, s, m, h or d, e.g. --${name} ${fallback}`);
    return durationMs(value);
  };
  if (values['emit-remediation'] !== undefined) fail('--emit-remediation cannot be used with --follow. Fix: scan the logs without --follow to write remediation files');
  if (values.journal && positionals.includes('-')) fail('--journal reads standard input already. Fix: drop the "-" (other arguments are files to follow besides the journal)');
  if (!values.journal && positionals.length === 0) fail('--follow needs files to follow, "-" for standard input, or --journal. Fix: e.g. --follow /var/log/nova/nova-compute.log');
  let metricsListen;
  try {
    metricsListen = text('metrics-listen') === undefined ? undefined : parseListenAddress(text('metrics-listen')!);
    if (text('alertmanager') !== undefined) alertsEndpoint(text('alertmanager')!);
  } catch (error) {
    fail((error as Error).message);
  }
  const host = text('host') ?? hostname();
  if (host.length === 0 || host.length > 255 || [...host].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) fail(`--host ${JSON.stringify(host)}: is not a host name. Fix: give the name alerts should carry, e.g. --host compute-12`);
  return {
    files: positionals,
    journal: values.journal === true,
    fromStart: values['from-start'] === true,
    host,
    resolveAfterMs: duration('resolve-after', '10m'),
    feedRefreshMs: duration('feed-refresh', '5m'),
    alertmanager: text('alertmanager'),
    metricsListen,
    metricsTextfile: text('metrics-textfile'),
  };
}

/**
 * Runs the command line as a process: `npm run match` (below) and the standalone file's `match` subcommand
 * (scripts/failure-catalogue.ts) both call this, so they are the same program.
 */
export function runMatchCli(argv: readonly string[]): void {
  // A reader that stops early (| head) is not an error of the scan.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_CLEAN);
    throw error;
  });

  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`match: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = EXIT_ERROR;
    },
  );
}

// Only when run as `node scripts/match.ts`; importing this module runs nothing.
if (import.meta.main) runMatchCli(process.argv.slice(2));
