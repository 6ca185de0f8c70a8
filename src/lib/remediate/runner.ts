/**
 * Runs the remediation a cloud's policy allows for a matched failure, and records everything in the audit log.
 *
 * For each match event: throttle (one decision per failure and host per window), pick the failure's remediations
 * (published, best verified first), ask the policy, and then either
 *   - propose: log the proposal with the remediation's page and playbook URLs, run nothing;
 *   - run, Ansible: `ansible-playbook --check` first; only when check mode passes, the real run;
 *   - run, shell / openstack-cli / python: these have no dry run, so they run only when the caller says the policy
 *     explicitly allows remediations without check mode, and only for a match on this host (the code runs here).
 * Every run has a time limit (the process group is killed), holds a lock so the same remediation never runs twice
 * on a host at once (also across processes), and is written to the append-only audit log with its output
 * (bounded), exit code and timings, plus the filled-in "I hit this known failure too" link for filing the outcome.
 *
 * Code is data from the feed: it is written to a file and the file's path is passed to the interpreter as an
 * argument. Nothing is ever given to a shell as a command string, and nothing from a log line reaches the code.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FeedFailure, FeedRemediation } from '../../schemas/feed.ts';
import { HOSTS_VARIABLE, interpreter as shellFor, TIMEOUT_VARIABLE } from '../feed/exports/ansible-playbooks.ts';
import type { Feed } from '../matcher/feed-documents.ts';
import { AUDIT_RECORD_VERSION, AuditLog, type AuditCommand, type AuditRecord } from './audit-log.ts';
import { runBounded, type ProcessResult } from './bounded-process.ts';
import { HOST_NAME, MAX_AUDIT_LINE, type MatchEvent } from './match-event.ts';
import { outcomeFormLink, type Outcome } from './outcome-report.ts';
import type { Decide, DecideInput, Decision } from './policy-contract.ts';
import { RunLocks } from './run-lock.ts';

export const DEFAULT_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_THROTTLE_MS = 60 * 60_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;

type Kind = NonNullable<FeedRemediation['automation']>['kind'];

export interface Interpreters {
  ansiblePlaybook: string;
  python: string;
}

export interface RunnerOptions<P> {
  feed: Feed;
  policy: P;
  decide: Decide<P>;
  /** Path of the JSON-lines audit log; lock files go in `<auditLog>.locks/`. */
  auditLog: string;
  /** Host groups of a host, for the policy's host-group rules (e.g. from the cloud's inventory). */
  hostGroups?: (host: string) => string[];
  /**
   * The policy explicitly allows remediations that have no check mode (shell, openstack-cli, python) to run
   * unattended. Without it they are proposed, never run.
   */
  allowWithoutCheckMode?: boolean;
  /**
   * The playbook to run for an `ansible` remediation (the generated export, src/lib/feed/exports). Without it, the
   * automation's code as published, which for kind `ansible` is a playbook.
   */
  playbookFor?: (remediation: FeedRemediation) => string | undefined;
  /** An Ansible inventory file; the run is limited to the matched host. Default: the host alone (`-i host,`). */
  inventory?: string;
  /**
   * Throttle window and time limit for a failure, remediation and host, when they depend on the policy's rule
   * (src/lib/remediate/policy decisionLimits); default: throttleMs and timeoutMs.
   */
  limits?: (input: DecideInput) => { throttleMs: number; timeoutMs: number };
  /** Names under which this machine appears in match events; default: os.hostname() and its short form. */
  localHosts?: readonly string[];
  timeoutMs?: number;
  throttleMs?: number;
  maxOutputBytes?: number;
  interpreters?: Partial<Interpreters>;
  /** For the outcome link: the cloud's OpenStack release and deployment tool, as the issue form lists them. */
  release?: string;
  deploymentTool?: string;
  now?: () => number;
}

const VERIFICATION_RANK: Record<FeedRemediation['verification']['status'], number> = { verified: 0, 'reported-working': 1, unverified: 2 };

export class RemediationRunner<P> {
  readonly #options: RunnerOptions<P>;
  readonly #audit: AuditLog;
  readonly #locks: RunLocks;
  #failures: Map<string, FeedFailure>;
  #remediations: Map<string, FeedRemediation>;
  /** Per failure and host: when it was last decided, and how many matches were held back since. */
  readonly #throttle = new Map<string, { at: number; suppressed: number }>();
  readonly #interpreters: Interpreters;
  readonly #localHosts: Set<string>;

  constructor(options: RunnerOptions<P>) {
    this.#options = options;
    this.#audit = new AuditLog(options.auditLog);
    this.#locks = new RunLocks(`${options.auditLog}.locks`);
    this.#failures = new Map(options.feed.failures.map((f) => [f.id, f]));
    this.#remediations = new Map(options.feed.remediations.map((r) => [r.id, r]));
    this.#interpreters = { ansiblePlaybook: 'ansible-playbook', python: 'python3', ...options.interpreters };
    const own = hostname().toLowerCase();
    this.#localHosts = new Set((options.localHosts ?? [own, own.split('.')[0]!, 'localhost']).map((h) => h.toLowerCase()));
  }

  /**
   * Takes the entries of a refreshed feed (match --follow refreshes it in the background); the throttle, locks and
   * audit log carry on, so a refresh never lets a throttled remediation run again early.
   */
  useFeed(feed: Feed): void {
    this.#failures = new Map(feed.failures.map((f) => [f.id, f]));
    this.#remediations = new Map(feed.remediations.map((r) => [r.id, r]));
  }

  /**
   * Handles one match; returns the audit records written (none when the throttle held the match back). Errors of
   * the remediation itself are recorded, never thrown: a follower must keep following.
   */
  async handle(event: MatchEvent): Promise<AuditRecord[]> {
    const now = this.#now();
    const match: MatchEvent = { ...event, line: event.line.length > MAX_AUDIT_LINE ? `${event.line.slice(0, MAX_AUDIT_LINE)}…` : event.line };
    const failure = this.#failures.get(event.failureId);
    if (!failure) return [this.#write({ event: 'error', match, failure: { id: event.failureId, title: '', url: '' }, reason: `${event.failureId} is not in the feed`, suppressed: 0 })];
    const failureRef = { id: failure.id, title: failure.title, url: failure.html_url };
    if (!HOST_NAME.test(event.host)) {
      return [this.#write({ event: 'error', match, failure: failureRef, reason: `the host ${JSON.stringify(event.host.slice(0, 100))} is not a host name, so nothing is run for it`, suppressed: 0 })];
    }

    const candidates = failure.remediations
      .map((id) => this.#remediations.get(id))
      .filter((r): r is FeedRemediation => r !== undefined && r.status === 'published')
      .sort((a, b) => VERIFICATION_RANK[a.verification.status] - VERIFICATION_RANK[b.verification.status] || a.id.localeCompare(b.id));
    const hostGroups = this.#options.hostGroups?.(event.host) ?? [];
    // Deciding is pure and cheap; it comes first because the throttle window can depend on the deciding rule.
    const decided = candidates.map((remediation) => ({ remediation, decision: this.#decide({ failure, remediation, host: event.host, hostGroups }) }));
    const chosen = decided.find((d) => d.decision.action === 'run' && d.remediation.automation);
    const limitsFor = chosen?.remediation ?? candidates[0];
    const limits = (limitsFor && this.#options.limits?.({ failure, remediation: limitsFor, host: event.host, hostGroups })) || {
      throttleMs: this.#options.throttleMs ?? DEFAULT_THROTTLE_MS,
      timeoutMs: this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    };

    const key = `${failure.id}@${event.host.toLowerCase()}`;
    const last = this.#throttle.get(key);
    if (last && now - last.at < limits.throttleMs) {
      last.suppressed++;
      return [];
    }
    const suppressed = last?.suppressed ?? 0;
    this.#throttle.set(key, { at: now, suppressed: 0 });

    if (candidates.length === 0) {
      return [this.#write({ event: 'proposed', match, failure: failureRef, reason: `${failure.id} has no published remediation; see its page`, suppressed, report_url: this.#reportUrl(match) })];
    }
    if (!chosen) {
      return decided.map(({ remediation, decision }) =>
        this.#write({
          event: 'proposed',
          match,
          failure: failureRef,
          remediation: this.#remediationRef(remediation),
          decision,
          reason: decision.action === 'run' ? `${remediation.id} publishes no automation; follow the steps on its page` : decision.reason,
          suppressed,
          report_url: this.#reportUrl(match, remediation.id),
        }),
      );
    }
    return [await this.#run(match, failure, chosen.remediation, chosen.decision, suppressed, limits.timeoutMs)];
  }

  async #run(match: MatchEvent, failure: FeedFailure, remediation: FeedRemediation, decision: Decision, suppressed: number, timeoutMs: number): Promise<AuditRecord> {
    const base = { match, failure: { id: failure.id, title: failure.title, url: failure.html_url }, remediation: this.#remediationRef(remediation), decision, suppressed };
    const kind = remediation.automation!.kind;
    const local = this.#localHosts.has(match.host.toLowerCase());
    if (kind !== 'ansible') {
      const noDryRun = `${kind} has no dry run, so there is no check mode`;
      if (!this.#options.allowWithoutCheckMode) {
        return this.#write({ ...base, event: 'proposed', reason: `${noDryRun}, and the policy does not allow remediations without check mode to run unattended`, check: { mode: 'none', reason: noDryRun }, report_url: this.#reportUrl(match, remediation.id) });
      }
      if (!local) {
        return this.#write({ ...base, event: 'proposed', reason: `${noDryRun}; its code runs where this process runs, and the match came from ${match.host}: run it there, or use the Ansible playbook`, check: { mode: 'none', reason: noDryRun }, report_url: this.#reportUrl(match, remediation.id) });
      }
    }

    const release = this.#locks.acquire(remediation.id, match.host.toLowerCase());
    if (!release) return this.#write({ ...base, event: 'skipped', reason: `${remediation.id} is already running on ${match.host}` });
    const dir = mkdtempSync(join(tmpdir(), 'failure-catalogue-remediate-'));
    try {
      const code = kind === 'ansible' ? (this.#options.playbookFor?.(remediation) ?? remediation.automation!.code) : remediation.automation!.code;
      const file = join(dir, `${remediation.id}.${EXTENSION[kind]}`);
      writeFileSync(file, code, { mode: 0o600 });
      const context = { failure_id: failure.id, remediation_id: remediation.id, signature_id: match.signatureId, target_host: match.host };
      if (kind === 'ansible') {
        const vars = join(dir, 'vars.json');
        // JSON extra variables: values are data. IDs and the host name are validated, so none carries Jinja. The
        // generated playbooks (src/lib/feed/exports/ansible-playbooks.ts) target failure_catalogue_hosts and limit each
        // task to failure_catalogue_timeout seconds.
        const extraVars = { ...context, [HOSTS_VARIABLE]: match.host, [TIMEOUT_VARIABLE]: Math.ceil(timeoutMs / 1000) };
        writeFileSync(vars, JSON.stringify(extraVars), { mode: 0o600 });
        const argv = [this.#interpreters.ansiblePlaybook, ...this.#inventoryArgs(match.host, local), '-e', `@${vars}`, file];
        const check = await this.#exec([...argv.slice(0, 1), '--check', ...argv.slice(1)], dir, timeoutMs);
        if (check.exitCode !== 0 || check.timedOut) {
          return this.#write({ ...base, event: 'check-failed', reason: `check mode (ansible-playbook --check) ${describe(check)}, so the playbook was not run`, check: { mode: 'ansible-check', result: audit(check) }, report_url: this.#reportUrl(match, remediation.id) });
        }
        const run = await this.#exec(argv, dir, timeoutMs);
        return this.#ran(base, match, remediation.id, { mode: 'ansible-check', result: audit(check) }, run);
      }
      const env = { ...process.env, ...Object.fromEntries(Object.entries(context).map(([k, v]) => [`FAILURE_CATALOGUE_${k.toUpperCase()}`, v])) };
      // The interpreter the published playbook uses (the shebang's shell, else sh), with the file instead of -c CODE.
      const argv = kind === 'python' ? [this.#interpreters.python, file] : [...shellFor(kind, code).slice(0, -1), file];
      const run = await this.#exec(argv, dir, timeoutMs, env);
      const reason = `${kind} has no dry run, so there is no check mode; it ran because the policy allows remediations without check mode`;
      return this.#ran(base, match, remediation.id, { mode: 'none', reason }, run);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      release();
    }
  }

  #ran(base: Omit<AuditRecord, 'v' | 'time' | 'event' | 'reason'>, match: MatchEvent, remediationId: string, check: NonNullable<AuditRecord['check']>, run: ProcessResult): AuditRecord {
    const ok = run.exitCode === 0 && !run.timedOut;
    const event = run.spawnError ? 'error' : 'run';
    // Exit 0 is what a run can tell; whether the failure is gone shows when it does not come back, so the form
    // is pre-filled and the operator confirms before filing.
    const outcome: Outcome = ok ? 'resolved' : 'not-resolved';
    return this.#write({
      ...base,
      event,
      reason: `the policy allowed it (${base.decision?.rule ?? 'default'}); it ${describe(run)}`,
      check,
      run: audit(run),
      report_url: this.#reportUrl(match, remediationId, outcome, `Applied unattended by the failure catalogue's remediation runner: ${describe(run)}. Outcome pre-filled from the exit code; check the failure did not come back before filing.`),
    });
  }

  #inventoryArgs(host: string, local: boolean): string[] {
    if (this.#options.inventory) return ['-i', this.#options.inventory, '--limit', host];
    // A trailing comma makes -i a list of hosts rather than a file name.
    return local ? ['-i', `${host},`, '-c', 'local'] : ['-i', `${host},`];
  }

  #exec(argv: string[], cwd: string, timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<ProcessResult> {
    mkdirSync(cwd, { recursive: true });
    return runBounded(argv, { timeoutMs, maxOutputBytes: this.#options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES, cwd, ...(env ? { env } : {}) });
  }

  #decide(input: Parameters<Decide<P>>[1]): Decision {
    try {
      return this.#options.decide(this.#options.policy, input);
    } catch (error) {
      // A policy that cannot decide never means "allow".
      return { action: 'propose', rule: null, reason: `the policy could not decide (${(error as Error).message}), so it is proposed` };
    }
  }

  #remediationRef(remediation: FeedRemediation): NonNullable<AuditRecord['remediation']> {
    return { id: remediation.id, title: remediation.title, kind: remediation.automation?.kind ?? null, url: remediation.html_url, playbook_url: remediation.automation ? playbookUrl(remediation) : null };
  }

  #reportUrl(match: MatchEvent, remediationId?: string, outcome?: Outcome, notes?: string): string {
    return outcomeFormLink({
      failureId: match.failureId,
      ...(this.#options.release ? { release: this.#options.release } : {}),
      ...(this.#options.deploymentTool ? { deploymentTool: this.#options.deploymentTool } : {}),
      ...(remediationId ? { remediationId } : {}),
      ...(outcome ? { outcome } : {}),
      ...(notes ? { notes } : {}),
      logLines: [match.line],
    }).url;
  }

  #write(record: Omit<AuditRecord, 'v' | 'time'>): AuditRecord {
    const full: AuditRecord = { v: AUDIT_RECORD_VERSION, time: new Date(this.#now()).toISOString(), ...record };
    this.#audit.append(full);
    return full;
  }

  #now(): number {
    return this.#options.now?.() ?? Date.now();
  }
}

const EXTENSION: Record<Kind, string> = { ansible: 'yml', shell: 'sh', 'openstack-cli': 'sh', python: 'py' };

/** The generated playbook's URL under the feed's exports (`/api/v1/exports/ansible/<REM-ID>.yml`). */
export function playbookUrl(remediation: FeedRemediation): string {
  return new URL(`../exports/ansible/${remediation.id}.yml`, remediation.json_url).href;
}

function describe(result: ProcessResult): string {
  if (result.spawnError) return `could not start ${result.argv[0]} (${result.spawnError})`;
  if (result.timedOut) return `ran out of time after ${Math.round(result.durationMs / 1000)} s and was killed`;
  if (result.signal) return `was ended by ${result.signal}`;
  return result.exitCode === 0 ? 'exited 0' : `exited ${result.exitCode}`;
}

function audit(result: ProcessResult): AuditCommand {
  return {
    argv: result.argv,
    exit_code: result.exitCode,
    signal: result.signal,
    timed_out: result.timedOut,
    ...(result.spawnError ? { spawn_error: result.spawnError } : {}),
    stdout: result.stdout.text,
    stderr: result.stderr.text,
    stdout_bytes: result.stdout.bytes,
    stderr_bytes: result.stderr.bytes,
    output_truncated: result.stdout.truncated || result.stderr.truncated,
    started: result.started,
    finished: result.finished,
    duration_ms: result.durationMs,
  };
}
