/**
 * npm run feed:schema: writes the feed's JSON Schemas to src/schemas/json/v1/, the committed copy that the tests
 * compare against to catch breaking changes. Run it after adding fields, and commit the result.
 */
import { writeFileSync } from 'node:fs';
import { FEED_SCHEMAS, feedJsonSchema, type FeedSchemaName } from '../src/lib/feed/feed-schema.ts';

export const PUBLISHED_DIR = 'src/schemas/json/v1';
const SITE = 'https://failure-catalogue.invalid/';

for (const name of Object.keys(FEED_SCHEMAS) as FeedSchemaName[]) {
  const { $id: _id, ...schema } = feedJsonSchema(name, SITE);
  writeFileSync(`${PUBLISHED_DIR}/${name}.schema.json`, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${PUBLISHED_DIR}/${name}.schema.json`);
}
