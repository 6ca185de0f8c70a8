/**
 * npm run bench -- [--failures N] [--keep DIR]: generates a synthetic catalogue (N failures, N/2 remediations,
 * N reports), builds the site from it and prints one JSON document of measurements: build time and peak memory,
 * search index time and size, incremental rebuild time, page weight, JavaScript shipped, feed sizes, and search
 * latency in Chromium. Targets are in the README; this script measures, it does not judge.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { gzipSync } from 'node:zlib';
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';
import { isBundleDir } from '../src/lib/site/search-shards.ts';
import { CHROMIUM_ARGS, findSystemChromium } from './lib/find-browser.ts';
import { generateCatalogue } from './lib/generate-catalogue.ts';
import { directoryBytes, measure, mebibytes, runFigures } from './lib/measure.ts';
import { parseCommandLine, wholeNumberOption } from './lib/command-line.ts';

const USAGE = 'usage: npm run bench -- [--failures N] [--keep DIR]';
const { values } = parseCommandLine({ options: { failures: { type: 'string', default: '10000' }, keep: { type: 'string' }, port: { type: 'string', default: '4399' } } }, USAGE);
const failures = wholeNumberOption('failures', values.failures, USAGE);
const work = mkdtempSync(join(tmpdir(), 'fc-bench-'));
const contentDir = values.keep ?? join(work, 'content');
const outDir = join(work, 'dist');
const env = { CONTENT_DIR: contentDir, OUT_DIR: outDir, ASTRO_CACHE_DIR: join(work, 'cache'), SITE_URL: 'http://127.0.0.1:4399' };
const log = (message: string) => console.error(`[bench] ${message}`);


log(`generating ${failures} failures in ${contentDir}`);
const counts = generateCatalogue({ dir: contentDir, failures });

log('full build');
const build = await measure('npx', ['astro', 'build'], env);
if (build.code !== 0) {
  console.error(build.output.slice(-4000));
  throw new Error('the build failed');
}

/** Astro prints durations as "654ms", "11.66s" or "1m 19s". */
function seconds(text: string | undefined): number | null {
  const match = text && /^(?:(\d+)m\s*)?(?:([\d.]+)s)?(?:([\d.]+)ms)?$/.exec(text.trim());
  if (!match) return null;
  return Math.round((Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0) + Number(match[3] ?? 0) / 1000) * 10) / 10;
}
/** Where a build's time went, from Astro's own log lines. */
function phases(output: string) {
  // Astro colours its log; match the plain text.
  const plain = stripVTControlCharacters(output);
  return {
    content_check_and_sync_seconds: seconds(/Collecting build info\.\.\.\s*\n.*Completed in ([^.\n]+(?:\.\d+)?s)\./.exec(plain)?.[1]),
    page_generation_seconds: seconds(/generating static routes[\s\S]*?\n\S+ ✓ Completed in ([^\n]+?)\.\n/.exec(plain)?.[1]),
    search_index_seconds: Number(/Indexed \d+ pages in ([\d.]+)s/.exec(plain)?.[1] ?? NaN),
    search_pages_indexed: Number(/Indexed (\d+) pages in/.exec(plain)?.[1] ?? NaN),
    search_shards_indexed: /Indexed \d+ pages in [\d.]+s \((\d+ of \d+) search shard/.exec(plain)?.[1] ?? null,
    outputs_rendered: (plain.match(/─ \S+ \(\+[\d.]+m?s\)/g) ?? []).length,
    outputs_reused: (plain.match(/─ \S+ \((?:cached|restored)\)/g) ?? []).length,
  };
}
/** What one `astro build` took: time, memory, and where the time went. */
function buildFigures(run: typeof build) {
  return { ...runFigures(run), ...phases(run.output) };
}
const pages = Number(/(\d+) page\(s\) built/.exec(build.output)?.[1] ?? NaN);

// Two edits, one rebuild each. A line appended to one failure's body (the edit the peers' comparison makes) changes
// that failure's page only. Its summary is shown on its remediations', reports' and related failures' pages as well,
// so that edit re-renders, and re-indexes, more.
const edited = join(contentDir, 'failures', readdirSync(join(contentDir, 'failures')).sort()[0]!);
log('rebuild after appending a line to one failure\'s body');
writeFileSync(edited, `${readFileSync(edited, 'utf8').trimEnd()}\n\nA line appended for the rebuild benchmark.\n`);
const rebuild = await measure('npx', ['astro', 'build'], env);
log('rebuild after editing the same failure\'s summary');
writeFileSync(edited, readFileSync(edited, 'utf8').replace(/^summary: /m, 'summary: Edited for the rebuild benchmark. '));
const rebuildSummary = await measure('npx', ['astro', 'build'], env);

log('page weight');
const failurePages = readdirSync(join(outDir, 'failures')).filter((n) => n.startsWith('FAIL-'));
const sample = failurePages.filter((_, i) => i % Math.max(1, Math.floor(failurePages.length / 200)) === 0);
let raw = 0;
let gzip = 0;
let js = 0;
for (const id of sample) {
  const html = readFileSync(join(outDir, 'failures', id, 'index.html'));
  const text = html.toString();
  const css = [...text.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => readFileSync(join(outDir, m[1]!)));
  const inlineJs = [...text.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].reduce((n, m) => n + Buffer.byteLength(m[1]!), 0);
  const externalJs = [...text.matchAll(/<script[^>]+src="([^"]+)"/g)].reduce((n, m) => n + statSync(join(outDir, m[1]!)).size, 0);
  raw += html.length + css.reduce((n, c) => n + c.length, 0);
  gzip += gzipSync(html).length + css.reduce((n, c) => n + gzipSync(c).length, 0);
  js += inlineJs + externalJs;
}

const feedFile = (path: string) => (existsSync(join(outDir, 'api', 'v1', path)) ? mebibytes(statSync(join(outDir, 'api', 'v1', path)).size) : null);

log('search latency in Chromium');
const server = spawn(process.execPath, ['scripts/serve-static.ts', outDir, values.port], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 800));
const browser = await chromium.launch({ args: CHROMIUM_ARGS, ...(findSystemChromium() ? { executablePath: findSystemChromium()! } : {}) });
const page = await browser.newPage();
let fetched = 0;
page.on('response', async (response) => {
  if (/\/pagefind(-\d+)?\//.test(response.url())) fetched += (await response.body().catch(() => Buffer.alloc(0))).length;
});
await page.goto(`http://127.0.0.1:${values.port}/search/`);
const input = page.locator('.pagefind-ui__search-input');
await input.waitFor();
await page.waitForLoadState('networkidle');
fetched = 0;
const queries = ['rabbitmq', 'no valid host', 'galera quorum', 'port binding failed', 'certificate expired', 'ceph full', 'messaging timeout', 'fernet', 'ovn northbound', 'haproxy backend', 'live migration', 'disk full', 'deadlock', 'memcached', 'octavia amphora', 'dhcp agent', 'keepalived', 'heat stack', 'glance image', 'placement allocation'];
const latencies: number[] = [];
let firstQueryBytes = 0;
for (const [i, query] of queries.entries()) {
  await input.fill('');
  await page.evaluate(() => document.querySelectorAll('.pagefind-ui__results').forEach((e) => e.replaceChildren()));
  await input.pressSequentially(query, { delay: 0 });
  const typed = await page.evaluate(() => performance.now());
  await page.locator('.pagefind-ui__result, .pagefind-ui__message').first().waitFor();
  const shown = await page.evaluate(() => performance.now());
  latencies.push(shown - typed);
  if (i === 0) {
    await page.waitForLoadState('networkidle');
    firstQueryBytes = fetched;
  }
}
await browser.close();
server.kill();
latencies.sort((a, b) => a - b);
const percentile = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!);

// The index may be split into shards (src/lib/site/search-shards.ts), each a bundle directory of its own.
const searchBundles = readdirSync(outDir).filter(isBundleDir);
const result = {
  entries: { failures: counts.failures, remediations: counts.remediations, reports: counts.reports },
  pages,
  build: buildFigures(build),
  search_index: { seconds: phases(build.output).search_index_seconds, shards: searchBundles.length, size_mb: mebibytes(searchBundles.reduce((n, b) => n + directoryBytes(join(outDir, b)), 0)) },
  rebuild_after_appending_to_one_body: buildFigures(rebuild),
  rebuild_after_editing_one_summary: buildFigures(rebuildSummary),
  failure_page: { sampled: sample.length, html_css_bytes_raw: Math.round(raw / sample.length), html_css_bytes_gzip: Math.round(gzip / sample.length), js_bytes: Math.round(js / sample.length) },
  feed_mb: { 'failures.json': feedFile('failures.json'), 'remediations.json': feedFile('remediations.json'), 'modified.csv': feedFile('modified.csv'), 'atom.xml': feedFile('atom.xml'), api_total: mebibytes(directoryBytes(join(outDir, 'api'))) },
  search: { queries: latencies.length, median_ms: percentile(0.5), p95_ms: percentile(0.95), first_query_kb: Math.round(firstQueryBytes / 1024) },
  machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
};
console.log(JSON.stringify(result, null, 2));
rmSync(join(work, 'dist'), { recursive: true, force: true });
rmSync(join(work, 'cache'), { recursive: true, force: true });
if (!values.keep) rmSync(work, { recursive: true, force: true });
