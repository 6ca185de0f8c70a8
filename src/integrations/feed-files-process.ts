/**
 * The feed writer's own process (see feed-files.ts): reads the content root, computes every /api/v1/ file and
 * writes it into the output's api/v1/ directory, which no Astro route writes to; then removes the files the previous
 * build wrote (listed in RECORD) that this one did not, records this build's list, and prints how many files are
 * published and how many of them were kept. Started by the build beside Astro, so on two cores it runs while Astro
 * syncs content and renders pages.
 *
 * The exports (about half of its work at 10,000 failures) are made from the feed without bodies (exportInputOf):
 * when that input, the built-in profiles and the code under src/lib and src/schemas are as they were for the last
 * build (a digest in RECORD), and its export files are all still there, they are kept instead of made again. An edit
 * to a failure's body therefore rewrites its feed documents but no export.
 *
 * usage: node feed-files-process.ts API_DIR SITE_URL RECORD [FRONTMATTER_CACHE CHECK_SCOPE [REPORT_REDIRECTS [SIMILAR_MEMO]]]
 *
 * With the build's cache and the digest of the checking code, the content check's results (already computed by
 * the build's own check) are read back instead of computed again.
 *
 * With REPORT_REDIRECTS, it also writes there the list of report URLs that redirect to their failure's page: this is
 * the process that holds the catalogue while Astro renders, and src/integrations/report-redirects.ts writes the
 * redirect files from the list once Astro is done (after stale pages are pruned).
 *
 * With SIMILAR_MEMO (a SimilarMemoPlace as JSON, src/lib/site/similar-memo.ts), it first computes every failure's
 * similar failures into the build's memo, and tells its parent (message "similar-ready"): on a first build the pages
 * then read them instead of computing them at the start of page generation (about 6 s at 10,000 failures, on the
 * build's critical path; here they are computed on the other core while Astro syncs content).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentRoot, includeDrafts } from '../lib/core/content-root.ts';
import { FrontmatterCache } from '../lib/core/frontmatter-cache.ts';
import { eachFeedFile, type ExportInput } from '../lib/feed/feed-files.ts';
import { builtinProfiles } from '../lib/feed/exports/profile-load.ts';
import { sourceDigest } from './source-digest.ts';
import { reportRedirects } from '../lib/site/report-redirects.ts';
import { removeFiles } from './output-files.ts';
import { feedContextFromContent } from '../lib/matcher/node/content-feed.ts';
import { fileSimilarMemo, type SimilarMemoPlace } from '../lib/site/similar-memo.ts';

const [api, site, record, cacheFile, scope, redirectsFile, similarPlace] = process.argv.slice(2);
/** The code the exports are made by (the exporters and what they call): changed code makes them again. */
const EXPORT_CODE = sourceDigest(['../lib/', '../schemas/'].map((dir) => fileURLToPath(new URL(dir, import.meta.url))));
if (!api || !site || !record) throw new Error('usage: feed-files-process.ts API_DIR SITE_URL RECORD [FRONTMATTER_CACHE]');

const cache = cacheFile ? FrontmatterCache.open(cacheFile) : undefined;
const similarMemo = similarPlace ? fileSimilarMemo(JSON.parse(similarPlace) as SimilarMemoPlace) : undefined;
const context = feedContextFromContent(contentRoot(), new URL(site), {
  includeDrafts: includeDrafts(),
  ...(cache ? { cache } : {}),
  ...(cache && scope ? { memo: { cache, scope } } : {}),
  ...(similarMemo ? { similarMemo } : {}),
});
if (similarMemo) {
  context.catalogue.prepareSimilar();
  process.send?.('similar-ready');
}
if (redirectsFile) {
  mkdirSync(dirname(redirectsFile), { recursive: true });
  writeFileSync(redirectsFile, JSON.stringify(reportRedirects(context.catalogue)));
}
const previous = readRecord(record);
// Forgotten while files are rewritten: a writer stopped half-way must not leave a record that vouches for them.
rmSync(record, { force: true });
const written: string[] = [];
const folders = new Set<string>();
let exportsDigest = '';
let exportsKept = false;
const exportsUnchanged = (input: ExportInput): boolean => {
  exportsDigest = createHash('sha256').update(EXPORT_CODE).update('\0').update(JSON.stringify(builtinProfiles())).update('\0').update(JSON.stringify(input)).digest('base64url');
  const kept = previous.files.filter((p) => p.startsWith('exports/'));
  exportsKept = previous.exportsDigest === exportsDigest && kept.length > 0 && kept.every((p) => existsSync(join(api, p)));
  if (exportsKept) written.push(...kept);
  return exportsKept;
};
for (const file of eachFeedFile(context, undefined, { exportsUnchanged })) {
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
removeFiles(api, previous.files.filter((p) => !current.has(p)));
mkdirSync(dirname(record), { recursive: true });
writeFileSync(record, JSON.stringify({ files: written, exportsDigest } satisfies WriterRecord));
process.stdout.write(`${JSON.stringify({ written: written.length, kept: exportsKept ? written.filter((p) => p.startsWith('exports/')).length : 0 })}\n`);

/** What a build's writer wrote, and the digest of what its exports were made from. */
interface WriterRecord {
  files: string[];
  exportsDigest: string;
}

function readRecord(file: string): WriterRecord {
  if (!existsSync(file)) return { files: [], exportsDigest: '' };
  const data = JSON.parse(readFileSync(file, 'utf8')) as WriterRecord | string[];
  // Builds before the exports digest recorded the file list alone.
  return Array.isArray(data) ? { files: data, exportsDigest: '' } : data;
}
