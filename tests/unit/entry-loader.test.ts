import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';
// Astro's own frontmatter reader (what its Markdown and MDX entry types call): the reference these tests compare with.
import { parseFrontmatter } from '@astrojs/internal-helpers/frontmatter';
import { afterAll, describe, expect, it } from 'vitest';
import { contentRoot } from '../../src/lib/core/content-root.ts';
import { entryInfo, withFrontmatterCache } from '../../src/lib/core/entry-loader.ts';
import { FrontmatterCache } from '../../src/lib/core/frontmatter-cache.ts';
import { readContent } from '../../src/lib/core/content-files.ts';
import { splitFrontmatter } from '../../src/lib/core/frontmatter.ts';

const dir = mkdtempSync(join(tmpdir(), 'fc-entry-loader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What Astro's Markdown/MDX entry type returns for a file (vite-plugin-markdown/content-entry-type.js). */
function astroEntryInfo(contents: string) {
  const parsed = parseFrontmatter(contents, { frontmatter: 'empty-with-spaces' });
  return { data: parsed.frontmatter, body: parsed.content.trim(), slug: (parsed.frontmatter as { slug?: string }).slug, rawData: parsed.rawFrontmatter };
}

describe('entry loader frontmatter', () => {
  it('reads every entry of the catalogue exactly as Astro reads it, fresh and from the saved cache', () => {
    const file = join(dir, 'catalogue.bin');
    const fresh = FrontmatterCache.open(file);
    const root = contentRoot();
    let compared = 0;
    for (const collection of ['failures', 'remediations', 'reports']) {
      for (const name of readdirSync(join(root, collection)).filter((n) => /\.mdx?$/.test(n))) {
        const contents = readFileSync(join(root, collection, name), 'utf8');
        expect(entryInfo(contents, fresh), `${collection}/${name}`).toEqual(astroEntryInfo(contents));
        compared++;
      }
    }
    fresh.save();
    expect(compared).toBeGreaterThan(1000);

    const reopened = FrontmatterCache.open(file);
    const sample = readFileSync(join(root, 'failures', 'FAIL-0001.md'), 'utf8');
    let parsed = 0;
    reopened.parse(astroEntryInfo(sample).rawData, () => parsed++);
    expect(parsed).toBe(0);
    expect(entryInfo(sample, reopened)).toEqual(astroEntryInfo(sample));
  });

  it('agrees with Astro on a byte-order mark, Windows line ends, an empty block and a body with a rule', () => {
    const cache = FrontmatterCache.open(join(dir, 'edge.bin'));
    for (const contents of [
      '\uFEFF---\ntitle: One\ncreated: 2026-12-05\n---\nBody.\n',
      '---\r\ntitle: Two\r\ntags: [a, b]\r\n---\r\n\r\nBody\r\n',
      '---\n---\nOnly a body.\n',
      '---\ntitle: Three\n---\nIntro\n\n---\n\nAfter a rule.\n',
      '\n\n---\nslug: custom\n---\n',
    ]) {
      expect(entryInfo(contents, cache), JSON.stringify(contents)).toEqual(astroEntryInfo(contents));
    }
  });

  it('leaves TOML blocks, files without frontmatter and YAML js-yaml rejects to Astro', () => {
    const cache = FrontmatterCache.open(join(dir, 'fallback.bin'));
    expect(entryInfo('+++\ntitle = "x"\n+++\nBody', cache)).toBeUndefined();
    expect(entryInfo('No frontmatter at all.\n', cache)).toBeUndefined();
    expect(entryInfo('---\ntitle: [unclosed\n---\nBody', cache)).toBeUndefined();
  });
});

describe('frontmatter parsed once per build', () => {
  it("gives the site's loader the content check's parses, exactly as it would parse them itself, until sharing stops", () => {
    const root = contentRoot();
    const checkCache = FrontmatterCache.open(join(dir, 'check.bin'));
    readContent(root, checkCache);
    const names = readdirSync(join(root, 'failures')).filter((n) => /\.mdx?$/.test(n));
    const contents = names.map((name) => readFileSync(join(root, 'failures', name), 'utf8'));
    try {
      checkCache.shareInProcess();
      const loaderCache = FrontmatterCache.open(join(dir, 'loader-shared.bin'));
      let parsed = 0;
      for (const text of contents) {
        loaderCache.parse(astroEntryInfo(text).rawData, () => parsed++);
        expect(entryInfo(text, loaderCache)).toEqual(astroEntryInfo(text));
      }
      expect(parsed).toBe(0);
    } finally {
      FrontmatterCache.stopSharing();
    }
    const afterwards = FrontmatterCache.open(join(dir, 'loader-after.bin'));
    let parsed = 0;
    afterwards.parse(astroEntryInfo(contents[0]!).rawData, () => parsed++);
    expect(parsed).toBe(1);
  });

  it('has the check read the same values the site reads, a block scalar that ends the frontmatter included', () => {
    for (const text of ['---\ntitle: One\nsummary: |\n  Two lines\n  of text\n---\nBody\n', '---\nnote: >-\n  folded\n---\n', '---\n---\nOnly a body.\n']) {
      expect(splitFrontmatter(text).data, JSON.stringify(text)).toEqual(astroEntryInfo(text).data);
    }
  });
});

describe('withFrontmatterCache', () => {
  it("gives the wrapped loader entry types that read through the cache, falls back to Astro's, and saves the cache", async () => {
    const astroCalls: string[] = [];
    const markdown = {
      extensions: ['.md'],
      getEntryInfo: async ({ contents }: { contents: string; fileUrl: URL }) => {
        astroCalls.push(contents);
        return { data: { from: 'astro' }, body: '', slug: undefined, rawData: '' };
      },
    };
    const seen: unknown[] = [];
    const inner: Loader = {
      name: 'inner',
      load: async (context) => {
        const type = (context as LoaderContext & { entryTypes: Map<string, typeof markdown> }).entryTypes.get('.md')!;
        const fileUrl = pathToFileURL(join(dir, 'x.md'));
        seen.push(await type.getEntryInfo({ contents: '---\ntitle: Cached\n---\nBody', fileUrl }));
        seen.push(await type.getEntryInfo({ contents: '+++\ntitle = "t"\n+++\n', fileUrl }));
      },
    };
    const cacheDir = pathToFileURL(`${join(dir, 'astro-cache')}/`);
    const context = { collection: 'failures', config: { cacheDir }, entryTypes: new Map([['.md', markdown]]) } as unknown as LoaderContext;
    await withFrontmatterCache(inner).load(context);

    expect(seen[0]).toEqual({ data: { title: 'Cached' }, body: 'Body', slug: undefined, rawData: '\ntitle: Cached\n' });
    expect(seen[1]).toEqual({ data: { from: 'astro' }, body: '', slug: undefined, rawData: '' });
    expect(astroCalls).toEqual(['+++\ntitle = "t"\n+++\n']);
    expect(existsSync(join(dir, 'astro-cache', 'failure-catalogue-loader-failures.bin'))).toBe(true);
  });

  it('passes the context through untouched when Astro gives no entry types', async () => {
    let received: unknown;
    const inner: Loader = { name: 'inner', load: async (context) => void (received = context) };
    const context = { collection: 'reports', config: { cacheDir: pathToFileURL(`${dir}/`) } } as unknown as LoaderContext;
    await withFrontmatterCache(inner).load(context);
    expect(received).toBe(context);
  });
});
