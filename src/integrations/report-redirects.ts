import type { AstroIntegration } from 'astro';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { redirectDocument, type ReportRedirect } from '../lib/site/report-redirects.ts';
import { buildPaths, removeFiles, type BuildPaths } from './output-files.ts';

/** Where the feed writer's process leaves the list of report redirects for this build (see feed-files.ts). */
export const reportRedirectsFile = (cacheDir: string) => join(cacheDir, 'failure-catalogue-report-redirects.json');

/**
 * Writes the redirect of every triaged report's URL to its place on its failure's page (src/lib/site/report-redirects.ts)
 * as files, once Astro has written its pages: after pruneStaleOutput removed what the last build left, so a redirect
 * that replaces a report's former page is not removed with it. The list comes from the feed writer's process, which
 * holds the catalogue while Astro renders; it must come after feedFiles() in the integrations, whose build:done waits
 * for that process. Redirects the previous build wrote and this one does not are removed, unless a page of this
 * build (a report sent back to triage) now lives there. The dev server keeps rendering them as Astro redirects.
 */
export function reportRedirects(): AstroIntegration {
  let paths: BuildPaths | undefined;
  return {
    name: 'failure-catalogue:report-redirects',
    hooks: {
      'astro:config:done': ({ config }) => {
        paths = buildPaths(config);
      },
      'astro:build:done': ({ pages, logger }) => {
        const { outDir, cacheDir, site, base } = paths!;
        const listFile = reportRedirectsFile(cacheDir);
        if (!existsSync(listFile)) throw new Error(`${listFile} is missing: the feed writer did not list the report redirects (is feedFiles() before reportRedirects() in astro.config.mjs?)`);
        const redirects = JSON.parse(readFileSync(listFile, 'utf8')) as ReportRedirect[];
        const fileOf = (from: string) => join(from.slice(base.length), 'index.html');
        const written = redirects.map((redirect) => {
          const file = fileOf(redirect.from);
          mkdirSync(dirname(join(outDir, file)), { recursive: true });
          writeFileSync(join(outDir, file), redirectDocument(redirect, new URL(site)));
          return file;
        });
        const record = join(cacheDir, 'failure-catalogue-report-redirect-files.json');
        const current = new Set(written);
        const pageFiles = new Set(pages.map((p) => join(p.pathname.replace(/^\//, ''), 'index.html')));
        const previous = existsSync(record) ? (JSON.parse(readFileSync(record, 'utf8')) as string[]) : [];
        removeFiles(outDir, previous.filter((f) => !current.has(f) && !pageFiles.has(f)));
        writeFileSync(record, JSON.stringify(written));
        logger.info(`Wrote ${written.length} report redirects`);
      },
    },
  };
}
