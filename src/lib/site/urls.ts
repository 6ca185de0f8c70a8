/**
 * Every internal link goes through here so the site works under a base path (GitHub Pages project sites) and
 * every URL has the trailing slash the static host serves.
 */
const base = (astroBase() ?? globalThis.process?.env?.BASE_PATH ?? '/').replace(/^\/?/, '/').replace(/\/?$/, '/');

/**
 * The config's `base`, which Astro writes in place of `import.meta.env.BASE_URL` when it bundles this module. Code
 * run by plain Node (the build's feed writer, the CLIs) has no such object and reads BASE_PATH, the variable
 * astro.config.mjs takes `base` from. The property is named in full, never reached by optional chaining: Astro 7
 * pastes into a module that uses the env object bare every environment variable whose name occurs in the module's
 * text (here PATH), so the page bundle's hash, and with it every cached page, changed with the shell that started
 * the build. (Even this comment must not name the bare object.)
 */
function astroBase(): string | undefined {
  try {
    return import.meta.env.BASE_URL;
  } catch {
    return undefined;
  }
}

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
