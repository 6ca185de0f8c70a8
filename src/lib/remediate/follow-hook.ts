/**
 * `match --follow --policy FILE --audit-log FILE`: every new alert of the follow mode goes to the remediation runner
 * under the cloud's policy. What it decided and did is in the audit log; a short line per record goes to the
 * console, with the filled-in outcome form after a run, so filing the outcome is one click.
 */
import type { Firing } from '../matcher/follow/follow-tally.ts';
import type { Feed } from '../matcher/feed-documents.ts';
import type { Policy } from '../../schemas/policy.ts';
import type { AuditRecord } from './audit-log.ts';
import { policyRemediationRunner } from './policy-runner.ts';

export interface FollowHookOptions {
  feed: Feed;
  policy: Policy;
  auditLog: string;
  release?: string | undefined;
  deploymentTool?: string | undefined;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

export function remediationFollowHook(options: FollowHookOptions): (firing: Firing, feed: Feed) => void {
  const runner = policyRemediationRunner({
    feed: options.feed,
    policy: options.policy,
    auditLog: options.auditLog,
    ...(options.release ? { release: options.release } : {}),
    ...(options.deploymentTool ? { deploymentTool: options.deploymentTool } : {}),
  });
  let current = options.feed;
  return (firing, feed) => {
    if (feed !== current) {
      runner.useFeed(feed);
      current = feed;
    }
    const event = { failureId: firing.facts.failureId, signatureId: firing.facts.signatureId, service: firing.facts.service, host: firing.host, line: firing.line, time: new Date(firing.at).toISOString() };
    runner.handle(event).then(
      (records) => {
        for (const record of records) for (const line of describe(record, options.auditLog)) options.stdout(line);
      },
      (error: unknown) => options.stderr(`match: remediation of ${event.failureId} on ${event.host} failed: ${(error as Error).message} (see ${options.auditLog})`),
    );
  };
}

/** The console's view of one audit record: what happened and, after a run, where to file the outcome. */
export function describe(record: AuditRecord, auditLog: string): string[] {
  const what = record.remediation ? `${record.remediation.id} for ${record.failure.id}` : record.failure.id;
  const lines = [`remediation ${record.event}: ${what} on ${record.match.host}: ${record.reason} (audit log ${auditLog})`];
  if (record.event === 'run' && record.report_url) lines.push(`  File the outcome: ${record.report_url}`);
  return lines;
}
