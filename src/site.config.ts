/** Site-wide settings. The repository can be overridden at build time for forks and previews. */
export const SITE = {
  name: 'Failure Catalogue',
  tagline: 'Known OpenStack failures and the remediations that fix them, shared by operators.',
  repository: (process.env.CATALOGUE_REPOSITORY || 'https://github.com/openstack-failure-catalogue/failure-catalogue').replace(/\/$/, ''),
  branch: process.env.CATALOGUE_BRANCH || 'main',
} as const;
