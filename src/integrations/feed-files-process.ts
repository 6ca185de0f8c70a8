/**
 * The feed writer's own process (see feed-files.ts): reads the content root, computes every /api/v1/ file and
 * writes them under the staging directory given as the first argument, then prints one JSON line (the paths
 * written) on stdout. Started by the build beside Astro, so on two cores it runs while Astro renders pages.
 *
 * usage: node feed-files-process.ts STAGING_DIR SITE_URL [FRONTMATTER_CACHE]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { contentRoot, includeDrafts } from '../lib/core/content-root.ts';
import { FrontmatterCache } from '../lib/core/frontmatter-cache.ts';
import { feedFiles } from '../lib/feed/feed-files.ts';
import { feedContextFromContent } from '../lib/matcher/node/content-feed.ts';

const [staging, site, cacheFile] = process.argv.slice(2);
if (!staging || !site) throw new Error('usage: feed-files-process.ts STAGING_DIR SITE_URL [FRONTMATTER_CACHE]');

const cache = cacheFile ? FrontmatterCache.open(cacheFile) : undefined;
const context = feedContextFromContent(contentRoot(), new URL(site), { includeDrafts: includeDrafts(), ...(cache ? { cache } : {}) });
rmSync(staging, { recursive: true, force: true });
const written: string[] = [];
const folders = new Set<string>();
for (const file of feedFiles(context)) {
  const target = join(staging, file.path);
  const folder = dirname(target);
  if (!folders.has(folder)) {
    mkdirSync(folder, { recursive: true });
    folders.add(folder);
  }
  writeFileSync(target, file.body);
  written.push(file.path);
}
process.stdout.write(`${JSON.stringify(written)}\n`);
