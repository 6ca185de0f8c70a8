/** `npm run intake` as a process: exit 0 for a draft, 1 for a rejection, 2 for usage and system errors. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkContentRoot } from '../../src/lib/core/integrity.ts';
import { caseFile, fixtureContentRoot, REPO_ROOT } from '../fixtures/issues/harness.ts';

const NODE = join(REPO_ROOT, 'node_modules', '.bin', 'node');

function intake(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(NODE, ['scripts/intake.ts', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

function tempFile(name: string, content: string | Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'fc-cli-')), name);
  writeFileSync(file, content);
  return file;
}

describe('npm run intake', () => {
  test('--offline --json writes the draft, prints {status, files, errors, similar, redactions} and exits 0', () => {
    const root = fixtureContentRoot();
    const { code, out } = intake(['--event', caseFile('report-failure-known', 'event.json'), '--content', root, '--offline', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['status', 'files', 'errors', 'similar', 'redactions']);
    expect(report).toMatchObject({ status: 'drafted', files: ['reports/RPT-0001.md'], errors: [] });
    expect((report.similar as { id: string }[])[0]?.id).toBe('FAIL-0001');
    expect(checkContentRoot(root).problems).toEqual([]);
  });

  test('--offline without --json prints the comment it would post', () => {
    const { code, out } = intake(['--event', caseFile('hit-this-too', 'event.json'), '--content', fixtureContentRoot(), '--offline']);
    expect(code).toBe(0);
    expect(out).toMatch(/^<!-- failure-catalogue-intake: /);
    expect(out).toContain('**Intake: draft created.**');
  });

  test('CONTENT_DIR is the default content root', () => {
    const root = fixtureContentRoot();
    expect(intake(['--event', caseFile('hit-this-too', 'event.json'), '--offline', '--json'], { CONTENT_DIR: root }).code).toBe(0);
    expect(checkContentRoot(root).content.reports.map((r) => r.data.id)).toEqual(['RPT-0001']);
  });

  test('a rejected submission exits 1 with its reasons', () => {
    const { code, out } = intake(['--event', caseFile('rejected-unknown-ids', 'event.json'), '--content', fixtureContentRoot(), '--offline', '--json']);
    expect(code).toBe(1);
    expect((JSON.parse(out) as { errors: string[] }).errors).toHaveLength(3);
  });

  test.each([
    ['no arguments', [], /give either --event or --batch/],
    ['an unknown option', ['--evnt', 'x'], /Unknown option '--evnt'/],
    ['batch mode offline', ['--batch', 'submission', '--offline'], /not --offline/],
    ['a missing event file', ['--event', '/nonexistent/event.json', '--offline'], /cannot read the event file/],
  ])('%s is a usage error (exit 2)', (_name, args, message) => {
    const { code, err } = intake(args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  test.each([
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), /is not valid UTF-8/],
    ['not JSON', '{"action": "opened", ', /is not valid JSON/],
    ['not an issues event', JSON.stringify({ action: 'push', ref: 'refs/heads/main' }), /is not an issues event: issue/],
  ])('an event file that is %s is a clear error (exit 2)', (_name, content, message) => {
    const { code, err } = intake(['--event', tempFile('event.json', content), '--content', fixtureContentRoot(), '--offline']);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  test('without --offline it needs a token, and says so (exit 2)', () => {
    const { code, err } = intake(['--event', caseFile('hit-this-too', 'event.json'), '--content', fixtureContentRoot()]);
    expect(code).toBe(2);
    expect(err).toMatch(/GITHUB_TOKEN is not set/);
  });

  test('a missing content directory is a usage error (exit 2)', () => {
    const { code, err } = intake(['--event', caseFile('hit-this-too', 'event.json'), '--content', '/nonexistent/content', '--offline']);
    expect(code).toBe(2);
    expect(err).toMatch(/content directory .* does not exist/);
  });
});
