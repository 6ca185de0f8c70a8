/**
 * One search-indexing process of the build (see pagefind.ts): it receives its share of the search shards as a message
 * ({ shards: [{ bundlePath, pages: [{ url, file }] }] }), writes each shard's Pagefind bundle in turn, and exits.
 * Each process has a Pagefind service of its own: one service given two indexes at once works on them largely one
 * at a time (two shards of 1,875 pages of the 10k catalogue: 9.3 s in one service, 6.0 s in two processes).
 */
import { readFileSync, rmSync } from 'node:fs';
import * as pagefind from 'pagefind';
import { searchTextOf } from '../lib/site/search-text.ts';

export interface ShardJob {
  bundlePath: string;
  pages: { url: string; file: string }[];
}

process.once('message', (message) => {
  void writeShards((message as { shards: ShardJob[] }).shards).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
});

async function writeShards(shards: readonly ShardJob[]): Promise<void> {
  try {
    for (const shard of shards) await writeShard(shard);
  } finally {
    await pagefind.close();
  }
}

/** One shard: an index of its own, deleted once its bundle is written to free its memory. */
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
