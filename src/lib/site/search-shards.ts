/**
 * The search index in shards. Pagefind holds every page it indexes in memory until it writes the index: on the
 * 10,000-failure catalogue that one process grew past 3 GB. Split into shards of a few thousand pages, each an index
 * freed once written (two at a time on two cores), Pagefind stays small, and a rebuild re-indexes only the shards
 * whose pages changed. The search page merges the shards back into one result list with Pagefind's `mergeIndex`.
 *
 * Ranking caveat: Pagefind scores a result within its own index, so term rarity is judged per shard. Large shards
 * keep that close to one index's ranking, which is why the default is thousands of pages, not hundreds; the
 * published catalogue fits in one shard.
 */
import { createHash } from 'node:crypto';

/** The list of shard bundles the search page loads, written at the root of the output. */
export const SHARD_LIST_FILE = 'pagefind-shards.json';

/**
 * Pages per shard: memory and rebuild time against ranking that spans shards (see above). A page's shard is a hash of
 * its URL, so every shard is a random sample of the catalogue and judges term rarity much as the whole would. On the
 * 10,000-failure benchmark (15,000 indexed pages), 4,000 made 4 shards: a rebuild after one body edit re-indexed
 * 3,751 pages instead of 7,500 (55 s instead of 66 s), the full build was no slower, and search got faster (first
 * query 147 KB instead of 203 KB, p95 41 ms instead of 109 ms).
 */
export const DEFAULT_PAGES_PER_SHARD = 4000;

/** A page to index: its URL and a digest of its HTML, which tells whether it changed since the last build. */
export interface SearchPage {
  url: string;
  digest: string;
}

/** What the previous build indexed, kept in Astro's cache directory. */
export interface ShardManifest {
  version: 1;
  /** Pagefind's version: a new Pagefind re-indexes everything, its index format may differ. */
  pagefind: string;
  /** One digest per shard, in shard order, over the shard's pages (URL and HTML digest). */
  shards: string[];
}

export interface ShardPlan {
  /** Shard `i` is written to `bundles[i]`, a directory of the output (e.g. "pagefind", "pagefind-1"). */
  bundles: string[];
  /** The pages of each shard, sorted by URL. */
  pages: SearchPage[][];
  /** The shards that must be (re)indexed; the others are as the previous build wrote them. */
  changed: number[];
  /** The manifest to keep for the next build. */
  manifest: ShardManifest;
}

/** The bundle directory of shard `i`: the first keeps Pagefind's usual name, so a one-shard site looks as before. */
export const bundleDir = (i: number): string => (i === 0 ? 'pagefind' : `pagefind-${i}`);

/** True for the directories of shards a build may have written (to remove those a smaller catalogue no longer has). */
export const isBundleDir = (name: string): boolean => /^pagefind(-[1-9][0-9]*)?$/.test(name);

/** FNV-1a over the URL: a page stays in its shard from build to build as long as the shard count holds. */
export function shardOf(url: string, shardCount: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < url.length; i++) {
    hash ^= url.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shardCount;
}

export const digestOf = (html: string | Uint8Array): string => createHash('sha256').update(html).digest('hex');

/**
 * Splits the pages into shards and compares each with the previous build. A shard is reused only when its pages,
 * their HTML, the shard count and Pagefind's version are all unchanged and its bundle is still in the output
 * (`bundleExists`); anything else re-indexes it.
 */
export function planShards(
  pages: readonly SearchPage[],
  options: { pagesPerShard: number; pagefindVersion: string; previous?: ShardManifest | undefined; bundleExists: (dir: string) => boolean },
): ShardPlan {
  if (!Number.isInteger(options.pagesPerShard) || options.pagesPerShard < 1) {
    throw new Error(`Search shards: pages per shard must be a positive integer, got ${options.pagesPerShard}`);
  }
  const shardCount = Math.max(1, Math.ceil(pages.length / options.pagesPerShard));
  const shardPages: SearchPage[][] = Array.from({ length: shardCount }, () => []);
  for (const page of pages) shardPages[shardOf(page.url, shardCount)]!.push(page);
  for (const shard of shardPages) shard.sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));

  const digests = shardPages.map((shard) => {
    const hash = createHash('sha256');
    for (const page of shard) hash.update(`${page.url}\0${page.digest}\n`);
    return hash.digest('hex');
  });
  const bundles = digests.map((_, i) => bundleDir(i));
  const previous = options.previous;
  const comparable = previous?.version === 1 && previous.pagefind === options.pagefindVersion && previous.shards.length === shardCount;
  const changed = digests.flatMap((digest, i) => (comparable && previous.shards[i] === digest && options.bundleExists(bundles[i]!) ? [] : [i]));
  return { bundles, pages: shardPages, changed, manifest: { version: 1, pagefind: options.pagefindVersion, shards: digests } };
}

/** Reads a manifest written by an earlier build; anything unreadable means "no previous build". */
export function parseManifest(text: string | undefined): ShardManifest | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<ShardManifest>;
    const valid = value.version === 1 && typeof value.pagefind === 'string' && Array.isArray(value.shards) && value.shards.every((s) => typeof s === 'string');
    return valid ? (value as ShardManifest) : undefined;
  } catch {
    return undefined;
  }
}

/** Pages per shard from the environment (tests build small catalogues in several shards), else the default. */
export function pagesPerShardFrom(env: NodeJS.ProcessEnv): number {
  const raw = env.SEARCH_SHARD_PAGES;
  if (raw === undefined || raw === '') return DEFAULT_PAGES_PER_SHARD;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`SEARCH_SHARD_PAGES must be a positive integer (pages per search shard), got "${raw}"`);
  return value;
}
