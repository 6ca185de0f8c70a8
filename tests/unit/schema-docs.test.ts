import { describe, expect, test } from 'vitest';
import { fieldDocs } from '../../src/lib/site/schema-docs.ts';
import { failure, remediation } from '../../src/schemas/index.ts';

describe('the generated field reference', () => {
  test('lists every failure field with its documentation, including signature fields', () => {
    const docs = fieldDocs(failure);
    const names = docs.map((d) => d.name);
    for (const name of ['id', 'title', 'severity', 'signatures', 'signatures[].pattern', 'signatures[].examples.match', 'withdrawn.reason']) expect(names).toContain(name);
    expect(docs.find((d) => d.name === 'severity')).toMatchObject({ type: 'critical | high | medium | low', required: true });
    expect(docs.find((d) => d.name === 'related')).toMatchObject({ required: false });
    expect(docs.every((d) => d.description.length > 0 || d.name.includes('.'))).toBe(true);
  });
  test('marks remediation safety fields as required', () => {
    const docs = fieldDocs(remediation);
    for (const name of ['risk', 'disruption', 'reversible', 'idempotent', 'verification.status']) expect(docs.find((d) => d.name === name)?.required, name).toBe(true);
  });
});
