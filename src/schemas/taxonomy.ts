import { z } from 'astro/zod';
import { httpUrl, isoDate, termId } from './common.ts';
import { releaseId } from './releases.ts';

const term = {
  id: termId.describe('Stable taxonomy ID used in entries and URLs.'),
  name: z.string().trim().min(1).max(80).describe('Display name.'),
  description: z.string().trim().min(1).max(600).describe('What belongs under this term.'),
};

export const category = z
  .strictObject(term)
  .describe('A failure mode: how something breaks, independent of which service breaks.');

export const serviceKinds = ['openstack', 'backing'] as const;
export const service = z
  .strictObject({
    ...term,
    kind: z
      .enum(serviceKinds)
      .describe('openstack: an OpenStack project; backing: infrastructure OpenStack depends on.'),
    homepage: httpUrl.optional().describe('Project home page or documentation.'),
  })
  .describe('An OpenStack service or a backing service operators run.');

export const releaseStatuses = ['development', 'maintained', 'unmaintained', 'end-of-life'] as const;
export const release = z
  .strictObject({
    id: releaseId.describe('Release number, e.g. 2024.1.'),
    name: z.string().trim().min(1).max(40).describe('Release name, e.g. Caracal.'),
    released: isoDate.optional().describe('Release date; absent while in development.'),
    slurp: z.boolean().describe('Whether this is a SLURP release (upgrades may skip the release before it).'),
    status: z.enum(releaseStatuses).describe('Upstream maintenance phase, as published on releases.openstack.org.'),
    description: z.string().trim().max(600).optional().describe('Notes about the release.'),
  })
  .describe('An OpenStack coordinated release. The file is ordered oldest first.');

export const deploymentTool = z
  .strictObject({ ...term, homepage: httpUrl.optional().describe('Project home page or documentation.') })
  .describe('A tool that deploys and operates OpenStack.');

export type Category = z.output<typeof category>;
export type Service = z.output<typeof service>;
export type Release = z.output<typeof release>;
export type DeploymentTool = z.output<typeof deploymentTool>;
