import { z } from 'astro/zod';
import {
  checkEntryLifecycle,
  credit,
  entryStatus,
  failureId,
  isoDate,
  reference,
  remediationId,
  withdrawal,
} from './common.ts';
import { releaseId } from './releases.ts';

export const remediationTypes = ['workaround', 'fix', 'mitigation', 'prevention'] as const;
export const risks = ['low', 'medium', 'high'] as const;
export const disruptions = ['none', 'service-restart', 'data-plane-interruption', 'downtime'] as const;
export const automationKinds = ['shell', 'ansible', 'openstack-cli', 'python'] as const;
export const verificationStatuses = ['unverified', 'reported-working', 'verified'] as const;

export const automation = z
  .strictObject({
    kind: z.enum(automationKinds).describe('Language of the code: shell, ansible, openstack-cli or python.'),
    description: z.string().trim().max(300).optional().describe('What the code does and where to run it.'),
    code: z.string().min(1).max(20000).describe('The code, ready to review and run as it stands.'),
  })
  .describe('Code that applies the remediation. Tools may emit it for review; nothing runs it automatically.');

export const verification = z
  .strictObject({
    how: z.string().trim().min(1).max(1000).describe('How to check that the remediation worked.'),
    status: z
      .enum(verificationStatuses)
      .describe(
        'unverified: written from documentation or source, not yet confirmed; reported-working: operators ' +
          'report it worked; verified: the work group reproduced the failure and the fix.',
      ),
    releases: z
      .array(releaseId)
      .default([])
      .describe('Releases it was verified or reported working on.'),
  })
  .describe('How to confirm the remediation worked, and how well it is confirmed.');

export const remediation = z
  .strictObject({
    id: remediationId,
    title: z.string().trim().min(8).max(140).describe('What the remediation does, imperative.'),
    summary: z.string().trim().min(20).max(500).describe('One or two sentences: what it does and when to use it.'),
    status: entryStatus,
    withdrawn: withdrawal(remediationId).optional(),
    fixes: z
      .array(failureId)
      .min(1, { error: 'needs at least one failure ID this remediation fixes, e.g. - FAIL-0001' })
      .describe('Failures this remediates. The only place the link is stored; failure pages derive it.'),
    type: z
      .enum(remediationTypes)
      .describe(
        'workaround: restores service without removing the cause; fix: removes the cause; mitigation: ' +
          'limits the impact; prevention: stops it happening again.',
      ),
    risk: z.enum(risks).describe('Risk that applying it makes things worse.'),
    disruption: z
      .enum(disruptions)
      .describe('Worst interruption while applying it: none, service-restart, data-plane-interruption, downtime.'),
    reversible: z.boolean().describe('Whether it can be rolled back (the body says how).'),
    idempotent: z.boolean().describe('Whether running it twice is safe.'),
    prerequisites: z.array(z.string().trim().min(1).max(300)).default([]).describe('What must hold before starting.'),
    automation: automation.optional(),
    verification,
    references: z.array(reference).default([]).describe('Supporting links.'),
    credits: z.array(credit).default([]).describe('Who developed, reviewed or verified it.'),
    created: isoDate.describe('When the entry was first written.'),
    modified: isoDate.describe('When the entry last changed in substance.'),
  })
  .superRefine(checkEntryLifecycle)
  .describe('A way to remediate one or more failures. The Markdown body gives steps, the check and the rollback.');

export type Remediation = z.output<typeof remediation>;
