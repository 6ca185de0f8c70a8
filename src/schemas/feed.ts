/**
 * The JSON feed's document shapes: each catalogue entry as stored, plus what the build derives (expanded releases,
 * links, report counts). The published JSON Schemas are generated from these (src/lib/feed/feed-schema.ts), and the
 * feed's versioning promise applies to them: v1 only grows.
 */
import { z } from 'astro/zod';
import { failure } from './failure.ts';
import { remediation } from './remediation.ts';
import { report } from './report.ts';
import { failureId, httpUrl, remediationId, reportId } from './common.ts';

/**
 * SemVer of the feed's documents. 1.1.0 added to signatures: `formats` (the upstream format strings and the refs
 * they were read at), `examples.observed` (real public lines), `releases`, `applies_to` and `threshold`. 1.2.0 added
 * the exports under /api/v1/exports/ (listed by exports/index.json) and the policy and profile schemas.
 */
export const FEED_SCHEMA_VERSION = '1.2.0';

const outcomeCounts = z
  .strictObject({
    resolved: z.number().int().min(0),
    partial: z.number().int().min(0),
    'not-resolved': z.number().int().min(0),
    unknown: z.number().int().min(0).describe('Reports that gave no outcome.'),
  })
  .describe('Number of reports per outcome.');

const links = {
  html_url: httpUrl.describe('The entry\'s page on the site.'),
  json_url: httpUrl.describe('This document\'s own URL.'),
};

const details = z.string().describe('The Markdown (CommonMark with GFM tables) body of the entry.');

export const feedFailure = failure
  .safeExtend({
    ...links,
    schema_version: z.string().describe('Version of the feed schema this document follows.'),
    details,
    affected_releases: z.array(z.string()).describe('`releases` expanded into release IDs, oldest first.'),
    remediations: z.array(remediationId).describe('Remediations that fix this failure (derived from their `fixes`).'),
    related_all: z.array(failureId).describe('Related failures in both directions (`related` is symmetric).'),
    reports: z
      .strictObject({
        count: z.number().int().min(0),
        ids: z.array(reportId),
        by_release: z.array(z.strictObject({ release: z.string(), deployment_tool: z.string(), count: z.number().int().min(0), outcomes: outcomeCounts })),
      })
      .describe('Triaged operator reports of this failure.'),
  })
  .describe('A known failure, as published in the feed.');

export const feedRemediation = remediation
  .safeExtend({
    ...links,
    schema_version: z.string().describe('Version of the feed schema this document follows.'),
    details,
    outcomes: z
      .strictObject({ total: outcomeCounts, by_release: z.array(z.strictObject({ release: z.string(), outcomes: outcomeCounts })) })
      .describe('Outcomes reported by operators who applied it.'),
  })
  .describe('A remediation, as published in the feed.');

export const feedReport = report.safeExtend({ html_url: httpUrl, details }).describe('An operator report, as published in the feed.');

export const feedIndex = z
  .strictObject({
    schema_version: z.string(),
    generated: z.iso.datetime().describe('When the feed was built.'),
    counts: z.strictObject({ failures: z.number().int(), remediations: z.number().int(), reports: z.number().int(), withdrawn: z.number().int() }),
    links: z.record(z.string(), httpUrl).describe('URLs of the feed\'s files.'),
    templates: z
      .record(z.string(), z.string())
      .describe('RFC 6570 URI templates for per-entry files and per-service or per-category Atom feeds.'),
  })
  .describe('Entry point of the feed.');

export const feedFailureList = z.strictObject({ schema_version: z.string(), generated: z.iso.datetime(), failures: z.array(feedFailure) });
export const feedRemediationList = z.strictObject({ schema_version: z.string(), generated: z.iso.datetime(), remediations: z.array(feedRemediation) });

export type FeedFailure = z.output<typeof feedFailure>;
export type FeedRemediation = z.output<typeof feedRemediation>;
