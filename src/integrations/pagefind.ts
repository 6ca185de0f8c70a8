import type { AstroIntegration } from 'astro';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fork } from 'node:child_process';
import { SEARCH_TEXT_VERSION } from '../lib/site/search-text.ts';
import { writeShards, type ShardJob } from './pagefind-shards.ts';
import { SHARD_LIST_FILE, digestOf, isBundleDir, pagesPerShardFrom, parseManifest, planShards, type SearchPage } from '../lib/site/search-shards.ts';

const MANIFEST_FILE = 'failure-catalogue-search.json';

/**
 * Indexes the built HTML with Pagefind's Node API, as Starlight does, so search needs no extra command. The index is
 * written in shards (src/lib/site/search-shards.ts): shards are indexed in one process per core, each index is
 * freed once written, and a rebuild re-indexes only the shards whose pages changed.
 */
export function pagefindIndex(): AstroIntegration {
  let cacheDir = '';
  return {
    name: 'failure-catalogue:pagefind',
    hooks: {
      'astro:config:done': ({ config }) => {
        cacheDir = fileURLToPath(config.cacheDir);
      },
      'astro:build:done': async ({ dir, pages, logger }) => {
        const outDir = fileURLToPath(dir);
        const started = performance.now();
        const files = new Map<string, string>();
        const searchPages: SearchPage[] = [];
        for (const page of indexedPages(outDir, pages)) {
          files.set(page.url, page.file);
          searchPages.push({ url: page.url, digest: digestOf(readFileSync(page.file)) });
        }
        const manifestPath = join(cacheDir, MANIFEST_FILE);
        const plan = planShards(searchPages, {
          pagesPerShard: pagesPerShardFrom(process.env),
          // A new Pagefind, or a change to the text it is given, re-indexes everything.
          pagefindVersion: `${pagefindVersion()} ${SEARCH_TEXT_VERSION}`,
          previous: parseManifest(existsSync(manifestPath) ? readFileSync(manifestPath, 'utf8') : undefined),
          bundleExists: (bundle) => existsSync(join(outDir, bundle, 'pagefind-entry.json')),
        });

        // The output directory is kept between builds (incremental builds): drop bundles of shards that no longer
        // exist, and each changed shard's old bundle before it is written again.
        for (const name of readdirSync(outDir)) {
          if (isBundleDir(name) && !plan.bundles.includes(name)) rmSync(join(outDir, name), { recursive: true, force: true });
        }
        // Forget the manifest while shards are rewritten: a build that fails half-way must not look up to date.
        rmSync(manifestPath, { force: true });
        // Shards are indexed side by side, in one process per core, each with its own Pagefind service
        // (src/integrations/pagefind-shards-process.ts); each process takes every n-th changed shard. A lone changed
        // shard (a rebuild after one edit) is indexed here: a process of its own would only add its start-up.
        const jobs: ShardJob[] = plan.changed.map((shard) => ({
          bundlePath: join(outDir, plan.bundles[shard]!),
          pages: plan.pages[shard]!.map((page) => ({ url: page.url, file: files.get(page.url)! })),
        }));
        const workers = Math.max(1, Math.min(availableParallelism(), jobs.length));
        if (workers === 1) await writeShards(jobs);
        else await Promise.all(Array.from({ length: workers }, (_, worker) => indexInOwnProcess(jobs.filter((_, k) => k % workers === worker))));
        writeFileSync(join(outDir, SHARD_LIST_FILE), JSON.stringify({ bundles: plan.bundles.map((bundle) => `${bundle}/`) }));
        mkdirSync(cacheDir, { recursive: true });
        writeFileSync(manifestPath, JSON.stringify(plan.manifest));

        const shards = plan.bundles.length;
        const unchanged = plan.pages.reduce((n, shard, i) => (plan.changed.includes(i) ? n : n + shard.length), 0);
        logger.info(
          `Indexed ${searchPages.length - unchanged} pages in ${((performance.now() - started) / 1000).toFixed(1)}s ` +
            `(${plan.changed.length} of ${shards} search shard${shards === 1 ? '' : 's'}; ${unchanged} pages unchanged)`,
        );
      },
    },
  };
}

/** Writes `shards` from a process of its own; rejects with its error output when it fails. */
function indexInOwnProcess(shards: ShardJob[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./pagefind-shards-process.ts', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`search indexing failed (exit ${code}):\n${stderr.slice(-4000)}`))));
    child.send({ shards });
  });
}

/**
 * The pages search covers: every failure and remediation page (only entry pages carry data-pagefind-body; list and
 * term pages would only cost time) and the report pages Astro rendered in this build. A triaged report's URL is a
 * redirect to its failure's page (indexed there), written as a file rather than rendered by Astro; only reports
 * awaiting triage are pages of this build.
 */
function* indexedPages(outDir: string, pages: readonly { pathname: string }[]): Generator<{ url: string; file: string }> {
  for (const section of ['failures', 'remediations']) {
    const sectionDir = join(outDir, section);
    if (!existsSync(sectionDir)) continue;
    for (const name of readdirSync(sectionDir).sort()) {
      const file = join(sectionDir, name, 'index.html');
      if (name.includes('-') && existsSync(file)) yield { url: `/${section}/${name}/`, file };
    }
  }
  for (const { pathname } of pages) {
    const path = pathname.replace(/^\/|\/$/g, '');
    if (/^reports\/RPT-[^/]+$/.test(path)) yield { url: `/${path}/`, file: join(outDir, path, 'index.html') };
  }
}

/** Pagefind's own version (its package exports no package.json, so it is read beside the module). */
function pagefindVersion(): string {
  const pkg = new URL('../package.json', import.meta.resolve('pagefind'));
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}
