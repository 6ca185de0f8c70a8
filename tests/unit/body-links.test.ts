import { describe, expect, test } from 'vitest';
import { checkBodyLinks, rootRelativeLinks, type BodyToCheck, type LinkTargets } from '../../src/lib/core/body-links.ts';
import { serializeEntry } from '../../src/lib/core/entry-writer.ts';
import { FEED_SCHEMAS } from '../../src/lib/feed/feed-schema.ts';
import { checkContentRoot } from '../../src/lib/core/integrity.ts';
import { formatProblem } from '../../src/lib/core/problems.ts';
import { makeFailure, makeRemediation, makeReport, writeContentRoot } from '../fixtures/entries.ts';

const targets: LinkTargets = {
  entries: new Map([
    ['FAIL-0001', 'published'],
    ['FAIL-0002', 'withdrawn'],
    ['FAIL-0003', 'draft'],
    ['REM-0001', 'published'],
    ['RPT-0001', 'triaged'],
  ]),
  categories: new Set(['messaging']),
  services: new Set(['nova']),
  releases: new Set(['2024.1']),
  deploymentTools: new Set(['kolla-ansible']),
};

function check(body: string, options: Partial<BodyToCheck> = {}) {
  return checkBodyLinks([{ file: 'content/failures/FAIL-0009.md', body, bodyLine: 20, mdx: false, status: 'published', ...options }], targets);
}

describe('body links that the site builds pass', () => {
  test.each([
    '/failures/FAIL-0001/',
    '/failures/FAIL-0002/',
    '/remediations/REM-0001/',
    '/reports/RPT-0001/',
    '/',
    '/failures/',
    '/remediations/',
    '/reports/',
    '/match/',
    '/search/',
    '/api/',
    '/content-model/',
    '/services/',
    '/services/nova/',
    '/categories/messaging/',
    '/releases/2024.1/',
    '/deployment-tools/kolla-ansible/',
    '/severity/',
    '/severity/critical/',
    '/failures/FAIL-0001/#diagnosis',
    '/failures/FAIL-0001/#RPT-0001',
    '/search/?q=rabbitmq',
    '/search/?q=amqp#results',
    '/api/v1/index.json',
    '/api/v1/failures.json',
    '/api/v1/failures/FAIL-0001.json',
    '/api/v1/remediations/REM-0001.json',
    '/api/v1/atom.xml',
    '/api/v1/atom/services/nova.xml',
    '/api/v1/schema/failure.schema.json',
    '/api/v1/exports/index.json',
    '/api/v1/policy.example.yaml',
    '/favicon.svg',
  ])('%s', (url) => {
    expect(check(`See [this](${url}).`)).toEqual([]);
  });

  test('a draft may link a draft: both are in preview builds only', () => {
    expect(check('See [FAIL-0003](/failures/FAIL-0003/).', { status: 'draft' })).toEqual([]);
  });

  test('external and relative links are not checked', () => {
    expect(check('[a](https://bugs.launchpad.net/nova/+bug/1) [b](//example.org/x) [c](../FAIL-0404/) [d](#diagnosis) <https://example.org> www.example.org')).toEqual([]);
  });

  test('a body without a root-relative link is not parsed', () => {
    expect(check('Nothing to link here, [not even this](https://example.org/).')).toEqual([]);
  });
});

describe('broken body links fail FC015', () => {
  test('an unknown entry ID names the file, the line, the target, what is wrong and the fix', () => {
    const problems = check('## Diagnosis\n\nSee [FAIL-9999](/failures/FAIL-9999/).');
    expect(problems).toEqual([
      {
        code: 'FC015',
        file: 'content/failures/FAIL-0009.md',
        field: 'line 22',
        message: 'body link "/failures/FAIL-9999/" points to no entry: no failure FAIL-9999 exists',
        fix: 'link an existing failure ID, or write the ID as plain text',
      },
    ]);
    expect(formatProblem(problems[0]!)).toBe(
      'content/failures/FAIL-0009.md: line 22: body link "/failures/FAIL-9999/" points to no entry: no failure FAIL-9999 exists. Fix: link an existing failure ID, or write the ID as plain text [FC015 broken-body-link]',
    );
  });

  test('a missing trailing slash', () => {
    expect(check('See [FAIL-0001](/failures/FAIL-0001).')).toEqual([
      expect.objectContaining({ code: 'FC015', message: 'body link "/failures/FAIL-0001" lacks the trailing slash every page URL has', fix: 'write "/failures/FAIL-0001/"' }),
    ]);
    expect(check('[x](/failures/FAIL-0001#diagnosis)')[0]?.fix).toBe('write "/failures/FAIL-0001/#diagnosis"');
    expect(check('[x](/services/nova)')[0]?.fix).toBe('write "/services/nova/"');
  });

  test.each<[string, string]>([
    ['/failures/REM-0001/', 'REM-0001 is a remediation, not a failure'],
    ['/failures/fail-0001/', 'IDs are upper case'],
    ['/remediations/REM-0404/', 'no remediation REM-0404 exists'],
    ['/reports/RPT-0404/', 'no report RPT-0404 exists'],
    ['/failures/FAIL-0003/', 'FAIL-0003, which is a draft'],
    ['/failure/FAIL-0001/', 'points to no page the site builds'],
    ['/services/skynet/', 'no service: "skynet" is not in the taxonomy'],
    ['/severity/urgent/', 'no severity'],
    ['/triage/', 'only preview builds have'],
    ['/failures/2/', 'list pages shift'],
    ['/services/nova/2/', 'list pages shift'],
    ['/api/v1/failures/FAIL-9999.json', 'no failure FAIL-9999 exists'],
    ['/api/v1/atom.xml/', 'it is a file, not a page'],
    ['/api/v1/nothing.json', 'points to no page the site builds'],
    ['/failures/FAIL-0001/extra/', 'points to no page the site builds'],
  ])('%s', (url, wrong) => {
    const problems = check(`See [it](${url}).`);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain(wrong);
  });

  test('reference-style links are checked at their definition', () => {
    const problems = check('See [the remediation][rem].\n\n[rem]: /remediations/REM-0404/\n');
    expect(problems).toEqual([expect.objectContaining({ code: 'FC015', field: 'line 22', message: expect.stringContaining('"/remediations/REM-0404/"') as unknown as string })]);
  });

  test('images are checked too', () => {
    expect(check('![diagram](/diagram.png)')).toHaveLength(1);
  });
});

describe('code is text, not a link', () => {
  test('a link inside a code span or a code block is not checked', () => {
    const body = 'Write `[FAIL-9999](/failures/FAIL-9999/)` to link.\n\n```markdown\n[FAIL-9999](/failures/FAIL-9999)\n```\n\n    [indented](/nowhere)\n';
    expect(rootRelativeLinks(body, false)).toEqual([]);
    expect(check(body)).toEqual([]);
  });
});

describe('.mdx bodies are parsed as MDX', () => {
  const body = '<Steps>\n<Step title="Restart">\nRestart it, as in [FAIL-0001](/failures/FAIL-0001/).\n\nOr see [FAIL-9999](/failures/FAIL-9999/).\n</Step>\n</Steps>\n';
  test('links inside components are found and checked', () => {
    expect(rootRelativeLinks(body, true).map((l) => l.url)).toEqual(['/failures/FAIL-0001/', '/failures/FAIL-9999/']);
    expect(check(body, { mdx: true })).toEqual([expect.objectContaining({ code: 'FC015', field: 'line 24', message: expect.stringContaining('FAIL-9999') as unknown as string })]);
  });
  test('MDX that does not parse yields no links (FC014 and the build report it)', () => {
    expect(rootRelativeLinks('[a](/failures/FAIL-9999/) {unclosed\n', true)).toEqual([]);
  });
});

test('every feed schema file is a link target', () => {
  for (const name of Object.keys(FEED_SCHEMAS)) expect(check(`[s](/api/v1/schema/${name}.schema.json)`)).toEqual([]);
});

describe('the content check', () => {
  const body = (links: string) => `## Diagnosis\n\nRun the check.\n\n## Root cause\n\n${links}\n`;
  test('reports FC015 naming the file in a catalogue on disk', () => {
    const root = writeContentRoot({
      remediations: [makeRemediation()],
      reports: [makeReport()],
      raw: {
        'failures/FAIL-0001.md': serializeEntry(makeFailure(), body('Often follows [FAIL-9999](/failures/FAIL-9999/); fixed by [REM-0001](/remediations/REM-0001/).')),
        'failures/FAIL-0002.mdx': serializeEntry(makeFailure({ id: 'FAIL-0002' }), body('<Steps>\n<Step title="Look">\nSee [FAIL-0001](/failures/FAIL-0001).\n</Step>\n</Steps>')),
      },
    });
    const problems = checkContentRoot(root).problems.filter((p) => p.code === 'FC015');
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(/\/failures\/FAIL-0001\.md: line \d+: body link "\/failures\/FAIL-9999\/" points to no entry: no failure FAIL-9999 exists\. Fix: .* \[FC015 broken-body-link\]$/),
      expect.stringMatching(/\/failures\/FAIL-0002\.mdx: line \d+: body link "\/failures\/FAIL-0001" lacks the trailing slash every page URL has\. Fix: write "\/failures\/FAIL-0001\/" \[FC015 broken-body-link\]$/),
    ]);
  });

  test('valid body links in a catalogue on disk pass', () => {
    const root = writeContentRoot({
      remediations: [makeRemediation()],
      reports: [makeReport()],
      raw: { 'failures/FAIL-0001.md': serializeEntry(makeFailure(), body('Fixed by [REM-0001](/remediations/REM-0001/#steps), reported in [RPT-0001](/reports/RPT-0001/).')) },
    });
    expect(checkContentRoot(root).problems).toEqual([]);
  });
});
