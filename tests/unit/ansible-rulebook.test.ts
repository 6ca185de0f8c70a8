/**
 * The Event-Driven Ansible rulebook (`/api/v1/exports/ansible/rulebook.yml`): valid against ansible-rulebook's
 * own published JSON Schema (copied into tests/fixtures/ansible-rulebook/ with its source), and it does what the
 * policy says: the default proposes everything, a cloud's policy runs what it allows on the hosts it names,
 * throttled per failure and host.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { ansiblePlaybooks } from '../../src/lib/feed/exports/ansible-playbooks.ts';
import { ansibleRulebook, HOST_LABEL_PATTERN } from '../../src/lib/feed/exports/ansible-rulebook.ts';
import { parsePolicy } from '../../src/lib/remediate/policy/parse-policy.ts';
import { realFeed } from '../fixtures/ansible.ts';

const schema = JSON.parse(readFileSync('tests/fixtures/ansible-rulebook/ruleset_schema.json', 'utf8')) as { $schema: string };
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

interface Rule {
  name: string;
  condition: string;
  throttle: { once_within: string; group_by_attributes: string[] };
  action: Record<string, Record<string, unknown>>;
}
type Rulebook = [{ name: string; hosts: string; sources: Record<string, unknown>[]; rules: Rule[] }];

function rulebookOf(policyText?: string): { rulebook: Rulebook; body: string } {
  const policy = policyText === undefined ? undefined : parsePolicy(policyText, 'policy.yaml');
  const { body, path } = ansibleRulebook({ ...realFeed(), policy, policySource: policyText === undefined ? undefined : 'policy.yaml' });
  expect(path).toBe('ansible/rulebook.yml');
  return { rulebook: parse(body) as Rulebook, body };
}

function expectValid(rulebook: Rulebook): void {
  expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  expect(validate(rulebook), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
}

const alertable = () => realFeed().failures.filter((f) => f.status !== 'withdrawn' && f.signatures.length > 0 && f.remediations.length > 0);

describe('the published rulebook (default policy)', () => {
  const { rulebook } = rulebookOf();
  const rules = rulebook[0].rules;

  test('is valid against ansible-rulebook\'s ruleset schema', () => expectValid(rulebook));

  test('the schema check has teeth: a wrong throttle or an unknown action argument is refused', () => {
    const broken = structuredClone(rulebook);
    broken[0].rules[0]!.throttle.once_within = 'soon';
    expect(validate(broken)).toBe(false);
    const unknown = structuredClone(rulebook);
    unknown[0].rules[0]!.action = { run_playbook: { name: 'x.yml', timeout: 5 } };
    expect(validate(unknown)).toBe(false);
  });

  test('listens to Alertmanager and has one rule per failure that can alert and has a remediation', () => {
    expect(rulebook[0].sources[0]).toMatchObject({ 'ansible.eda.alertmanager': { host: '0.0.0.0', port: 5000 } });
    expect(rules.map((r) => /^FAIL-\d+/.exec(r.name)![0])).toEqual(alertable().map((f) => f.id));
    expect(new Set(rules.map((r) => r.name)).size).toBe(rules.length);
  });

  test('runs nothing: every rule proposes, throttled once an hour per failure and host', () => {
    for (const rule of rules) {
      expect(Object.keys(rule.action), rule.name).toEqual(['debug']);
      expect(rule.throttle).toEqual({ once_within: '1 hour', group_by_attributes: ['event.alert.labels.failure_id', 'event.alert.labels.host'] });
      const id = /^FAIL-\d+/.exec(rule.name)![0];
      expect(rule.condition).toBe(
        `event.alert.status == "firing" and event.alert.labels.failure_id == "${id}" and event.alert.labels.host is defined and event.alert.labels.host is match("${HOST_LABEL_PATTERN}")`,
      );
    }
  });
});

describe('a rulebook generated with a cloud\'s policy', () => {
  const policyText = readFileSync('public/api/v1/policy.example.yaml', 'utf8');
  const { rulebook, body } = rulebookOf(policyText);
  const rules = rulebook[0].rules;

  test('is valid against ansible-rulebook\'s ruleset schema', () => expectValid(rulebook));

  test('runs the allowed playbook only on the hosts the policy allows, before a catch-all that proposes', () => {
    const forFailure = rules.filter((r) => r.name.startsWith('FAIL-0001 ') || r.name.startsWith('FAIL-0001:'));
    expect(forFailure.map((r) => r.name)).toEqual(['FAIL-0001 on compute-01, compute-02: run REM-0001', 'FAIL-0001 on any other host: propose REM-0001']);
    const [run, propose] = forFailure as [Rule, Rule];
    expect(run.condition).toMatch(/ and event\.alert\.labels\.host in \["compute-01", "compute-02"\]$/);
    expect(run.action).toEqual({
      run_playbook: { name: 'REM-0001.yml', extra_vars: { failure_catalogue_hosts: '{{ event.alert.labels.host }}', failure_catalogue_timeout: 600, failure_catalogue_args: [] } },
    });
    expect(propose.condition).not.toContain(' in [');
    expect(Object.keys(propose.action)).toEqual(['debug']);
  });

  test('every playbook it runs is one of the published playbooks', () => {
    const published = new Set(ansiblePlaybooks(realFeed()).map((f) => f.path.replace(/^ansible\//, '')));
    const run = rules.flatMap((r) => (r.action.run_playbook ? [r.action.run_playbook.name as string] : []));
    expect(run.length).toBeGreaterThan(0);
    for (const name of run) expect(published.has(name), name).toBe(true);
  });

  test('says which policy it was generated with', () => {
    expect(body).toMatch(/^# Policy: policy\.yaml\.$/m);
  });

  test('a rule\'s own throttle and time limit reach the rulebook', () => {
    const text = 'version: 1\nrules:\n  - {name: rabbit, match: {failures: [FAIL-0001]}, action: run, allow_without_check_mode: true, throttle: {once_within: 5 minutes}, time_limit: 2 minutes}\n';
    const rule = rulebookOf(text).rulebook[0].rules.find((r) => r.name.startsWith('FAIL-0001'))!;
    expect(rule.throttle.once_within).toBe('5 minutes');
    expect(rule.action.run_playbook!.extra_vars).toMatchObject({ failure_catalogue_timeout: 120 });
  });

  test('with an approval workflow, proposals launch it (run_workflow_template) and the rulebook stays valid', () => {
    const withApproval = `${policyText}\napproval:\n  workflow_template: Failure Catalogue approval\n  organization: Default\n`;
    const { rulebook: approving } = rulebookOf(withApproval);
    expectValid(approving);
    const propose = approving[0].rules.find((r) => r.name === 'FAIL-0001 on any other host: propose REM-0001')!;
    expect(propose.action).toEqual({
      run_workflow_template: {
        name: 'Failure Catalogue approval',
        organization: 'Default',
        job_args: {
          extra_vars: {
            failure_catalogue_failure: 'FAIL-0001',
            failure_catalogue_remediations: ['REM-0001'],
            failure_catalogue_playbook: 'REM-0001.yml',
            failure_catalogue_hosts: '{{ event.alert.labels.host }}',
            failure_catalogue_timeout: 600,
          },
        },
      },
    });
  });
});

test('the host label pattern accepts host names and refuses host patterns and Jinja', () => {
  const host = new RegExp(HOST_LABEL_PATTERN);
  for (const name of ['compute-01', 'ctl1.example.org', 'node_7']) expect(host.test(name), name).toBe(true);
  for (const name of ['all:!db', 'web*', 'a,b', '{{ lookup("pipe", "id") }}', '', '-x', '&db']) expect(host.test(name), name).toBe(false);
});

test('catalogue text never reaches a field ansible-rulebook renders with Jinja', () => {
  const { rulebook } = rulebookOf();
  const titles = new Set(realFeed().failures.map((f) => f.title));
  for (const rule of rulebook[0].rules) {
    const rendered = JSON.stringify(rule.action);
    expect(rendered.replaceAll('{{ event.alert.labels.host }}', '')).not.toMatch(/\{\{|\{%/);
    for (const title of titles) if (title.length > 20) expect(rendered).not.toContain(title);
  }
});
