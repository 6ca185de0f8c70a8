import { describe, expect, it } from 'vitest';
import { bundleDir, isBundleDir, pagesPerShardFrom, parseManifest, planShards, shardOf, type SearchPage } from '../../src/lib/site/search-shards.ts';

const pages = (n: number, digest = 'a'): SearchPage[] => Array.from({ length: n }, (_, i) => ({ url: `/failures/FAIL-${String(i).padStart(5, '0')}/`, digest }));
const plan = (list: SearchPage[], extra: Partial<Parameters<typeof planShards>[1]> = {}) =>
  planShards(list, { pagesPerShard: 100, pagefindVersion: '1.6.0', bundleExists: () => true, ...extra });

describe('search shards', () => {
  it('puts every page in exactly one shard, as many shards as the size asks, spread evenly', () => {
    const list = pages(1000);
    const { bundles, pages: shards, changed } = plan(list);
    expect(bundles).toEqual(['pagefind', ...Array.from({ length: 9 }, (_, i) => `pagefind-${i + 1}`)]);
    expect(shards.flat().map((p) => p.url).sort()).toEqual(list.map((p) => p.url).sort());
    for (const shard of shards) expect(shard.length).toBeGreaterThan(60);
    expect(changed).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('keeps a small catalogue in the one bundle Pagefind always had', () => {
    expect(plan(pages(40)).bundles).toEqual(['pagefind']);
    expect(plan([]).bundles).toEqual(['pagefind']);
  });

  it('assigns a page to the same shard in every build', () => {
    expect(shardOf('/failures/FAIL-0001/', 7)).toBe(shardOf('/failures/FAIL-0001/', 7));
    for (const page of pages(200)) expect(shardOf(page.url, 3)).toBeLessThan(3);
  });

  it('re-indexes nothing when nothing changed, and only the shard of a changed page', () => {
    const first = plan(pages(1000));
    expect(plan(pages(1000), { previous: first.manifest }).changed).toEqual([]);

    const edited = pages(1000);
    edited[123] = { ...edited[123]!, digest: 'b' };
    const shard = shardOf(edited[123]!.url, 10);
    expect(plan(edited, { previous: first.manifest }).changed).toEqual([shard]);
  });

  it('re-indexes a shard whose bundle is gone from the output, and everything when Pagefind or the shard count changes', () => {
    const first = plan(pages(1000));
    expect(plan(pages(1000), { previous: first.manifest, bundleExists: (dir) => dir !== 'pagefind-4' }).changed).toEqual([4]);
    expect(plan(pages(1000), { previous: first.manifest, pagefindVersion: '1.7.0' }).changed).toHaveLength(10);
    expect(plan(pages(1001), { previous: first.manifest }).changed).toHaveLength(11);
  });

  it('treats a page added or removed as a change of its shard', () => {
    const first = plan(pages(950));
    const more = [...pages(950), { url: '/reports/RPT-0001/', digest: 'a' }];
    expect(plan(more, { previous: first.manifest }).changed).toEqual([shardOf('/reports/RPT-0001/', 10)]);
  });

  it('reads back its manifest and ignores anything else', () => {
    const { manifest } = plan(pages(10));
    expect(parseManifest(JSON.stringify(manifest))).toEqual(manifest);
    expect(parseManifest('{"version":2}')).toBeUndefined();
    expect(parseManifest('not json')).toBeUndefined();
    expect(parseManifest(undefined)).toBeUndefined();
  });

  it('names shard bundles so a build can find and remove stale ones', () => {
    expect([0, 1, 12].map(bundleDir)).toEqual(['pagefind', 'pagefind-1', 'pagefind-12']);
    expect(['pagefind', 'pagefind-3', 'pagefind-shards.json', 'pagefind-0', 'pagefinder'].filter(isBundleDir)).toEqual(['pagefind', 'pagefind-3']);
  });

  it('takes the shard size from SEARCH_SHARD_PAGES, and says what is wrong with a bad one', () => {
    expect(pagesPerShardFrom({})).toBe(4000);
    expect(pagesPerShardFrom({ SEARCH_SHARD_PAGES: '1000' })).toBe(1000);
    expect(() => pagesPerShardFrom({ SEARCH_SHARD_PAGES: 'lots' })).toThrow(/SEARCH_SHARD_PAGES must be a positive integer.*"lots"/);
    expect(() => plan(pages(3), { pagesPerShard: 0 })).toThrow(/positive integer/);
  });
});
