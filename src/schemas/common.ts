/**
 * Building blocks shared by every entry schema. Plain zod from `astro/zod` (a re-export of zod 4), with no
 * `astro:*` imports, so Node scripts, Vitest and the Astro collections all load this same file.
 * Each `.describe()` text is the field's documentation: it flows into the published JSON Schema and the docs.
 */
import { z } from 'astro/zod';

export const FAILURE_ID = /^FAIL-\d{4,}$/;
export const REMEDIATION_ID = /^REM-\d{4,}$/;
export const REPORT_ID = /^RPT-\d{4,}$/;
/** Taxonomy terms (categories, services, deployment tools, releases such as `2024.1`). */
export const TERM_ID = /^[a-z0-9][a-z0-9.-]*$/;

export const failureId = z
  .string()
  .regex(FAILURE_ID, { error: 'must be a failure ID: FAIL- followed by at least 4 digits, e.g. FAIL-0001' })
  .describe('Stable failure ID, FAIL- followed by at least four digits. Never reused or renumbered.');

export const remediationId = z
  .string()
  .regex(REMEDIATION_ID, { error: 'must be a remediation ID: REM- followed by at least 4 digits, e.g. REM-0001' })
  .describe('Stable remediation ID, REM- followed by at least four digits. Never reused or renumbered.');

export const reportId = z
  .string()
  .regex(REPORT_ID, { error: 'must be a report ID: RPT- followed by at least 4 digits, e.g. RPT-0001' })
  .describe('Stable report ID, RPT- followed by at least four digits. Never reused or renumbered.');

export const termId = z
  .string()
  .regex(TERM_ID, { error: 'must be a lowercase taxonomy ID (letters, digits, dots and dashes), e.g. rabbitmq' });

/**
 * A calendar date. YAML parsers disagree on whether `2026-01-31` is a string or a timestamp, so both are
 * accepted and normalised to the `YYYY-MM-DD` string that the feed publishes.
 */
export const isoDate = z.preprocess(
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value),
  z.iso.date({ error: 'must be a date written YYYY-MM-DD, e.g. 2026-01-31' }),
);

/** http(s) only: a `javascript:` or `data:` URL in a reference would become a live link on the site. */
export const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be a full http:// or https:// URL' })
  .describe('An absolute http or https URL.');

export const referenceTypes = [
  'upstream-docs',
  'source',
  'bug',
  'fix',
  'report',
  'discussion',
  'article',
  'web',
] as const;

export const reference = z
  .strictObject({
    type: z
      .enum(referenceTypes)
      .describe(
        'What the link is: upstream-docs (project documentation), source (a file in an upstream repository, ' +
          'e.g. where a log message is defined), bug (a bug tracker entry), fix (the change that fixes it), ' +
          'report (a public report of the failure), discussion (mailing list, forum, chat log), ' +
          'article (blog post or talk), web (anything else).',
      ),
    url: httpUrl,
    title: z.string().trim().min(1).max(200).describe('Human-readable title of the linked page.'),
  })
  .describe('A typed link to material that supports the entry.');

export const creditRoles = [
  'finder',
  'reporter',
  'analyst',
  'remediation-developer',
  'remediation-reviewer',
  'remediation-verifier',
  'editor',
] as const;

export const credit = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .describe('Name or handle of the person or organisation, or "anonymous".'),
    role: z.enum(creditRoles).describe('What they contributed (roles follow the OSV credit types).'),
  })
  .describe('Who contributed to the entry and how.');

export const entryStatuses = ['draft', 'published', 'withdrawn'] as const;
export const entryStatus = z
  .enum(entryStatuses)
  .describe(
    'draft: awaiting work-group review, only shown in preview builds; published: reviewed and public; ' +
      'withdrawn: kept as a tombstone so links and feed consumers keep working.',
  );

/** Fields every failure and remediation carries; the withdrawal rule is enforced by `requireWithdrawalReason`. */
export function withdrawal<T extends z.ZodType>(successorId: T) {
  return z
    .strictObject({
      date: isoDate.describe('When the entry was withdrawn.'),
      reason: z.string().trim().min(1).max(500).describe('Why the entry was withdrawn, in a sentence or two.'),
      superseded_by: successorId.optional().describe('The entry that replaces this one, if any.'),
    })
    .describe('Present exactly when status is withdrawn.');
}

interface WithdrawableEntry {
  status: (typeof entryStatuses)[number];
  withdrawn?: unknown;
  created: string;
  modified: string;
}

/** Cross-field rules shared by failures and remediations; each issue names its field and the fix. */
export function checkEntryLifecycle(entry: WithdrawableEntry, ctx: z.RefinementCtx): void {
  if (entry.status === 'withdrawn' && entry.withdrawn === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['withdrawn'],
      message: 'is required when status is withdrawn: add withdrawn.date and withdrawn.reason',
    });
  }
  if (entry.status !== 'withdrawn' && entry.withdrawn !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['withdrawn'],
      message: `is only allowed when status is withdrawn (status is ${entry.status}): remove it or set status: withdrawn`,
    });
  }
  if (entry.modified < entry.created) {
    ctx.addIssue({
      code: 'custom',
      path: ['modified'],
      message: `(${entry.modified}) is before created (${entry.created}): modified must be the same day or later`,
    });
  }
}

export const severities = ['critical', 'high', 'medium', 'low'] as const;
export const severity = z
  .enum(severities)
  .describe(
    'critical: outage or data loss across the cloud; high: a service or many tenants cannot work; ' +
      'medium: degraded service or a subset of operations fail; low: cosmetic or easily worked around.',
  );
