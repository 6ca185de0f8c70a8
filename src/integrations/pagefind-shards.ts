/**
 * Writes search shards with Pagefind's Node API: each shard gets an index of its own, deleted once its bundle is
 * written to free its memory. Called in the build's own process when one shard changed (a rebuild after an edit),
 * and from pagefind-shards-process.ts when shards are indexed side by side.
 */
import { readFileSync, rmSync } from 'node:fs';
import * as pagefind from 'pagefind';
import { searchTextOf } from '../lib/site/search-text.ts';

export interface ShardJob {
  bundlePath: string;
  pages: { url: string; file: string }[];
}

/** Writes each shard in turn, then stops this process's Pagefind service. */
export async function writeShards(shards: readonly ShardJob[]): Promise<void> {
  try {
    for (const shard of shards) await writeShard(shard);
  } finally {
    await pagefind.close();
  }
}

async function writeShard({ bundlePath, pages }: ShardJob): Promise<void> {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  try {
    for (const page of pages) {
      const added = await index.addHTMLFile({ url: page.url, content: searchTextOf(readFileSync(page.file, 'utf8')) });
      if (added.errors.length > 0) throw new Error(`Pagefind could not index ${page.url}: ${added.errors.join('; ')}`);
    }
    rmSync(bundlePath, { recursive: true, force: true });
    const written = await index.writeFiles({ outputPath: bundlePath });
    if (written.errors.length > 0) throw new Error(`Pagefind could not write its index to ${bundlePath}: ${written.errors.join('; ')}`);
  } finally {
    await index.deleteIndex();
  }
}
