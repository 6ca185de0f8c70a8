import type { AstroIntegration } from 'astro';
import { contentRoot } from '../lib/content-root.ts';
import { checkContentRoot } from '../lib/integrity.ts';
import { FrontmatterCache } from '../lib/frontmatter-cache.ts';
import { fileURLToPath } from 'node:url';
import { formatProblem } from '../lib/problems.ts';

/**
 * Runs the integrity check before Astro loads any content. A build fails on the first bad file with every
 * problem listed; the dev server only reports them, so an author can fix files while it runs.
 */
export function contentCheck(): AstroIntegration {
  return {
    name: 'failure-catalogue:content-check',
    hooks: {
      'astro:config:setup': ({ command, config, logger }) => {
        const cache = FrontmatterCache.open(fileURLToPath(new URL('failure-catalogue-frontmatter.bin', config.cacheDir)));
        const { problems } = checkContentRoot(contentRoot(), cache);
        if (problems.length === 0) {
          cache.save();
          return;
        }
        const report = problems.map(formatProblem).join('\n');
        if (command === 'build') {
          throw new Error(`The content check found ${problems.length} problem(s); run npm run check for details.\n${report}`);
        }
        logger.warn(`Content problems:\n${report}`);
      },
    },
  };
}
