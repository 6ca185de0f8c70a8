/**
 * What an alert and a metric say about a signature, looked up once per feed: its service and description, its
 * failure's severity, title and page, and the pages of the remediations that fix it (withdrawn ones left out).
 * The generated alert rules (src/lib/feed/exports/signature-alerts.ts) read the same facts, so their alerts and the
 * follow mode's carry the same labels and annotations.
 */
import type { Feed } from '../feed-documents.ts';

export interface SignatureFacts {
  failureId: string;
  signatureId: string;
  service: string;
  severity: string;
  title: string;
  /** What the signature's line means, from the feed. */
  description: string;
  failureUrl: string;
  remediationUrls: string[];
}

/** Facts keyed by `failureId/signatureId`. */
export function signatureFacts(feed: Feed): Map<string, SignatureFacts> {
  const remediationUrl = new Map(feed.remediations.filter((r) => r.status !== 'withdrawn').map((r) => [r.id, r.html_url]));
  const facts = new Map<string, SignatureFacts>();
  for (const failure of feed.failures) {
    const remediationUrls = failure.remediations.flatMap((id) => remediationUrl.get(id) ?? []);
    for (const signature of failure.signatures) {
      facts.set(factsKey(failure.id, signature.id), {
        failureId: failure.id,
        signatureId: signature.id,
        service: signature.service,
        severity: failure.severity,
        title: failure.title,
        description: signature.description,
        failureUrl: failure.html_url,
        remediationUrls,
      });
    }
  }
  return facts;
}

export const factsKey = (failureId: string, signatureId: string) => `${failureId}/${signatureId}`;
