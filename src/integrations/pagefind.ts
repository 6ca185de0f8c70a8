import type { AstroIntegration } from 'astro';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';

/** Indexes the built HTML with Pagefind's Node API, as Starlight does, so search needs no extra command. */
export function pagefindIndex(): AstroIntegration {
  return {
    name: 'failure-catalogue:pagefind',
    hooks: {
      'astro:build:done': async ({ dir, pages, logger }) => {
        const outDir = fileURLToPath(dir);
        const started = performance.now();
        const { index, errors } = await pagefind.createIndex({});
        if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
        // Only entry pages carry data-pagefind-body; reading the list and term pages too would only cost time.
        const added = await index.addDirectory({ path: outDir, glob: '{failures,remediations}/*-*/index.html' });
        if (added.errors.length > 0) throw new Error(`Pagefind indexing failed: ${added.errors.join('; ')}`);
        // A triaged report's URL is a redirect to its failure's page (indexed there), written as a file rather than
        // rendered by Astro; only reports awaiting triage are pages of this build.
        let pageCount = added.page_count;
        for (const page of reportPages(outDir, pages)) {
          const report = await index.addHTMLFile({ url: page.url, content: page.html });
          if (report.errors.length > 0) throw new Error(`Pagefind indexing failed: ${report.errors.join('; ')}`);
          pageCount++;
        }
        // The output directory is kept between builds (incremental builds), so clear the previous index first.
        rmSync(`${outDir}/pagefind`, { recursive: true, force: true });
        const written = await index.writeFiles({ outputPath: `${outDir}/pagefind` });
        if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
        await pagefind.close();
        logger.info(`Indexed ${pageCount} pages in ${((performance.now() - started) / 1000).toFixed(1)}s`);
      },
    },
  };
}

/** The report pages Astro rendered in this build (reports awaiting triage). */
function* reportPages(outDir: string, pages: readonly { pathname: string }[]): Generator<{ url: string; html: string }> {
  for (const { pathname } of pages) {
    const path = pathname.replace(/^\/|\/$/g, '');
    if (!/^reports\/RPT-[^/]+$/.test(path)) continue;
    yield { url: `/${path}/`, html: readFileSync(join(outDir, path, 'index.html'), 'utf8') };
  }
}
