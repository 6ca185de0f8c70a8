import type { APIRoute, GetStaticPaths } from 'astro';
import { FEED_SCHEMAS, feedJsonSchema, type FeedSchemaName } from '../../../../lib/feed/feed-schema.ts';
import { json } from '../../../../lib/feed/feed-context.ts';

export const getStaticPaths = (() => Object.keys(FEED_SCHEMAS).map((name) => ({ params: { name } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params, site }) => json(feedJsonSchema(params.name as FeedSchemaName, (site ?? new URL('http://localhost:4321/')).href));
