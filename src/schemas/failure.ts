import { z } from 'astro/zod';
import {
  checkEntryLifecycle,
  credit,
  entryStatus,
  failureId,
  isoDate,
  reference,
  severity,
  termId,
  withdrawal,
} from './common.ts';
import { signature } from './signature.ts';
import { affectedRelease } from './releases.ts';

export { affectedRelease, releaseRange } from './releases.ts';

export const failure = z
  .strictObject({
    id: failureId,
    title: z.string().trim().min(8).max(140).describe('What fails, as an operator would search for it.'),
    summary: z.string().trim().min(20).max(500).describe('One or two sentences: what happens and why.'),
    status: entryStatus,
    withdrawn: withdrawal(failureId).optional(),
    category: termId.describe('Failure mode, a category ID from content/taxonomy/categories.yaml.'),
    services: z
      .array(termId)
      .min(1, { error: 'needs at least one service ID from content/taxonomy/services.yaml' })
      .describe('Services involved, IDs from content/taxonomy/services.yaml; the first is the primary one.'),
    components: z
      .array(z.string().trim().min(1).max(80))
      .default([])
      .describe('Processes or agents involved, e.g. nova-compute, neutron-openvswitch-agent.'),
    releases: z
      .array(affectedRelease)
      .min(1, { error: 'needs at least one affected release or range, e.g. - introduced: "2023.1"' })
      .describe('Affected releases, as IDs or ranges, as far as they are known.'),
    deployment_tools: z
      .array(termId)
      .default([])
      .describe('Deployment tools the failure is specific to (empty: not tool-specific).'),
    severity,
    symptoms: z
      .array(z.string().trim().min(1).max(500))
      .min(1, { error: 'needs at least one symptom an operator observes' })
      .describe('What an operator or user observes.'),
    signatures: z.array(signature).default([]).describe('Log patterns that identify the failure.'),
    related: z
      .array(failureId)
      .default([])
      .describe('Related failures (a cause or a consequence). The relation is symmetric: the site shows it both ways.'),
    references: z.array(reference).default([]).describe('Supporting links.'),
    credits: z.array(credit).default([]).describe('Who found, analysed or wrote up the failure.'),
    created: isoDate.describe('When the entry was first written.'),
    modified: isoDate.describe('When the entry last changed in substance.'),
  })
  .superRefine(checkEntryLifecycle)
  .describe('A known failure scenario. The Markdown body explains diagnosis and root cause.');

export type Failure = z.output<typeof failure>;
export type { AffectedRelease } from './releases.ts';
