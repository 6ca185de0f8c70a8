import type { APIRoute } from 'astro';
import { atomFeeds, atomPath, renderAtom } from '../../../lib/feed/atom.ts';
import { getCatalogue } from '../../../lib/site/site-data.ts';

export const GET: APIRoute = async ({ site }) => {
  const feed = atomFeeds(await getCatalogue()).find((f) => f.path === atomPath())!;
  return new Response(renderAtom(feed, site ?? new URL('http://localhost:4321/')), { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
