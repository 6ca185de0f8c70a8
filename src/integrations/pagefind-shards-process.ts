/**
 * One search-indexing process of the build (see pagefind.ts): it receives its share of the search shards as a message
 * ({ shards: [{ bundlePath, pages: [{ url, file }] }] }), writes each shard's Pagefind bundle in turn, and exits.
 * Each process has a Pagefind service of its own: one service given two indexes at once works on them largely one
 * at a time (two shards of 1,875 pages of the 10k catalogue: 9.3 s in one service, 6.0 s in two processes).
 */
import { writeShards, type ShardJob } from './pagefind-shards.ts';

process.once('message', (message) => {
  void writeShards((message as { shards: ShardJob[] }).shards).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
});
