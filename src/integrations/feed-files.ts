import type { AstroIntegration } from 'astro';
import { fork } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentRoot, includeDrafts } from '../lib/core/content-root.ts';
import { checkingCodeDigest } from './content-check.ts';
import { feedFiles as computeFeedFiles, type FeedFile } from '../lib/feed/feed-files.ts';
import { feedContextFromContent } from '../lib/matcher/node/content-feed.ts';
import { buildPaths } from './output-files.ts';
import { reportRedirectsFile } from './report-redirects.ts';
import { SIMILAR_MEMO_VARIABLE } from '../lib/site/similar-memo.ts';

/**
 * Writes every /api/v1/ file (feed documents, change list, Atom feeds, JSON Schemas, exports) from a process of its
 * own, started as soon as the build's configuration is settled (after the content check), so on a two-core machine
 * it runs while Astro syncs content and renders pages: about 20,000 data files at 10,000 failures that need no page
 * pipeline. (Started at build:start, after the content sync, it was still writing 6-9 s after the last page.) It
 * writes straight into the output's api/v1/ (no Astro route writes there) and removes the files an earlier build
 * wrote that this one did not. The dev server serves the same files from memory.
 *
 * Holding the catalogue that early, the process also computes every failure's similar failures into the build's
 * memo before it writes any file (src/integrations/similar-memo.ts says where); the build waits for them at
 * build:start, after the content sync, so page generation reads them instead of starting with that computation.
 */
export function feedFiles(): AstroIntegration {
  let outDir = '';
  let cacheDir = '';
  let site = '';
  let base = '/';
  let pending: Promise<{ written: number; kept: number }> | undefined;
  let similarReady: Promise<boolean> = Promise.resolve(false);
  let started = 0;
  let building = false;
  return {
    name: 'failure-catalogue:feed-files',
    hooks: {
      'astro:config:setup': ({ command }) => {
        building = command === 'build';
      },
      'astro:config:done': ({ config }) => {
        ({ outDir, cacheDir, site, base } = buildPaths(config));
        if (!building) return;
        started = performance.now();
        // Runs after pruneStaleOutput's config:done, which may empty the output directory on a first build, and
        // after the content check's config:setup, whose results (in the frontmatter cache) this process reads.
        // The redirect list is this build's or none: reportRedirects() reads it once this process is done.
        rmSync(reportRedirectsFile(cacheDir), { force: true });
        const similarPlace = process.env[SIMILAR_MEMO_VARIABLE];
        ({ done: pending, similarReady } = writeInOwnProcess([
          join(outDir, 'api', 'v1'),
          site,
          join(cacheDir, 'failure-catalogue-feed-files.json'),
          join(cacheDir, 'failure-catalogue-frontmatter.bin'),
          checkingCodeDigest(),
          reportRedirectsFile(cacheDir),
          ...(similarPlace ? [similarPlace] : []),
        ]));
        // Reported when awaited in build:done; until then a failure must not be an unhandled rejection.
        pending.catch(() => {});
      },
      // The dev server answers /api/v1/ from the same list, computed again after any content file changes.
      'astro:server:setup': ({ server }) => {
        const root = contentRoot();
        let files: Map<string, FeedFile> | undefined;
        server.watcher.on('all', (_event, path) => {
          if (path.startsWith(root)) files = undefined;
        });
        const prefix = `${base}api/v1/`;
        server.middlewares.use((request, response, next) => {
          const path = decodeURIComponent((request.url ?? '').split('?')[0]!);
          if (!path.startsWith(prefix)) return next();
          files ??= new Map(computeFeedFiles(feedContextFromContent(root, new URL(site), { includeDrafts: includeDrafts() })).map((f) => [f.path, f]));
          const file = files.get(path.slice(prefix.length));
          if (!file) return next();
          response.setHeader('Content-Type', file.contentType);
          response.end(file.body);
        });
      },
      // Page generation starts after this hook: by then the similar failures must be in the memo. (Should the process
      // fail first, pages compute them themselves, and build:done reports the failure.)
      'astro:build:start': async ({ logger }) => {
        const waitedFrom = performance.now();
        if (!(await similarReady)) return;
        const waited = (performance.now() - waitedFrom) / 1000;
        logger.info(`Similar failures computed beside the content sync${waited >= 0.1 ? ` (waited ${waited.toFixed(1)}s for them)` : ''}`);
      },
      'astro:build:done': async ({ logger }) => {
        if (!pending) throw new Error('the feed writer was not started');
        const { written, kept } = await pending;
        const keptNote = kept > 0 ? `, ${kept} exports kept from the last build (made from the same input)` : '';
        logger.info(`Published ${written} feed files in ${((performance.now() - started) / 1000).toFixed(1)}s (beside content sync and page rendering${keptNote})`);
      },
    },
  };
}

/** The writer's process: `done` when it has written everything, `similarReady` (true) once the similar failures are in
 * the memo, or false if it stopped without them. */
function writeInOwnProcess(args: string[]): { done: Promise<{ written: number; kept: number }>; similarReady: Promise<boolean> } {
  const child = fork(fileURLToPath(new URL('./feed-files-process.ts', import.meta.url)), args, {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    execArgv: [...process.execArgv, `--max-old-space-size=${writerHeapLimitMb(contentRoot())}`],
  });
  const similarReady = new Promise<boolean>((resolve) => {
    child.on('message', (message) => message === 'similar-ready' && resolve(true));
    child.on('exit', () => resolve(false));
    child.on('error', () => resolve(false));
  });
  const done = new Promise<{ written: number; kept: number }>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(stdout.trim()) as { written: number; kept: number });
      else reject(new Error(`the feed writer failed (exit ${code}):\n${stderr.slice(-4000)}`));
    });
  });
  return { done, similarReady };
}

/**
 * The feed writer's heap limit, sized to the catalogue. Its live heap peaks at about 21 KB per entry (520 MB at the
 * 10k benchmark's 25,000 failures, remediations and reports, while failures.json is serialised), but the exports it
 * makes last leave hundreds of MB of short-lived strings and YAML trees, and under V8's default limit (about 4 GB on
 * a 24 GB machine) the process let them pile up to 2.7 GB resident before collecting. A limit of twice the peak
 * live heap plus room for the runtime collects them sooner: 1.7 GB resident at 10k, for the same CPU time (45 s of
 * user time either way, measured with /usr/bin/time).
 */
export function writerHeapLimitMb(root: string): number {
  const entries = ['failures', 'remediations', 'reports'].reduce((n, dir) => n + (existsSync(join(root, dir)) ? readdirSync(join(root, dir)).length : 0), 0);
  return 512 + Math.ceil((entries * 40) / 1024);
}
