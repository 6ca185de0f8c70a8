/**
 * Every file the site publishes under /api/v1/ (the feed documents, the change list, Atom feeds, JSON Schemas and
 * the exports), computed from one FeedContext. The build writes them in a process of its own beside Astro's page
 * rendering (src/integrations/feed-files.ts); the dev server serves the same list from memory (same integration).
 * No file here goes through a page pipeline: they are data, and at 10,000 failures there are about 20,000 of them.
 */
import { FEED_SCHEMA_VERSION } from '../../schemas/feed.ts';
import type { Feed } from '../matcher/feed-documents.ts';
import { url } from '../site/urls.ts';
import { atomFeeds, renderAtom } from './atom.ts';
import { feedFailure, feedRemediation, modifiedCsv, type FeedContext } from './feed.ts';
import { FEED_SCHEMAS, feedJsonSchema, type FeedSchemaName } from './feed-schema.ts';
import { ansiblePlaybooks } from './exports/ansible-playbooks.ts';
import { ansibleRulebook } from './exports/ansible-rulebook.ts';
import { JSON_CONTENT_TYPE, type ExportFile } from './exports/export-file.ts';
import { eachDetectionExport, exportIndexEntry, sortIndex, type ExportIndexEntry } from './exports/index.ts';
import { builtinProfiles, DEFAULT_PROFILE_ID } from './exports/profile-load.ts';

export interface FeedFile {
  /** Path relative to /api/v1/, with forward slashes, e.g. `failures/FAIL-0001.json`. */
  path: string;
  contentType: string;
  body: string;
}

const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';
const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** JSON as the feed has always served it: two-space indentation and a final newline. */
export function jsonBody(data: unknown): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** The feed documents the exporters read (the same objects failures.json and remediations.json publish). */
export function feedOf(context: FeedContext, generated: string): Feed {
  return {
    failures: context.catalogue.failures.map((f) => feedFailure(f, context)),
    remediations: context.catalogue.remediations.map((r) => feedRemediation(r, context)),
    generated,
    schemaVersion: FEED_SCHEMA_VERSION,
    source: 'failures.json',
  };
}

/**
 * Every file under /api/v1/exports/ but index.json: the detection rules in every built-in profile, one Ansible
 * playbook per remediation with automation, and the rulebook (with the default policy: nothing runs unattended).
 */
export function allExports(feed: Feed, site: URL): ExportFile[] {
  return [...eachExport(feed, site)];
}

/** The same files one at a time (the build's feed writer writes each and lets it go). */
export function* eachExport(feed: Feed, site: URL): Generator<ExportFile> {
  const profiles = builtinProfiles();
  const profile = (id: string) => profiles.find((p) => p.profile.id === id)!.profile;
  yield* eachDetectionExport(feed, {
    siteUrl: new URL(url('/'), site).href,
    profile: profile(DEFAULT_PROFILE_ID),
    opensearchProfile: profile('kolla-ansible'),
    alsoProfiles: profiles,
  });
  yield* ansiblePlaybooks(feed);
  yield ansibleRulebook(feed);
}

/** The /api/v1/ index: counts, links and URI templates a client starts from. */
function indexDocument(context: FeedContext, generated: string): unknown {
  const { catalogue, site } = context;
  const abs = (path: string) => new URL(url(path), site).href;
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
  return {
    schema_version: FEED_SCHEMA_VERSION,
    generated,
    counts: {
      failures: catalogue.failures.filter((f) => f.status !== 'withdrawn').length,
      remediations: catalogue.remediations.filter((r) => r.status !== 'withdrawn').length,
      reports: catalogue.reports.length,
      withdrawn: [...catalogue.failures, ...catalogue.remediations].filter((e) => e.status === 'withdrawn').length,
    },
    links,
    templates,
  };
}

/** Everything the exports are made from: the feed without bodies or its time of generation, and the site. */
export interface ExportInput {
  feed: Feed;
  site: string;
}

/**
 * The feed as the exporters receive it: each document's `details` (its Markdown body) and the feed's `generated`
 * time emptied, so no export can depend on them, and a build whose edits touched only bodies can keep the exports
 * of the last one (src/integrations/feed-files-process.ts).
 */
export function exportInputOf(feed: Feed, site: URL): ExportInput {
  return {
    feed: { ...feed, generated: '', failures: feed.failures.map((f) => ({ ...f, details: '' })), remediations: feed.remediations.map((r) => ({ ...r, details: '' })) },
    site: site.href,
  };
}

export interface FeedFileOptions {
  /**
   * Asked once the other files are made, with everything the exports are made from: true leaves out the exports
   * and their index (the caller keeps those of an earlier build made from equal input).
   */
  exportsUnchanged?: (input: ExportInput) => boolean;
}

/** Every file under /api/v1/ this catalogue publishes, in a stable order. */
export function feedFiles(context: FeedContext, generated = new Date().toISOString()): FeedFile[] {
  return [...eachFeedFile(context, generated)];
}

/**
 * The same files one at a time, each computed when it is asked for: the build's feed writer writes each and lets it
 * go, so at 10,000 failures it never holds the 20,000 bodies at once.
 */
export function* eachFeedFile(context: FeedContext, generated = new Date().toISOString(), options: FeedFileOptions = {}): Generator<FeedFile> {
  const feed = feedOf(context, generated);
  const json = (path: string, data: unknown): FeedFile => ({ path, contentType: JSON_CONTENT_TYPE, body: jsonBody(data) });
  const apiRoot = url('/api/v1/');
  yield json('index.json', indexDocument(context, generated));
  yield json('failures.json', { schema_version: FEED_SCHEMA_VERSION, generated, failures: feed.failures });
  for (const document of feed.failures) yield json(`failures/${document.id}.json`, document);
  yield json('remediations.json', { schema_version: FEED_SCHEMA_VERSION, generated, remediations: feed.remediations });
  for (const document of feed.remediations) yield json(`remediations/${document.id}.json`, document);
  yield { path: 'modified.csv', contentType: CSV_CONTENT_TYPE, body: modifiedCsv(context.catalogue) };
  for (const atom of atomFeeds(context.catalogue)) yield { path: atom.path.slice(apiRoot.length), contentType: ATOM_CONTENT_TYPE, body: renderAtom(atom, context.site) };
  for (const name of Object.keys(FEED_SCHEMAS) as FeedSchemaName[]) yield json(`schema/${name}.schema.json`, feedJsonSchema(name, context.site.href));
  const input = exportInputOf(feed, context.site);
  if (options.exportsUnchanged?.(input)) return;
  // index.json lists every export with its size and SHA-256, so a subscriber (or a cos-configuration-k8s sync
  // job) can verify a download and fetch only what changed; it comes last, when every export has been made.
  const entries: ExportIndexEntry[] = [];
  for (const file of eachExport(input.feed, new URL(input.site))) {
    entries.push(exportIndexEntry(file));
    yield { path: `exports/${file.path}`, contentType: file.contentType, body: file.body };
  }
  yield json('exports/index.json', { schema_version: FEED_SCHEMA_VERSION, generated, files: sortIndex(entries) });
}
