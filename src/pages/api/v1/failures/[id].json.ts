import type { APIRoute, GetStaticPaths } from 'astro';
import { feedFailure } from '../../../../lib/feed.ts';
import { getFeedContext, json } from '../../../../lib/feed-context.ts';
import { getCatalogue } from '../../../../lib/site-data.ts';

export const getStaticPaths = (async () => {
  const catalogue = await getCatalogue();
  return catalogue.failures.map((f) => ({ params: { id: f.id } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params, site }) => {
  const context = await getFeedContext(site);
  return json(feedFailure(context.catalogue.failure(params.id!)!, context));
};
