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
