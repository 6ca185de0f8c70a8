/**
 * Drafting against the real catalogue (similar failures found by its signatures, drafts that pass `npm run check`),
 * ID allocation, and the safety of writing: no file outside the content root, no overwrite, no YAML retyping.
 */
import { parseFrontmatter } from '@astrojs/internal-helpers/frontmatter';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { UsageError } from '../../scripts/lib/intake/event.ts';
import { writeDrafts } from '../../scripts/lib/intake/write-drafts.ts';
import { serializeEntry } from '../../src/lib/core/entry-writer.ts';
import { splitFrontmatter } from '../../src/lib/core/frontmatter.ts';
import { checkContentRoot } from '../../src/lib/core/integrity.ts';
import type { Draft, IssueSnapshot } from '../../src/lib/intake/drafts.ts';
import { IdAllocator } from '../../src/lib/intake/ids.ts';
import { loadIssueForms } from '../../src/lib/intake/issue-forms.ts';
import { createIntakeContext, processIssue } from '../../src/lib/intake/process.ts';
import { makeReport } from '../fixtures/entries.ts';
import { FORMS_DIR, REPO_ROOT, readCase } from '../fixtures/issues/harness.ts';

function realCatalogueCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'fc-real-'));
  cpSync(join(REPO_ROOT, 'content'), root, { recursive: true });
  return root;
}

function fixtureIssue(name: string): IssueSnapshot {
  const { issue } = JSON.parse(readCase(name, 'event.json')) as { issue: { number: number; title: string; body: string; html_url: string; user: { login: string }; labels: { name: string }[]; created_at: string; updated_at: string } };
  return { number: issue.number, title: issue.title, body: issue.body, htmlUrl: issue.html_url, author: issue.user.login, labels: issue.labels.map((l) => l.name), createdAt: issue.created_at, updatedAt: issue.updated_at, state: 'open', isPullRequest: false };
}

describe('drafting against the real catalogue', () => {
  const forms = loadIssueForms(FORMS_DIR);

  test.each([
    ['report-failure-known', 'FAIL-0001', 'amqp-unreachable'],
    ['report-failure-new', undefined, undefined],
  ])('%s: similar failures are found by signature and words, and the drafts pass the content check', (name, expectedId, expectedSignature) => {
    const root = realCatalogueCopy();
    const { content } = checkContentRoot(root);
    const taken = [...content.failures, ...content.remediations, ...content.reports].map((e) => e.data.id);
    const result = processIssue(fixtureIssue(name), 'opened', createIntakeContext(forms, content, new IdAllocator(taken)));
    expect(result.status).toBe('drafted');
    if (expectedId) {
      expect(result.similar[0]).toMatchObject({ id: expectedId, signature: { id: expectedSignature } });
      expect(result.similar[0]!.reasons.join('; ')).toMatch(/shares the words/);
      expect(result.duplicate).toBe(true);
    }
    // Only published failures are offered as similar.
    for (const match of result.similar) expect(content.failures.find((f) => f.data.id === match.id)?.data.status).toBe('published');
    const highest = Math.max(...content.failures.map((f) => Number(f.data.id.slice(5))));
    for (const draft of result.drafts.filter((d) => d.collection === 'failures')) expect(draft.id).toBe(`FAIL-${String(highest + 1).padStart(4, '0')}`);
    writeDrafts(root, result.drafts);
    expect(checkContentRoot(root).problems).toEqual([]);
  });
});

describe('the release a report names', () => {
  const forms = loadIssueForms(FORMS_DIR);
  const draftFor = (release: string) => {
    const root = realCatalogueCopy();
    const { content } = checkContentRoot(root);
    const issue = fixtureIssue('report-failure-new');
    const body = issue.body.replace('### OpenStack release\n\n2025.1', `### OpenStack release\n\n${release}`);
    expect(body).not.toBe(issue.body);
    const taken = [...content.failures, ...content.remediations, ...content.reports].map((e) => e.data.id);
    const result = processIssue({ ...issue, body }, 'opened', createIntakeContext(forms, content, new IdAllocator(taken)));
    const failure = result.drafts.find((d) => d.collection === 'failures')!;
    const report = result.drafts.find((d) => d.collection === 'reports')!;
    return { content, failure: failure.data, report: report.data };
  };

  test('a series before 2023.1 is kept by its number (Train is 2019.2)', () => {
    const { failure, report } = draftFor('2019.2');
    expect(failure.releases).toEqual(['2019.2']);
    expect(report.release).toBe('2019.2');
  });

  test('"unknown" drafts the releases upstream still keeps, not every release back to Essex', () => {
    const { content, failure, report } = draftFor('unknown');
    const oldestKept = content.releases.find((r) => r.status !== 'end-of-life')!.id;
    expect(content.releases[0]!.id).toBe('2012.1');
    expect(failure.releases).toEqual([{ introduced: oldestKept }]);
    expect(report.release).toBeUndefined();
  });
});

describe('rejections name the field and the fix', () => {
  const forms = loadIssueForms(FORMS_DIR);
  const context = () => createIntakeContext(forms, checkContentRoot(realCatalogueCopy()).content, new IdAllocator([]));

  test('a title that is only the form prefix, and a one-word account of what happened', () => {
    const issue = fixtureIssue('report-failure-new');
    const body = issue.body.replace(/### What happened\n\n[\s\S]*?\n\n### What you saw/, '### What happened\n\nBroken.\n\n### What you saw');
    const result = processIssue({ ...issue, title: '[Failure]: ', body }, 'edited', context());
    expect(result.status).toBe('rejected');
    expect(result.drafts).toEqual([]);
    expect(result.problems.map((p) => `${p.field}: ${p.message}`)).toEqual(['Title: is empty after the form\'s prefix', 'What happened: is too short (at least 20 characters)']);
  });

  test('an action that cannot change a submission, a pull request and a closed issue are skipped', () => {
    const issue = fixtureIssue('hit-this-too');
    expect(processIssue(issue, 'assigned', context()).status).toBe('skipped');
    expect(processIssue({ ...issue, isPullRequest: true }, 'opened', context()).status).toBe('skipped');
    expect(processIssue({ ...issue, state: 'closed' }, 'edited', context()).status).toBe('skipped');
  });
});

describe('IDs', () => {
  test('one more than the highest taken or reserved, never reusing a gap; the submission\'s own IDs first', () => {
    const ids = new IdAllocator(['FAIL-0001', 'FAIL-0019', 'RPT-0002', 'REM-0007'], ['RPT-0005']);
    expect(ids.next('reports')).toBe('RPT-0005');
    expect(ids.next('reports')).toBe('RPT-0006');
    expect(ids.next('failures')).toBe('FAIL-0020');
    expect(ids.next('remediations')).toBe('REM-0008');
    expect(new IdAllocator([]).next('failures')).toBe('FAIL-0001');
  });
});

describe('writing drafts', () => {
  const report = (id: string, path = `reports/${id}.md`): Draft => ({ collection: 'reports', id, data: makeReport({ id, status: 'draft', failure: undefined }), body: 'Body.', path });

  test('never writes outside the content root: a path that is not an entry path is refused', () => {
    const root = realCatalogueCopy();
    for (const path of ['../escape.md', 'reports/../../escape.md', '/tmp/escape.md', 'reports/RPT-0001.mdx', 'reports/x.md']) {
      expect(() => writeDrafts(root, [report('RPT-0001', path)])).toThrow(/not an entry path/);
    }
    expect(existsSync(join(root, '..', 'escape.md'))).toBe(false);
  });

  test('a collection directory that is a symbolic link out of the root is refused', () => {
    const root = mkdtempSync(join(tmpdir(), 'fc-link-'));
    cpSync(join(REPO_ROOT, 'content', 'taxonomy'), join(root, 'taxonomy'), { recursive: true });
    const outside = mkdtempSync(join(tmpdir(), 'fc-outside-'));
    symlinkSync(outside, join(root, 'reports'));
    expect(() => writeDrafts(root, [report('RPT-0001')])).toThrow(UsageError);
    expect(existsSync(join(outside, 'RPT-0001.md'))).toBe(false);
  });

  test('an existing entry is never overwritten', () => {
    const root = realCatalogueCopy();
    mkdirSync(join(root, 'reports'), { recursive: true });
    writeDrafts(root, [report('RPT-9990')]);
    const before = readFileSync(join(root, 'reports', 'RPT-9990.md'), 'utf8');
    expect(() => writeDrafts(root, [{ ...report('RPT-9990'), body: 'Other.' }])).toThrow(/already exists/);
    expect(readFileSync(join(root, 'reports', 'RPT-9990.md'), 'utf8')).toBe(before);
  });

  test('drafts that fail the content check are removed again', () => {
    const root = realCatalogueCopy();
    const broken: Draft = { ...report('RPT-9990'), data: { ...makeReport({ id: 'RPT-9990', status: 'draft', failure: 'FAIL-9999' }) } };
    expect(() => writeDrafts(root, [broken])).toThrow(/do not pass the content check[\s\S]*FAIL-9999/);
    expect(existsSync(join(root, 'reports', 'RPT-9990.md'))).toBe(false);
  });
});

describe('frontmatter that every reader reads the same', () => {
  test('strings that look like dates or binary numbers stay strings for Astro (js-yaml) and the check (yaml)', () => {
    const data = { title: '2026-01-31', other: '2026-01-31 10:00:00', bits: '0b101', list: ['2026-11-25'], plain: 'text', number: 3 };
    const source = serializeEntry(data, '');
    expect(parseFrontmatter(source).frontmatter).toEqual(data);
    expect(splitFrontmatter(source).data).toEqual(data);
  });
});
