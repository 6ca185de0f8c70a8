import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { checkContentRoot } from '../../src/lib/core/integrity.ts';
import { formatProblem, type Problem } from '../../src/lib/core/problems.ts';
import { serializeEntry } from '../../src/lib/core/entry-writer.ts';
import { findBacktrackingRisks } from '../../src/lib/core/backtracking.ts';
import { makeFailure, makeRemediation, makeReport, writeContentRoot, type Files } from '../fixtures/entries.ts';

function problemsFor(files: Files): Problem[] {
  return checkContentRoot(writeContentRoot(files)).problems;
}

const valid: Files = { failures: [makeFailure()], remediations: [makeRemediation()], reports: [makeReport()] };
const sig = (overrides: Record<string, unknown>) => ({ ...(makeFailure().signatures as Record<string, unknown>[])[0], ...overrides });

describe('a valid catalogue', () => {
  test('has no problems and loads every entry', () => {
    const { content, problems } = checkContentRoot(writeContentRoot(valid));
    expect(problems).toEqual([]);
    expect(content.failures.map((f) => f.data.id)).toEqual(['FAIL-0001']);
    expect(content.remediations).toHaveLength(1);
    expect(content.reports).toHaveLength(1);
    expect(content.services.length).toBeGreaterThan(10);
  });

  test('the real knowledge base passes', () => {
    expect((checkContentRoot('content')).problems.map(formatProblem)).toEqual([]);
  });
});

describe('one failing case per rule', () => {
  test.each<[string, Files, Partial<Problem>]>([
    ['no frontmatter', { raw: { 'failures/FAIL-0009.md': '# Just a heading\n' } }, { code: 'FC001', file: expect.stringContaining('FAIL-0009.md') as unknown as string }],
    ['invalid YAML', { raw: { 'failures/FAIL-0009.md': '---\ntitle: [unclosed\n---\n' } }, { code: 'FC001' }],
    ['a missing required field', { failures: [makeFailure({ severity: undefined })] }, { code: 'FC002', field: 'severity' }],
    ['an unknown field', { failures: [makeFailure({ colour: 'red' })] }, { code: 'FC002', field: '' }],
    ['a value of the wrong type', { failures: [makeFailure({ symptoms: 'one symptom' })] }, { code: 'FC002', field: 'symptoms', message: 'must be a list, not "one symptom"' }],
    ['a bad enum value', { failures: [makeFailure({ severity: 'urgent' })] }, { code: 'FC002', field: 'severity' }],
    ['a javascript: reference URL', { failures: [makeFailure({ references: [{ type: 'web', url: 'javascript:alert(1)', title: 'x' }] })] }, { code: 'FC002', field: 'references[0].url' }],
    ['a malformed ID', { failures: [makeFailure({ id: 'FAIL-1' })] }, { code: 'FC002', field: 'id' }],
    ['withdrawn without a reason', { failures: [makeFailure({ status: 'withdrawn' })] }, { code: 'FC002', field: 'withdrawn' }],
    ['modified before created', { failures: [makeFailure({ modified: '2025-01-01' })] }, { code: 'FC002', field: 'modified' }],
    ['a triaged report without a failure', { failures: [makeFailure()], reports: [makeReport({ failure: undefined, remediation: undefined })] }, { code: 'FC002', field: 'failure' }],
    ['a signature without a near miss', { failures: [makeFailure({ signatures: [sig({ examples: { match: ['x'], no_match: [] } })] })] }, { code: 'FC002', field: 'signatures[0].examples.no_match' }],
    ['an unknown category', { failures: [makeFailure({ category: 'gremlins' })] }, { code: 'FC005', field: 'category' }],
    ['an unknown service', { failures: [makeFailure({ services: ['nova', 'skynet'] })] }, { code: 'FC005', field: 'services[1]' }],
    ['a malformed release', { failures: [makeFailure({ releases: ['Caracal'] })] }, { code: 'FC002', field: 'releases[0]' }],
    ['a release missing from the taxonomy', { failures: [makeFailure({ releases: ['2031.1'] })] }, { code: 'FC005', field: 'releases[0]' }],
    ['an unknown deployment tool', { failures: [makeFailure({ deployment_tools: ['puppet-magic'] })] }, { code: 'FC005', field: 'deployment_tools[0]' }],
    ['a remediation fixing a missing failure', { failures: [makeFailure()], remediations: [makeRemediation({ fixes: ['FAIL-0404'] })] }, { code: 'FC005', field: 'fixes[0]' }],
    ['a related failure that does not exist', { failures: [makeFailure({ related: ['FAIL-0404'] })] }, { code: 'FC005', field: 'related[0]' }],
    ['a report naming a missing remediation', { failures: [makeFailure()], reports: [makeReport({ remediation: 'REM-0404' })] }, { code: 'FC005', field: 'remediation' }],
    ['a duplicate signature id', { failures: [makeFailure({ signatures: [sig({}), sig({})] })] }, { code: 'FC004', field: 'signatures[1].id' }],
    ['a lookahead', { failures: [makeFailure({ signatures: [sig({ pattern: 'AMQP server(?= on)' })] })] }, { code: 'FC006', field: 'signatures[0].pattern' }],
    ['a lookbehind', { failures: [makeFailure({ signatures: [sig({ pattern: '(?<=AMQP )server' })] })] }, { code: 'FC006' }],
    ['a backreference', { failures: [makeFailure({ signatures: [sig({ pattern: '(AMQP) \\1' })] })] }, { code: 'FC006' }],
    ['a named group', { failures: [makeFailure({ signatures: [sig({ pattern: 'AMQP server on (?P<host>[^ ]+) is unreachable' })] })] }, { code: 'FC006' }],
    ['an inline flag', { failures: [makeFailure({ signatures: [sig({ pattern: '(?i)amqp server on [^ ]+ is unreachable' })] })] }, { code: 'FC006' }],
    ['\\z', { failures: [makeFailure({ signatures: [sig({ pattern: 'unreachable\\z' })] })] }, { code: 'FC006' }],
    ['a POSIX class', { failures: [makeFailure({ signatures: [sig({ pattern: 'AMQP server on [[:alnum:]]+' })] })] }, { code: 'FC006' }],
    ['a pattern that does not compile', { failures: [makeFailure({ signatures: [sig({ pattern: 'AMQP server (on' })] })] }, { code: 'FC007', field: 'signatures[0].pattern' }],
    ['catastrophic backtracking', { failures: [makeFailure({ signatures: [sig({ pattern: 'AMQP server on ([a-z0-9]+)+: ', examples: { match: ['AMQP server on controller1: '], no_match: ['AMQP server'] } })] })] }, { code: 'FC008', field: 'signatures[0].pattern' }],
    ['a match example the pattern misses', { failures: [makeFailure({ signatures: [sig({ examples: { match: ['Reconnected to AMQP server on controller1:5672'], no_match: ['nothing'] } })] })] }, { code: 'FC009', field: 'signatures[0].examples.match[0]' }],
    ['a near miss the pattern matches', { failures: [makeFailure({ signatures: [sig({ examples: { match: ['AMQP server on c1:5672 is unreachable: x'], no_match: ['AMQP server on c2:5672 is unreachable: y'] } })] })] }, { code: 'FC009', field: 'signatures[0].examples.no_match[0]' }],
    ['a published entry linking a draft', { failures: [makeFailure({ status: 'draft' })], remediations: [makeRemediation()] }, { code: 'FC010', field: 'fixes[0]' }],
    ['a failure related to itself', { failures: [makeFailure({ related: ['FAIL-0001'] })] }, { code: 'FC011', field: 'related[0]' }],
    ['a release range that ends before it starts', { failures: [makeFailure({ releases: [{ introduced: '2025.1', fixed: '2024.1' }] })] }, { code: 'FC011', field: 'releases[0]' }],
    ['a successor that is itself', { failures: [makeFailure({ status: 'withdrawn', withdrawn: { date: '2026-02-01', reason: 'Duplicate.', superseded_by: 'FAIL-0001' } })] }, { code: 'FC011', field: 'withdrawn.superseded_by' }],
    ['a creation date in the future', { failures: [makeFailure({ created: '2999-01-01', modified: '2999-01-01' })] }, { code: 'FC016', field: 'created' }],
    ['a report submitted in the future', { failures: [makeFailure()], reports: [makeReport({ submitted: '2999-01-01' })] }, { code: 'FC016', field: 'submitted' }],
  ])('%s', (_name, files, expected) => {
    const problems = problemsFor(files);
    expect(problems).toContainEqual(expect.objectContaining(expected));
  });

  test('an ID that does not match its file name', () => {
    const root = writeContentRoot({ raw: { 'failures/FAIL-0002.md': serializeEntry(makeFailure({ id: 'FAIL-0003' }), 'Body') } });
    expect((checkContentRoot(root)).problems).toContainEqual(
      expect.objectContaining({ code: 'FC003', field: 'id', fix: 'rename the file to FAIL-0003.md or set id: FAIL-0002' }),
    );
  });

  test('the same ID in two files', () => {
    const root = writeContentRoot({ failures: [makeFailure()], raw: { 'failures/FAIL-0001.mdx': serializeEntry(makeFailure(), 'Body') } });
    expect((checkContentRoot(root)).problems).toContainEqual(expect.objectContaining({ code: 'FC004', field: 'id' }));
  });

  test('a published entry without the sections operators open it for; a draft may lack them', () => {
    const root = writeContentRoot({
      failures: [makeFailure(), makeFailure({ id: 'FAIL-0002', status: 'draft' })],
      remediations: [makeRemediation()],
      raw: {
        'failures/FAIL-0001.md': serializeEntry(makeFailure(), '## Diagnosis\n\nRun the check.\n\n### Root cause\n\nA level-3 heading is not the section.'),
        'failures/FAIL-0002.md': serializeEntry(makeFailure({ id: 'FAIL-0002', status: 'draft' }), '## What happened\n\nThe broker went away.'),
        'remediations/REM-0001.md': serializeEntry(makeRemediation(), '## Steps\n\n1. Restart the broker.\n\n## Verification   \n\nThe check passes.'),
      },
    });
    expect(checkContentRoot(root).problems.filter((p) => p.code === 'FC017').map(formatProblem)).toEqual([
      expect.stringMatching(/FAIL-0001\.md: body: has no "## Root cause" section, which every published failure needs\. Fix: add a "## Root cause" heading/),
      expect.stringMatching(/REM-0001\.md: body: has no "## Rollback" section, which every published remediation needs/),
    ]);
  });

  test('duplicate taxonomy IDs', () => {
    const root = writeContentRoot({ raw: { 'taxonomy/categories.yaml': '- { id: hardware, name: A, description: a }\n- { id: hardware, name: B, description: b }\n' } });
    expect((checkContentRoot(root)).problems).toContainEqual(expect.objectContaining({ code: 'FC004', field: '[1].id' }));
  });
});

describe('problem lines', () => {
  test('name the file, the field, what is wrong and how to fix it', () => {
    const [problem] = problemsFor({ failures: [makeFailure({ category: 'gremlins' })] });
    expect(formatProblem(problem!)).toMatch(
      /^\/.+\/failures\/FAIL-0001\.md: category: names "gremlins", which is not in .+categories\.yaml\. Fix: use an id from .+categories\.yaml, or add the term there \[FC005 unknown-reference\]$/,
    );
  });
});

describe('npm run check', () => {
  const run = (root: string) => {
    try {
      return { code: 0, output: execFileSync(process.execPath, ['scripts/check.ts'], { env: { ...process.env, CONTENT_DIR: root }, encoding: 'utf8', stdio: 'pipe' }) };
    } catch (error) {
      const e = error as { status: number; stderr: string };
      return { code: e.status, output: e.stderr };
    }
  };
  test('exits 0 on valid content and honours CONTENT_DIR', () => {
    const result = run(writeContentRoot(valid));
    expect(result).toMatchObject({ code: 0 });
    expect(result.output).toContain('1 failures, 1 remediations, 1 reports');
  });
  test('exits 1 with one line per problem', () => {
    const result = run(writeContentRoot({ failures: [makeFailure({ category: 'gremlins', services: ['skynet'] })] }));
    expect(result.code).toBe(1);
    expect(result.output.split('\n').filter((l) => l.includes('[FC005'))).toHaveLength(2);
  });
});

describe('backtracking analysis', () => {
  test.each([
    ['(a+)+$', 1],
    ['(\\w+\\s?)*$', 1],
    ['(a|ab)*c', 1],
    ['(?:foo|bar)+x', 0],
    ['AMQP server on [^ ]+:\\d+ is unreachable: .+ Trying again', 0],
    ['(tcp|ssl):[^ ]+:664[12]', 0],
    ['(?:a{1,5}){2}', 0],
  ])('%s -> %i issue(s)', (pattern, count) => {
    expect(findBacktrackingRisks(pattern)).toHaveLength(count);
  });
});
