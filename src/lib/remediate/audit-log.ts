/**
 * The remediation audit log: one JSON object per line, appended, never rewritten. Each line is written with a
 * single append (O_APPEND), so two processes writing the same log interleave whole lines, and a crash loses at most
 * the line being written. The file is created readable by its owner only: it holds log lines from the cloud.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Decision } from './policy-contract.ts';
import type { MatchEvent } from './match-event.ts';

export const AUDIT_RECORD_VERSION = 1;

export interface AuditCommand {
  argv: string[];
  exit_code: number | null;
  signal: string | null;
  timed_out: boolean;
  spawn_error?: string;
  stdout: string;
  stderr: string;
  stdout_bytes: number;
  stderr_bytes: number;
  output_truncated: boolean;
  started: string;
  finished: string;
  duration_ms: number;
}

export interface AuditRecord {
  v: typeof AUDIT_RECORD_VERSION;
  /** When this line was written. */
  time: string;
  /**
   * run: the automation ran (see check and run); proposed: the policy asks for a person, or the run was downgraded
   * to a proposal (see reason); check-failed: check mode failed, so the real run did not happen; error: it could
   * not be run (interpreter missing, no automation); skipped: another run of the same remediation on the host holds
   * the lock.
   */
  event: 'run' | 'proposed' | 'check-failed' | 'error' | 'skipped';
  match: MatchEvent;
  failure: { id: string; title: string; url: string };
  remediation?: { id: string; title: string; kind: string | null; url: string; playbook_url: string | null };
  decision?: Decision;
  /** Why the event is what it is, in a sentence. */
  reason: string;
  /** Check mode: `ansible-check` (ansible-playbook --check), or `none` with the reason no dry run exists. */
  check?: { mode: 'ansible-check'; result: AuditCommand } | { mode: 'none'; reason: string };
  run?: AuditCommand;
  /** Matches of the same failure on the same host that the throttle held back since the previous line. */
  suppressed: number;
  /** The "I hit this known failure too" issue form, filled in, for filing the outcome. */
  report_url?: string;
}

export class AuditLog {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
    mkdirSync(dirname(path), { recursive: true });
  }

  append(record: AuditRecord): void {
    appendFileSync(this.path, `${JSON.stringify(record)}\n`, { mode: 0o600, flag: 'a' });
  }
}
