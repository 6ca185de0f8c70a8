import { resolve } from 'node:path';

/** The content root: `CONTENT_DIR` when set (tests and benchmarks build other catalogues), else `content/`. */
export function contentRoot(): string {
  return resolve(process.env.CONTENT_DIR || 'content');
}

/** Preview builds include drafts so the work group can review them as they will look. */
export function includeDrafts(): boolean {
  return ['1', 'true', 'yes'].includes((process.env.PREVIEW_DRAFTS ?? '').toLowerCase());
}

export const ENTRY_COLLECTIONS = ['failures', 'remediations', 'reports'] as const;
export type EntryCollection = (typeof ENTRY_COLLECTIONS)[number];

export const TAXONOMY_FILES = {
  categories: 'taxonomy/categories.yaml',
  services: 'taxonomy/services.yaml',
  releases: 'taxonomy/releases.yaml',
  deploymentTools: 'taxonomy/deployment-tools.yaml',
} as const;
export type TaxonomyName = keyof typeof TAXONOMY_FILES;

/** Entry files: Markdown, or MDX for hand-written rich entries (never for generated submissions). */
export const ENTRY_FILE = /\.mdx?$/;
