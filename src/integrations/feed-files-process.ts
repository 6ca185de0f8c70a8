/**
 * The feed writer's own process (see feed-files.ts): reads the content root, computes every /api/v1/ file and
 * writes it into the output's api/v1/ directory, which no Astro route writes to; then removes the files the previous
 * build wrote (listed in RECORD) that this one did not, records this build's list, and prints its length. Started
 * by the build beside Astro, so on two cores it runs while Astro renders pages.
 *
 * usage: node feed-files-process.ts API_DIR SITE_URL RECORD [FRONTMATTER_CACHE CHECK_SCOPE [REPORT_REDIRECTS]]
 *
 * With the build's cache and the digest of the checking code, the content check's results (already computed by
 * the build's own check) are read back instead of computed again.
 *
 * With REPORT_REDIRECTS, it also writes there the list of report URLs that redirect to their failure's page: this is
 * the process that holds the catalogue while Astro renders, and src/integrations/report-redirects.ts writes the
 * redirect files from the list once Astro is done (after stale pages are pruned).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { contentRoot, includeDrafts } from '../lib/core/content-root.ts';
import { FrontmatterCache } from '../lib/core/frontmatter-cache.ts';
import { eachFeedFile } from '../lib/feed/feed-files.ts';
import { reportRedirects } from '../lib/site/report-redirects.ts';
import { removeFiles } from './output-files.ts';
import { feedContextFromContent } from '../lib/matcher/node/content-feed.ts';

const [api, site, record, cacheFile, scope, redirectsFile] = process.argv.slice(2);
if (!api || !site || !record) throw new Error('usage: feed-files-process.ts API_DIR SITE_URL RECORD [FRONTMATTER_CACHE]');

const cache = cacheFile ? FrontmatterCache.open(cacheFile) : undefined;
const context = feedContextFromContent(contentRoot(), new URL(site), { includeDrafts: includeDrafts(), ...(cache ? { cache } : {}), ...(cache && scope ? { memo: { cache, scope } } : {}) });
if (redirectsFile) {
  mkdirSync(dirname(redirectsFile), { recursive: true });
  writeFileSync(redirectsFile, JSON.stringify(reportRedirects(context.catalogue)));
}
const written: string[] = [];
const folders = new Set<string>();
for (const file of eachFeedFile(context)) {
  const target = join(api, file.path);
  const folder = dirname(target);
  if (!folders.has(folder)) {
    mkdirSync(folder, { recursive: true });
    folders.add(folder);
  }
  writeFileSync(target, file.body);
  written.push(file.path);
}

const current = new Set(written);
const previous = existsSync(record) ? (JSON.parse(readFileSync(record, 'utf8')) as string[]) : [];
removeFiles(api, previous.filter((p) => !current.has(p)));
mkdirSync(dirname(record), { recursive: true });
writeFileSync(record, JSON.stringify(written));
process.stdout.write(`${written.length}\n`);
