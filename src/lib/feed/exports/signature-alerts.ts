/**
 * What every generated alert rule says about its signature, whatever the rule language: the labels and
 * annotations (the same ones `match --follow` posts to Alertmanager, so one route and one rulebook serve all),
 * the window and the minimum count. The feed is untrusted input: its patterns are checked as the matcher checks
 * them before any rule is written, and its text is escaped for the Go templates Prometheus and Loki expand.
 */
import type { FeedFailure } from '../../../schemas/feed.ts';
import type { Feed } from '../../matcher/feed-documents.ts';
import { ALERT_NAME } from '../../matcher/follow/alert-book.ts';
import { factsKey, signatureFacts } from '../../matcher/follow/signature-facts.ts';
import { signatureProblems } from '../../matcher/signature-index.ts';
import { formatProblem } from '../../core/problems.ts';

export { ALERT_NAME };

/** Window of a signature without a threshold: one line within it fires the alert, which resolves when it has passed. */
export const DEFAULT_WINDOW = '5m';

export type FeedSignature = FeedFailure['signatures'][number];

export interface SignatureAlert {
  failure: FeedFailure;
  signature: FeedSignature;
  /** Alert labels, already safe for Go templates. */
  labels: { failure_id: string; signature_id: string; service: string; severity: string };
  /** Alert annotations, already safe for Go templates; `summary` names the host through `$labels.host`. */
  annotations: { summary: string; description: string; failure_url: string; remediation_urls: string };
  /** Range of the count: the threshold's `within`, else DEFAULT_WINDOW. */
  window: string;
  /** Lines that must match within the window: the threshold's `count`, else 1. */
  minimum: number;
  /** Pages of the remediations that fix the failure (withdrawn ones left out), as plain URLs. */
  remediationUrls: readonly string[];
}

export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

/**
 * Prometheus and Loki expand annotations and labels as Go templates, so text from the feed must not be read as
 * one: each `{{` becomes an action that prints `{{`, and the text shows exactly as written.
 */
export function templateLiteral(text: string): string {
  return text.split('{{').join('{{ "{{" }}');
}

/** Alerts for every signature of every failure that is not withdrawn, ordered by service, failure, signature. */
export function signatureAlerts(feed: Feed, options: { window?: string } = {}): SignatureAlert[] {
  const problems = signatureProblems(feed.failures, feed.source);
  if (problems.length > 0) {
    throw new ExportError(`the feed carries patterns no rule may be written from:\n${problems.map(formatProblem).join('\n')}`);
  }
  const facts = signatureFacts(feed);
  const alerts: SignatureAlert[] = [];
  for (const failure of feed.failures) {
    // A withdrawn failure is a tombstone: its signatures now belong to the entry that superseded it.
    if (failure.status === 'withdrawn') continue;
    for (const signature of failure.signatures) {
      const fact = facts.get(factsKey(failure.id, signature.id))!;
      const t = templateLiteral;
      alerts.push({
        failure,
        signature,
        labels: { failure_id: t(fact.failureId), signature_id: t(fact.signatureId), service: t(fact.service), severity: t(fact.severity) },
        annotations: {
          summary: `${t(fact.failureId)}: ${t(fact.title)} (signature ${t(fact.signatureId)} matched on {{ $labels.host }})`,
          description: t(signature.description),
          failure_url: t(fact.failureUrl),
          remediation_urls: t(fact.remediationUrls.join(' ')),
        },
        window: signature.threshold?.within ?? options.window ?? DEFAULT_WINDOW,
        minimum: signature.threshold?.count ?? 1,
        remediationUrls: fact.remediationUrls,
      });
    }
  }
  return alerts.sort(
    (a, b) =>
      a.labels.service.localeCompare(b.labels.service) ||
      a.failure.id.localeCompare(b.failure.id, 'en', { numeric: true }) ||
      a.failure.signatures.indexOf(a.signature) - b.failure.signatures.indexOf(b.signature),
  );
}

/** Alerts grouped by service, services in alphabetical order. */
export function byService(alerts: readonly SignatureAlert[]): Map<string, SignatureAlert[]> {
  const groups = new Map<string, SignatureAlert[]>();
  for (const alert of alerts) {
    const service = alert.signature.service;
    if (!groups.has(service)) groups.set(service, []);
    groups.get(service)!.push(alert);
  }
  return groups;
}
