/**
 * Every internal link goes through here so the site works under a base path (GitHub Pages project sites) and
 * every URL has the trailing slash the static host serves.
 */
// Astro sets BASE_URL from the config's `base`; code run by plain Node (the build's feed writer, the CLIs) reads
// BASE_PATH, the variable astro.config.mjs takes `base` from.
const base = (import.meta.env?.BASE_URL ?? globalThis.process?.env?.BASE_PATH ?? '/').replace(/^\/?/, '/').replace(/\/?$/, '/');

export function url(path: string): string {
  return `${base}${path.replace(/^\//, '')}`;
}

export const paths = {
  failure: (id: string) => url(`/failures/${id}/`),
  remediation: (id: string) => url(`/remediations/${id}/`),
  /** A report's own URL: a page for one awaiting triage, else a redirect to its place on its failure's page. */
  report: (id: string) => url(`/reports/${id}/`),
  /** Where a triaged report is read: on its failure's page, under a stable anchor (the report's ID). */
  reportOnFailure: (failureId: string, reportId: string) => `${url(`/failures/${failureId}/`)}#${reportId}`,
  category: (id: string) => url(`/categories/${id}/`),
  service: (id: string) => url(`/services/${id}/`),
  release: (id: string) => url(`/releases/${id}/`),
  severity: (id: string) => url(`/severity/${id}/`),
  deploymentTool: (id: string) => url(`/deployment-tools/${id}/`),
  failureJson: (id: string) => url(`/api/v1/failures/${id}.json`),
  remediationJson: (id: string) => url(`/api/v1/remediations/${id}.json`),
} as const;

/** Path of any entry by its ID prefix. */
export function entryPath(id: string): string {
  if (id.startsWith('FAIL-')) return paths.failure(id);
  if (id.startsWith('REM-')) return paths.remediation(id);
  return paths.report(id);
}
