/**
 * Astro's content store is dropped when the schemas that parsed it are not the schemas of this build, so a schema
 * change can never leave entries in their old shape in the site or the feed.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { forgetEntriesParsedByOldSchemas } from '../../src/integrations/content-check.ts';

test('a store filled under other (or unknown) schemas is dropped once; one filled under these schemas is kept', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'astro-cache-'));
  const store = join(cacheDir, 'data-store.json');
  const messages: string[] = [];
  const logger = { info: (m: string) => messages.push(m) };

  writeFileSync(store, '{}');
  forgetEntriesParsedByOldSchemas(cacheDir, logger);
  expect(existsSync(store)).toBe(false);
  expect(messages).toHaveLength(1);

  writeFileSync(store, '{}');
  forgetEntriesParsedByOldSchemas(cacheDir, logger);
  expect(existsSync(store)).toBe(true);

  writeFileSync(join(cacheDir, 'failure-catalogue-schemas.sha256'), 'digest of an older schema');
  forgetEntriesParsedByOldSchemas(cacheDir, logger);
  expect(existsSync(store)).toBe(false);
});

test('the first build records its schemas even before the cache directory exists, so the first rebuild keeps the store', () => {
  const cacheDir = join(mkdtempSync(join(tmpdir(), 'astro-cache-')), 'not-yet-made');
  const messages: string[] = [];
  const logger = { info: (m: string) => messages.push(m) };
  forgetEntriesParsedByOldSchemas(cacheDir, logger);
  // Astro then fills the store during the first build.
  writeFileSync(join(cacheDir, 'data-store.json'), '{}');
  forgetEntriesParsedByOldSchemas(cacheDir, logger);
  expect(existsSync(join(cacheDir, 'data-store.json'))).toBe(true);
  expect(messages).toEqual([]);
});
