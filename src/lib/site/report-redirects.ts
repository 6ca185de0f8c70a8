/**
 * A triaged report is read on its failure's page, beside the other operators' reports of it, so its own URL
 * (/reports/RPT-x/) only sends the reader there. At 10,000 reports those redirects were over a third of the routes
 * Astro rendered, each through the whole page pipeline for a dozen lines of fixed HTML; the build now writes them as
 * plain files (src/integrations/report-redirects.ts), in the shape Astro gives a redirect on a static host.
 */
import type { Catalogue } from '../core/catalogue.ts';
import { reportHref } from './page-views.ts';
import { paths } from './urls.ts';

export interface ReportRedirect {
  /** The report's own URL path, e.g. /reports/RPT-0001/ (under the site's base path). */
  from: string;
  /** Where it is read: /failures/FAIL-0001/#RPT-0001. */
  to: string;
}

/** One redirect for every report read on its failure's page; a report awaiting triage has a page of its own. */
export function reportRedirects(catalogue: Catalogue): ReportRedirect[] {
  return catalogue.reports.flatMap((report) => {
    const to = reportHref(catalogue, report);
    const from = paths.report(report.id);
    return to === from ? [] : [{ from, to }];
  });
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The document a static host serves at `from`: the meta refresh is the redirect (no JavaScript needed), the
 * canonical link tells search engines where the content lives, and the link is there for anyone the refresh misses.
 * The same markup as Astro's own static redirects (astro/dist/core/routing/3xx.js), so nothing changes for readers.
 */
export function redirectDocument(redirect: ReportRedirect, site: URL): string {
  const to = escapeHtml(redirect.to);
  const canonical = escapeHtml(new URL(redirect.to, site).href);
  return `<!doctype html>
<title>Redirecting to: ${to}</title>
<meta http-equiv="refresh" content="0;url=${to}">
<meta name="robots" content="noindex">
<link rel="canonical" href="${canonical}">
<body>
\t<a href="${to}">Redirecting from <code>${escapeHtml(redirect.from)}</code> to <code>${to}</code></a>
</body>`;
}
