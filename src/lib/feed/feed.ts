/**
 * Builds the feed documents from the catalogue. Public feeds carry published entries and withdrawn tombstones,
 * never drafts (a preview build's catalogue has drafts, and so its feed does too, marked by status).
 */
import { FEED_SCHEMA_VERSION, type FeedFailure, type FeedRemediation } from '../../schemas/feed.ts';
import type { Failure, Remediation } from '../../schemas/index.ts';
import type { Catalogue } from '../core/catalogue.ts';
import { paths } from '../site/urls.ts';

export interface FeedContext {
  catalogue: Catalogue;
  site: URL;
  body: (id: string) => string;
}

const absolute = (site: URL, path: string) => new URL(path, site).href;

export function feedFailure(f: Failure, { catalogue, site, body }: FeedContext): FeedFailure {
  const reports = catalogue.reportsFor(f.id).filter((r) => r.status === 'triaged');
  return {
    schema_version: FEED_SCHEMA_VERSION,
    ...f,
    html_url: absolute(site, paths.failure(f.id)),
    json_url: absolute(site, paths.failureJson(f.id)),
    details: body(f.id),
    affected_releases: catalogue.affectedReleases(f.id),
    remediations: catalogue.remediationsFor(f.id).map((r) => r.id),
    related_all: catalogue.related(f.id).map((r) => r.id),
    reports: {
      count: reports.length,
      ids: reports.map((r) => r.id),
      by_release: catalogue.reportGroups(f.id).map((g) => ({ release: g.release, deployment_tool: g.deploymentTool, count: g.reports.length, outcomes: g.outcomes })),
    },
  };
}

export function feedRemediation(r: Remediation, { catalogue, site, body }: FeedContext): FeedRemediation {
  const outcomes = catalogue.outcomesFor(r.id);
  return {
    schema_version: FEED_SCHEMA_VERSION,
    ...r,
    html_url: absolute(site, paths.remediation(r.id)),
    json_url: absolute(site, paths.remediationJson(r.id)),
    details: body(r.id),
    outcomes: { total: outcomes.total, by_release: outcomes.byRelease },
  };
}

/** `id,modified` lines, newest first, for incremental sync. */
export function modifiedCsv(catalogue: Catalogue): string {
  const rows = [...catalogue.failures, ...catalogue.remediations]
    .map((e) => ({ id: e.id, modified: e.status === 'withdrawn' && e.withdrawn && e.withdrawn.date > e.modified ? e.withdrawn.date : e.modified }))
    .sort((a, b) => b.modified.localeCompare(a.modified) || a.id.localeCompare(b.id, 'en', { numeric: true }));
  return `id,modified\n${rows.map((r) => `${r.id},${r.modified}`).join('\n')}\n`;
}
