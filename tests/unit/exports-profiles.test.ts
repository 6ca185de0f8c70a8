/**
 * Deployment profiles are data a cloud edits: the built-in ones load and name only real catalogue services, a
 * faulty file is refused with file:line, the field and the fix (never half-read), a component narrows the
 * streams only when it names one process, and the export index lets a subscriber verify every download.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { exportIndex } from '../../src/lib/feed/exports/index.ts';
import { builtinProfiles, DEFAULT_PROFILE_ID, loadProfile, ProfileError } from '../../src/lib/feed/exports/profile-load.ts';
import { singleProcess } from '../../src/lib/feed/exports/profile-streams.ts';
import { ROOT, requireTool } from '../fixtures/exports.ts';

const taxonomyServices = new Set((parseYaml(readFileSync(join(ROOT, 'content', 'taxonomy', 'services.yaml'), 'utf8')) as Array<{ id: string }>).map((s) => s.id));

describe('built-in deployment profiles', () => {
  const profiles = builtinProfiles();

  test('kolla-ansible, COS, RHOSO and journald load, and the default is among them', () => {
    expect(profiles.map((p) => p.profile.id).sort()).toEqual(['cos', 'journald', 'kolla-ansible', 'rhoso']);
    expect(profiles.some((p) => p.profile.id === DEFAULT_PROFILE_ID)).toBe(true);
  });

  test.each(builtinProfiles().map((p) => [p.profile.id, p] as const))('%s names only services of the taxonomy', (_id, { profile }) => {
    const unknown = Object.keys(profile.services).filter((s) => !taxonomyServices.has(s));
    expect(unknown).toEqual([]);
  });
});

describe('a profile file with faults', () => {
  const valid = readFileSync(join(ROOT, 'src/lib/feed/exports/profiles/journald.yaml'), 'utf8');

  function problems(text: string): string[] {
    try {
      loadProfile(text, 'cloud/profile.yaml');
    } catch (error) {
      expect(error).toBeInstanceOf(ProfileError);
      return (error as ProfileError).message.split('\n');
    }
    throw new Error('the profile was accepted');
  }

  test('the valid file loads', () => {
    expect(loadProfile(valid, 'cloud/profile.yaml').id).toBe('journald');
  });

  test('an unknown field is named with its line', () => {
    const text = valid.replace('streams:\n', 'streams:\n  jornal_typo: 1\n').replace('id: journald\n', 'id: journald\nlables: {}\n');
    const lines = problems(text);
    const line = text.split('\n').findIndex((l) => l.startsWith('lables:')) + 1;
    expect(lines).toContain(`cloud/profile.yaml:${line}: lables: is not a profile field. Fix: remove it or correct its spelling; the fields are documented in src/schemas/deployment-profile.ts`);
  });

  test('a service pointing at a stream that does not exist is named, with the streams there are', () => {
    const text = valid.replace('  kernel: [{ stream: journal,', '  kernel: [{ stream: jornal,');
    const line = text.split('\n').findIndex((l) => l.includes('stream: jornal')) + 1;
    expect(problems(text)).toEqual([`cloud/profile.yaml:${line}: services.kernel[0].stream: names the stream "jornal", which \`streams\` does not define. Fix: use one of journal`]);
  });

  test('a label regular expression RE2 rejects is refused', () => {
    const text = valid.replace('syslog_identifier: { regex: "nova-.+|privsep-helper" }', 'syslog_identifier: { regex: "nova-(.+" }');
    const [problem] = problems(text);
    expect(problem).toMatch(/^cloud\/profile\.yaml:\d+: services\.nova\[0\]\.match\.syslog_identifier(\.regex)?: /);
  });

  test('a YAML syntax error is refused with its line', () => {
    const [problem] = problems('id: x\nstreams: [\n');
    expect(problem).toMatch(/^cloud\/profile\.yaml:\d+: is not valid YAML/);
  });

  test('a label name Loki would refuse is refused', () => {
    const text = valid.replace('host: { label: host }', 'host: { label: host-name }');
    expect(problems(text)[0]).toMatch(/streams\.journal\.host/);
  });
});

describe('the process a component names', () => {
  test.each([
    ['nova-compute', 'nova-compute'],
    ['nova-compute (libvirt driver)', 'nova-compute'],
    ['ovs-vswitchd', 'ovs-vswitchd'],
    ['nova-api, nova-compute', undefined],
    ['libvirtd or virtqemud', undefined],
    ['any service using oslo.messaging (rabbit driver)', undefined],
    ['nova-compute (os-brick), also cinder-volume and cinder-backup', undefined],
    ['systemd (PID 1)', 'systemd'],
    [undefined, undefined],
  ])('%j is %j', (component, process) => {
    expect(singleProcess(component)).toBe(process);
  });
});

test('the export index gives each file the SHA-256 sha256sum computes', () => {
  const sha256sum = requireTool('sha256sum', 'coreutils');
  const dir = mkdtempSync(join(tmpdir(), 'fc-index-'));
  const files = [
    { path: 'b.yaml', contentType: 'application/yaml; charset=utf-8', body: 'groups: []\n# é\n', description: 'B' },
    { path: 'a.json', contentType: 'application/json; charset=utf-8', body: '{}\n', description: 'A' },
  ];
  const index = exportIndex(files);
  expect(index.map((e) => e.path)).toEqual(['a.json', 'b.yaml']);
  for (const entry of index) {
    const file = files.find((f) => f.path === entry.path)!;
    writeFileSync(join(dir, entry.path), file.body);
    const sum = spawnSync(sha256sum, [entry.path], { cwd: dir, encoding: 'utf8' }).stdout.split(' ')[0];
    expect(entry.sha256).toBe(sum);
    expect(entry.bytes).toBe(readFileSync(join(dir, entry.path)).length);
    expect(entry.content_type).toBe(file.contentType);
  }
});

test('buildDetectionExports publishes every file the /api/ page lists, once, each described', async () => {
  const { buildDetectionExports } = await import('../../src/lib/feed/exports/index.ts');
  const { builtinProfile } = await import('../../src/lib/feed/exports/profile-load.ts');
  const { realFeed } = await import('../fixtures/exports.ts');
  const feed = realFeed();
  const profiles = builtinProfiles();
  const files = buildDetectionExports(feed, { siteUrl: 'https://example.org/', profile: builtinProfile(DEFAULT_PROFILE_ID), opensearchProfile: builtinProfile('kolla-ansible'), alsoProfiles: profiles });
  const paths = files.map((f) => f.path);
  expect(new Set(paths).size).toBe(paths.length);
  const services = [...new Set(feed.failures.filter((f) => f.status !== 'withdrawn').flatMap((f) => f.signatures.map((s) => s.service)))];
  const expected = [
    'loki.rules.yaml',
    'prometheus.rules.yaml',
    'opensearch-monitors.json',
    ...services.map((s) => `loki/${s}.rules.yaml`),
    ...profiles.flatMap((p) => [`loki-profiles/${p.profile.id}.rules.yaml`, `profiles/${p.profile.id}.yaml`]),
  ];
  expect([...paths].sort()).toEqual(expected.sort());
  for (const file of files) {
    expect(file.description.length).toBeGreaterThan(20);
    expect(file.contentType).toMatch(file.path.endsWith('.json') ? /^application\/json/ : /^application\/yaml/);
  }
  // The published profile is the file in the repository, comments and all, for a cloud to copy.
  for (const p of profiles) expect(files.find((f) => f.path === `profiles/${p.profile.id}.yaml`)!.body).toBe(readFileSync(join(ROOT, p.file), 'utf8'));
});
