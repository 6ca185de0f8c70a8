import type { APIRoute, GetStaticPaths } from 'astro';
import { feedFailure } from '../../../../lib/feed.ts';
import { getFeedContext, json } from '../../../../lib/feed-context.ts';
import { pageKey } from '../../../../lib/page-keys.ts';

// The document is built here so that its digest is the cache key: unchanged documents are not written again.
export const getStaticPaths = (async () => {
  const context = await getFeedContext(new URL(import.meta.env.SITE));
  return context.catalogue.failures.map((failure) => {
    const document = feedFailure(failure, context);
    return { params: { id: failure.id }, props: { document }, cacheKey: pageKey(context.catalogue, document) };
  });
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ document: ReturnType<typeof feedFailure> }> = ({ props }) => json(props.document);
