import type { APIRoute, GetStaticPaths } from 'astro';
import { failureDocument, getFeedContext, json } from '../../../../lib/feed/feed-context.ts';
import { pageKey } from '../../../../lib/site/page-keys.ts';
import type { FeedFailure } from '../../../../schemas/feed.ts';

// The document is built here so that its digest is the cache key: unchanged documents are not written again.
export const getStaticPaths = (async () => {
  const context = await getFeedContext(new URL(import.meta.env.SITE));
  return context.catalogue.failures.map((failure) => {
    const document = failureDocument(failure, context);
    return { params: { id: failure.id }, props: { document }, cacheKey: pageKey(context.catalogue, document) };
  });
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ document: FeedFailure }> = ({ props }) => json(props.document);
