/**
 * Reads a content root from disk without Astro, so the integrity check runs in seconds and scripts and tests can
 * load any catalogue. The site reads the same files through Astro's loaders with the same schemas.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { ENTRY_COLLECTIONS, ENTRY_FILE, TAXONOMY_FILES, type EntryCollection, type TaxonomyName } from './content-root.ts';
import { FrontmatterError, splitFrontmatter } from './frontmatter.ts';
import type { FrontmatterCache } from './frontmatter-cache.ts';
import type { Problem } from './problems.ts';

export interface RawEntry {
  collection: EntryCollection;
  /** Display path (relative to the working directory). */
  file: string;
  /** File name without extension: must equal the entry's id. */
  stem: string;
  data: unknown;
  body: string;
  /** 1-based line of the file where the body starts, so problems in the body can name file lines. */
  bodyLine: number;
}

export interface RawTaxonomy {
  name: TaxonomyName;
  file: string;
  items: unknown[];
}

export interface RawContent {
  root: string;
  entries: RawEntry[];
  taxonomies: RawTaxonomy[];
  problems: Problem[];
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

export function readContent(root: string, cache?: FrontmatterCache): RawContent {
  const entries: RawEntry[] = [];
  const taxonomies: RawTaxonomy[] = [];
  const problems: Problem[] = [];

  for (const collection of ENTRY_COLLECTIONS) {
    const dir = join(root, collection);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (!ENTRY_FILE.test(name)) continue;
      const path = join(dir, name);
      const file = displayPath(path);
      try {
        const source = readFileSync(path, 'utf8');
        const { data, body } = splitFrontmatter(source, cache);
        const bodyLine = source.split('\n').length - body.split('\n').length + 1;
        entries.push({ collection, file, stem: name.replace(ENTRY_FILE, ''), data, body, bodyLine });
      } catch (error) {
        if (!(error instanceof FrontmatterError)) throw error;
        problems.push({ code: 'FC001', file, field: '', message: error.message, fix: 'see https://jekyllrb.com/docs/front-matter/ for the --- layout; run a YAML linter on the block' });
      }
    }
  }

  for (const [name, relPath] of Object.entries(TAXONOMY_FILES) as [TaxonomyName, string][]) {
    const path = join(root, relPath);
    const file = displayPath(path);
    if (!existsSync(path)) {
      problems.push({ code: 'FC001', file, field: '', message: 'is missing', fix: `create it as a YAML list of ${name} terms` });
      taxonomies.push({ name, file, items: [] });
      continue;
    }
    try {
      const items: unknown = parseYaml(readFileSync(path, 'utf8'));
      if (!Array.isArray(items)) throw new Error('the file must be a YAML list (each item starting with "- ")');
      taxonomies.push({ name, file, items });
    } catch (error) {
      problems.push({ code: 'FC001', file, field: '', message: `is not a valid taxonomy list: ${(error as Error).message.split('\n')[0]}`, fix: 'make it a YAML list of terms with id, name and description' });
      taxonomies.push({ name, file, items: [] });
    }
  }
  return { root, entries, taxonomies, problems };
}
