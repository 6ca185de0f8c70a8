/**
 * Reading a cloud's policy file: the published example is valid, and every way a policy can be broken is an error
 * that names file:line, the field, the problem and the fix. A broken policy never yields a policy at all.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { DEFAULT_POLICY, durationSeconds } from '../../src/schemas/policy.ts';
import { parsePolicy, PolicyError } from '../../src/lib/remediate/policy/parse-policy.ts';

const EXAMPLE = 'public/api/v1/policy.example.yaml';

function problemsOf(text: string): string[] {
  try {
    parsePolicy(text, 'policy.yaml');
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    return error.message.split('\n');
  }
  throw new Error('the policy was accepted');
}

const VALID = `version: 1
hosts:
  compute-01: [compute]
rules:
  - name: verified fixes run
    match:
      verification: [verified]
      risk: [low]
    action: run
`;

describe('the published example policy', () => {
  test('parses, and keeps its rules in order', () => {
    const policy = parsePolicy(readFileSync(EXAMPLE, 'utf8'), EXAMPLE);
    expect(policy.rules.map((r) => r.action)).toEqual(['propose', 'propose', 'run', 'run', 'propose']);
    expect(policy.hosts['compute-01']).toEqual(['compute', 'canary']);
  });

  test('validates against the published JSON Schema (src/schemas/json/v1/policy.schema.json)', () => {
    const schema = JSON.parse(readFileSync('src/schemas/json/v1/policy.schema.json', 'utf8')) as object;
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(parse(readFileSync(EXAMPLE, 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ version: 1, rules: [{ name: 'x', action: 'allow' }] })).toBe(false);
  });
});

test('the default policy runs nothing and proposes everything, throttled once an hour per failure and host', () => {
  expect(DEFAULT_POLICY.rules).toEqual([]);
  expect(DEFAULT_POLICY.throttle.once_within).toBe('1 hour');
  expect(durationSeconds(DEFAULT_POLICY.time_limit)).toBe(600);
});

test('a valid policy gets its defaults', () => {
  const policy = parsePolicy(VALID, 'policy.yaml');
  expect(policy.rules[0]).toMatchObject({ name: 'verified fixes run', action: 'run', allow_without_check_mode: false });
  expect(policy.throttle).toEqual({ once_within: '1 hour' });
});

describe('a malformed policy is an error naming file:line, field, problem and fix', () => {
  test.each<[string, string, string]>([
    ['a YAML syntax error', VALID.replace('risk: [low]', 'risk: [low'), 'policy.yaml:9: is not valid policy YAML'],
    ['a tab in the indentation', VALID.replace('    action: run', '\taction: run'), 'policy.yaml:9: is not valid policy YAML'],
    ['a duplicate key', `${VALID}    action: propose\n`, 'policy.yaml:10: is not valid policy YAML (Map keys must be unique)'],
    ['a YAML tag', VALID.replace('[verified]', '!unsafe [verified]'), 'policy.yaml:7: is not valid policy YAML (Unresolved tag: !unsafe). Fix: remove the tag: a policy is plain YAML'],
    ['an unknown top-level key', `${VALID}allow_all: true\n`, 'policy.yaml:10: allow_all: is not a policy field. Fix: remove it or correct its spelling; the top level accepts only the fields'],
    ['a misspelt selector', VALID.replace('risk: [low]', 'risks: [low]'), 'policy.yaml:8: rules[0].match.risks: is not a policy field. Fix: remove it or correct its spelling; rules[0].match accepts only'],
    ['a bad action', VALID.replace('action: run', 'action: allow'), 'policy.yaml:9: rules[0].action: is "allow", which is not allowed. Fix: use one of: run, propose'],
    ['a bad enum value in a list', VALID.replace('risk: [low]', 'risk: [low, severe]'), 'policy.yaml:8: rules[0].match.risk[1]: is "severe", which is not allowed. Fix: use one of: low, medium, high'],
    ['an empty selector list', VALID.replace('risk: [low]', 'risk: []'), 'policy.yaml:8: rules[0].match.risk: is an empty list'],
    ['a boolean as text', VALID.replace('risk: [low]', 'reversible: "yes"'), 'policy.yaml:8: rules[0].match.reversible: must be a boolean'],
    ['a bad duration', `${VALID}throttle:\n  once_within: 1 fortnight\n`, 'policy.yaml:11: throttle.once_within: is not a duration. Fix: write a whole number and a unit'],
    ['a zero duration', `${VALID}time_limit: 0 minutes\n`, 'policy.yaml:10: time_limit: must be longer than 0'],
    ['a missing action', VALID.replace('    action: run\n', ''), 'policy.yaml:5: rules[0].action: is required but missing'],
    ['a missing version', VALID.replace('version: 1\n', ''), 'policy.yaml:1: version: is required but missing'],
    ['a host pattern as a host name', VALID.replace('compute-01:', '"compute*":'), 'policy.yaml:3: hosts.compute*: is not a valid name (must be a host name, not a pattern). Fix: write it as the inventory'],
    ['Jinja in a rule name', VALID.replace('verified fixes run', 'fixes {{ lookup("pipe", "id") }}'), 'policy.yaml:5: rules[0].name: may not contain { or }'],
  ])('%s', (_case, text, expected) => {
    const problems = problemsOf(text);
    expect(problems.some((p) => p.startsWith(expected)), problems.join('\n')).toBe(true);
  });

  test('an empty file or a list is refused, not read as "no rules"', () => {
    expect(problemsOf('')[0]).toMatch(/^policy\.yaml:1: /);
    expect(problemsOf('- run\n')[0]).toMatch(/^policy\.yaml:1: must be a mapping|^policy\.yaml:1: must be a object/);
  });

  test('every problem is listed, each with its own line', () => {
    const problems = problemsOf(VALID.replace('risk: [low]', 'risk: [severe]').replace('action: run', 'action: yes'));
    expect(problems).toEqual([expect.stringMatching(/^policy\.yaml:8: rules\[0\]\.match\.risk\[0\]/), expect.stringMatching(/^policy\.yaml:9: rules\[0\]\.action/)]);
  });
});
