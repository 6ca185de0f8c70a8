import type { APIRoute } from 'astro';
import { json } from '../../../../lib/feed/feed-context.ts';
import { exportIndex } from '../../../../lib/feed/exports/index.ts';
import { getAllExports } from '../../../../lib/feed/exports/site-exports.ts';
import { FEED_SCHEMA_VERSION } from '../../../../schemas/feed.ts';

// Lists every export with its size and SHA-256, so a subscriber (or a cos-configuration-k8s sync job) can verify a
// download and fetch only what changed.
export const GET: APIRoute = async ({ site }) =>
  json({ schema_version: FEED_SCHEMA_VERSION, generated: new Date().toISOString(), files: exportIndex(await getAllExports(site)) });
