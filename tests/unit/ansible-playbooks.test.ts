/**
 * The published playbooks (`/api/v1/exports/ansible/<REM-ID>.yml`): every one generated from the real catalogue
 * passes Debian's `ansible-playbook --syntax-check`; check mode runs nothing; code reaches its interpreter unchanged,
 * with Jinja-looking text left literal; kind `ansible` is published as written.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, test, vi } from 'vitest';

// Each test starts the real ansible-playbook (seconds each on a busy machine).
vi.setConfig({ testTimeout: 180_000 });
import { ansiblePlaybook as playbookFor, ansiblePlaybooks, interpreter } from '../../src/lib/feed/exports/ansible-playbooks.ts';
import type { ExportFile } from '../../src/lib/feed/exports/export-file.ts';
import { ansiblePlaybook, realFeed, remediationWith } from '../fixtures/ansible.ts';

const LOCAL = ['-i', 'localhost,', '-c', 'local', '-e', 'failure_catalogue_hosts=localhost'];

/** Writes playbooks into a fresh directory, as the site publishes them (exports/ansible/...). */
function writeExports(files: readonly ExportFile[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'fc-playbooks-'));
  for (const file of files) {
    mkdirSync(join(dir, file.path, '..'), { recursive: true });
    writeFileSync(join(dir, file.path), file.body);
  }
  return dir;
}

describe('the playbooks of the real catalogue', () => {
  let files: ExportFile[];
  let dir: string;
  beforeAll(() => {
    files = ansiblePlaybooks(realFeed());
    dir = writeExports(files);
  });

  test('every remediation with automation has one, at ansible/<REM-ID>.yml', () => {
    const automated = realFeed().remediations.filter((r) => r.automation && r.status !== 'withdrawn');
    expect(automated.length).toBeGreaterThan(0);
    expect(files.map((f) => f.path).sort()).toEqual(automated.map((r) => `ansible/${r.id}.yml`).sort());
    for (const file of files) expect(file.contentType).toBe('application/yaml; charset=utf-8');
  });

  test('every header names the title, the page, risk, disruption, reversible, idempotent and the catalogue version', () => {
    for (const file of files) {
      const remediation = realFeed().remediations.find((r) => file.path === `ansible/${r.id}.yml`)!;
      const header = file.body.slice(0, file.body.indexOf('\n- '));
      expect(header.split('\n').every((line) => line === '' || line.startsWith('#')), file.path).toBe(true);
      expect(header).toContain(`# ${remediation.id}: ${remediation.title}`);
      expect(header).toContain(`# Details: ${remediation.html_url}`);
      expect(header).toContain(`Risk: ${remediation.risk}. Disruption: ${remediation.disruption}. Reversible: ${remediation.reversible ? 'yes' : 'no'}. Idempotent: ${remediation.idempotent ? 'yes' : 'no'}.`);
      expect(header).toContain(`# Catalogue: ${remediation.id} as modified ${remediation.modified}, Failure Catalogue feed schema 1.`);
    }
  });

  test('every one passes ansible-playbook --syntax-check (one run over all of them; a failure names the file)', () => {
    // One ansible-playbook process for all: import_playbook loads and checks each file, and its errors name the file.
    const wrapper = files.map((f) => ({ 'ansible.builtin.import_playbook': f.path }));
    writeFileSync(join(dir, 'all.yml'), JSON.stringify(wrapper));
    const run = ansiblePlaybook(['--syntax-check', ...LOCAL, 'all.yml'], dir);
    expect(run.output).not.toMatch(/ERROR|WARNING.*(?:deprecat|unknown)/i);
    expect(run.status, run.output).toBe(0);
  });

  test('check mode runs none of the shell code, and says so', () => {
    const shell = files.find((f) => /^#!\/bin\/sh/m.test(parse(f.body)[0].tasks[1].vars.failure_catalogue_code))!;
    const run = ansiblePlaybook(['--check', ...LOCAL, shell.path], dir);
    expect(run.status, run.output).toBe(0);
    expect(run.output).toMatch(/Check mode: the shell code of REM-\d+ was NOT run, because a shell step cannot be dry-run/);
    expect(run.output).toMatch(/ok=1 +changed=0 +unreachable=0 +failed=0 +skipped=2/);
  });
});

describe('wrapped code', () => {
  const marker = () => join(mkdtempSync(join(tmpdir(), 'fc-marker-')), 'ran');

  test('in check mode nothing is executed; without it, the same playbook runs the code with its arguments', () => {
    const remediation = remediationWith('REM-0001', { automation: { kind: 'shell', code: '#!/bin/sh\nset -eu\ntouch "$1"\necho "touched $1 as $0"\n' } });
    const dir = writeExports([playbookFor(remediation)]);
    const file = marker();
    const args = ['-e', JSON.stringify({ failure_catalogue_args: [file] })];

    const check = ansiblePlaybook(['--check', ...LOCAL, ...args, 'ansible/REM-0001.yml'], dir);
    expect(check.status, check.output).toBe(0);
    expect(existsSync(file), 'check mode executed the shell code').toBe(false);
    expect(check.output).toContain('Check mode: the shell code of REM-0001 was NOT run');

    const real = ansiblePlaybook([...LOCAL, ...args, 'ansible/REM-0001.yml'], dir);
    expect(real.status, real.output).toBe(0);
    expect(existsSync(file)).toBe(true);
    expect(real.output).toContain(`touched ${file} as REM-0001`);
  });

  test('shell, openstack-cli and python code with Jinja-looking text runs literally: Jinja never evaluates it', () => {
    const file = marker();
    const literals = ['{{ 7 * 7 }}', '{% if true %}x{% endif %}', `{{ lookup('pipe', 'touch ${file}') }}`, '${HOME:+set}'];
    const shell = `printf '%s\\n' ${literals.map((l) => `'${l.replaceAll("'", `'"'"'`)}'`).join(' ')}\n`;
    const codes = { shell: `#!/bin/sh\n${shell}`, 'openstack-cli': shell, python: literals.map((l) => `print(${JSON.stringify(l)})`).join('\n') } as const;
    // Ansible templates play and task names too: a title is catalogue text as well.
    const title = `Restart {{ lookup('pipe', 'touch ${file}.title') }} now`;
    const playbooks = Object.entries(codes).map(([kind, code], i) =>
      playbookFor(remediationWith(['REM-0001', 'REM-0002', 'REM-0003'][i]!, { title, automation: { kind: kind as keyof typeof codes, code } })),
    );
    for (const playbook of playbooks) expect(playbook.body).toContain('!unsafe');
    const dir = writeExports(playbooks);
    writeFileSync(join(dir, 'all.yml'), JSON.stringify(playbooks.map((p) => ({ 'ansible.builtin.import_playbook': p.path }))));
    const run = ansiblePlaybook([...LOCAL, 'all.yml'], dir);
    expect(run.status, run.output).toBe(0);
    for (const [i, kind] of Object.keys(codes).entries()) {
      const output = run.output.slice(run.output.indexOf(`TASK [Output of REM-000${i + 1}]`));
      for (const literal of literals) expect(output, `${kind}: ${literal}`).toContain(JSON.stringify(literal));
    }
    expect(run.output).not.toContain('"49"');
    expect(existsSync(file), 'a Jinja lookup in the code was evaluated').toBe(false);
    expect(existsSync(`${file}.title`), 'a Jinja lookup in the title was evaluated').toBe(false);
    expect(run.output).toContain(`TASK [REM-0001: ${title}]`);
  });

  test('code with characters YAML 1.1 cannot carry (DEL, U+2028, control characters) reaches the interpreter byte for byte', () => {
    const text = 'a\u007fb\u2028c\u0085d\u0001e {{ x }}';
    const remediation = remediationWith('REM-0001', { automation: { kind: 'python', code: `import sys\nsys.stdout.write(repr(${JSON.stringify(text)}))\n` } });
    const dir = writeExports([playbookFor(remediation)]);
    const run = ansiblePlaybook([...LOCAL, 'ansible/REM-0001.yml'], dir);
    expect(run.status, run.output).toBe(0);
    // The debug output is JSON: the repr() Python printed, quoted once more.
    expect(run.output).toContain(JSON.stringify(String.raw`'a\x7fb\u2028c\x85d\x01e {{ x }}'`));
  });

  test('a title cannot end the header comment and become YAML', () => {
    const remediation = remediationWith('REM-0001', { title: 'Innocent title\u2028- hosts: all\r  tasks: [{shell: "rm -rf /"}]' });
    const playbook = playbookFor(remediation);
    const plays = parse(playbook.body) as Record<string, unknown>[];
    expect(plays).toHaveLength(1);
    expect(plays[0]!.hosts).toMatch(/^\{\{ failure_catalogue_hosts/);
    expect(playbook.body).not.toMatch(/\u2028|\r/);
  });

  test.each([
    ['#!/bin/sh\necho', ['/bin/sh', '-c']],
    ['#!/bin/bash -e\necho', ['/bin/bash', '-e', '-c']],
    ['#!/usr/bin/env bash\necho', ['bash', '-c']],
    ['#!/usr/bin/perl\necho', ['/bin/sh', '-c']],
    ['echo no shebang', ['/bin/sh', '-c']],
  ])('the interpreter of %j is %j', (code, expected) => {
    expect(interpreter('shell', code)).toEqual(expected);
  });
});

describe('kind ansible, as written', () => {
  test('a task list becomes the tasks of one play; check mode is honoured by its modules', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fc-marker-')), 'made');
    const code = `# The remediation's own comment\n- name: Create the marker\n  ansible.builtin.file:\n    path: ${file}\n    state: touch\n- name: Literal text stays literal\n  ansible.builtin.debug:\n    msg: !unsafe '{{ not evaluated }}'\n`;
    const playbook = playbookFor(remediationWith('REM-0001', { automation: { kind: 'ansible', code } }));
    expect(playbook.body).toContain("# The remediation's own comment");
    const plays = parse(playbook.body, { customTags: [{ tag: '!unsafe', resolve: (s: string) => s }] }) as { tasks: unknown[] }[];
    expect(plays).toHaveLength(1);
    expect(plays[0]!.tasks).toHaveLength(2);
    const dir = writeExports([playbook]);

    const check = ansiblePlaybook(['--check', ...LOCAL, 'ansible/REM-0001.yml'], dir);
    expect(check.status, check.output).toBe(0);
    expect(existsSync(file), 'check mode created the file').toBe(false);
    const real = ansiblePlaybook([...LOCAL, 'ansible/REM-0001.yml'], dir);
    expect(real.status, real.output).toBe(0);
    expect(existsSync(file)).toBe(true);
    expect(real.output).toContain('"msg": "{{ not evaluated }}"');
  });

  test('a list of plays is published as written, under the header', () => {
    const code = '- name: Restart the agent\n  hosts: compute\n  become: true\n  tasks:\n    - ansible.builtin.systemd:\n        name: neutron-openvswitch-agent\n        state: restarted\n';
    const playbook = playbookFor(remediationWith('REM-0001', { automation: { kind: 'ansible', code } }));
    expect(playbook.body.endsWith(code)).toBe(true);
    const dir = writeExports([playbook]);
    const run = ansiblePlaybook(['--syntax-check', '-i', 'localhost,', 'ansible/REM-0001.yml'], dir);
    expect(run.status, run.output).toBe(0);
  });

  test('ansible code that is not YAML is an error naming the remediation', () => {
    expect(() => playbookFor(remediationWith('REM-0001', { automation: { kind: 'ansible', code: '- name: x\n  bad: [unclosed\n' } }))).toThrow(/^REM-0001: automation\.code \(kind ansible\) is not valid YAML/);
  });
});
