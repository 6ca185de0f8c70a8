import type { APIRoute } from 'astro';
import { modifiedCsv } from '../../../lib/feed/feed.ts';
import { getCatalogue } from '../../../lib/site/site-data.ts';

export const GET: APIRoute = async () =>
  new Response(modifiedCsv(await getCatalogue()), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
