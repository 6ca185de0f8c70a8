import type { APIRoute } from 'astro';
import { exportFile, exportResponse } from '../../../../lib/feed/exports/site-exports.ts';

export const GET: APIRoute = async ({ site }) => exportResponse(await exportFile(site, 'prometheus.rules.yaml'));
