/**
 * The detection exports a build publishes under /api/v1/exports/, from the feed documents alone, so the Astro
 * endpoints and the standalone CLI (on a downloaded feed, with a cloud's own profile) produce the same files.
 */
import { createHash } from 'node:crypto';
import type { DeploymentProfile } from '../../../schemas/deployment-profile.ts';
import type { ExportIndexEntry } from '../../../schemas/exports.ts';
import type { Feed } from '../../matcher/feed-documents.ts';
import type { ExportFile } from './export-file.ts';
import { YAML_CONTENT_TYPE } from './export-file.ts';
import { eachLokiRuleFile, lokiRuleGroups } from './loki-rules.ts';
import { opensearchMonitors, opensearchMonitorsFile } from './opensearch-monitors.ts';
import type { ProfileFile } from './profile-load.ts';
import { prometheusRuleFile } from './prometheus-rules.ts';
import { ruleFileYaml } from './rule-file.ts';
import { signatureAlerts, type SignatureAlert } from './signature-alerts.ts';

export type { ExportFile } from './export-file.ts';

export interface DetectionExportOptions {
  /** The site's absolute URL with a trailing slash, e.g. https://example.org/catalogue/ (for file headers). */
  siteUrl: string;
  /** The profile of `loki.rules.yaml` and `loki/<service>.rules.yaml`. */
  profile: DeploymentProfile;
  /** The profile of `opensearch-monitors.json`: kolla-ansible's, whose fields are OpenSearch document fields. */
  opensearchProfile: DeploymentProfile;
  /** More profiles, each published whole as `loki-profiles/<id>.rules.yaml` (and the profile itself, to copy). */
  alsoProfiles?: readonly ProfileFile[];
  /** Window of signatures without a threshold (default 5m). */
  window?: string;
}

export function buildDetectionExports(feed: Feed, options: DetectionExportOptions): ExportFile[] {
  return [...eachDetectionExport(feed, options)];
}

/** The same files one at a time: each rule file's text is made when it is asked for, and can go once written. */
export function* eachDetectionExport(feed: Feed, options: DetectionExportOptions): Generator<ExportFile> {
  const alerts = signatureAlerts(feed, options.window ? { window: options.window } : {});
  yield* eachLokiRuleFile(alerts, { profile: options.profile, siteUrl: options.siteUrl });
  for (const p of options.alsoProfiles ?? []) yield* profileExports(alerts, p, options.siteUrl);
  yield prometheusRuleFile(alerts, { siteUrl: options.siteUrl });
  yield opensearchMonitorsFile(opensearchMonitors(alerts, options.opensearchProfile));
}

/** One profile's whole Loki rule file, and the profile's own text for a cloud to copy and edit. */
function profileExports(alerts: readonly SignatureAlert[], { profile, text }: ProfileFile, siteUrl: string): ExportFile[] {
  return [
    {
      path: `loki-profiles/${profile.id}.rules.yaml`,
      contentType: YAML_CONTENT_TYPE,
      body: ruleFileYaml(lokiRuleGroups(alerts, profile), [
        `Failure Catalogue: Loki alerting rules for every catalogued service, generated from ${siteUrl}api/v1/failures.json`,
        `with the deployment profile "${profile.id}" (profiles/${profile.id}.yaml). Do not edit: regenerated on every build.`,
      ]),
      description: `Loki ruler alerting rules, one per signature, with the ${profile.id} deployment profile's stream selectors.`,
    },
    {
      path: `profiles/${profile.id}.yaml`,
      contentType: YAML_CONTENT_TYPE,
      body: text,
      description: `Deployment profile ${profile.id}: ${profile.title}. Copy and edit it to generate rules for your own labels.`,
    },
  ];
}

export type { ExportIndexEntry } from '../../../schemas/exports.ts';

/** The entries of exports/index.json: every file with its size and SHA-256, so a subscriber can verify a download. */
export function exportIndex(files: readonly ExportFile[]): ExportIndexEntry[] {
  return sortIndex(files.map(exportIndexEntry));
}

/** One file's entry in exports/index.json. */
export function exportIndexEntry(file: ExportFile): ExportIndexEntry {
  const bytes = Buffer.from(file.body, 'utf8');
  return {
    path: file.path,
    content_type: file.contentType,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    description: file.description,
  };
}

/** Entries in the index's order: by path. */
export function sortIndex(entries: ExportIndexEntry[]): ExportIndexEntry[] {
  return entries.sort((a, b) => a.path.localeCompare(b.path));
}
