/**
 * The policy's one question: for this failure, seen on this host, may this remediation run unattended, or is it
 * only proposed to an operator? Pure, so the rulebook generator, `match --follow` and the tests ask it the same way.
 */
import type { FeedFailure, FeedRemediation } from '../../../schemas/feed.ts';
import { durationSeconds, type Policy, type PolicyMatch, type PolicyRule } from '../../../schemas/policy.ts';

export { DEFAULT_POLICY } from '../../../schemas/policy.ts';

export interface DecisionInput {
  failure: FeedFailure;
  remediation: FeedRemediation;
  host: string;
  /** Groups the caller knows the host is in (e.g. from its inventory); added to the policy's own `hosts` mapping. */
  hostGroups: string[];
}

export interface Decision {
  action: 'run' | 'propose';
  /** Name of the rule that decided; null when no rule matched or the remediation cannot run at all. */
  rule: string | null;
  reason: string;
}

/** Throttle window and time limit that apply to a decision (the deciding rule's, else the policy's). */
export interface DecisionLimits {
  onceWithin: string;
  timeLimitSeconds: number;
}

export function decide(policy: Policy, input: DecisionInput): Decision {
  const { remediation, failure } = input;
  // Safety floor under every policy: what is withdrawn, does not fix this failure, or has no code never runs.
  if (remediation.status !== 'published') {
    return { action: 'propose', rule: null, reason: `${remediation.id} is ${remediation.status}, and only published remediations run unattended` };
  }
  if (!remediation.fixes.includes(failure.id)) {
    return { action: 'propose', rule: null, reason: `${remediation.id} does not list ${failure.id} in its fixes` };
  }
  if (!remediation.automation) {
    return { action: 'propose', rule: null, reason: `${remediation.id} has no automation to run; its steps are for an operator` };
  }
  const index = matchingRuleIndex(policy, input);
  if (index < 0) return { action: 'propose', rule: null, reason: 'no policy rule matches, and the default is to propose' };
  const rule = policy.rules[index]!;
  const said = `rule ${index + 1} "${rule.name}" matches and says ${rule.action}`;
  if (rule.action === 'run' && !hasCheckMode(remediation) && !rule.allow_without_check_mode) {
    return { action: 'propose', rule: rule.name, reason: `${said}, but ${remediation.id} is ${remediation.automation.kind} code, which cannot be dry-run, and the rule does not set allow_without_check_mode` };
  }
  return { action: rule.action, rule: rule.name, reason: said };
}

/** Only Ansible can dry-run a remediation (check mode); shell, openstack-cli and python code cannot. */
export function hasCheckMode(remediation: FeedRemediation): boolean {
  return remediation.automation?.kind === 'ansible';
}

/** The throttle and time limit for a failure, remediation and host: from the first matching rule, else policy-wide. */
export function decisionLimits(policy: Policy, input: DecisionInput): DecisionLimits {
  const rule: PolicyRule | undefined = policy.rules[matchingRuleIndex(policy, input)];
  return {
    onceWithin: rule?.throttle?.once_within ?? policy.throttle.once_within,
    timeLimitSeconds: durationSeconds(rule?.time_limit ?? policy.time_limit),
  };
}

/** Every group the host is in: the policy's mapping plus what the caller passed. */
export function groupsOf(policy: Policy, host: string, hostGroups: readonly string[]): Set<string> {
  return new Set([...(Object.hasOwn(policy.hosts, host) ? policy.hosts[host]! : []), ...hostGroups]);
}

function matchingRuleIndex(policy: Policy, input: DecisionInput): number {
  const groups = groupsOf(policy, input.host, input.hostGroups);
  return policy.rules.findIndex((rule) => matches(rule.match, input, groups));
}

function matches(m: PolicyMatch, { failure, remediation }: DecisionInput, groups: Set<string>): boolean {
  const anyOf = <T>(allowed: readonly T[] | undefined, value: T) => allowed === undefined || allowed.includes(value);
  const overlaps = <T>(allowed: readonly T[] | undefined, values: Iterable<T>) => allowed === undefined || [...values].some((v) => allowed.includes(v));
  return (
    anyOf(m.verification, remediation.verification.status) &&
    anyOf(m.type, remediation.type) &&
    anyOf(m.risk, remediation.risk) &&
    anyOf(m.disruption, remediation.disruption) &&
    (m.reversible === undefined || m.reversible === remediation.reversible) &&
    (m.idempotent === undefined || m.idempotent === remediation.idempotent) &&
    anyOf(m.failures, failure.id) &&
    anyOf(m.remediations, remediation.id) &&
    overlaps(m.services, failure.services) &&
    overlaps(m.host_groups, groups)
  );
}
