import { z } from 'astro/zod';

/**
 * The one definition of an OpenStack release ID, for every place that reads or checks one (the release taxonomy,
 * failures' and signatures' affected releases, reports, remediations' verified releases, the keys of a format's
 * `refs`, the intake and the outcome command).
 *
 * Accepted: a four-digit year, a dot and the half of that year the series was released in, 1 or 2: "2024.1"
 * (Caracal), "2024.2" (Dalmatian). OpenStack numbers its releases this way since 2023.1; Essex (2012.1) to Kilo
 * (2015.1) carried such numbers too, and for the named-only series between them (Liberty to Zed) the catalogue
 * keys each by the year and half it was released (Train is 2019.2; see content/taxonomy/releases.yaml). So one
 * shape covers every release and IDs sort and range by release date. Not accepted: release names ("Caracal",
 * "zed"), which are the taxonomy's display names, and anything else (a version label such as "Ceph 18.2 (Reef)"
 * is a non-OpenStack `refs` key, which is why that field tests keys with this pattern).
 */
export const RELEASE_ID = /^\d{4}\.[12]$/;

/** What a value that is not a release ID is told, with how to write one. */
export const RELEASE_ID_ERROR = 'must be a release number, the year and half it was released, such as 2024.1 (Train is 2019.2; see content/taxonomy/releases.yaml)';

/** A release ID (see RELEASE_ID). Whether it is in the taxonomy is for the integrity check (FC005). */
export const releaseId = z.string().regex(RELEASE_ID, { error: RELEASE_ID_ERROR });

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
