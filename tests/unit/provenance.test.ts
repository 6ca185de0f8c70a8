/**
 * Signatures are proven against where their messages come from: the recorded format strings (rendered and matched
 * by the content check), their examples (renderings, never lines written to fit the pattern), the releases they
 * were read at, and the upstream files themselves (the drift check, run here against a real git repository).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkContentRoot } from '../../src/lib/core/integrity.ts';
import type { Problem } from '../../src/lib/core/problems.ts';
import { parseFormat, renderFormat, renderingMatchers, sourcePieces } from '../../src/lib/core/formats/format-string.ts';
import { apartPiece, checkFormatAtRefs, describeResult, formatPresent, missingPieces, normalizeSource } from '../../src/lib/core/formats/drift.ts';
import { AMQP_UNREACHABLE_FORMAT, makeFailure, writeContentRoot, type Files } from '../fixtures/entries.ts';

const problemsFor = (files: Files): Problem[] => checkContentRoot(writeContentRoot(files)).problems;
const sig = (overrides: Record<string, unknown>) => ({ ...(makeFailure().signatures as Record<string, unknown>[])[0], ...overrides });
const withSig = (overrides: Record<string, unknown>) => ({ failures: [makeFailure({ signatures: [sig(overrides)] })] });

describe('format strings in each upstream syntax', () => {
  test.each([
    ['python-percent', 'AMQP server on %(hostname)s:%(port)d is unreachable: %s (100%% sure)', { hostname: 'c1', 0: 'timed out' }, 'AMQP server on c1:3 is unreachable: timed out (100% sure)'],
    ['python-format', 'Instance {uuid} failed after {:.1f}s {{retry}}', { uuid: 'abc', 0: '2.5' }, 'Instance abc failed after 2.5s {retry}'],
    ['printf', 'Out of memory: Killed process %d (%s) total-vm:%lukB', { 1: 'qemu-kvm' }, 'Out of memory: Killed process 3 (qemu-kvm) total-vm:3kB'],
    ['erlang', 'closing AMQP connection ~tp (~ts):~n~p', { 0: '<0.1.0>', 1: '10.0.0.1:5672', 2: 'timeout' }, 'closing AMQP connection <0.1.0> (10.0.0.1:5672):\ntimeout'],
    ['template', 'slow request {age} seconds old, received at {stamp}', { age: '30.5', stamp: '2026-01-01' }, 'slow request 30.5 seconds old, received at 2026-01-01'],
    ['literal', 'Link is Down', {}, 'Link is Down'],
    ['printf', 'INFO: task %s:%d blocked for more than %ld seconds.%pV', { 0: 'qemu-kvm', 3: '' }, 'INFO: task qemu-kvm:3 blocked for more than 3 seconds.'],
  ] as const)('%s', (style, text, values, rendered) => {
    expect(renderFormat(parseFormat(text, style), values)).toEqual({ ok: true, text: rendered });
  });

  test('a string placeholder without a value is named, numeric ones get a number', () => {
    const result = renderFormat(parseFormat('Host %(host)s has %(count)d ports', 'python-percent'), {});
    expect(result).toEqual({ ok: false, missing: ['%(host)s (values.host)'] });
  });

  test('a rendering is recognised inside a full log line, a paraphrase is not', () => {
    const [matcher] = renderingMatchers(parseFormat(AMQP_UNREACHABLE_FORMAT.text, 'python-percent'));
    expect(matcher!.test('2026-01-01 10:00:00.000 1 ERROR oslo_messaging._drivers.impl_rabbit [-] AMQP server on c1:5672 is unreachable: timed out. Trying again in 2 seconds.: TimeoutError')).toBe(true);
    expect(matcher!.test('AMQP server on c1:5672 is unreachable: timed out')).toBe(false);
  });

  test('each line of a multi-line message is a rendering of its own, and a log line is never two lines', () => {
    const matchers = renderingMatchers(parseFormat('Failed to add object to Swift.\nGot error from Swift: %s.', 'python-percent'));
    expect(matchers.map((m) => m.test('ERROR glance_store [-] Got error from Swift: 503.'))).toEqual([false, true]);
    const problems = problemsFor(withSig({ examples: { match: ['x AMQP server on c1:5672 is unreachable: timed out. Trying again in 1 seconds.\nsecond line'], no_match: ['y'] } }));
    expect(problems).toContainEqual(expect.objectContaining({ code: 'FC002', field: 'signatures[0].examples.match[0]' }));
  });

  test('source pieces keep the escapes the source file has', () => {
    expect(sourcePieces('Disk %(pct)d%% full on %s', 'python-percent')).toEqual(['Disk ', '%% full on ']);
  });
});

describe('the content check proves signatures against their format strings', () => {
  test('the fixture signature passes', () => {
    expect(problemsFor(withSig({}))).toEqual([]);
  });

  test('a pattern that misses an older release\'s wording (FAIL-0049\'s "OVN NB DB" vs "OVN DB")', () => {
    const problems = problemsFor(withSig({
      pattern: 'not in OVN NB DB',
      formats: [{ ...AMQP_UNREACHABLE_FORMAT, text: 'Port %s not in OVN DB', values: { 0: 'a1b2' } }],
      examples: { match: [], observed: [{ line: 'x not in OVN NB DB', url: 'https://example.org/log' }], no_match: ['nothing'] },
    }));
    expect(problems).toContainEqual(expect.objectContaining({ code: 'FC012', field: 'signatures[0].formats[0].text', message: expect.stringContaining('renders as "Port a1b2 not in OVN DB"') as unknown as string }));
  });

  test('an example written to fit the pattern but not the format', () => {
    const problems = problemsFor(withSig({ examples: { match: ['ERROR AMQP server on c1:5672 is unreachable: connection reset'], no_match: ['Reconnected'] } }));
    expect(problems).toContainEqual(expect.objectContaining({ code: 'FC012', field: 'signatures[0].examples.match[0]' }));
  });

  test('a format with a placeholder left without a realistic value', () => {
    const problems = problemsFor(withSig({ formats: [{ ...AMQP_UNREACHABLE_FORMAT, values: { hostname: 'c1' } }] }));
    expect(problems).toContainEqual(expect.objectContaining({ code: 'FC012', field: 'signatures[0].formats[0].values', message: expect.stringContaining('%(port)s (values.port)') as unknown as string }));
  });

  test('a signature with neither a format string nor a real line', () => {
    const problems = problemsFor(withSig({ formats: [] }));
    expect(problems).toContainEqual(expect.objectContaining({ code: 'FC012', field: 'signatures[0].formats' }));
  });

  test('a real line the pattern misses', () => {
    const problems = problemsFor(withSig({ examples: { match: [], observed: [{ line: 'Connection failed: [Errno 111] (retrying in 1.0 seconds)', url: 'https://example.org/x' }], no_match: ['x'] } }));
    expect(problems).toContainEqual(expect.objectContaining({ code: 'FC009', field: 'signatures[0].examples.observed[0].line' }));
  });

  test('releases claimed but never read (checked on master only)', () => {
    const problems = problemsFor(withSig({ formats: [{ ...AMQP_UNREACHABLE_FORMAT, refs: { '2026.2': 'master' } }] }));
    expect(problems).toContainEqual(expect.objectContaining({ code: 'FC013', field: 'signatures[0].formats', message: expect.stringContaining('2023.1, 2023.2, 2024.1') as unknown as string }));
  });

  test('a signature narrowed to the releases it was read at passes', () => {
    const problems = problemsFor(withSig({ releases: [{ introduced: '2025.2' }], formats: [{ ...AMQP_UNREACHABLE_FORMAT, refs: { '2025.2': 'stable/2025.2', '2026.1': 'stable/2026.1', '2026.2': 'master' } }] }));
    expect(problems).toEqual([]);
  });

  test('a refs key that looks like a release must be one', () => {
    const problems = problemsFor(withSig({ formats: [{ ...AMQP_UNREACHABLE_FORMAT, refs: { ...AMQP_UNREACHABLE_FORMAT.refs, '2011.1': 'cactus-eol' } }] }));
    expect(problems).toContainEqual(expect.objectContaining({ code: 'FC005', field: 'signatures[0].formats[0].refs.2011.1' }));
  });
});

describe('drift: the format string in the upstream file', () => {
  test('a quote, a space and a quote on one line is text, not a seam', () => {
    const source = `msg = _("Unable to detach volume. Volume status must be 'in-use' "\n        "and attach_status must be 'attached' to detach.")`;
    expect(missingPieces(source, "Unable to detach volume. Volume status must be 'in-use' and attach_status must be 'attached' to detach.", 'literal')).toEqual([]);
  });

  test('string literals split over lines are read whole', () => {
    const source = "LOG.error('AMQP server on '\n              '%(hostname)s:%(port)s is unreachable: '\n              \"%(err_str)s. Trying again in %(sleep_time)d \"\n  'seconds.')";
    expect(normalizeSource(source)).toContain('AMQP server on %(hostname)s:%(port)s is unreachable: %(err_str)s. Trying again in %(sleep_time)d seconds.');
    expect(missingPieces(source, AMQP_UNREACHABLE_FORMAT.text, 'python-percent')).toEqual([]);
    expect(missingPieces(source.replace('unreachable', 'not reachable'), AMQP_UNREACHABLE_FORMAT.text, 'python-percent')).toEqual([' is unreachable: ']);
  });

  test('a message in a folded YAML scalar (an Ansible task\'s msg: >-) is read as YAML reads it', () => {
    const task = "    - name: Fail if nova-compute service failed to register\n      fail:\n        msg: >-\n          The Nova compute service failed to register itself on the following\n          hosts: {{ failed_compute_service_hosts | join(',') }}\n";
    const format = 'The Nova compute service failed to register itself on the following hosts: {hosts}';
    expect(missingPieces(task, format, 'template')).toEqual([]);
    expect(missingPieces(task.replace('itself on', 'itself in'), format, 'template')).toEqual(['The Nova compute service failed to register itself on the following hosts: ']);
  });

  test('a message whose ending changed is not found in pieces scattered over other messages', () => {
    // ironic's Redfish line lost its ". Error: %(error)s" tail in 2026.1; ". Error: " still stands in another
    // message of the file, so every piece is somewhere, but not as one message.
    const format = { text: 'Failed to connect to Redfish at %(address)s for node %(node)s. Error: %(error)s', style: 'python-percent' as const, path: 'redfish.py' };
    const before = "LOG.error('Failed to connect to Redfish at %(address)s for node %(node)s. Error: %(error)s', params)\n";
    const other = "LOG.warning('Redfish session refused. Error: %(error)s', params)\n";
    const after = "LOG.error('Failed to connect to Redfish at %(address)s for node %(node)s.', params)\n" + 'x = 1\n'.repeat(100) + other;
    expect(missingPieces(after, format.text, format.style)).toEqual([]);
    expect(apartPiece(after, format.text, format.style)).toEqual({ piece: '. Error: ', after: ' for node ' });
    expect(apartPiece(before + other, format.text, format.style)).toBeUndefined();
    const files: Record<string, string> = { old: before + other, new: after };
    const [atOld, atNew] = checkFormatAtRefs({ read: (ref) => files[ref] }, { ...format, refs: { '2025.2': 'old', '2026.1': 'new' } });
    expect(formatPresent(atOld!)).toBe(true);
    expect(formatPresent(atNew!)).toBe(false);
    expect(describeResult(atNew!)).toBe('not one message: ". Error: " is not within 400 characters after " for node "');
  });

  test('pieces of one message split over string literals and lines still count as one message', () => {
    const source = "LOG.error('AMQP server on '\n              '%(hostname)s:%(port)s is unreachable: '\n              \"%(err_str)s. Trying again in %(sleep_time)d \"\n  'seconds.')";
    expect(apartPiece(source, AMQP_UNREACHABLE_FORMAT.text, 'python-percent')).toBeUndefined();
  });

  describe('npm run drift against a git repository', () => {
    const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { encoding: 'utf8' });
    const repo = mkdtempSync(join(tmpdir(), 'fc-upstream-'));
    git(repo, 'init', '-q', '-b', 'master');
    mkdirSync(join(repo, 'oslo_messaging/_drivers'), { recursive: true });
    const file = join(repo, 'oslo_messaging/_drivers/impl_rabbit.py');
    writeFileSync(file, "LOG.error('AMQP server on %(hostname)s:%(port)s is unreachable: '\n          '%(err_str)s. Trying again in %(sleep_time)d seconds.', info)\n");
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'v1');
    for (const ref of ['unmaintained/2023.1', 'unmaintained/2024.1', 'stable/2025.1', 'stable/2025.2', 'stable/2026.1']) git(repo, 'branch', ref);
    for (const tag of ['2023.2-eol', '2024.2-eol']) git(repo, 'tag', tag);
    // Series before 2023.1 are named, not numbered, in branches and end-of-life tags.
    git(repo, 'branch', 'unmaintained/yoga');
    git(repo, 'tag', 'train-eol');
    writeFileSync(file, "LOG.error('Broker %(hostname)s:%(port)s cannot be reached: %(err_str)s', info)\n");
    git(repo, 'commit', '-qam', 'reword');
    git(repo, 'tag', 'next');

    const content = writeContentRoot({ failures: [makeFailure({ signatures: [sig({ formats: [{ ...AMQP_UNREACHABLE_FORMAT, refs: { ...AMQP_UNREACHABLE_FORMAT.refs, '2026.2': 'stable/2026.1' } }] })] })] });
    const run = (...args: string[]) => {
      const result = spawnSync(process.execPath, ['scripts/drift.ts', ...args, '--repo', repo, '--repository', 'https://github.com/openstack/oslo.messaging'], { env: { ...process.env, CONTENT_DIR: content }, encoding: 'utf8' });
      return { code: result.status, out: result.stdout + result.stderr };
    };

    test('verify passes when the text is at every recorded ref', () => {
      const result = run('verify');
      expect(result.code).toBe(0);
      expect(result.out).toContain('1 format string recorded for github.com/openstack/oslo.messaging: 0 not found');
    });

    test('verify reads branches a plain clone keeps only as origin/<branch>', () => {
      const clone = mkdtempSync(join(tmpdir(), 'fc-clone-'));
      execFileSync('git', ['clone', '-q', repo, clone]);
      expect(git(clone, 'branch', '--list', 'stable/2025.1')).toBe('');
      const result = spawnSync(process.execPath, ['scripts/drift.ts', 'verify', '--repo', clone, '--repository', 'https://github.com/openstack/oslo.messaging'], { env: { ...process.env, CONTENT_DIR: content }, encoding: 'utf8' });
      expect(result.stdout + result.stderr).toContain('1 format string recorded for github.com/openstack/oslo.messaging: 0 not found');
      expect(result.status).toBe(0);
    });

    test('verify --at a new ref names the signature that would break', () => {
      const result = run('verify', '--at', 'next');
      expect(result.code).toBe(1);
      expect(result.out).toMatch(/FAIL-0001\/amqp-unreachable formats\[0\] \(oslo_messaging\/_drivers\/impl_rabbit\.py\): would break at next: missing "AMQP server on "/);
    });

    test('locate prints the refs block of the releases that hold the text', () => {
      const result = run('locate', '--path', 'oslo_messaging/_drivers/impl_rabbit.py', '--text', AMQP_UNREACHABLE_FORMAT.text);
      expect(result.code).toBe(0);
      expect(result.out).toContain('refs: { "2019.2": train-eol, "2022.1": unmaintained/yoga, "2023.1": unmaintained/2023.1, "2023.2": 2023.2-eol, "2024.1": unmaintained/2024.1, "2024.2": 2024.2-eol, "2025.1": stable/2025.1, "2025.2": stable/2025.2, "2026.1": stable/2026.1 }');
      expect(result.out).toContain('# 2026.2 (master): missing');
    });

    test('gaps lists the messages at a ref that no published signature knows', () => {
      const known = run('gaps', '--at', 'train-eol');
      expect(known.code).toBe(0);
      expect(known.out).toContain('github.com/openstack/oslo.messaging at train-eol: 1 message in 1 file; 1 known to the catalogue (1 recorded as a format string, 0 matched when rendered), 0 not');
      const reworded = run('gaps');
      expect(reworded.code).toBe(0);
      expect(reworded.out).toContain("oslo_messaging/_drivers/impl_rabbit.py:1\tlog\terror\tBroker %(hostname)s:%(port)s cannot be reached: %(err_str)s\n");
      expect(reworded.out).toContain('at HEAD: 1 message in 1 file; 0 known to the catalogue');
    });

    test('--help prints the usage; an unknown option is named with the usage, not a stack trace', () => {
      const help = run('--help');
      expect(help.code).toBe(0);
      expect(help.out).toContain('npm run drift -- verify --repo DIR');
      const wrong = run('verify', '--ref', 'next');
      expect(wrong.code).toBe(2);
      expect(wrong.out).toContain("Unknown option '--ref'");
      expect(wrong.out).toContain('usage:');
      expect(wrong.out).not.toContain('at parseArgs');
    });
  });
});
