/**
 * `match --follow`: wires the follow session to the outside world. Files are followed like `tail -F`, journald's
 * JSON export is read on standard input, matches become Prometheus metrics (an HTTP /metrics endpoint and/or a
 * node_exporter textfile) and Alertmanager alerts, and the feed is refreshed in the background. Runs until
 * SIGINT or SIGTERM; the result is 1 when a known failure fired, 0 when none did, 2 on a fatal error.
 */
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import type { PostableAlert } from '../follow/alert-book.ts';
import { FollowSession, type FollowInput } from '../follow/follow-session.ts';
import type { Firing } from '../follow/follow-tally.ts';
import { LineSplitter } from '../follow/line-splitter.ts';
import { renderExposition, type MetricFamily } from '../follow/prometheus-text.ts';
import type { Feed } from '../feed-documents.ts';
import type { PreparedMatcher } from '../prepare.ts';
import { alertsEndpoint, postAlerts } from './alertmanager-client.ts';
import type { FeedRefresher, RefreshResult } from './feed-refresher.ts';
import { FileFollower } from './file-follower.ts';
import { startMetricsServer, type ListenAddress } from './metrics-server.ts';
import { writeTextfileAtomically } from './textfile-writer.ts';

export const FOLLOW_EXIT = { clean: 0, found: 1, error: 2 } as const;

/** The follow mode could not start (a port in use): the message says what to change. */
export class FollowSetupError extends Error {}

export interface FollowRunOptions {
  matcher: PreparedMatcher;
  /** Files to follow; "-" is standard input as plain log lines. */
  files: readonly string[];
  /** Read `journalctl -o json` output on standard input. */
  journal: boolean;
  stdin: Readable;
  /** Read the files' current content first instead of starting at their end. */
  fromStart: boolean;
  host: string;
  resolveAfterMs: number;
  alertmanager: string | undefined;
  metricsListen: ListenAddress | undefined;
  metricsTextfile: string | undefined;
  refresher: FeedRefresher | undefined;
  feedRefreshMs: number;
  pollMs?: number;
  /** Prints JSON lines instead of text for alert events on stdout. */
  json: boolean;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  /** Resolves to stop (tests); SIGINT and SIGTERM stop it as well. */
  stop?: Promise<void>;
  /**
   * Called with each new alert (a signature's threshold met on a host) and the feed it was matched with: the hook
   * for `--policy`, which hands it to the remediation runner. Errors are the hook's to report.
   */
  onAlert?: (firing: Firing, feed: Feed) => void;
  /** Called once everything is started (tests and the benchmark wait for it). */
  onReady?: (ready: { metricsAddress: ListenAddress | undefined }) => void;
}

/** A firing alert is posted again this often (Alertmanager drops one whose endsAt passed). */
const MAX_RESEND_MS = 60_000;
const TEXTFILE_INTERVAL_MS = 15_000;
/** After a match, the textfile is rewritten within this delay, not on every line. */
const TEXTFILE_DEBOUNCE_MS = 1_000;
/** Longest journal JSON line accepted: far above journald's own field limits for text messages. */
const MAX_JOURNAL_LINE_BYTES = 8 * 1024 * 1024;
/** The same warning (Alertmanager down) is repeated at most this often. */
const REPEAT_WARNING_MS = 5 * 60_000;

export async function runFollow(options: FollowRunOptions): Promise<number> {
  const startedAt = Date.now();
  const resendMs = Math.min(MAX_RESEND_MS, Math.max(1_000, Math.floor(options.resolveAfterMs / 2)));
  const roundMs = Math.max(250, Math.min(10_000, Math.floor(resendMs / 4)));
  const counters = { refreshes: new Map<RefreshResult, number>(), posts: { ok: 0, error: 0 }, alertsPosted: 0 };
  const warn = throttledWarnings(options.stderr);
  let alertTimer: NodeJS.Immediate | undefined;

  const session = new FollowSession(options.matcher, {
    host: options.host,
    timings: { resolveAfterMs: options.resolveAfterMs, resendMs },
    onNewAlert: (firing) => {
      event('firing', firing);
      options.onAlert?.(firing, session.matcher.feed);
      alertTimer ??= setImmediate(() => {
        alertTimer = undefined;
        void alertRound();
      });
      textfileSoon();
    },
  });
  if (options.files.length > 0) session.declareHost();

  function event(kind: 'firing' | 'resolved', what: Firing | PostableAlert): void {
    const labels = 'facts' in what ? { failure_id: what.facts.failureId, signature_id: what.facts.signatureId, service: what.facts.service, severity: what.facts.severity, host: what.host } : what.labels;
    const url = 'facts' in what ? what.facts.failureUrl : what.annotations.failure_url;
    const title = 'facts' in what ? `: ${what.facts.title}` : '';
    const line = 'facts' in what ? what.line : undefined;
    if (options.json) options.stdout(JSON.stringify({ event: kind, at: new Date().toISOString(), ...labels, failure_url: url, ...(line !== undefined ? { line } : {}) }));
    else {
      options.stdout(`${kind} ${labels.failure_id} (signature ${labels.signature_id}, ${labels.service}) on ${labels.host}${title} ${url}`);
      if (line !== undefined) options.stdout(`  ${line}`);
    }
  }

  // ---- alerts ----------------------------------------------------------------------------------------------------
  const endpoint = options.alertmanager ? alertsEndpoint(options.alertmanager) : undefined;
  let posting = false;
  let postAgain = false;
  async function alertRound(): Promise<void> {
    if (posting) {
      // A new alert while a post is on its way: one more round right after it, not at the next tick.
      postAgain = true;
      return;
    }
    posting = true;
    try {
      const round = session.alerts.round(Date.now());
      if (round.alerts.length === 0) return;
      if (endpoint) {
        try {
          await postAlerts(endpoint, round.alerts);
          counters.posts.ok++;
          counters.alertsPosted += round.alerts.length;
          warn.recovered('alertmanager', `${endpoint.href}: alerts are accepted again`);
        } catch (error) {
          counters.posts.error++;
          warn.warn('alertmanager', `${(error as Error).message}; retrying every ${roundMs / 1000}s`);
          return;
        }
      }
      round.accepted();
      for (const alert of round.resolved) event('resolved', alert);
    } finally {
      posting = false;
    }
    if (postAgain) {
      postAgain = false;
      await alertRound();
    }
  }

  // ---- metrics ---------------------------------------------------------------------------------------------------
  const exposition = () => renderExposition([...session.metricFamilies(), ...processFamilies()]);
  function processFamilies(): MetricFamily[] {
    const memory = process.memoryUsage();
    return [
      { name: 'failure_catalogue_feed_refreshes_total', type: 'counter', help: 'Background feed refreshes, by result.', samples: (['unchanged', 'updated', 'refused', 'failed'] as const).map((result) => ({ labels: { result }, value: counters.refreshes.get(result) ?? 0 })) },
      { name: 'failure_catalogue_alertmanager_posts_total', type: 'counter', help: 'POSTs to Alertmanager, by result.', samples: [{ labels: { result: 'ok' }, value: counters.posts.ok }, { labels: { result: 'error' }, value: counters.posts.error }] },
      { name: 'failure_catalogue_alertmanager_alerts_sent_total', type: 'counter', help: 'Alerts accepted by Alertmanager (firing, re-sent and resolved).', samples: [{ value: counters.alertsPosted }] },
      { name: 'failure_catalogue_follow_start_time_seconds', type: 'gauge', help: 'When this matcher started.', samples: [{ value: startedAt / 1000 }] },
      { name: 'failure_catalogue_follow_resident_memory_bytes', type: 'gauge', help: 'Resident memory of the matcher process.', samples: [{ value: memory.rss }] },
      { name: 'failure_catalogue_follow_heap_used_bytes', type: 'gauge', help: 'JavaScript heap in use.', samples: [{ value: memory.heapUsed }] },
      { name: 'failure_catalogue_follow_external_memory_bytes', type: 'gauge', help: 'Memory outside the JavaScript heap held by JavaScript objects (buffers).', samples: [{ value: memory.external }] },
    ];
  }
  let server;
  try {
    server = options.metricsListen ? await startMetricsServer(options.metricsListen, exposition) : undefined;
  } catch (error) {
    // Before any timer or input is started, so the process can end here.
    const { host, port } = options.metricsListen!;
    throw new FollowSetupError(`--metrics-listen ${host}:${port}: cannot listen (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Fix: choose a free port, or an address of this host`);
  }
  if (server) options.stderr(`match: metrics at http://${server.address.host.includes(':') ? `[${server.address.host}]` : server.address.host}:${server.address.port}/metrics`);

  let textfileTimer: NodeJS.Timeout | undefined;
  function writeTextfile(): void {
    if (!options.metricsTextfile) return;
    try {
      writeTextfileAtomically(options.metricsTextfile, exposition());
      warn.recovered('textfile', `${options.metricsTextfile}: written again`);
    } catch (error) {
      warn.warn('textfile', `--metrics-textfile ${options.metricsTextfile}: could not be written (${(error as Error).message}). Fix: name a file in node_exporter's --collector.textfile.directory that this user can write`);
    }
  }
  function textfileSoon(): void {
    if (!options.metricsTextfile || textfileTimer) return;
    textfileTimer = setTimeout(() => {
      textfileTimer = undefined;
      writeTextfile();
    }, TEXTFILE_DEBOUNCE_MS);
  }
  writeTextfile();
  const alertInterval = setInterval(() => void alertRound(), roundMs);
  const textfileInterval = options.metricsTextfile ? setInterval(writeTextfile, TEXTFILE_INTERVAL_MS) : undefined;

  // ---- feed refresh ----------------------------------------------------------------------------------------------
  let refreshing = false;
  const refreshInterval = options.refresher
    ? setInterval(async () => {
        if (refreshing) return;
        refreshing = true;
        try {
          const result = await options.refresher!.refresh(
            (matcher) => {
              const before = session.matcher.index.signatures.length;
              session.swap(matcher);
              if (options.files.length > 0) session.declareHost();
              options.stderr(`match: feed refreshed (generated ${matcher.feed.generated}): ${matcher.index.signatures.length} signatures, was ${before}`);
              for (const warning of matcher.warnings) options.stderr(`match: ${warning}`);
            },
            (note) => options.stderr(`match: ${note}`),
          );
          counters.refreshes.set(result, (counters.refreshes.get(result) ?? 0) + 1);
        } finally {
          refreshing = false;
        }
      }, options.feedRefreshMs)
    : undefined;

  // ---- inputs ----------------------------------------------------------------------------------------------------
  const followers: FileFollower[] = [];
  const inputs: FollowInput[] = [];
  for (const path of options.files.filter((f) => f !== '-')) {
    const input = session.followInput(path);
    inputs.push(input);
    followers.push(
      new FileFollower({
        path,
        fromStart: options.fromStart,
        ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
        onData: (chunk) => input.push(chunk, Date.now()),
        onRestart: () => input.restart(),
        onNotice: (message) => options.stderr(`match: ${message}`),
      }),
    );
  }
  await Promise.all(followers.map((f) => f.start()));

  let closeStdin: (() => void) | undefined;
  if (options.journal) {
    const journal = session.journalInput();
    const decoder = new TextDecoder();
    const splitter = new LineSplitter(MAX_JOURNAL_LINE_BYTES, (line) => journal.line(decoder.decode(line), Date.now()));
    let reported = 0;
    options.stdin.on('data', (chunk: Buffer) => {
      splitter.push(chunk);
      const problems = session.journalProblems;
      if (problems.skipped > reported) {
        warn.warn('journal', `standard input: ${problems.skipped} line${problems.skipped === 1 ? '' : 's'} skipped so far; the last one ${problems.last}`);
        reported = problems.skipped;
      }
    });
    options.stdin.on('end', () => {
      splitter.end();
      journal.close();
      options.stderr('match: standard input (the journal) ended; still serving metrics and alerts until stopped');
    });
    closeStdin = () => options.stdin.destroy();
  } else if (options.files.includes('-')) {
    const input = session.followInput('-');
    inputs.push(input);
    options.stdin.on('data', (chunk: Buffer) => input.push(chunk, Date.now()));
    options.stdin.on('end', () => {
      input.close();
      options.stderr('match: standard input ended; still serving metrics and alerts until stopped');
    });
    closeStdin = () => options.stdin.destroy();
  }

  const following = [...options.files.map((f) => (f === '-' ? 'standard input' : f)), ...(options.journal ? ['the journal on standard input'] : [])];
  options.stderr(`match: following ${following.join(', ')} with ${session.matcher.index.signatures.length} signatures${endpoint ? `; alerts to ${endpoint.href}` : ''}`);
  options.onReady?.({ metricsAddress: server?.address });

  // ---- until stopped ---------------------------------------------------------------------------------------------
  const signals = new AbortController();
  const stopped = Promise.race([
    once(process, 'SIGINT', { signal: signals.signal }),
    once(process, 'SIGTERM', { signal: signals.signal }),
    ...(options.stop ? [options.stop] : []),
  ]);
  await stopped.catch(() => undefined);
  signals.abort();

  clearInterval(alertInterval);
  clearInterval(refreshInterval);
  clearInterval(textfileInterval);
  clearTimeout(textfileTimer);
  if (alertTimer) clearImmediate(alertTimer);
  closeStdin?.();
  await Promise.all(followers.map((f) => f.close()));
  for (const input of inputs) input.close();
  // New alerts not yet posted are posted; firing ones are left to expire at their endsAt, as Prometheus does.
  await alertRound();
  writeTextfile();
  await server?.close();

  const scanned = session.scanned;
  const fired = session.tally.series.filter((s) => s.fired);
  options.stderr(`match: stopped after ${scanned.lines} lines; ${session.tally.matchedLines} matched; ${fired.length === 0 ? 'no known failure fired' : `fired: ${[...new Set(fired.map((s) => `${s.labels.failure_id} on ${s.labels.host}`))].join(', ')}`}`);
  return session.tally.found ? FOLLOW_EXIT.found : FOLLOW_EXIT.clean;
}

/** Warnings by topic: the first one is printed, then the same topic at most every few minutes. */
function throttledWarnings(print: (line: string) => void) {
  const last = new Map<string, number>();
  return {
    warn(topic: string, message: string) {
      const at = last.get(topic);
      if (at !== undefined && Date.now() - at < REPEAT_WARNING_MS) return;
      last.set(topic, Date.now());
      print(`match: ${message}`);
    },
    recovered(topic: string, message: string) {
      if (!last.has(topic)) return;
      last.delete(topic);
      print(`match: ${message}`);
    },
  };
}

