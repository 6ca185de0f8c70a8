import type { AstroIntegration } from 'astro';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
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
        const added = await index.addDirectory({ path: outDir, glob: '{failures,remediations}/*-*/index.html' });
        if (added.errors.length > 0) throw new Error(`Pagefind indexing failed: ${added.errors.join('; ')}`);
        // A triaged report's URL is a redirect to its failure's page (indexed there); only reports awaiting triage
        // have pages of their own.
        let pageCount = added.page_count;
        for (const page of reportPages(outDir)) {
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

/** The report pages that are pages, not redirects (Astro writes a redirect as a meta refresh document). */
function* reportPages(outDir: string): Generator<{ url: string; html: string }> {
  const dir = join(outDir, 'reports');
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const file = join(dir, name, 'index.html');
    if (!/^RPT-/.test(name) || !existsSync(file)) continue;
    const html = readFileSync(file, 'utf8');
    if (!html.includes('http-equiv="refresh"')) yield { url: `/reports/${name}/`, html };
  }
}
