/**
 * The detection exports of this build, for the endpoints under src/pages/api/v1/exports/: built once from the
 * same feed documents the JSON endpoints publish, and shared by every export endpoint.
 */
import { FEED_SCHEMA_VERSION } from '../../../schemas/feed.ts';
import { failureDocument, getFeedContext, remediationDocument } from '../feed-context.ts';
import type { Feed } from '../../matcher/feed-documents.ts';
import { url } from '../../site/urls.ts';
import type { ExportFile } from './export-file.ts';
import { buildDetectionExports } from './index.ts';
import { builtinProfiles, DEFAULT_PROFILE_ID } from './profile-load.ts';
import { ansiblePlaybooks } from './ansible-playbooks.ts';
import { ansibleRulebook } from './ansible-rulebook.ts';

let feed: Promise<Feed> | undefined;
let exports: Promise<ExportFile[]> | undefined;

/** The feed documents of this build, as the exporters read them (the same objects failures.json publishes). */
export function getBuildFeed(site: URL | undefined): Promise<Feed> {
  feed ??= (async () => {
    const context = await getFeedContext(site);
    return {
      failures: context.catalogue.failures.map((f) => failureDocument(f, context)),
      remediations: context.catalogue.remediations.map((r) => remediationDocument(r, context)),
      generated: new Date().toISOString(),
      schemaVersion: FEED_SCHEMA_VERSION,
      source: 'failures.json',
    };
  })();
  return feed;
}

/**
 * Every file under /api/v1/exports/ but index.json: the detection rules, one Ansible playbook per remediation with
 * automation, and the rulebook (with the default policy: nothing runs unattended). index.json lists these.
 */
export async function getAllExports(site: URL | undefined): Promise<ExportFile[]> {
  const feed = await getBuildFeed(site);
  return [...(await getDetectionExports(site)), ...ansiblePlaybooks(feed), ansibleRulebook(feed)];
}

export function getDetectionExports(site: URL | undefined): Promise<ExportFile[]> {
  exports ??= (async () => {
    const context = await getFeedContext(site);
    const feed = await getBuildFeed(site);
    const profiles = builtinProfiles();
    const profile = (id: string) => profiles.find((p) => p.profile.id === id)!.profile;
    return buildDetectionExports(feed, {
      siteUrl: new URL(url('/'), context.site).href,
      profile: profile(DEFAULT_PROFILE_ID),
      opensearchProfile: profile('kolla-ansible'),
      alsoProfiles: profiles,
    });
  })();
  return exports;
}

/** The export at `path` (relative to exports/); a missing one is a bug in the endpoint, so it throws. */
export async function exportFile(site: URL | undefined, path: string): Promise<ExportFile> {
  const file = (await getDetectionExports(site)).find((f) => f.path === path);
  if (!file) throw new Error(`no detection export ${path}`);
  return file;
}

/** Paths under `prefix` with `suffix`, as the `name` between them: `loki/`, `.rules.yaml` -> nova, neutron ... */
export async function exportNames(site: URL | undefined, prefix: string, suffix: string): Promise<string[]> {
  return (await getDetectionExports(site)).filter((f) => f.path.startsWith(prefix) && f.path.endsWith(suffix) && !f.path.slice(prefix.length).includes('/')).map((f) => f.path.slice(prefix.length, -suffix.length));
}

export function exportResponse(file: ExportFile): Response {
  return new Response(file.body, { headers: { 'Content-Type': file.contentType } });
}
