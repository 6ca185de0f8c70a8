/** JSON Schemas (draft 2020-12) for the feed, generated from the zod schemas so they cannot drift. */
import { z } from 'astro/zod';
import { feedFailure, feedFailureList, feedIndex, feedRemediation, feedRemediationList } from '../../schemas/feed.ts';
import { deploymentProfile } from '../../schemas/deployment-profile.ts';
import { exportIndexDocument } from '../../schemas/exports.ts';
import { policy } from '../../schemas/policy.ts';

export const FEED_SCHEMAS = {
  index: feedIndex,
  failure: feedFailure,
  remediation: feedRemediation,
  failures: feedFailureList,
  remediations: feedRemediationList,
  /** Not a feed document: the file a cloud writes to decide what runs unattended (src/schemas/policy.ts). */
  policy,
  /** exports/index.json: the detection rules, playbooks and rulebook under /api/v1/exports/. */
  exports: exportIndexDocument,
  /** Not a feed document: a deployment profile, which maps services to a log pipeline's labels (src/schemas/deployment-profile.ts). */
  profile: deploymentProfile,
} as const;
export type FeedSchemaName = keyof typeof FEED_SCHEMAS;

const TITLES: Partial<Record<FeedSchemaName, string>> = {
  policy: 'Failure Catalogue remediation policy',
  profile: 'Failure Catalogue deployment profile',
  exports: 'Failure Catalogue exports index',
};

export function feedJsonSchema(name: FeedSchemaName, siteUrl: string): Record<string, unknown> {
  // A policy and a profile are written by people, so their schemas describe what may be written (defaults optional).
  const io = name === 'policy' || name === 'profile' ? 'input' : 'output';
  const schema = z.toJSONSchema(FEED_SCHEMAS[name], { target: 'draft-2020-12', io, unrepresentable: 'any' });
  const title = TITLES[name] ?? `Failure Catalogue feed: ${name}`;
  return { ...schema, $id: new URL(`api/v1/schema/${name}.schema.json`, siteUrl).href, title };
}
