import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { issueFormUrl } from '../../src/lib/intake/forms.ts';

const fieldIds = (template: string) =>
  new Set((parse(readFileSync(`.github/ISSUE_TEMPLATE/${template}.yml`, 'utf8')) as { body: { id?: string }[] }).body.map((b) => b.id).filter(Boolean));

describe('links that prefill issue forms', () => {
  test.each([
    ['hit-this-too', { failure_id: 'FAIL-0001', remediation_id: 'REM-0001' }],
    ['propose-remediation', { failure_ids: 'FAIL-0001' }],
    ['report-failure', {}],
  ] as const)('%s: every prefilled field exists in the form', (template, fields) => {
    const link = new URL(issueFormUrl(template, fields));
    expect(link.searchParams.get('template')).toBe(`${template}.yml`);
    const ids = fieldIds(template);
    for (const key of Object.keys(fields)) expect(ids, `${template}.yml has no field ${key}`).toContain(key);
  });
});
