/**
 * Coverage floors for the knowledge base, so it cannot silently shrink or lose what makes an entry useful.
 */
import { describe, expect, test } from 'vitest';
import { checkContentRoot } from '../../src/lib/integrity.ts';

const { content } = checkContentRoot('content');
const published = content.failures.filter((f) => f.data.status === 'published');
const remediations = content.remediations.filter((r) => r.data.status === 'published');

describe('the knowledge base', () => {
  test('has at least 60 published failures and 60 published remediations', () => {
    expect(published.length).toBeGreaterThanOrEqual(60);
    expect(remediations.length).toBeGreaterThanOrEqual(60);
  });

  test('spans at least 15 services and 10 failure categories', () => {
    expect(new Set(published.flatMap((f) => f.data.services)).size).toBeGreaterThanOrEqual(15);
    expect(new Set(published.map((f) => f.data.category)).size).toBeGreaterThanOrEqual(10);
  });

  test('every published failure has a signature, a remediation, symptoms, references and a diagnosis and root cause', () => {
    const fixed = new Set(remediations.flatMap((r) => r.data.fixes));
    const gaps = published.flatMap((f) => {
      const missing: string[] = [];
      if (f.data.signatures.length === 0) missing.push('signature');
      if (!fixed.has(f.data.id)) missing.push('published remediation');
      if (!f.data.references.some((r) => r.type === 'source')) missing.push('source reference');
      if (!/^## Diagnosis\s*$/m.test(f.body)) missing.push('## Diagnosis');
      if (!/^## Root cause\s*$/m.test(f.body)) missing.push('## Root cause');
      return missing.map((m) => `${f.data.id}: no ${m}`);
    });
    expect(gaps).toEqual([]);
  });

  test('every published remediation has steps, a verification and a rollback', () => {
    const gaps = remediations.flatMap((r) =>
      ['## Steps', '## Verification', '## Rollback'].filter((h) => !new RegExp(`^${h}\\s*$`, 'm').test(r.body)).map((h) => `${r.data.id}: no ${h}`),
    );
    expect(gaps).toEqual([]);
  });

  test('related failures exist both in the content and in the links between them', () => {
    expect(published.filter((f) => f.data.related.length > 0).length).toBeGreaterThanOrEqual(10);
  });
});
