/**
 * One match as the follow mode reports it to the remediation runner. The line is the log line as read (untrusted
 * text: it is recorded, redacted before it leaves the machine, and never interpreted).
 */
export interface MatchEvent {
  failureId: string;
  signatureId: string;
  service: string;
  /** The host the log line came from (journald's _HOSTNAME, or the host the follower runs on). */
  host: string;
  line: string;
  file?: string;
  /** When the line was read, ISO 8601. */
  time: string;
}

/**
 * A host name as DNS and inventories spell it. The host becomes an Ansible inventory entry, a lock file name and
 * an extra variable, so anything else (a path, a pattern, Jinja) is refused rather than escaped.
 */
export const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62}))*$/;

/** Log lines longer than this are cut in the audit log (a whole stack trace can sit on one line). */
export const MAX_AUDIT_LINE = 4096;
