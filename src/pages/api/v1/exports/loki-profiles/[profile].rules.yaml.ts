import type { APIRoute, GetStaticPaths } from 'astro';
import { exportFile, exportNames, exportResponse } from '../../../../../lib/feed/exports/site-exports.ts';

export const getStaticPaths = (async () => {
  const profiles = await exportNames(new URL(import.meta.env.SITE), 'loki-profiles/', '.rules.yaml');
  return profiles.map((profile) => ({ params: { profile } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ site, params }) => exportResponse(await exportFile(site, `loki-profiles/${params.profile}.rules.yaml`));
