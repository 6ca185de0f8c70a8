/**
 * A cloud's remediation policy: which catalogue remediations may run unattended on which hosts, and which are only
 * proposed to an operator for approval. The file is the cloud's, not the catalogue's: the generated Event-Driven
 * Ansible rulebook and `match --follow` both read it. Each `.describe()` is the field's documentation and flows into
 * the published JSON Schema (/api/v1/schema/policy.schema.json).
 *
 * Safety rules the schema encodes: every key is known (a misspelt selector must not silently widen a rule), every
 * selector list is non-empty (an empty list would be read as "anything" by some and "nothing" by others), and the
 * default is to propose: a rule must say `action: run` explicitly, and no rule matching means propose.
 */
import { z } from 'astro/zod';
import { failureId, remediationId, termId } from './common.ts';
import { disruptions, remediationTypes, risks, verificationStatuses } from './remediation.ts';

export const POLICY_VERSION = 1;

/** The duration syntax of ansible-rulebook's throttle (`once_within: 1 hour`), so a value passes through unchanged. */
export const DURATION = /^(\d+) (second|minute|hour|day)s?$/;
const UNIT_SECONDS = { second: 1, minute: 60, hour: 3600, day: 86400 } as const;

export const duration = z
  .string()
  .regex(DURATION, { error: 'is not a duration: write a whole number and a unit, e.g. 30 seconds, 10 minutes, 1 hour or 2 days' })
  .refine((value) => !DURATION.test(value) || durationSeconds(value) > 0, { error: 'must be longer than 0: write e.g. 1 hour' })
  .describe('A whole number and a unit: seconds, minutes, hours or days (singular or plural), e.g. 1 hour.');

/** Seconds in a duration written as the schema accepts it. */
export function durationSeconds(value: string): number {
  const match = DURATION.exec(value);
  if (!match) throw new Error(`not a duration: ${value}`);
  return Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
}

/**
 * Host names the policy and the rulebook accept: what inventories and the `host` label use. Nothing that Ansible
 * would read as a host pattern (`*`, `:`, `,`, `!`, `&`) or Jinja (`{`), because the rulebook passes the alert's host
 * label to the playbook as its target.
 */
export const HOST_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,252}$/;

/**
 * Free text that the generated rulebook carries (rule names, the approval template): ansible-rulebook renders action
 * arguments with Jinja, so braces are refused rather than escaped and silently changed.
 */
function rulebookText(what: string) {
  return z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[^{}]*$/, { error: `may not contain { or } (${what} is copied into the Ansible rulebook, where braces would be read as Jinja): remove the braces` });
}

const hostGroup = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, { error: 'is not a group name: use letters, digits, dots, dashes and underscores, e.g. compute' })
  .describe('A host group name, as in an Ansible inventory.');

/** A non-empty list: a rule names what it selects. */
function anyOf<T extends z.ZodType>(item: T, what: string) {
  return z.array(item).min(1, { error: `is an empty list: name at least one ${what}, or remove the selector to match any` });
}

export const policyMatch = z
  .strictObject({
    verification: anyOf(z.enum(verificationStatuses), 'verification status')
      .optional()
      .describe('Remediation verification statuses (unverified, reported-working, verified); any listed one matches.'),
    type: anyOf(z.enum(remediationTypes), 'remediation type')
      .optional()
      .describe('Remediation types (workaround, fix, mitigation, prevention); any listed one matches.'),
    risk: anyOf(z.enum(risks), 'risk').optional().describe('Remediation risks (low, medium, high); any listed one matches.'),
    disruption: anyOf(z.enum(disruptions), 'disruption')
      .optional()
      .describe('Worst interruptions (none, service-restart, data-plane-interruption, downtime); any listed one matches.'),
    reversible: z.boolean().optional().describe('Only remediations that can (true) or cannot (false) be rolled back.'),
    idempotent: z.boolean().optional().describe('Only remediations that are (true) or are not (false) safe to run twice.'),
    failures: anyOf(failureId, 'failure ID, e.g. FAIL-0001').optional().describe('Failure IDs the alert is for; any listed one matches.'),
    remediations: anyOf(remediationId, 'remediation ID, e.g. REM-0001').optional().describe('Remediation IDs; any listed one matches.'),
    services: anyOf(termId, 'service ID, e.g. rabbitmq')
      .optional()
      .describe('Service IDs (content/taxonomy/services.yaml); matches when the failure involves any listed service.'),
    host_groups: anyOf(hostGroup, 'host group')
      .optional()
      .describe('Host groups; matches when the host is in any listed group (from `hosts` in this file, or given by the caller).'),
  })
  .describe('What the rule selects. Every selector given must hold (and); within a list any value matches (or). No selectors: every remediation.');

const throttle = z
  .strictObject({
    once_within: duration.describe('Act at most once in this window for the same failure on the same host (ansible-rulebook throttle.once_within).'),
  })
  .describe('Throttling per failure and host.');

export const policyRule = z
  .strictObject({
    name: rulebookText('the rule name').describe('What the rule is for; shown in decisions, the rulebook and the audit log.'),
    match: policyMatch.default({}),
    action: z
      .enum(['run', 'propose'])
      .describe('run: apply the remediation unattended (check mode first where possible); propose: notify an operator for approval and run nothing.'),
    allow_without_check_mode: z
      .boolean()
      .default(false)
      .describe(
        'With action run: also run remediations that cannot be dry-run first (automation kinds shell, openstack-cli and python have ' +
          'no check mode). Default false: those are proposed, and only Ansible remediations, which run in check mode first, run unattended.',
      ),
    throttle: throttle.optional().describe('Overrides the policy-wide throttle for what this rule selects.'),
    time_limit: duration.optional().describe('Overrides the policy-wide time limit of one run for what this rule selects.'),
  })
  .describe('One policy rule. Rules are tried in order; the first whose match holds decides.');

export const policy = z
  .strictObject({
    version: z.literal(POLICY_VERSION, { error: `must be ${POLICY_VERSION}: the policy format this tool reads` }).describe('Version of the policy format: 1.'),
    hosts: z
      .record(
        z.string().regex(HOST_NAME, { error: 'must be a host name, not a pattern: write it as the inventory and the alerts\' host label spell it (letters, digits, dots, dashes, underscores), e.g. compute-01' }),
        z.array(hostGroup),
      )
      .default({})
      .describe('Host groups per host name, e.g. compute-01: [compute, canary]. Combined with any groups the caller passes in.'),
    throttle: throttle.default({ once_within: '1 hour' }).describe('Throttling per failure and host for every rule without its own (default: once within 1 hour).'),
    time_limit: duration.default('10 minutes').describe('Longest one remediation run may take before it is stopped (default: 10 minutes).'),
    approval: z
      .strictObject({
        workflow_template: rulebookText('the template name').describe('Name of the AWX/AAP workflow job template that holds an approval node, then runs the proposed playbook.'),
        organization: rulebookText('the organization name').describe('The AWX/AAP organization the workflow template belongs to.'),
      })
      .optional()
      .describe(
        'Where proposals go in the Event-Driven Ansible rulebook. Without it, a proposal is a message in ansible-rulebook\'s log; with it, ' +
          'the rulebook launches this workflow template (run_workflow_template) with the failure, remediation, playbook and host as extra vars.',
      ),
    rules: z.array(policyRule).default([]).describe('Ordered rules; the first that matches decides. When none matches, the remediation is proposed.'),
  })
  .describe('A cloud\'s policy for catalogue remediations: what runs unattended, what is only proposed, throttling and time limits.');

export type PolicyInput = z.input<typeof policy>;
export type Policy = z.output<typeof policy>;
export type PolicyRule = z.output<typeof policyRule>;
export type PolicyMatch = z.output<typeof policyMatch>;

/** Runs nothing unattended, proposes everything: what a cloud gets until it writes its own policy. */
export const DEFAULT_POLICY: Policy = policy.parse({ version: POLICY_VERSION });
