import type { APIRoute, GetStaticPaths } from 'astro';
import { feedRemediation } from '../../../../lib/feed.ts';
import { getFeedContext, json } from '../../../../lib/feed-context.ts';
import { getCatalogue } from '../../../../lib/site-data.ts';

export const getStaticPaths = (async () => {
  const catalogue = await getCatalogue();
  return catalogue.remediations.map((r) => ({ params: { id: r.id } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params, site }) => {
  const context = await getFeedContext(site);
  return json(feedRemediation(context.catalogue.remediation(params.id!)!, context));
};
