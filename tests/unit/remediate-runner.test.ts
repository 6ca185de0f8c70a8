/**
 * The remediation runner as a cloud relies on it when `match --follow` may act on a match: nothing runs unless
 * the policy says run; Ansible runs only after its check mode passed (real ansible-playbook); code without a dry
 * run needs the policy's explicit permission; a run that outlives its time limit is killed with everything it
 * started; the same failure on a host is decided once per throttle window; the same remediation never runs twice on
 * a host at once, also across processes; and every decision lands in the append-only audit log.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseFeed, type Feed } from '../../src/lib/matcher/feed-documents.ts';
import { feedFromContent } from '../../src/lib/matcher/node/content-feed.ts';
import type { AuditRecord } from '../../src/lib/remediate/audit-log.ts';
import type { Decide, Decision } from '../../src/lib/remediate/policy-contract.ts';
import { RemediationRunner, type RunnerOptions } from '../../src/lib/remediate/runner.ts';
import { makeFailure, makeRemediation, writeContentRoot } from '../fixtures/entries.ts';

const HOST = 'compute-1';
const LINE = '2026-03-04 10:15:02.123 2741 ERROR oslo.messaging._drivers.impl_rabbit [-] AMQP server on controller1:5672 is unreachable: $(touch /tmp/never) {{ lookup("pipe", "id") }}';

let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'remediate-'));
  const ansible = spawnSync('ansible-playbook', ['--version'], { encoding: 'utf8' });
  if (ansible.status !== 0) throw new Error('ansible-playbook is not installed: run node scripts/ensure-tools.ts (Debian package ansible-core)');
});

/** A feed whose FAIL-0001 is fixed by one remediation with the given automation. */
function feedWith(automations: Array<{ id: string; kind: string; code: string; verification?: string }>, failures = ['FAIL-0001']): Feed {
  const root = writeContentRoot({
    failures: failures.map((id) => makeFailure({ id })),
    remediations: automations.map((a) =>
      makeRemediation({ id: a.id, fixes: failures, automation: { kind: a.kind, code: a.code }, verification: { how: 'Check it.', status: a.verification ?? 'verified', releases: [] } }),
    ),
  });
  const json = feedFromContent(root);
  const { feed, problems } = parseFeed({ name: 'failures.json', text: JSON.stringify(json.failures) }, { name: 'remediations.json', text: JSON.stringify(json.remediations) });
  if (!feed) throw new Error(problems.map((p) => p.message).join('\n'));
  return feed;
}

const always = (action: Decision['action'], rule: string | null = 'test-rule'): Decide<null> => () => ({ action, rule, reason: `the test says ${action}` });

function runner(feed: Feed, options: Partial<RunnerOptions<null>> = {}) {
  const dir = mkdtempSync(join(work, 'case-'));
  const auditLog = join(dir, 'audit.jsonl');
  const r = new RemediationRunner<null>({ feed, policy: null, decide: always('run'), auditLog, localHosts: [HOST], timeoutMs: 60_000, release: '2025.1', deploymentTool: 'kolla-ansible', ...options });
  return { r, dir, auditLog, audit: () => readFileSync(auditLog, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as AuditRecord) };
}

const event = (overrides: Partial<{ failureId: string; host: string; line: string }> = {}) => ({
  failureId: 'FAIL-0001',
  signatureId: 'amqp-unreachable',
  service: 'oslo',
  host: HOST,
  line: LINE,
  file: '/var/log/kolla/nova/nova-compute.log',
  time: '2026-03-04T10:15:02Z',
  ...overrides,
});

/** A playbook that writes `marker` only outside check mode (the copy module honours --check). */
const writingPlaybook = (marker: string) => `- hosts: all\n  gather_facts: false\n  tasks:\n    - ansible.builtin.copy:\n        dest: ${JSON.stringify(marker)}\n        content: "{{ failure_id }} on {{ target_host }}\\n"\n`;

describe('policy says propose', () => {
  test('nothing runs; the proposal is logged with the playbook and a filled-in outcome link', async () => {
    const marker = join(work, 'proposed-marker');
    const { r, audit } = runner(feedWith([{ id: 'REM-0001', kind: 'shell', code: `touch ${marker}\n` }]), { decide: always('propose', null), allowWithoutCheckMode: true });
    const [record] = await r.handle(event());
    expect(existsSync(marker)).toBe(false);
    expect(record).toMatchObject({ event: 'proposed', decision: { action: 'propose', rule: null }, remediation: { id: 'REM-0001', kind: 'shell', playbook_url: 'http://localhost:4321/api/v1/exports/ansible/REM-0001.yml' } });
    expect(audit()).toEqual([record]);
    const url = new URL(record!.report_url!);
    expect(url.searchParams.get('template')).toBe('hit-this-too.yml');
    expect(url.searchParams.get('failure_id')).toBe('FAIL-0001');
    expect(url.searchParams.get('remediation_id')).toBe('REM-0001');
    // Redacted as the intake redacts: the broker's host name does not leave the machine.
    expect(url.searchParams.get('logs')).toContain('AMQP server on host-1:5672');
    expect(url.searchParams.get('logs')).not.toContain('controller1');
  });

  test('a policy that throws proposes, it never allows', async () => {
    const marker = join(work, 'throw-marker');
    const { r } = runner(feedWith([{ id: 'REM-0001', kind: 'shell', code: `touch ${marker}\n` }]), { decide: () => { throw new Error('broken rule'); }, allowWithoutCheckMode: true });
    const [record] = await r.handle(event());
    expect(record).toMatchObject({ event: 'proposed', decision: { action: 'propose' } });
    expect(record!.reason).toContain('broken rule');
    expect(existsSync(marker)).toBe(false);
  });
});

describe('ansible: check mode first', () => {
  test('check mode passes, then the playbook runs for real, with the match as extra variables', async () => {
    const marker = join(work, 'ansible-marker');
    const { r, audit } = runner(feedWith([{ id: 'REM-0001', kind: 'ansible', code: writingPlaybook(marker) }]));
    const [record] = await r.handle(event());
    expect(record!.event).toBe('run');
    expect(record!.check).toMatchObject({ mode: 'ansible-check', result: { exit_code: 0, timed_out: false } });
    if (record!.check?.mode !== 'ansible-check') throw new Error('no check');
    expect(record!.check.result.argv).toContain('--check');
    expect(record!.run).toMatchObject({ exit_code: 0, timed_out: false });
    expect(record!.run!.argv).not.toContain('--check');
    expect(readFileSync(marker, 'utf8')).toBe(`FAIL-0001 on ${HOST}\n`);
    expect(new URL(record!.report_url!).searchParams.get('outcome')).toBe('resolved');
    expect(audit()).toHaveLength(1);
  });

  test('a failing check mode stops the real run', async () => {
    const marker = join(work, 'check-failed-marker');
    const playbook = `- hosts: all\n  gather_facts: false\n  tasks:\n    - ansible.builtin.assert:\n        that: false\n        fail_msg: precondition not met\n    - ansible.builtin.copy:\n        dest: ${JSON.stringify(marker)}\n        content: ran\n`;
    const { r } = runner(feedWith([{ id: 'REM-0001', kind: 'ansible', code: playbook }]));
    const [record] = await r.handle(event());
    expect(record!.event).toBe('check-failed');
    expect(record!.run).toBeUndefined();
    if (record!.check?.mode !== 'ansible-check') throw new Error('no check');
    expect(record!.check.result.exit_code).not.toBe(0);
    expect(record!.check.result.stdout).toContain('precondition not met');
    expect(existsSync(marker)).toBe(false);
  });

  test('the generated playbook from the exports is preferred to the code as written', async () => {
    const marker = join(work, 'generated-marker');
    const { r } = runner(feedWith([{ id: 'REM-0001', kind: 'ansible', code: '- hosts: all\n  tasks: []\n' }]), { playbookFor: () => writingPlaybook(marker) });
    await r.handle(event());
    expect(existsSync(marker)).toBe(true);
  });
});

describe('code without a dry run', () => {
  test('is proposed unless the policy explicitly allows remediations without check mode', async () => {
    const marker = join(work, 'no-check-marker');
    const { r } = runner(feedWith([{ id: 'REM-0001', kind: 'shell', code: `touch ${marker}\n` }]));
    const [record] = await r.handle(event());
    expect(record).toMatchObject({ event: 'proposed', check: { mode: 'none' } });
    expect(record!.reason).toMatch(/no dry run.*does not allow/);
    expect(existsSync(marker)).toBe(false);
  });

  test('runs when allowed, as a file given to the interpreter, with the match in the environment, not the code', async () => {
    const out = join(work, 'shell-out');
    const { r } = runner(feedWith([{ id: 'REM-0001', kind: 'shell', code: `printf '%s %s' "$FAILURE_CATALOGUE_FAILURE_ID" "$FAILURE_CATALOGUE_TARGET_HOST" > ${out}\necho done\n` }]), { allowWithoutCheckMode: true });
    const [record] = await r.handle(event());
    expect(record).toMatchObject({ event: 'run', check: { mode: 'none' }, run: { exit_code: 0, stdout: 'done\n' } });
    expect(record!.run!.argv[0]).toMatch(/(^|\/)sh$/);
    expect(record!.run!.argv[1]).toMatch(/REM-0001\.sh$/);
    expect(readFileSync(out, 'utf8')).toBe(`FAIL-0001 ${HOST}`);
    expect(existsSync('/tmp/never')).toBe(false);
  });

  test('is not run here for a match from another host', async () => {
    const marker = join(work, 'remote-marker');
    const { r } = runner(feedWith([{ id: 'REM-0001', kind: 'python', code: `open(${JSON.stringify(marker)}, "w").write("x")\n` }]), { allowWithoutCheckMode: true });
    const [record] = await r.handle(event({ host: 'compute-2' }));
    expect(record).toMatchObject({ event: 'proposed' });
    expect(record!.reason).toContain('compute-2');
    expect(existsSync(marker)).toBe(false);
  });

  test('a non-zero exit is recorded and pre-fills the outcome as not resolved', async () => {
    const { r } = runner(feedWith([{ id: 'REM-0001', kind: 'python', code: 'import sys\nprint("oops", file=sys.stderr)\nsys.exit(3)\n' }]), { allowWithoutCheckMode: true });
    const [record] = await r.handle(event());
    expect(record).toMatchObject({ event: 'run', run: { exit_code: 3, stderr: 'oops\n' } });
    expect(new URL(record!.report_url!).searchParams.get('outcome')).toBe('not-resolved');
  });
});

describe('limits', () => {
  test('a run past its time limit is killed with its whole process group', async () => {
    const pidFile = join(work, 'background.pid');
    const code = `sleep 300 &\necho $! > ${pidFile}\nsleep 300\n`;
    const { r } = runner(feedWith([{ id: 'REM-0001', kind: 'shell', code }]), { allowWithoutCheckMode: true, timeoutMs: 1_000 });
    const started = Date.now();
    const [record] = await r.handle(event());
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(record!.run).toMatchObject({ timed_out: true, exit_code: null, signal: 'SIGTERM' });
    const background = Number(readFileSync(pidFile, 'utf8'));
    // Killed: gone, or a zombie waiting for whoever adopted it to reap it (state Z), but not running.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stat = existsSync(`/proc/${background}/stat`) ? readFileSync(`/proc/${background}/stat`, 'utf8') : '';
    expect(stat.replace(/^.*\) /s, '').charAt(0) || 'gone').toMatch(/^(gone|Z|X)$/);
  });

  test('output is kept bounded, its start and its end', async () => {
    const code = 'echo FIRST\nhead -c 1000000 /dev/zero | tr "\\0" x\necho\necho LAST\n';
    const { r } = runner(feedWith([{ id: 'REM-0001', kind: 'shell', code }]), { allowWithoutCheckMode: true, maxOutputBytes: 1024 });
    const [record] = await r.handle(event());
    const run = record!.run!;
    expect(run.stdout_bytes).toBeGreaterThan(1_000_000);
    expect(run.output_truncated).toBe(true);
    expect(run.stdout.length).toBeLessThan(1200);
    expect(run.stdout.startsWith('FIRST\n')).toBe(true);
    expect(run.stdout.endsWith('LAST\n')).toBe(true);
  });

  test('the same failure on the same host is decided once per throttle window, and the held-back matches are counted', async () => {
    let now = Date.parse('2026-03-04T10:00:00Z');
    const { r, audit } = runner(feedWith([{ id: 'REM-0001', kind: 'shell', code: 'true\n' }]), { decide: always('propose'), throttleMs: 60_000, now: () => now });
    expect(await r.handle(event())).toHaveLength(1);
    expect(await r.handle(event())).toEqual([]);
    expect(await r.handle(event())).toEqual([]);
    expect(await r.handle(event({ host: 'compute-2' }))).toHaveLength(1);
    now += 61_000;
    const [later] = await r.handle(event());
    expect(later!.suppressed).toBe(2);
    expect(audit().map((a) => a.match.host)).toEqual([HOST, 'compute-2', HOST]);
  });

  test('the same remediation never runs twice on a host at once', async () => {
    // REM-0001 fixes two failures: two matches at once, one run.
    const feed = feedWith([{ id: 'REM-0001', kind: 'shell', code: 'sleep 1\n' }], ['FAIL-0001', 'FAIL-0002']);
    const { r } = runner(feed, { allowWithoutCheckMode: true });
    const records = (await Promise.all([r.handle(event()), r.handle(event({ failureId: 'FAIL-0002' }))])).flat();
    expect(records.map((x) => x.event).sort()).toEqual(['run', 'skipped']);
  });

  test('a lock held by another live process is respected; a dead owner\'s lock is taken over', async () => {
    const feed = feedWith([{ id: 'REM-0001', kind: 'shell', code: 'true\n' }]);
    const { r, auditLog } = runner(feed, { allowWithoutCheckMode: true, throttleMs: 0 });
    const lock = join(`${auditLog}.locks`, `REM-0001@${HOST}.lock`);
    const other = spawnSync('sh', ['-c', 'echo $PPID'], { encoding: 'utf8' }); // our own process: alive, not this runner
    writeFileSync(lock, other.stdout.trim());
    expect((await r.handle(event()))[0]!.event).toBe('skipped');
    const dead = spawnSync('true');
    writeFileSync(lock, String(dead.pid));
    expect((await r.handle(event()))[0]!.event).toBe('run');
    expect(existsSync(lock)).toBe(false);
  });
});

describe('the audit log', () => {
  test('is appended to, one JSON object per line, never rewritten', async () => {
    const { r, auditLog } = runner(feedWith([{ id: 'REM-0001', kind: 'shell', code: 'true\n' }]), { decide: always('propose'), throttleMs: 0 });
    writeFileSync(auditLog, '{"earlier":"line"}\n');
    await r.handle(event());
    await r.handle(event({ failureId: 'FAIL-9999' }));
    const lines = readFileSync(auditLog, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('{"earlier":"line"}');
    expect(lines.slice(1).map((l) => (JSON.parse(l) as AuditRecord).event)).toEqual(['proposed', 'error']);
  });

  test('a host that is not a host name is refused, not run', async () => {
    const { r } = runner(feedWith([{ id: 'REM-0001', kind: 'shell', code: 'true\n' }]), { allowWithoutCheckMode: true });
    const [record] = await r.handle(event({ host: '../../etc/passwd' }));
    expect(record).toMatchObject({ event: 'error' });
    expect(record!.run).toBeUndefined();
  });
});

describe('under a policy file (src/lib/remediate/policy)', () => {
  const policyRunner = async (feed: Feed, policyYaml: string) => {
    const { parsePolicy } = await import('../../src/lib/remediate/policy/parse-policy.ts');
    const { policyRemediationRunner } = await import('../../src/lib/remediate/policy-runner.ts');
    const dir = mkdtempSync(join(work, 'policy-'));
    return policyRemediationRunner({ feed, policy: parsePolicy(policyYaml, 'policy.yaml'), auditLog: join(dir, 'audit.jsonl'), localHosts: [HOST] });
  };

  test('the default policy proposes everything', async () => {
    const marker = join(work, 'default-policy-marker');
    const r = await policyRunner(feedWith([{ id: 'REM-0001', kind: 'ansible', code: writingPlaybook(marker) }]), 'version: 1\n');
    const [record] = await r.handle(event());
    expect(record).toMatchObject({ event: 'proposed', decision: { action: 'propose', rule: null } });
    expect(existsSync(marker)).toBe(false);
  });

  test('a run rule runs the generated playbook after check mode, with the rule in the audit record', async () => {
    const marker = join(work, 'policy-ansible-marker');
    const tasks = `- ansible.builtin.copy:\n    dest: ${JSON.stringify(marker)}\n    content: "ran on {{ inventory_hostname }}\\n"\n`;
    const r = await policyRunner(feedWith([{ id: 'REM-0001', kind: 'ansible', code: tasks }]), 'version: 1\nrules:\n  - name: verified ansible runs\n    match: { verification: [verified] }\n    action: run\n');
    const [record] = await r.handle(event());
    expect(record).toMatchObject({ event: 'run', decision: { action: 'run', rule: 'verified ansible runs' }, check: { mode: 'ansible-check' }, run: { exit_code: 0 } });
    expect(readFileSync(marker, 'utf8')).toBe(`ran on ${HOST}\n`);
  });

  test('shell code runs only when the rule sets allow_without_check_mode', async () => {
    const marker = join(work, 'policy-shell-marker');
    const feed = feedWith([{ id: 'REM-0001', kind: 'shell', code: `touch ${marker}\n` }]);
    const rule = 'version: 1\nrules:\n  - name: run it\n    action: run\n';
    const [proposed] = await (await policyRunner(feed, rule)).handle(event());
    expect(proposed).toMatchObject({ event: 'proposed', decision: { action: 'propose', rule: 'run it' } });
    expect(existsSync(marker)).toBe(false);
    const [ran] = await (await policyRunner(feed, `${rule}    allow_without_check_mode: true\n`)).handle(event());
    expect(ran).toMatchObject({ event: 'run', check: { mode: 'none' }, run: { exit_code: 0 } });
    expect(existsSync(marker)).toBe(true);
  });
});
