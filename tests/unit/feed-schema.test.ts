import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { FEED_SCHEMAS, feedJsonSchema, type FeedSchemaName } from '../../src/lib/feed/feed-schema.ts';
import { findBreakingChanges } from '../../src/lib/feed/schema-compat.ts';

const names = Object.keys(FEED_SCHEMAS) as FeedSchemaName[];

describe('the v1 feed schemas', () => {
  test.each(names)('%s has no breaking change against the committed copy', (name) => {
    const published = JSON.parse(readFileSync(`src/schemas/json/v1/${name}.schema.json`, 'utf8')) as Record<string, unknown>;
    const { $id: _id, ...generated } = feedJsonSchema(name, 'https://failure-catalogue.invalid/');
    const breaking = findBreakingChanges(published, generated);
    expect(breaking, `Breaking change to the v1 feed (${name}): v1 only grows. Keep v1 as it is and publish the change under /api/v2/.`).toEqual([]);
    expect(generated, `The ${name} schema grew: run npm run feed:schema and commit src/schemas/json/v1/.`).toEqual(published);
  });
});

describe('findBreakingChanges', () => {
  const base = {
    type: 'object',
    properties: { id: { type: 'string', pattern: '^F$' }, severity: { type: 'string', enum: ['high', 'low'] }, tags: { type: 'array', items: { type: 'string' }, maxItems: 5 } },
    required: ['id', 'severity'],
  };
  const change = (patch: (s: typeof base) => void) => {
    const next = structuredClone(base);
    patch(next);
    return findBreakingChanges(base, next);
  };

  test('adding an optional field or an enum value is not breaking', () => {
    expect(change((s) => Object.assign(s.properties, { extra: { type: 'string' } }))).toEqual([]);
    expect(change((s) => s.properties.severity.enum.push('medium'))).toEqual([]);
    expect(change((s) => (s.properties.tags.maxItems = 10))).toEqual([]);
  });
  test.each<[string, (s: typeof base) => void, string]>([
    ['removing a field', (s) => delete (s.properties as Record<string, unknown>).severity, '.severity: removed'],
    ['changing a type', (s) => ((s.properties.id as Record<string, unknown>).type = 'number'), '.id: type changed from string to number'],
    ['removing an enum value', (s) => s.properties.severity.enum.pop(), '.severity: allowed values removed: low'],
    ['making a field optional', (s) => s.required.pop(), '(root).severity: no longer always present'],
    ['changing a pattern', (s) => (s.properties.id.pattern = '^FAIL$'), '.id: pattern changed to ^FAIL$'],
    ['lowering a limit', (s) => (s.properties.tags.maxItems = 2), '.tags: maxItems lowered to 2'],
    ['narrowing array items', (s) => ((s.properties.tags.items as Record<string, unknown>).enum = ['a']), '.tags[]: narrowed to the values a'],
  ])('%s is breaking', (_name, patch, message) => {
    expect(change(patch)).toContain(message);
  });
});
