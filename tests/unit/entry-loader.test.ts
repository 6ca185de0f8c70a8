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
