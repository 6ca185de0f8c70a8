/**
 * The remediation runner under a cloud's policy file (src/lib/remediate/policy): its decisions, its per-rule throttle and time
 * limit, and the generated Ansible playbooks (src/lib/feed/exports/ansible-playbooks.ts) for `ansible` remediations, so
 * `match --follow --policy FILE` runs exactly what the generated rulebook would.
 */
import { ansiblePlaybook } from '../feed/exports/ansible-playbooks.ts';
import { decide, decisionLimits } from './policy/decide.ts';
import { durationSeconds, type Policy } from '../../schemas/policy.ts';
import { RemediationRunner, type RunnerOptions } from './runner.ts';

export type PolicyRunnerOptions = Omit<RunnerOptions<Policy>, 'decide' | 'limits' | 'allowWithoutCheckMode' | 'playbookFor' | 'throttleMs' | 'timeoutMs'>;

export function policyRemediationRunner(options: PolicyRunnerOptions): RemediationRunner<Policy> {
  const { policy } = options;
  return new RemediationRunner<Policy>({
    ...options,
    decide,
    limits: (input) => {
      const limits = decisionLimits(policy, input);
      return { throttleMs: durationSeconds(limits.onceWithin) * 1000, timeoutMs: limits.timeLimitSeconds * 1000 };
    },
    // decide() answers run for code without a check mode only when the deciding rule sets
    // allow_without_check_mode: true, so a run decision for such code is the policy's explicit permission.
    allowWithoutCheckMode: true,
    playbookFor: (remediation) => ansiblePlaybook(remediation).body,
  });
}
