import type { AstroIntegration } from 'astro';
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentRoot, includeDrafts } from '../lib/core/content-root.ts';
import { feedFiles as computeFeedFiles, type FeedFile } from '../lib/feed/feed-files.ts';
import { feedContextFromContent } from '../lib/matcher/node/content-feed.ts';

/**
 * Writes every /api/v1/ file (feed documents, change list, Atom feeds, JSON Schemas, exports) from a process of its
 * own, started when the build starts, so on a two-core machine it runs while Astro renders pages: about 20,000
 * data files at 10,000 failures that need no page pipeline. The files are staged in cacheDir and moved into the
 * output when the pages are done; files an earlier build wrote and this one did not are removed. The dev server
 * serves the same files from memory.
 */
export function feedFiles(): AstroIntegration {
  let outDir = '';
  let cacheDir = '';
  let site = '';
  let base = '/';
  let pending: Promise<string[]> | undefined;
  let started = 0;
  return {
    name: 'failure-catalogue:feed-files',
    hooks: {
      'astro:config:done': ({ config }) => {
        outDir = fileURLToPath(config.outDir);
        cacheDir = fileURLToPath(config.cacheDir);
        site = config.site ?? 'http://localhost:4321/';
        base = config.base.replace(/\/?$/, '/');
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
      'astro:build:start': () => {
        started = performance.now();
        pending = writeInOwnProcess(join(cacheDir, 'failure-catalogue-feed-staging'), site, join(cacheDir, 'failure-catalogue-frontmatter.bin'));
        // Reported when awaited in build:done; until then a failure must not be an unhandled rejection.
        pending.catch(() => {});
      },
      'astro:build:done': async ({ logger }) => {
        if (!pending) throw new Error('the feed writer was not started');
        const written = await pending;
        const staging = join(cacheDir, 'failure-catalogue-feed-staging');
        const api = join(outDir, 'api', 'v1');
        const record = join(cacheDir, 'failure-catalogue-feed-files.json');
        const current = new Set(written);
        const previous = existsSync(record) ? (JSON.parse(readFileSync(record, 'utf8')) as string[]) : [];
        for (const path of previous.filter((p) => !current.has(p))) {
          rmSync(join(api, path), { force: true });
          const folder = dirname(join(api, path));
          if (folder !== api && existsSync(folder) && readdirSync(folder).length === 0) rmdirSync(folder);
        }
        const folders = new Set<string>();
        for (const path of written) {
          const target = join(api, path);
          const folder = dirname(target);
          if (!folders.has(folder)) {
            mkdirSync(folder, { recursive: true });
            folders.add(folder);
          }
          renameSync(join(staging, path), target);
        }
        rmSync(staging, { recursive: true, force: true });
        writeFileSync(record, JSON.stringify(written));
        logger.info(`Wrote ${written.length} feed files in ${((performance.now() - started) / 1000).toFixed(1)}s (beside page rendering)`);
      },
    },
  };
}

function writeInOwnProcess(staging: string, site: string, frontmatterCache: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./feed-files-process.ts', import.meta.url)), [staging, site, frontmatterCache], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(stdout) as string[]);
      else reject(new Error(`the feed writer failed (exit ${code}):\n${stderr.slice(-4000)}`));
    });
  });
}
