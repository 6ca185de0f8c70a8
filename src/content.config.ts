/**
 * Wiring only: Astro's loaders read the content root (CONTENT_DIR or content/) and validate each file with the
 * schemas in src/schemas. Cross-collection integrity is checked by src/lib/core/integrity.ts before every build.
 */
import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { category, deploymentTool, failure, release, remediation, report, service } from './schemas/index.ts';
import { contentRoot, TAXONOMY_FILES } from './lib/core/content-root.ts';
import { withFrontmatterCache } from './lib/core/entry-loader.ts';
import { withLeanStore } from './lib/core/lean-store.ts';

const root = contentRoot();

/**
 * IDs are the file names, unchanged: Astro would otherwise lowercase FAIL-0001 into a slug. Failures and
 * remediations may be written in MDX (maintainers only; the content check limits what an .mdx entry may contain).
 * Frontmatter is read through a cache (src/lib/core/entry-loader.ts): unchanged entries are not parsed again; the
 * data store keeps only what pages read (src/lib/core/lean-store.ts).
 */
function entries(directory: string, pattern: string) {
  return withLeanStore(
    withFrontmatterCache(
      glob({
        base: `${root}/${directory}`,
        pattern,
        generateId: ({ entry }) => entry.replace(/\.mdx?$/, ''),
      }),
    ),
  );
}

export const collections = {
  failures: defineCollection({ loader: entries('failures', '*.{md,mdx}'), schema: failure }),
  remediations: defineCollection({ loader: entries('remediations', '*.{md,mdx}'), schema: remediation }),
  reports: defineCollection({ loader: entries('reports', '*.md'), schema: report }),
  categories: defineCollection({ loader: file(`${root}/${TAXONOMY_FILES.categories}`), schema: category }),
  services: defineCollection({ loader: file(`${root}/${TAXONOMY_FILES.services}`), schema: service }),
  releases: defineCollection({ loader: file(`${root}/${TAXONOMY_FILES.releases}`), schema: release }),
  deploymentTools: defineCollection({ loader: file(`${root}/${TAXONOMY_FILES.deploymentTools}`), schema: deploymentTool }),
};
