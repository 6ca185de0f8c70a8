import { expect, test } from 'vitest';
import { leanEntry, withLeanStore } from '../../src/lib/core/lean-store.ts';
import type { Loader, LoaderContext } from 'astro/loaders';

const rendered = { html: '<h2 id="diagnosis">Diagnosis</h2>', metadata: { headings: [{ depth: 2, slug: 'diagnosis', text: 'Diagnosis' }], frontmatter: { id: 'FAIL-0001', title: 'x' }, imagePaths: [] } };

test('a published entry is stored without its raw body and without the rendered copy of its frontmatter', () => {
  const stored = leanEntry({ id: 'FAIL-0001', data: { id: 'FAIL-0001', status: 'published' }, body: '## Diagnosis', filePath: 'content/failures/FAIL-0001.md', digest: 'abc', rendered });
  expect(stored).toEqual({
    id: 'FAIL-0001',
    data: { id: 'FAIL-0001', status: 'published' },
    filePath: 'content/failures/FAIL-0001.md',
    digest: 'abc',
    rendered: { html: rendered.html, metadata: { headings: rendered.metadata.headings, frontmatter: {}, imagePaths: [] } },
  });
});

test('a draft keeps its raw body for the triage page', () => {
  const stored = leanEntry({ id: 'RPT-0009', data: { id: 'RPT-0009', status: 'draft' }, body: 'What I saw.', rendered });
  expect(stored.body).toBe('What I saw.');
  expect(stored.rendered?.metadata?.frontmatter).toEqual({});
});

test('an entry without a rendering (MDX renders later) is stored as given, less its body', () => {
  expect(leanEntry({ id: 'REM-0001', data: { status: 'published' }, body: '<Steps />', deferredRender: true })).toEqual({ id: 'REM-0001', data: { status: 'published' }, deferredRender: true });
});

test('the wrapped loader stores lean entries through the same store', async () => {
  const stored: unknown[] = [];
  const loader: Loader = { name: 'fake', load: async ({ store }) => void store.set({ id: 'FAIL-0001', data: { status: 'published' }, body: 'raw', rendered }) };
  const store = { set: (entry: unknown) => (stored.push(entry), true), get: () => undefined } as unknown as LoaderContext['store'];
  await withLeanStore(loader).load({ store } as LoaderContext);
  expect(stored).toEqual([{ id: 'FAIL-0001', data: { status: 'published' }, rendered: { ...rendered, metadata: { ...rendered.metadata, frontmatter: {} } } }]);
});
