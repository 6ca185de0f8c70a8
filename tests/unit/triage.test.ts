/**
 * `npm run triage` as the work group uses it, on throwaway content roots: each verb's whole change, the files it
 * leaves untouched, refusals that write nothing, --dry-run, and the exit codes.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkContentRoot } from '../../src/lib/core/integrity.ts';
import { splitFrontmatter } from '../../src/lib/core/frontmatter.ts';
import { makeFailure, makeRemediation, makeReport, writeContentRoot, type Files } from '../fixtures/entries.ts';

const TODAY = '2026-12-05';
const ISSUE = 'https://github.com/example/catalogue/issues/42';

function triage(root: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ['scripts/triage.ts', ...args, '--today', TODAY], { env: { ...process.env, CONTENT_DIR: root }, encoding: 'utf8' });
  return { code: result.status, out: result.stdout, err: result.stderr };
}
const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');
const data = (root: string, path: string) => splitFrontmatter(read(root, path)).data as Record<string, unknown>;
const snapshot = (root: string) =>
  Object.fromEntries(['failures', 'remediations', 'reports'].flatMap((dir) => readdirSync(join(root, dir)).map((f) => [`${dir}/${f}`, read(root, `${dir}/${f}`)])));

/** An intake submission: a draft report and the failure drafted beside it, both citing the issue. */
function submission(extra: Files = {}): string {
  const draftFailure = makeFailure({
    id: 'FAIL-0002',
    status: 'draft',
    title: 'Compute nodes lose the broker after a switch reboot',
    symptoms: ['nova-compute reported down for ten minutes'],
    signatures: [],
    references: [{ type: 'report', url: ISSUE, title: 'Intake issue #42' }],
  });
  const root = writeContentRoot({
    failures: [makeFailure(), draftFailure, ...(extra.failures ?? [])],
    remediations: [makeRemediation(), ...(extra.remediations ?? [])],
    reports: [makeReport({ id: 'RPT-0002', status: 'draft', failure: undefined, remediation: undefined, outcome: undefined, source: ISSUE }), ...(extra.reports ?? [])],
  });
  // A comment and a body the verbs must leave as they were.
  const file = join(root, 'failures', 'FAIL-0002.md');
  writeFileSync(file, read(root, 'failures/FAIL-0002.md').replace('## Diagnosis\n\nRun the check.', '## What happened\n\n```\n2026-03-04 10:15:02.123 2741 ERROR oslo.messaging._drivers.impl_rabbit [-] AMQP server on 192.0.2.1:5672 is unreachable: timed out.\n```'));
  writeFileSync(join(root, 'reports', 'RPT-0002.md'), read(root, 'reports/RPT-0002.md').replace('title:', '# drafted by the intake\ntitle:'));
  return root;
}

describe('link', () => {
  test('makes the report an occurrence, removes the failure drafted from the same submission and lists what to fold in', () => {
    const root = submission();
    const result = triage(root, 'link', 'RPT-0002', 'FAIL-0001');
    expect(result.code).toBe(0);
    expect(data(root, 'reports/RPT-0002.md')).toMatchObject({ failure: 'FAIL-0001', status: 'triaged' });
    expect(read(root, 'reports/RPT-0002.md')).toContain('# drafted by the intake\ntitle:');
    expect(readdirSync(join(root, 'failures'))).toEqual(['FAIL-0001.md']);
    expect(result.out).toContain('FAIL-0002: removed (drafted from the same submission');
    expect(result.out).toContain('nova-compute reported down for ten minutes');
    expect(result.out).toContain('AMQP server on 192.0.2.1:5672 is unreachable: timed out.');
    expect(checkContentRoot(root).problems).toEqual([]);
  });

  test('an unknown or hostile ID is refused and nothing is written', () => {
    const root = submission();
    const before = snapshot(root);
    for (const id of ['FAIL-0099', 'FAIL-0001; rm -rf /', '$(touch /tmp/x)']) {
      const result = triage(root, 'link', 'RPT-0002', id);
      expect(result.code).toBe(1);
      expect(result.err).toMatch(/^Refused: /);
    }
    expect(snapshot(root)).toEqual(before);
  });
});

describe('publish', () => {
  test('refuses while the entry links a draft, then publishes with today as modified', () => {
    const root = submission({ failures: [makeFailure({ id: 'FAIL-0003', status: 'draft', related: ['FAIL-0002'] })] });
    const refused = triage(root, 'publish', 'FAIL-0003');
    expect(refused).toMatchObject({ code: 1 });
    expect(refused.err).toContain('links the draft FAIL-0002');
    // The intake's draft has no diagnosis yet: publishing it waits for the work group to write one.
    const incomplete = triage(root, 'publish', 'FAIL-0002');
    expect(incomplete).toMatchObject({ code: 1 });
    expect(incomplete.err).toContain('has no "## Diagnosis" section');
    const file = join(root, 'failures', 'FAIL-0002.md');
    writeFileSync(file, `${read(root, 'failures/FAIL-0002.md')}\n## Diagnosis\n\nrabbitmqctl cluster_status\n`);
    expect(triage(root, 'publish', 'FAIL-0002').code).toBe(0);
    expect(data(root, 'failures/FAIL-0002.md')).toMatchObject({ status: 'published', modified: new Date(TODAY) });
    expect(triage(root, 'publish', 'FAIL-0003').code).toBe(0);
  });
});

describe('merge', () => {
  test('moves reports, relations, fixes and signatures to KEEP and leaves DROP as a tombstone', () => {
    const drop = makeFailure({ id: 'FAIL-0004', services: ['rabbitmq', 'neutron'], signatures: [{ ...(makeFailure().signatures as Record<string, unknown>[])[0], id: 'agent-side', pattern: 'AMQP server on [^ ]+:\\d+ is unreachable' }] });
    const root = writeContentRoot({
      failures: [makeFailure(), drop, makeFailure({ id: 'FAIL-0005', related: ['FAIL-0004'] })],
      remediations: [makeRemediation({ id: 'REM-0001', fixes: ['FAIL-0004'] }), makeRemediation({ id: 'REM-0002', fixes: ['FAIL-0001', 'FAIL-0004'] })],
      reports: [makeReport({ id: 'RPT-0003', failure: 'FAIL-0004', remediation: 'REM-0001' })],
    });
    const result = triage(root, 'merge', 'FAIL-0001', 'FAIL-0004');
    expect(result.code, result.err).toBe(0);
    expect(data(root, 'reports/RPT-0003.md').failure).toBe('FAIL-0001');
    expect(data(root, 'remediations/REM-0001.md').fixes).toEqual(['FAIL-0001']);
    expect(data(root, 'remediations/REM-0002.md').fixes).toEqual(['FAIL-0001']);
    expect(data(root, 'failures/FAIL-0005.md').related).toEqual(['FAIL-0001']);
    const keep = data(root, 'failures/FAIL-0001.md');
    expect(keep.services).toEqual(['rabbitmq', 'nova', 'neutron']);
    expect((keep.signatures as Array<{ id: string }>).map((s) => s.id)).toEqual(['amqp-unreachable', 'agent-side']);
    expect(data(root, 'failures/FAIL-0004.md')).toMatchObject({ status: 'withdrawn', withdrawn: { date: new Date(TODAY), superseded_by: 'FAIL-0001' } });
    expect(checkContentRoot(root).problems).toEqual([]);
  });
});

describe('withdraw', () => {
  test('writes the tombstone fields; a successor that breaks the check is refused with the problem', () => {
    const root = writeContentRoot({ failures: [makeFailure()], remediations: [makeRemediation(), makeRemediation({ id: 'REM-0002', status: 'draft' })] });
    const before = snapshot(root);
    const refused = triage(root, 'withdraw', 'REM-0001', '--reason', 'Superseded.', '--superseded-by', 'REM-0002');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('[FC010');
    expect(snapshot(root)).toEqual(before);
    expect(triage(root, 'withdraw', 'REM-0001', '--reason', 'Restarting the broker loses messages; use REM-0002.').code).toBe(0);
    expect(data(root, 'remediations/REM-0001.md')).toMatchObject({ status: 'withdrawn', withdrawn: { date: new Date(TODAY), reason: 'Restarting the broker loses messages; use REM-0002.' } });
  });

  test('fields the verb does not write keep their text byte for byte: folded scalars, flow lists, comments', () => {
    const root = writeContentRoot({ failures: [makeFailure(), makeFailure({ id: 'FAIL-0003', title: 'Hand-formatted failure' })], remediations: [makeRemediation()] });
    const file = join(root, 'failures', 'FAIL-0003.md');
    const handWritten = read(root, 'failures/FAIL-0003.md')
      .replace(/^summary: .*$/m, 'summary: >-\n  A summary folded by hand at a width the serializer would not choose,\n  across three lines, as entries are\n  written.')
      .replace(/^services:\n(?: {2}- .*\n)+/m, 'services: [rabbitmq, nova]\n')
      .replace(/^category:/m, '# chosen by the work group\ncategory:');
    writeFileSync(file, handWritten);
    expect(checkContentRoot(root).problems).toEqual([]);
    expect(triage(root, 'withdraw', 'FAIL-0003', '--reason', 'Written by mistake.').code).toBe(0);
    const after = read(root, 'failures/FAIL-0003.md');
    // Every line but status and modified is still there, in order; the new lines are only the ones withdraw writes.
    const written = /^(status|modified|withdrawn| {2}date| {2}reason):/;
    expect(after.split('\n').filter((line) => !written.test(line))).toEqual(handWritten.split('\n').filter((line) => !written.test(line)));
    expect(after).toContain('summary: >-\n  A summary folded by hand at a width the serializer would not choose,\n  across three lines');
    expect(after).toContain('services: [rabbitmq, nova]\n');
    expect(after).toContain('# chosen by the work group\ncategory:');
    expect(data(root, 'failures/FAIL-0003.md')).toMatchObject({ status: 'withdrawn', services: ['rabbitmq', 'nova'], withdrawn: { reason: 'Written by mistake.' } });
  });
});

describe('verify', () => {
  const outcome = (id: string, reporter: string, outcome: string, submitted: string, release = '2024.1') => makeReport({ id, reporter, outcome, submitted, release, source: `https://github.com/example/catalogue/issues/${id}` });

  test('proposes reported-working from two operators, and writes it only with --apply', () => {
    const root = writeContentRoot({ failures: [makeFailure()], remediations: [makeRemediation()], reports: [outcome('RPT-0001', 'alice', 'resolved', '2026-02-01'), outcome('RPT-0002', 'bob', 'resolved', '2026-03-01', '2025.1')] });
    const proposed = triage(root, 'verify', 'REM-0001');
    expect(proposed.code).toBe(0);
    expect(proposed.out).toContain('Proposed: REM-0001: verification.status unverified -> reported-working, releases 2024.1, 2025.1');
    expect((data(root, 'remediations/REM-0001.md').verification as { status: string }).status).toBe('unverified');
    expect(triage(root, 'verify', 'REM-0001', '--apply').code).toBe(0);
    expect(data(root, 'remediations/REM-0001.md').verification).toMatchObject({ status: 'reported-working', releases: ['2024.1', '2025.1'] });
  });

  test('a recent not-resolved report or a single operator keeps it unverified', () => {
    const root = writeContentRoot({ failures: [makeFailure()], remediations: [makeRemediation()], reports: [outcome('RPT-0001', 'alice', 'resolved', '2026-02-01'), outcome('RPT-0002', 'alice', 'resolved', '2026-02-02'), outcome('RPT-0003', 'bob', 'not-resolved', '2026-03-01')] });
    const result = triage(root, 'verify', 'REM-0001', '--apply');
    expect(result.code).toBe(0);
    expect(result.out).toContain('REM-0001 stays unverified');
  });
});

describe('--dry-run and usage', () => {
  test('--dry-run prints the diff and writes nothing', () => {
    const root = submission();
    const before = snapshot(root);
    const result = triage(root, 'link', 'RPT-0002', 'FAIL-0001', '--dry-run');
    expect(result.code).toBe(0);
    expect(result.out).toContain('-status: draft\n+status: triaged');
    expect(result.out).toContain('+++ /dev/null');
    expect(snapshot(root)).toEqual(before);
  });

  test('exit 2 on usage errors', () => {
    const root = writeContentRoot({ failures: [makeFailure()] });
    expect(triage(root, 'frobnicate', 'FAIL-0001').code).toBe(2);
    expect(triage(root, 'link', 'RPT-0001').code).toBe(2);
    expect(triage(root, 'withdraw', 'FAIL-0001').code).toBe(2);
  });
});
