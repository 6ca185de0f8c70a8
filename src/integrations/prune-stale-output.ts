import type { AstroIntegration } from 'astro';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeFiles } from './output-files.ts';

/**
 * The output directory is kept between builds so the incremental build can leave unchanged pages in place
 * (astro.config.mjs). Astro 7.3 then leaves behind the pages of entries that were deleted or renamed, so this
 * records every page and endpoint file a build produced (rendered or reused) in cacheDir and, on the next build,
 * deletes those of the previous build that this one did not produce. Public files and bundled assets are not
 * touched.
 */
export function pruneStaleOutput(): AstroIntegration {
  let record = '';
  let outDir = '';
  let root = '';
  let building = false;
  return {
    name: 'failure-catalogue:prune-stale-output',
    hooks: {
      'astro:config:setup': ({ command }) => {
        building = command === 'build';
      },
      'astro:config:done': ({ config }) => {
        record = join(fileURLToPath(config.cacheDir), 'failure-catalogue-output.json');
        outDir = fileURLToPath(config.outDir);
        root = fileURLToPath(config.root);
        // Without a record of the previous build, nothing in the output directory can be trusted: start empty.
        // (Never the project itself, should the output directory be misconfigured as it or a parent of it.) Done
        // here rather than at build:start because the feed writer starts writing into it at config:done.
        if (building && !existsSync(record) && !root.startsWith(outDir)) rmSync(outDir, { recursive: true, force: true });
      },
      'astro:build:done': ({ assets, logger }) => {
        const produced = new Set([...assets.values()].flat().map((file) => relative(outDir, fileURLToPath(file))));
        const previous = existsSync(record) ? (JSON.parse(readFileSync(record, 'utf8')) as string[]) : [];
        const stale = previous.filter((file) => !produced.has(file) && !file.startsWith('..'));
        removeFiles(outDir, stale);
        if (stale.length > 0) logger.info(`Removed ${stale.length} page(s) the content no longer produces`);
        mkdirSync(join(record, '..'), { recursive: true });
        writeFileSync(record, JSON.stringify([...produced].sort()));
      },
    },
  };
}
