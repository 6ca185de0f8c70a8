import type { AstroIntegration } from 'astro';
import { contentRoot } from '../lib/core/content-root.ts';
import { checkContentRoot } from '../lib/core/integrity.ts';
import { FrontmatterCache } from '../lib/core/frontmatter-cache.ts';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatProblem } from '../lib/core/problems.ts';
import { sourceDigest } from './source-digest.ts';

/**
 * Runs the integrity check before Astro loads any content. A build fails on the first bad file with every
 * problem listed; the dev server only reports them, so an author can fix files while it runs.
 */
export function contentCheck(): AstroIntegration {
  return {
    name: 'failure-catalogue:content-check',
    hooks: {
      'astro:config:setup': ({ command, config, logger }) => {
        forgetEntriesParsedByOldSchemas(fileURLToPath(config.cacheDir), logger);
        const cache = FrontmatterCache.open(fileURLToPath(new URL('failure-catalogue-frontmatter.bin', config.cacheDir)));
        const { problems } = checkContentRoot(contentRoot(), cache, { cache, scope: checkingCodeDigest() });
        if (problems.length === 0) {
          cache.save();
          // The content sync that follows reads the same frontmatter: it takes these parses instead of repeating them.
          cache.shareInProcess();
          return;
        }
        const report = problems.map(formatProblem).join('\n');
        if (command === 'build') {
          throw new Error(`The content check found ${problems.length} problem(s); run npm run check for details.\n${report}`);
        }
        logger.warn(`Content problems:\n${report}`);
      },
      // The content sync has run by now (before build:start, and before the dev server starts).
      'astro:build:start': () => FrontmatterCache.stopSharing(),
      'astro:server:start': () => FrontmatterCache.stopSharing(),
    },
  };
}

const SCHEMAS = fileURLToPath(new URL('../schemas/', import.meta.url));
const CORE = fileURLToPath(new URL('../lib/core/', import.meta.url));

/** Digest of the code the content check runs (the core and the schemas): remembered check results are tied to it. */
export function checkingCodeDigest(): string {
  return sourceDigest([CORE, SCHEMAS]);
}


/**
 * Astro's content store keeps each entry as the schemas parsed it and re-parses only files that changed, so a
 * schema change (a field now coerced, defaulted or renamed) would leave old shapes in the site and the feed. The
 * store is dropped whenever the schemas' source differs from the build that filled it.
 */
export function forgetEntriesParsedByOldSchemas(cacheDir: string, logger: { info: (message: string) => void }): void {
  const digest = createHash('sha256');
  for (const name of readdirSync(SCHEMAS).filter((n) => n.endsWith('.ts')).sort()) digest.update(name).update(readFileSync(join(SCHEMAS, name)));
  const current = digest.digest('hex');
  const record = join(cacheDir, 'failure-catalogue-schemas.sha256');
  const previous = existsSync(record) ? readFileSync(record, 'utf8') : undefined;
  if (previous === current) return;
  const store = join(cacheDir, 'data-store.json');
  if (existsSync(store)) {
    rmSync(store);
    logger.info('The content schemas differ from those the cached content store was built with: every entry is parsed again.');
  }
  // Recorded even on the first build (before Astro has made cacheDir), or the first rebuild would parse everything again.
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(record, current);
}
