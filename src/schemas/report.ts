import { z } from 'astro/zod';
import { failureId, httpUrl, isoDate, remediationId, reportId, termId } from './common.ts';
import { releaseId } from './releases.ts';

export const reportStatuses = ['draft', 'triaged'] as const;
export const outcomes = ['resolved', 'partial', 'not-resolved'] as const;

export const report = z
  .strictObject({
    id: reportId,
    title: z.string().trim().min(1).max(140).describe('Short description in the reporter\'s terms.'),
    status: z
      .enum(reportStatuses)
      .describe('draft: not yet reviewed; triaged: the work group linked it to a failure.'),
    submitted: isoDate.describe('When the report was submitted or published.'),
    failure: failureId.optional().describe('The failure this is an occurrence of; set at triage.'),
    release: releaseId
      .optional()
      .describe('OpenStack release the reporter ran.'),
    deployment_tool: termId.optional().describe('Deployment tool ID, if known.'),
    backends: z
      .array(termId)
      .default([])
      .describe('Backing services in play (service IDs), e.g. ceph, ovn.'),
    remediation: remediationId.optional().describe('Remediation the reporter tried, if it is in the catalogue.'),
    outcome: z.enum(outcomes).optional().describe('What the remediation achieved: resolved, partial, not-resolved.'),
    reporter: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .describe('Handle of the reporter, or "anonymous".'),
    source: httpUrl.describe('Where the report came from: the intake issue or a public report.'),
  })
  .superRefine((entry, ctx) => {
    if (entry.status === 'triaged' && entry.failure === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['failure'],
        message: 'is required when status is triaged: set it to the failure ID this report is an occurrence of',
      });
    }
  })
  .describe('One operator\'s occurrence of a failure. The Markdown body is their account, in summary.');

export type Report = z.output<typeof report>;
