import type { AstroIntegration } from 'astro';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';

/** Indexes the built HTML with Pagefind's Node API, as Starlight does, so search needs no extra command. */
export function pagefindIndex(): AstroIntegration {
  return {
    name: 'failure-catalogue:pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const started = performance.now();
        const { index, errors } = await pagefind.createIndex({});
        if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
        // Only entry pages carry data-pagefind-body; reading the list and term pages too would only cost time.
        const added = await index.addDirectory({ path: outDir, glob: '{failures,remediations,reports}/*-*/index.html' });
        if (added.errors.length > 0) throw new Error(`Pagefind indexing failed: ${added.errors.join('; ')}`);
        // The output directory is kept between builds (incremental builds), so clear the previous index first.
        rmSync(`${outDir}/pagefind`, { recursive: true, force: true });
        const written = await index.writeFiles({ outputPath: `${outDir}/pagefind` });
        if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
        await pagefind.close();
        logger.info(`Indexed ${added.page_count} pages in ${((performance.now() - started) / 1000).toFixed(1)}s`);
      },
    },
  };
}
