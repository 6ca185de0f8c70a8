/**
 * The feed documents the site would publish for a content root, built with the same code as the feed endpoints
 * (src/lib/feed/feed.ts) but without Astro: the benchmark and the tests match against the real catalogue without
 * building the site first.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FEED_SCHEMA_VERSION } from '../../../schemas/feed.ts';
import { catalogueFromContent, type SimilarMemo } from '../../core/catalogue.ts';
import { feedFailure, feedRemediation, type FeedContext } from '../../feed/feed.ts';
import { checkContentRoot, type CheckMemo } from '../../core/integrity.ts';
import { formatProblem } from '../../core/problems.ts';
import { feedBody } from '../../core/mdx/to-markdown.ts';
import type { FrontmatterCache } from '../../core/frontmatter-cache.ts';

export interface FeedJson {
  failures: unknown;
  remediations: unknown;
}

/** The feed's view of a content root (catalogue, site, entry bodies), as the site's build sees the same content. */
export function feedContextFromContent(root: string, site = new URL('http://localhost:4321/'), options: { includeDrafts?: boolean; cache?: FrontmatterCache; memo?: CheckMemo; similarMemo?: SimilarMemo } = {}): FeedContext {
  const { content, problems } = checkContentRoot(root, options.cache, options.memo);
  if (problems.length > 0) throw new Error(`${root} does not pass the content check:\n${problems.map(formatProblem).join('\n')}`);
  const toolName = (id: string) => content.deploymentTools.find((t) => t.id === id)?.name ?? id;
  const bodies = new Map([...content.failures, ...content.remediations].map((e) => [e.data.id, feedBody(e.body.trim(), e.file, toolName)]));
  const catalogue = catalogueFromContent(content, { includeDrafts: options.includeDrafts ?? false, ...(options.similarMemo ? { similarMemo: options.similarMemo } : {}) });
  return { catalogue, site, body: (id) => bodies.get(id) ?? '' };
}

export function feedFromContent(root: string, site = new URL('http://localhost:4321/')): FeedJson {
  const context = feedContextFromContent(root, site);
  const generated = new Date().toISOString();
  return {
    failures: { schema_version: FEED_SCHEMA_VERSION, generated, failures: context.catalogue.failures.map((f) => feedFailure(f, context)) },
    remediations: { schema_version: FEED_SCHEMA_VERSION, generated, remediations: context.catalogue.remediations.map((r) => feedRemediation(r, context)) },
  };
}

/** Writes failures.json and remediations.json into `dir`, the layout --feed reads. */
export function writeFeed(dir: string, feed: FeedJson): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'failures.json'), `${JSON.stringify(feed.failures)}\n`);
  writeFileSync(join(dir, 'remediations.json'), `${JSON.stringify(feed.remediations)}\n`);
}
