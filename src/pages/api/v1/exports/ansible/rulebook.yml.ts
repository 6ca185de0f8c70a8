import type { APIRoute } from 'astro';
import { ansibleRulebook } from '../../../../../lib/feed/exports/ansible-rulebook.ts';
import { exportResponse, getBuildFeed } from '../../../../../lib/feed/exports/site-exports.ts';

// Published with the default policy (nothing runs unattended); a cloud regenerates it with its own policy.
export const GET: APIRoute = async ({ site }) => exportResponse(ansibleRulebook(await getBuildFeed(site)));
