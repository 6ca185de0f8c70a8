/**
 * One Event-Driven Ansible rulebook, `ansible/rulebook.yml`: it listens for Alertmanager webhooks
 * (ansible.eda.alertmanager), and for each firing alert whose `failure_id` label names a catalogue failure it either
 * runs that failure's remediation playbook (run_playbook) or proposes it, as the cloud's policy decides.
 *
 * The policy is applied when the rulebook is generated, so the rulebook holds only plain conditions:
 * - per failure, each host the policy names is decided on its own (its groups can change the outcome); hosts whose
 *   outcome differs from an unnamed host's get their own rule, listed first, and one catch-all rule follows. With
 *   the default policy, that is one rule per failure.
 * - of a failure's remediations, the first the policy allows to run is run (best verified first, then lowest
 *   risk); if none may run, all are proposed. Only one remediation runs per alert.
 * - a proposal is a `debug` message in ansible-rulebook's log (the alert itself already reached people through
 *   Alertmanager), or, when the policy names an approval workflow, `run_workflow_template` launches that AWX/AAP
 *   workflow, whose approval node holds the remediation until an operator approves it.
 * - every rule is throttled per failure and host (`once_within` from the deciding rule or the policy).
 * - the alert's `host` label becomes the playbook's target, so a rule fires only when that label is a plain host
 *   name (no host pattern, no Jinja); alerts without one are left to Alertmanager's own receivers.
 * Nothing from catalogue text is written into a Jinja-rendered field: action arguments carry IDs, URLs and file names.
 */
import type { YAMLMap, YAMLSeq } from 'yaml';
import { FEED_SCHEMA_VERSION, type FeedFailure, type FeedRemediation } from '../../../schemas/feed.ts';
import { DEFAULT_POLICY, type Policy } from '../../../schemas/policy.ts';
import { decide, decisionLimits } from '../../remediate/policy/decide.ts';
import { ARGS_VARIABLE, HOSTS_VARIABLE, PLAYBOOK_DIR, TIMEOUT_VARIABLE, playbookRemediations } from './ansible-playbooks.ts';
import { ansibleDocument, commentBlock, oneLine, stringifyAnsible } from './ansible-yaml.ts';
import { YAML_CONTENT_TYPE, type ExportFile } from './export-file.ts';

export const RULEBOOK_PATH = `${PLAYBOOK_DIR}/rulebook.yml`;
/** The host label as a rule condition accepts it: a host name, never a pattern (`*`, `:`, `,`, `!`, `&`) or Jinja. */
export const HOST_LABEL_PATTERN = '^[A-Za-z0-9_][A-Za-z0-9_.-]*$';
const GROUP_BY = ['event.alert.labels.failure_id', 'event.alert.labels.host'];
const HOST = '{{ event.alert.labels.host }}';

export interface RulebookInput {
  failures: readonly FeedFailure[];
  remediations: readonly FeedRemediation[];
  /** The cloud's policy; the published rulebook uses DEFAULT_POLICY (nothing runs, everything is proposed). */
  policy?: Policy | undefined;
  /** Where the policy came from, for the header (e.g. its file name); default: the catalogue's default policy. */
  policySource?: string | undefined;
  schemaVersion?: string;
  /** Directory of the playbooks as run_playbook sees it (relative to ansible-rulebook's working directory); default: the same directory. */
  playbookDir?: string;
  /** The address ansible.eda.alertmanager listens on. */
  listen?: { host: string; port: number };
}

interface Outcome {
  action: 'run' | 'propose';
  /** The remediation to run, or the remediations proposed. */
  remediations: FeedRemediation[];
  rule: string | null;
  onceWithin: string;
  timeLimitSeconds: number;
}

const VERIFICATION_RANK = { verified: 0, 'reported-working': 1, unverified: 2 } as const;
const RISK_RANK = { low: 0, medium: 1, high: 2 } as const;

export function ansibleRulebook(input: RulebookInput): ExportFile {
  const policy = input.policy ?? DEFAULT_POLICY;
  const playbookDir = input.playbookDir ?? '';
  const remediationsById = new Map(input.remediations.map((r) => [r.id, r]));
  const withPlaybook = new Set(playbookRemediations(input.remediations).map((r) => r.id));
  const rules: Record<string, unknown>[] = [];
  const comments = new Map<number, string>();

  for (const failure of input.failures) {
    if (failure.status === 'withdrawn' || failure.signatures.length === 0) continue;
    const candidates = failure.remediations
      .map((id) => remediationsById.get(id))
      .filter((r): r is FeedRemediation => r !== undefined && r.status !== 'withdrawn')
      .sort((a, b) => VERIFICATION_RANK[a.verification.status] - VERIFICATION_RANK[b.verification.status] || RISK_RANK[a.risk] - RISK_RANK[b.risk] || a.id.localeCompare(b.id));
    if (candidates.length === 0) continue;

    // '' stands for every host the policy does not name: it has only the groups the policy gives nobody.
    const outcomeFor = (host: string): Outcome => {
      const runnable = candidates.find((remediation) => withPlaybook.has(remediation.id) && decide(policy, { failure, remediation, host, hostGroups: [] }).action === 'run');
      const deciding = runnable ?? candidates[0]!;
      const limits = decisionLimits(policy, { failure, remediation: deciding, host, hostGroups: [] });
      const rule = decide(policy, { failure, remediation: deciding, host, hostGroups: [] }).rule;
      return { action: runnable ? 'run' : 'propose', remediations: runnable ? [runnable] : candidates, rule, onceWithin: limits.onceWithin, timeLimitSeconds: limits.timeLimitSeconds };
    };
    const key = (o: Outcome) => JSON.stringify([o.action, o.remediations.map((r) => r.id), o.onceWithin, o.timeLimitSeconds]);
    const fallback = outcomeFor('');
    const byOutcome = new Map<string, { outcome: Outcome; hosts: string[] }>();
    for (const host of Object.keys(policy.hosts).sort()) {
      const outcome = outcomeFor(host);
      if (key(outcome) === key(fallback)) continue;
      const group = byOutcome.get(key(outcome)) ?? { outcome, hosts: [] };
      group.hosts.push(host);
      byOutcome.set(key(outcome), group);
    }
    comments.set(rules.length, `${failure.id}: ${failure.title}`);
    for (const { outcome, hosts } of byOutcome.values()) rules.push(rule(failure, outcome, hosts, false, policy, playbookDir));
    rules.push(rule(failure, fallback, null, byOutcome.size > 0, policy, playbookDir));
  }

  const listen = input.listen ?? { host: '0.0.0.0', port: 5000 };
  const doc = ansibleDocument([
    {
      name: 'Failure Catalogue remediations',
      hosts: 'all',
      execution_strategy: 'sequential',
      sources: [{ name: 'Alertmanager', 'ansible.eda.alertmanager': { host: listen.host, port: listen.port, data_alerts_path: 'alerts', data_host_path: 'labels.host' } }],
      rules,
    },
  ]);
  const ruleNodes = ((doc.contents as YAMLSeq).items[0] as YAMLMap).get('rules') as YAMLSeq;
  for (const [index, text] of comments) (ruleNodes.items[index] as YAMLMap).commentBefore = commentBlock([text]);
  doc.commentBefore = commentBlock(header(input, policy, rules.length));
  return {
    path: RULEBOOK_PATH,
    contentType: YAML_CONTENT_TYPE,
    body: stringifyAnsible(doc),
    description: `Event-Driven Ansible rulebook: firing Alertmanager alerts with a failure_id label run or propose the failure's remediation playbook, per ${input.policySource ?? 'the default policy (nothing runs unattended)'}.`,
  };
}

/** `hosts`: the policy hosts this rule is for, or null for the catch-all (`otherHosts`: whether host rules precede it). */
function rule(failure: FeedFailure, outcome: Outcome, hosts: string[] | null, otherHosts: boolean, policy: Policy, playbookDir: string): Record<string, unknown> {
  const conditions = [
    'event.alert.status == "firing"',
    `event.alert.labels.failure_id == ${JSON.stringify(failure.id)}`,
    'event.alert.labels.host is defined',
    `event.alert.labels.host is match(${JSON.stringify(HOST_LABEL_PATTERN)})`,
    ...(hosts ? [`event.alert.labels.host in [${hosts.map((h) => JSON.stringify(h)).join(', ')}]`] : []),
  ];
  const where = hosts ? ` on ${hosts.join(', ')}` : otherHosts ? ' on any other host' : '';
  const ids = outcome.remediations.map((r) => r.id).join(', ');
  const decidedBy = outcome.rule ? `policy rule "${oneLine(outcome.rule)}"` : 'no policy rule matched, and the default is to propose';
  return {
    name: `${failure.id}${where}: ${outcome.action} ${ids}`,
    condition: conditions.join(' and '),
    throttle: { once_within: outcome.onceWithin, group_by_attributes: [...GROUP_BY] },
    action: outcome.action === 'run' ? runAction(outcome, playbookDir) : proposeAction(failure, outcome, policy, playbookDir, decidedBy),
  };
}

function playbookName(playbookDir: string, remediation: FeedRemediation): string {
  return `${playbookDir ? `${playbookDir.replace(/\/+$/, '')}/` : ''}${remediation.id}.yml`;
}

function runAction(outcome: Outcome, playbookDir: string): Record<string, unknown> {
  const remediation = outcome.remediations[0]!;
  return {
    run_playbook: {
      name: playbookName(playbookDir, remediation),
      extra_vars: { [HOSTS_VARIABLE]: HOST, [TIMEOUT_VARIABLE]: outcome.timeLimitSeconds, [ARGS_VARIABLE]: [] },
    },
  };
}

function proposeAction(failure: FeedFailure, outcome: Outcome, policy: Policy, playbookDir: string, decidedBy: string): Record<string, unknown> {
  const [first] = outcome.remediations;
  if (policy.approval && first) {
    return {
      run_workflow_template: {
        name: policy.approval.workflow_template,
        organization: policy.approval.organization,
        job_args: {
          extra_vars: {
            failure_catalogue_failure: failure.id,
            failure_catalogue_remediations: outcome.remediations.map((r) => r.id),
            failure_catalogue_playbook: first.automation ? playbookName(playbookDir, first) : null,
            [HOSTS_VARIABLE]: HOST,
            [TIMEOUT_VARIABLE]: outcome.timeLimitSeconds,
          },
        },
      },
    };
  }
  return {
    debug: {
      msg: [
        `Failure Catalogue: ${failure.id} is firing on ${HOST}. Proposed for an operator's approval (${decidedBy}); nothing was run.`,
        ...outcome.remediations.map((r) => `${r.id}: ${r.html_url}${r.automation && r.status !== 'withdrawn' ? ` (playbook ${playbookName(playbookDir, r)})` : ' (steps for an operator)'}`),
      ],
    },
  };
}

function header(input: RulebookInput, policy: Policy, ruleCount: number): string[] {
  return [
    'Failure Catalogue: Event-Driven Ansible rulebook (ansible-rulebook), generated from the catalogue.',
    `Feed schema ${input.schemaVersion ?? FEED_SCHEMA_VERSION}. ${ruleCount} rules.`,
    `Policy: ${input.policySource ?? 'the default policy: nothing runs unattended, every remediation is proposed'}.`,
    `Throttle: once within ${policy.throttle.once_within} per failure and host unless a policy rule says otherwise.`,
    '',
    'Each firing alert with labels failure_id and host (a plain host name) is matched to the failure\'s rule. "run"',
    `rules start the remediation's playbook on that host (extra var ${HOSTS_VARIABLE}); "propose" rules log a`,
    'message (or launch the policy\'s approval workflow) and run nothing.',
    '',
    'Use it: put the playbooks (REM-*.yml) beside this file and run, from that directory,',
    '  ansible-rulebook --rulebook rulebook.yml --inventory INVENTORY',
    `then add an Alertmanager webhook receiver whose url is this machine on port ${input.listen?.port ?? 5000}.`,
    'To apply your own policy, regenerate it with the Failure Catalogue tool and your policy file.',
  ];
}
