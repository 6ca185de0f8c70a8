import type { APIRoute, GetStaticPaths } from 'astro';
import { atomFeeds, renderAtom } from '../../../../../lib/feed/atom.ts';
import { getCatalogue } from '../../../../../lib/site/site-data.ts';
import { pageKey } from '../../../../../lib/site/page-keys.ts';

export const getStaticPaths = (async () => {
  const catalogue = await getCatalogue();
  const feeds = atomFeeds(catalogue);
  return feeds.flatMap((feed) => {
    const match = /\/atom\/(services|categories)\/([^/]+)\.xml$/.exec(feed.path);
    return match ? [{ params: { kind: match[1]!, id: match[2]! }, props: { feed }, cacheKey: pageKey(catalogue, feed) }] : [];
  });
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ feed: ReturnType<typeof atomFeeds>[number] }> = ({ props, site }) =>
  new Response(renderAtom(props.feed, site ?? new URL('http://localhost:4321/')), { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
