/**
 * The result of a match as one document: what was scanned, and each known failure found with where it was seen
 * and the remediations that fix it. The command line prints it (as text or `--json`) and the browser page
 * renders it, so both say the same thing. The zod schema is its documentation and its test contract.
 */
import { z } from 'astro/zod';
import { severities } from '../../schemas/common.ts';
import { automationKinds, disruptions, remediationTypes, risks, verificationStatuses } from '../../schemas/remediation.ts';
import type { FeedFailure, FeedRemediation } from '../../schemas/feed.ts';
import type { Feed } from './feed-documents.ts';
import type { FailureHits, TallyTotals } from './tally.ts';

export const MATCH_REPORT_VERSION = '1.0.0';

const lineRef = z
  .strictObject({
    source: z.string().describe('The log: a file path, "-" for standard input, or "pasted text".'),
    line: z.number().int().min(1).describe('1-based line number in that log.'),
    text: z.string().describe('The line (its first 2000 characters).'),
  })
  .describe('A matching line.');

const matchedRemediation = z.strictObject({
  id: z.string(),
  title: z.string(),
  type: z.enum(remediationTypes),
  risk: z.enum(risks),
  disruption: z.enum(disruptions),
  reversible: z.boolean(),
  idempotent: z.boolean(),
  verification_status: z.enum(verificationStatuses),
  automation: z.enum(automationKinds).nullable().describe('Kind of its automation, if it has any (see --emit-remediation).'),
  html_url: z.string(),
});

const matchedFailure = z.strictObject({
  id: z.string(),
  title: z.string(),
  severity: z.enum(severities),
  status: z.string().describe('published, or draft in a preview feed.'),
  html_url: z.string(),
  lines_matched: z.number().int().min(1).describe('Lines that match at least one of its signatures.'),
  first: lineRef,
  last: lineRef,
  signatures: z.array(
    z.strictObject({
      id: z.string(),
      lines_matched: z.number().int().min(1),
      below_threshold: z
        .strictObject({ count: z.number().int().min(2), within: z.string() })
        .optional()
        .describe('Present when this signature matched fewer lines than its threshold (count within a window) requires.'),
    }),
  ),
  remediations: z.array(matchedRemediation).describe('Remediations that fix it (withdrawn ones left out), safest first.'),
});

export const matchReport = z
  .strictObject({
    report_version: z.string(),
    feed: z.strictObject({
      source: z.string().describe('URL or path the feed was read from.'),
      generated: z.string().describe('When the feed was built.'),
      schema_version: z.string(),
      signatures: z.number().int().min(0).describe('Signatures the logs were matched against.'),
    }),
    scanned: z.strictObject({
      sources: z.number().int().min(0),
      bytes: z.number().int().min(0),
      lines: z.number().int().min(0),
      truncated_lines: z.number().int().min(0).describe('Lines longer than 64 KiB, matched on their first 64 KiB.'),
      matched_lines: z.number().int().min(0).describe('Lines that match any signature.'),
    }),
    failures: z.array(matchedFailure).describe('Known failures found, most severe first, then by lines matched.'),
    below_threshold: z
      .array(matchedFailure)
      .describe(
        'Failures whose lines were seen, but only from signatures that need several lines within a time window ' +
          '(a single retry or leader change is no failure) and fewer than that: not counted as found.',
      ),
    errors: z.array(z.string()).describe('Logs that could not be read; empty when every log was scanned.'),
  })
  .describe('What a log scan found.');

export type MatchReport = z.output<typeof matchReport>;
export type MatchedFailure = z.output<typeof matchedFailure>;
export type MatchedRemediation = z.output<typeof matchedRemediation>;

export interface ReportInput {
  feed: Feed;
  signatures: number;
  totals: TallyTotals;
  hits: readonly FailureHits[];
  errors?: readonly string[];
}

const SEVERITY_ORDER = new Map<string, number>(severities.map((s, i) => [s, i]));
const RISK_ORDER = new Map<string, number>(risks.map((r, i) => [r, i]));
const DISRUPTION_ORDER = new Map<string, number>(disruptions.map((d, i) => [d, i]));
const VERIFICATION_ORDER = new Map<string, number>([...verificationStatuses].reverse().map((v, i) => [v, i]));

export function buildMatchReport({ feed, signatures, totals, hits, errors = [] }: ReportInput): MatchReport {
  const failuresById = new Map(feed.failures.map((f) => [f.id, f]));
  const remediationsById = new Map(feed.remediations.map((r) => [r.id, r]));
  const matchedOf = (list: readonly FailureHits[]) =>
    list
      .flatMap((hit) => {
        const failure = failuresById.get(hit.failureId);
        return failure ? [matched(failure, hit, remediationsById)] : [];
      })
      .sort((a, b) => SEVERITY_ORDER.get(a.severity)! - SEVERITY_ORDER.get(b.severity)! || b.lines_matched - a.lines_matched || a.id.localeCompare(b.id, 'en', { numeric: true }));
  const failures = matchedOf(hits.filter((hit) => hit.fired));
  return {
    report_version: MATCH_REPORT_VERSION,
    feed: { source: feed.source, generated: feed.generated, schema_version: feed.schemaVersion, signatures },
    scanned: { sources: totals.sources, bytes: totals.bytes, lines: totals.lines, truncated_lines: totals.truncatedLines, matched_lines: totals.matchedLines },
    failures,
    below_threshold: matchedOf(hits.filter((hit) => !hit.fired)),
    errors: [...errors],
  };
}

function matched(failure: FeedFailure, hit: FailureHits, remediationsById: Map<string, FeedRemediation>): MatchedFailure {
  const remediations = failure.remediations
    .map((id) => remediationsById.get(id))
    .filter((r): r is FeedRemediation => r !== undefined && r.status !== 'withdrawn')
    .map(
      (r): MatchedRemediation => ({
        id: r.id,
        title: r.title,
        type: r.type,
        risk: r.risk,
        disruption: r.disruption,
        reversible: r.reversible,
        idempotent: r.idempotent,
        verification_status: r.verification.status,
        automation: r.automation?.kind ?? null,
        html_url: r.html_url,
      }),
    )
    // Safest first: the better verified, the lower the risk and the less disruption, the earlier.
    .sort(
      (a, b) =>
        VERIFICATION_ORDER.get(a.verification_status)! - VERIFICATION_ORDER.get(b.verification_status)! ||
        RISK_ORDER.get(a.risk)! - RISK_ORDER.get(b.risk)! ||
        DISRUPTION_ORDER.get(a.disruption)! - DISRUPTION_ORDER.get(b.disruption)! ||
        a.id.localeCompare(b.id, 'en', { numeric: true }),
    );
  return {
    id: failure.id,
    title: failure.title,
    severity: failure.severity,
    status: failure.status,
    html_url: failure.html_url,
    lines_matched: hit.lines,
    first: hit.first,
    last: hit.last,
    signatures: [...hit.signatures].map(([id, lines]) => {
      const below = hit.belowThreshold.get(id);
      return below ? { id, lines_matched: lines, below_threshold: below } : { id, lines_matched: lines };
    }),
    remediations,
  };
}
