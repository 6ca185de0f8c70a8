import type { APIRoute, GetStaticPaths } from 'astro';
import { exportFile, exportNames, exportResponse } from '../../../../../lib/feed/exports/site-exports.ts';

export const getStaticPaths = (async () => {
  const services = await exportNames(new URL(import.meta.env.SITE), 'loki/', '.rules.yaml');
  return services.map((service) => ({ params: { service } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ site, params }) => exportResponse(await exportFile(site, `loki/${params.service}.rules.yaml`));
