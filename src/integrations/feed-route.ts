/**
 * The dev server's /api/v1/: the same files the build writes (feed-files.ts), computed from Astro's collections
 * so an author sees a changed entry's JSON on reload. Injected only by `astro dev`.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getFeedContext } from '../lib/feed/feed-context.ts';
import { feedFiles, type FeedFile } from '../lib/feed/feed-files.ts';

export const getStaticPaths = (async () => {
  const context = await getFeedContext(new URL(import.meta.env.SITE));
  return feedFiles(context).map((file) => ({ params: { file: file.path }, props: { file } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ file: FeedFile }> = ({ props }) => new Response(props.file.body, { headers: { 'Content-Type': props.file.contentType } });
