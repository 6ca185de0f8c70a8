import type { APIRoute } from 'astro';
import { FEED_SCHEMA_VERSION } from '../../../schemas/feed.ts';
import { getFeedContext, json, remediationDocument } from '../../../lib/feed/feed-context.ts';

export const GET: APIRoute = async ({ site }) => {
  const context = await getFeedContext(site);
  return json({ schema_version: FEED_SCHEMA_VERSION, generated: new Date().toISOString(), remediations: context.catalogue.remediations.map((r) => remediationDocument(r, context)) });
};
