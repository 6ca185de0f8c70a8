/**
 * `match --follow --policy FILE --audit-log FILE`: an alert of the follow mode runs the remediation the cloud's
 * policy allows, records it in the audit log, and prints the filled-in outcome form; a broken policy stops the
 * program instead of meaning "allow"; and without a policy that allows it, nothing runs.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AuditRecord } from '../../src/lib/remediate/audit-log.ts';
import type { FeedFailure, FeedRemediation } from '../../src/schemas/feed.ts';
import { catalogueFeed, exampleLine, simpleFailures, startMatch, waitUntil } from '../fixtures/follow.ts';

let work: string;
let failure: FeedFailure;
let remediation: FeedRemediation;
const marker = () => join(work, 'remediation-ran');

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'match-follow-remediate-'));
  [failure] = simpleFailures(1) as [FeedFailure];
  const feed = catalogueFeed();
  const shell = feed.remediations.remediations.find((r) => r.status === 'published' && r.automation?.kind === 'shell')!;
  // A real remediation's document, pointed at this failure, whose code only leaves a trace the test can see.
  remediation = { ...shell, fixes: [failure.id], automation: { kind: 'shell', code: `#!/bin/sh\necho "remediated $1" > '${marker()}'\n` } };
  const failures = [{ ...failure, remediations: [remediation.id] }];
  const remediations = [remediation];
  writeFileSync(join(work, 'failures.json'), JSON.stringify({ ...feed.failures, failures }));
  writeFileSync(join(work, 'remediations.json'), JSON.stringify({ ...feed.remediations, remediations }));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function policy(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

const auditRecords = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as AuditRecord) : []);

test('an alert runs the remediation the policy allows, appends it to the audit log and prints the outcome form', async () => {
  const log = join(work, 'nova.log');
  writeFileSync(log, '');
  const audit = join(work, 'run', 'audit.jsonl');
  const allow = policy('allow.yaml', `version: 1\nrules:\n  - name: the test remediation runs here\n    match:\n      remediations: [${remediation.id}]\n    action: run\n    allow_without_check_mode: true\n`);
  const match = startMatch(['--follow', log, '--feed', work, '--no-cache', '--policy', allow, '--audit-log', audit, '--release', '2025.1', '--deployment-tool', 'kolla-ansible']);
  try {
    await match.ready();
    writeFileSync(log, `${exampleLine(failure)}\n`, { flag: 'a' });
    const [record] = await waitUntil('the audit record', () => auditRecords(audit).length > 0 && auditRecords(audit), 20_000);
    expect(record!.event).toBe('run');
    expect(record!.failure.id).toBe(failure.id);
    expect(record!.remediation?.id).toBe(remediation.id);
    expect(record!.decision?.action).toBe('run');
    expect(record!.check?.mode).toBe('none');
    expect(record!.check && 'reason' in record!.check && record!.check.reason).toMatch(/^shell has no dry run.*the policy allows remediations without check mode/);
    expect(record!.run?.exit_code).toBe(0);
    expect(record!.match.line).toBe(exampleLine(failure));
    expect(readFileSync(marker(), 'utf8')).toMatch(/^remediated /);

    const form = new URL(record!.report_url!);
    expect(form.searchParams.get('template')).toBe('hit-this-too.yml');
    expect(form.searchParams.get('failure_id')).toBe(failure.id);
    expect(form.searchParams.get('remediation_id')).toBe(remediation.id);
    expect(form.searchParams.get('release')).toBe('2025.1');
    expect(form.searchParams.get('deployment_tool')).toBe('kolla-ansible');
    await waitUntil('the outcome form on stdout', () => match.stdout().includes(`File the outcome: ${record!.report_url}`));
  } finally {
    expect(await match.stop()).toBe(1);
  }
});

test('with --audit-log and no policy, the remediation is proposed and nothing runs', async () => {
  rmSync(marker(), { force: true });
  const log = join(work, 'proposed.log');
  writeFileSync(log, '');
  const audit = join(work, 'proposed.jsonl');
  const match = startMatch(['--follow', log, '--feed', work, '--no-cache', '--audit-log', audit]);
  try {
    await match.ready();
    writeFileSync(log, `${exampleLine(failure)}\n`, { flag: 'a' });
    const [record] = await waitUntil('the audit record', () => auditRecords(audit).length > 0 && auditRecords(audit), 20_000);
    expect(record!.event).toBe('proposed');
    expect(record!.decision?.action).toBe('propose');
    expect(record!.run).toBeUndefined();
    expect(existsSync(marker())).toBe(false);
  } finally {
    await match.stop();
  }
});

test('a malformed policy stops the matcher with the file and line, and runs nothing', async () => {
  const log = join(work, 'broken.log');
  writeFileSync(log, '');
  const broken = policy('broken.yaml', `version: 1\nrules:\n  - name: too wide\n    match:\n      risk: [low, none]\n    action: run\n`);
  const match = startMatch(['--follow', log, '--feed', work, '--no-cache', '--policy', broken, '--audit-log', join(work, 'broken.jsonl')]);
  expect(await new Promise((resolve) => match.child.on('close', resolve))).toBe(2);
  expect(match.stderr()).toContain(`${broken}:5`);
  expect(existsSync(join(work, 'broken.jsonl'))).toBe(false);
});

test('--policy needs --audit-log and --follow', async () => {
  const allow = policy('plain.yaml', 'version: 1\n');
  const withoutAudit = startMatch(['--follow', join(work, 'x.log'), '--feed', work, '--no-cache', '--policy', allow]);
  expect(await new Promise((resolve) => withoutAudit.child.on('close', resolve))).toBe(2);
  expect(withoutAudit.stderr()).toMatch(/--policy needs --audit-log/);
  const withoutFollow = startMatch([join(work, 'x.log'), '--feed', work, '--no-cache', '--policy', allow]);
  expect(await new Promise((resolve) => withoutFollow.child.on('close', resolve))).toBe(2);
  expect(withoutFollow.stderr()).toMatch(/--policy works with --follow only/);
});
