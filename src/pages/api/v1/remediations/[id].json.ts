import type { APIRoute, GetStaticPaths } from 'astro';
import { getFeedContext, json, remediationDocument } from '../../../../lib/feed/feed-context.ts';
import { pageKey } from '../../../../lib/site/page-keys.ts';
import type { FeedRemediation } from '../../../../schemas/feed.ts';

// The document is built here so that its digest is the cache key: unchanged documents are not written again.
export const getStaticPaths = (async () => {
  const context = await getFeedContext(new URL(import.meta.env.SITE));
  return context.catalogue.remediations.map((remediation) => {
    const document = remediationDocument(remediation, context);
    return { params: { id: remediation.id }, props: { document }, cacheKey: pageKey(context.catalogue, document) };
  });
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ document: FeedRemediation }> = ({ props }) => json(props.document);
