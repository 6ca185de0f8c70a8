import type { APIRoute } from 'astro';
import { FEED_SCHEMA_VERSION } from '../../../schemas/feed.ts';
import { FEED_SCHEMAS } from '../../../lib/feed/feed-schema.ts';
import { getCatalogue } from '../../../lib/site/site-data.ts';
import { json } from '../../../lib/feed/feed-context.ts';
import { url } from '../../../lib/site/urls.ts';

export const GET: APIRoute = async ({ site }) => {
  const catalogue = await getCatalogue();
  const abs = (path: string) => new URL(url(path), site ?? 'http://localhost:4321/').href;
  const links: Record<string, string> = {
    failures: abs('/api/v1/failures.json'),
    remediations: abs('/api/v1/remediations.json'),
    modified: abs('/api/v1/modified.csv'),
    atom: abs('/api/v1/atom.xml'),
  };
  // RFC 6570 URI templates; built as text so the braces are not percent-encoded.
  const template = (path: string) => abs('/').replace(/\/$/, '') + url(path);
  const templates = {
    failure: template('/api/v1/failures/{id}.json'),
    remediation: template('/api/v1/remediations/{id}.json'),
    atom_service: template('/api/v1/atom/services/{service}.xml'),
    atom_category: template('/api/v1/atom/categories/{category}.xml'),
  };
  for (const name of Object.keys(FEED_SCHEMAS)) links[`schema_${name}`] = abs(`/api/v1/schema/${name}.schema.json`);
  return json({
    schema_version: FEED_SCHEMA_VERSION,
    generated: new Date().toISOString(),
    counts: {
      failures: catalogue.failures.filter((f) => f.status !== 'withdrawn').length,
      remediations: catalogue.remediations.filter((r) => r.status !== 'withdrawn').length,
      reports: catalogue.reports.length,
      withdrawn: [...catalogue.failures, ...catalogue.remediations].filter((e) => e.status === 'withdrawn').length,
    },
    links,
    templates,
  });
};
