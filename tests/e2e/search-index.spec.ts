import { expect, test } from '@playwright/test';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pagefind from 'pagefind';
import { searchTextOf, separateBlockText } from '../../src/lib/site/search-text.ts';

/** Every file of a directory tree, by relative path, with its bytes. */
function treeOf(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(join(entry.parentPath, entry.name).slice(dir.length), readFileSync(join(entry.parentPath, entry.name)));
  }
  return files;
}

async function indexOf(pages: { url: string; html: string }[], prepare: (html: string) => string, outputPath: string): Promise<void> {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(errors.join('; '));
  for (const page of pages) {
    const added = await index.addHTMLFile({ url: page.url, content: prepare(page.html) });
    expect(added.errors).toEqual([]);
  }
  await index.writeFiles({ outputPath });
  await index.deleteIndex();
}

// The build hands Pagefind each page without the elements it is told to ignore (src/lib/site/search-text.ts), to
// save it parsing them. That must change nothing Pagefind writes: built pages, indexed both ways, give the same bytes.
test('the search index of built pages is the same whether or not ignored elements are removed first', async () => {
  test.setTimeout(120_000);
  const pages: { url: string; html: string }[] = [];
  for (const [section, step] of [['failures', 8], ['remediations', 16]] as const) {
    const names = readdirSync(join('dist', section)).filter((name) => name.includes('-')).sort();
    for (let i = 0; i < names.length; i += step) pages.push({ url: `/${section}/${names[i]}/`, html: readFileSync(join('dist', section, names[i]!, 'index.html'), 'utf8') });
  }
  expect(pages.length).toBeGreaterThan(150);
  const removed = pages.reduce((sum, page) => sum + page.html.length - searchTextOf(page.html).length, 0);
  // The removal does something: failure pages carry collapsed details, commands and navigation aids.
  expect(removed).toBeGreaterThan(pages.length * 1000);

  const work = mkdtempSync(join(tmpdir(), 'fc-search-index-'));
  try {
    await indexOf(pages, separateBlockText, join(work, 'whole'));
    await indexOf(pages, searchTextOf, join(work, 'without-ignored'));
    const whole = treeOf(join(work, 'whole'));
    const withoutIgnored = treeOf(join(work, 'without-ignored'));
    expect([...withoutIgnored.keys()].sort()).toEqual([...whole.keys()].sort());
    for (const [path, bytes] of whole) expect(withoutIgnored.get(path)!.equals(bytes), path).toBe(true);
  } finally {
    await pagefind.close();
    rmSync(work, { recursive: true, force: true });
  }
});
