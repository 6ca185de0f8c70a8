import { z } from 'astro/zod';

export const releaseId = z
  .string()
  .regex(/^\d{4}\.[12]$/, { error: 'must be a release number such as 2024.1 (see content/taxonomy/releases.yaml)' });

/** OSV-style range: affected from `introduced` up to, not including, `fixed` (or up to the newest release). */
export const releaseRange = z
  .strictObject({
    introduced: releaseId.describe('First affected release (or the oldest tracked release if older).'),
    fixed: releaseId.optional().describe('First release that is no longer affected. Absent: still affected, through the newest released release.'),
  })
  .describe('A range of affected releases.');

export const affectedRelease = z
  .union([releaseId.describe('One affected release.'), releaseRange])
  .describe('A release ID such as 2024.1, or a range {introduced, fixed}.');

export type AffectedRelease = z.output<typeof affectedRelease>;
