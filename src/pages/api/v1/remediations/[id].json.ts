import type { APIRoute, GetStaticPaths } from 'astro';
import { feedRemediation } from '../../../../lib/feed.ts';
import { getFeedContext, json } from '../../../../lib/feed-context.ts';
import { pageKey } from '../../../../lib/page-keys.ts';

// The document is built here so that its digest is the cache key: unchanged documents are not written again.
export const getStaticPaths = (async () => {
  const context = await getFeedContext(new URL(import.meta.env.SITE));
  return context.catalogue.remediations.map((remediation) => {
    const document = feedRemediation(remediation, context);
    return { params: { id: remediation.id }, props: { document }, cacheKey: pageKey(context.catalogue, document) };
  });
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ document: ReturnType<typeof feedRemediation> }> = ({ props }) => json(props.document);
