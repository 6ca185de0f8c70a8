/** JSON Schemas (draft 2020-12) for the feed, generated from the zod schemas so they cannot drift. */
import { z } from 'astro/zod';
import { feedFailure, feedFailureList, feedIndex, feedRemediation, feedRemediationList } from '../schemas/feed.ts';

export const FEED_SCHEMAS = {
  index: feedIndex,
  failure: feedFailure,
  remediation: feedRemediation,
  failures: feedFailureList,
  remediations: feedRemediationList,
} as const;
export type FeedSchemaName = keyof typeof FEED_SCHEMAS;

export function feedJsonSchema(name: FeedSchemaName, siteUrl: string): Record<string, unknown> {
  const schema = z.toJSONSchema(FEED_SCHEMAS[name], { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' });
  return { ...schema, $id: new URL(`api/v1/schema/${name}.schema.json`, siteUrl).href, title: `Failure Catalogue feed: ${name}` };
}
