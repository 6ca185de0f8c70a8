import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { splitFrontmatter } from '../../src/lib/core/frontmatter.ts';
import { FrontmatterCache } from '../../src/lib/core/frontmatter-cache.ts';

const dir = mkdtempSync(join(tmpdir(), 'fc-frontmatter-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entry = (title: string) => `---\nid: FAIL-0001\ntitle: ${title}\ncreated: 2026-02-18\ntags: [a, b]\n---\nBody text.\n`;

describe('frontmatter cache', () => {
  it('returns what js-yaml returns, from a fresh parse and from the saved file', () => {
    const file = join(dir, 'a.bin');
    const plain = splitFrontmatter(entry('One'));
    const first = FrontmatterCache.open(file);
    expect(splitFrontmatter(entry('One'), first)).toEqual(plain);
    first.save();

    let parsed = 0;
    const second = FrontmatterCache.open(file);
    // The key is the YAML text as the site's loader cuts it out too: with the line break before the closing fence.
    const cached = second.parse('\nid: FAIL-0001\ntitle: One\ncreated: 2026-02-18\ntags: [a, b]\n', () => parsed++);
    expect(parsed).toBe(0);
    expect(cached).toEqual(plain.data);
    // Types survive the round trip: js-yaml reads an unquoted date as a Date.
    expect((cached as { created: unknown }).created).toBeInstanceOf(Date);
  });

  it('parses again when the text changed, and hands out independent copies', () => {
    const file = join(dir, 'b.bin');
    const cache = FrontmatterCache.open(file);
    const a = splitFrontmatter(entry('One'), cache).data as { title: string; tags: string[] };
    const b = splitFrontmatter(entry('Two'), cache).data as { title: string };
    expect(b.title).toBe('Two');
    a.tags.push('mutated');
    cache.save();
    const again = splitFrontmatter(entry('One'), FrontmatterCache.open(file)).data as { tags: string[] };
    expect(again.tags).toEqual(['a', 'b']);
  });

  it('keeps only the entries the last run used', () => {
    const file = join(dir, 'c.bin');
    const first = FrontmatterCache.open(file);
    splitFrontmatter(entry('Old'), first);
    first.save();
    const second = FrontmatterCache.open(file);
    splitFrontmatter(entry('New'), second);
    second.save();
    let parsed = 0;
    FrontmatterCache.open(file).parse('\nid: FAIL-0001\ntitle: Old\ncreated: 2026-02-18\ntags: [a, b]', () => ++parsed);
    expect(parsed).toBe(1);
  });

  it('starts empty from a damaged file and does not cache parse errors', () => {
    const file = join(dir, 'd.bin');
    writeFileSync(file, 'not a cache');
    const cache = FrontmatterCache.open(file);
    expect(() => splitFrontmatter('---\ntitle: [unclosed\n---\n', cache)).toThrow(/not valid YAML/);
    expect(splitFrontmatter(entry('One'), cache).data).toMatchObject({ title: 'One' });
  });
});

describe('remembered check results', () => {
  it('are reused for the same scope and input across saves, and computed again when either changes', () => {
    const file = join(dir, 'memo.bin');
    let runs = 0;
    const compute = () => {
      runs++;
      return [{ code: 'FC009', field: 'signatures[0].examples.match[0]' }];
    };
    const first = FrontmatterCache.open(file);
    expect(first.memo('signatures v1', ['FAIL-0001.md', { pattern: 'a+b' }], compute)).toEqual(compute());
    first.save();
    runs = 0;
    const second = FrontmatterCache.open(file);
    expect(second.memo('signatures v1', ['FAIL-0001.md', { pattern: 'a+b' }], compute)).toEqual([{ code: 'FC009', field: 'signatures[0].examples.match[0]' }]);
    expect(runs).toBe(0);
    second.memo('signatures v1', ['FAIL-0001.md', { pattern: 'a+c' }], compute);
    expect(runs).toBe(1);
    // New checking code (another scope) never sees results of the old.
    second.memo('signatures v2', ['FAIL-0001.md', { pattern: 'a+b' }], compute);
    expect(runs).toBe(2);
  });
});
