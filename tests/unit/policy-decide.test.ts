/**
 * decide(): every selector of a policy rule, first match wins, the default proposes, and the safety floor under
 * every policy (withdrawn, no automation, no check mode) holds. Decisions are made on real catalogue documents.
 */
import { describe, expect, test } from 'vitest';
import { decide, decisionLimits, DEFAULT_POLICY } from '../../src/lib/remediate/policy/decide.ts';
import { parsePolicy } from '../../src/lib/remediate/policy/parse-policy.ts';
import type { FeedRemediation } from '../../src/schemas/feed.ts';
import { policy as policySchema, type Policy, type PolicyInput } from '../../src/schemas/policy.ts';
import { realFailure, realFeed, remediationWith } from '../fixtures/ansible.ts';

const failure = realFailure('FAIL-0001');
/** REM-0001 as published, but Ansible code (so it has a check mode) and known properties to select on. */
const remediation: FeedRemediation = remediationWith('REM-0001', {
  status: 'published',
  fixes: ['FAIL-0001'],
  type: 'fix',
  risk: 'low',
  disruption: 'service-restart',
  reversible: true,
  idempotent: true,
  verification: { how: 'The listener answers.', status: 'verified', releases: [] },
  automation: { kind: 'ansible', code: '- ansible.builtin.debug: {msg: hi}\n' },
});

const policyWith = (input: Omit<PolicyInput, 'version'>): Policy => policySchema.parse({ version: 1, ...input });
const one = (match: Record<string, unknown>, extra: Partial<PolicyInput> = {}) => policyWith({ rules: [{ name: 'the rule', match, action: 'run' }], ...extra });
const ask = (policy: Policy, host = 'compute-01', hostGroups: string[] = [], r = remediation) => decide(policy, { failure, remediation: r, host, hostGroups });

test('the fixture is what the selectors below assume', () => {
  expect(failure.services).toContain('rabbitmq');
  expect(failure.services).not.toContain('swift');
});

describe('every selector selects, and its opposite does not', () => {
  test.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['verification', { verification: ['verified', 'reported-working'] }, { verification: ['unverified'] }],
    ['type', { type: ['fix'] }, { type: ['workaround', 'mitigation'] }],
    ['risk', { risk: ['low'] }, { risk: ['medium', 'high'] }],
    ['disruption', { disruption: ['none', 'service-restart'] }, { disruption: ['downtime'] }],
    ['reversible', { reversible: true }, { reversible: false }],
    ['idempotent', { idempotent: true }, { idempotent: false }],
    ['failure ID', { failures: ['FAIL-0002', 'FAIL-0001'] }, { failures: ['FAIL-0002'] }],
    ['remediation ID', { remediations: ['REM-0001'] }, { remediations: ['REM-0002'] }],
    ['service', { services: ['swift', 'rabbitmq'] }, { services: ['swift'] }],
  ])('%s', (_name, selecting, notSelecting) => {
    expect(ask(one(selecting))).toEqual({ action: 'run', rule: 'the rule', reason: 'rule 1 "the rule" matches and says run' });
    expect(ask(one(notSelecting))).toEqual({ action: 'propose', rule: null, reason: 'no policy rule matches, and the default is to propose' });
  });

  test('host group, from the policy\'s hosts mapping', () => {
    const policy = one({ host_groups: ['canary'] }, { hosts: { 'compute-01': ['compute', 'canary'], 'compute-02': ['compute'] } });
    expect(ask(policy, 'compute-01').action).toBe('run');
    expect(ask(policy, 'compute-02').action).toBe('propose');
    expect(ask(policy, 'unknown-host').action).toBe('propose');
  });

  test('host group, passed in by the caller (e.g. from its inventory)', () => {
    const policy = one({ host_groups: ['canary'] });
    expect(ask(policy, 'compute-09', ['canary']).action).toBe('run');
    expect(ask(policy, 'compute-09', ['compute']).action).toBe('propose');
  });

  test('all selectors of a rule must hold', () => {
    expect(ask(one({ risk: ['low'], services: ['rabbitmq'] })).action).toBe('run');
    expect(ask(one({ risk: ['low'], services: ['swift'] })).action).toBe('propose');
  });

  test('a rule without selectors matches everything', () => {
    expect(ask(one({})).action).toBe('run');
  });
});

test('rules are tried in order and the first that matches decides', () => {
  const policy = policyWith({
    rules: [
      { name: 'canaries wait', match: { host_groups: ['canary'] }, action: 'propose' },
      { name: 'low risk runs', match: { risk: ['low'] }, action: 'run' },
      { name: 'never reached for low risk', match: {}, action: 'propose' },
    ],
  });
  expect(ask(policy, 'c', ['canary'])).toMatchObject({ action: 'propose', rule: 'canaries wait' });
  expect(ask(policy, 'c', [])).toMatchObject({ action: 'run', rule: 'low risk runs' });
  expect(ask(policy, 'c', [], { ...remediation, risk: 'high' })).toMatchObject({ action: 'propose', rule: 'never reached for low risk' });
});

test('the default policy proposes every remediation of every failure in the catalogue, on any host', () => {
  const { failures, remediations } = realFeed();
  const byId = new Map(remediations.map((r) => [r.id, r]));
  let decisions = 0;
  for (const f of failures) {
    for (const id of f.remediations) {
      const decision = decide(DEFAULT_POLICY, { failure: f, remediation: byId.get(id)!, host: 'compute-01', hostGroups: ['compute'] });
      expect(decision.action, `${f.id} ${id}`).toBe('propose');
      decisions++;
    }
  }
  expect(decisions).toBeGreaterThan(100);
});

describe('the safety floor under every policy', () => {
  const runAll = one({});

  test('code without a check mode (shell, openstack-cli, python) runs only when the rule allows it explicitly', () => {
    for (const kind of ['shell', 'openstack-cli', 'python'] as const) {
      const r = { ...remediation, automation: { kind, code: 'true' } };
      expect(ask(runAll, 'h', [], r)).toMatchObject({ action: 'propose', rule: 'the rule' });
      expect(ask(runAll, 'h', [], r).reason).toContain('cannot be dry-run, and the rule does not set allow_without_check_mode');
      const allowing = policyWith({ rules: [{ name: 'the rule', action: 'run', allow_without_check_mode: true }] });
      expect(ask(allowing, 'h', [], r).action).toBe('run');
    }
  });

  test('a withdrawn remediation, one without automation, or one that does not fix the failure is never run', () => {
    expect(ask(runAll, 'h', [], { ...remediation, status: 'withdrawn' }).action).toBe('propose');
    expect(ask(runAll, 'h', [], { ...remediation, automation: undefined })).toMatchObject({ action: 'propose', reason: 'REM-0001 has no automation to run; its steps are for an operator' });
    expect(ask(runAll, 'h', [], { ...remediation, fixes: ['FAIL-0002'] }).action).toBe('propose');
  });
});

test('throttle and time limit come from the deciding rule, else from the policy', () => {
  const policy = parsePolicy(
    'version: 1\nthrottle: {once_within: 2 hours}\ntime_limit: 15 minutes\nrules:\n  - {name: fast, match: {risk: [low]}, action: run, throttle: {once_within: 5 minutes}, time_limit: 30 seconds}\n',
    'p.yaml',
  );
  const input = { failure, remediation, host: 'h', hostGroups: [] };
  expect(decisionLimits(policy, input)).toEqual({ onceWithin: '5 minutes', timeLimitSeconds: 30 });
  expect(decisionLimits(policy, { ...input, remediation: { ...remediation, risk: 'high' } })).toEqual({ onceWithin: '2 hours', timeLimitSeconds: 900 });
  expect(decisionLimits(DEFAULT_POLICY, input)).toEqual({ onceWithin: '1 hour', timeLimitSeconds: 600 });
});
