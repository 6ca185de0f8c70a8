/**
 * Loki ruler alerting rules: one rule per signature, counting the lines its pattern matches in the streams a
 * deployment profile names. The pattern goes into LogQL unchanged (Loki's regular expressions are Go RE2, the
 * dialect the catalogue's patterns are written in), so a rule matches exactly the lines `npm run match` does.
 *
 * Files: `loki.rules.yaml` (every service, one group per service) and `loki/<service>.rules.yaml` (one group), in
 * the Prometheus rule-file format the Loki ruler, LokiStack's AlertingRule `spec.groups` and cos-configuration-k8s
 * (which reads every .yaml/.rule/.rules file under its `loki_alert_rules_path`) all accept.
 */
import type { DeploymentProfile } from '../../../schemas/deployment-profile.ts';
import type { ExportFile } from './export-file.ts';
import { YAML_CONTENT_TYPE } from './export-file.ts';
import { requiredLiterals } from '../../matcher/required-literals.ts';
import { alertExpression, jsonPrefilter, signatureRegex, streamCount } from './logql.ts';
import { streamsFor } from './profile-streams.ts';
import { ruleFileYaml, type AlertingRule, type RuleGroup } from './rule-file.ts';
import { ALERT_NAME, byService, type SignatureAlert } from './signature-alerts.ts';

export interface LokiRuleOptions {
  profile: DeploymentProfile;
  /** The site the rules were generated from, for the file header. */
  siteUrl: string;
}

export function lokiRule(alert: SignatureAlert, profile: DeploymentProfile): AlertingRule {
  const { signature } = alert;
  const regex = signatureRegex(signature.pattern, signature.ignore_case);
  const { streams } = streamsFor(profile, signature);
  const prefilter = jsonPrefilter(requiredLiterals(signature.pattern, signature.ignore_case), signature.ignore_case);
  const counts = streams.map((s) => streamCount(s.stream, s.matchers, regex, alert.window, prefilter));
  return { alert: ALERT_NAME, expr: alertExpression(counts, alert.minimum), labels: { ...alert.labels }, annotations: { ...alert.annotations } };
}

export const lokiGroupName = (service: string) => `failure-catalogue-${service}`;

export function lokiRuleGroups(alerts: readonly SignatureAlert[], profile: DeploymentProfile): RuleGroup[] {
  return [...byService(alerts)].map(([service, group]) => ({ name: lokiGroupName(service), rules: group.map((a) => lokiRule(a, profile)) }));
}

function header(options: LokiRuleOptions, scope: string): string[] {
  return [
    `Failure Catalogue: Loki alerting rules for ${scope}, generated from ${options.siteUrl}api/v1/failures.json.`,
    `Stream selectors follow the deployment profile "${options.profile.id}". For other log labels, generate`,
    'the rules from a profile of your own (see the /api/ page, "Detection rules"). Every alert carries',
    'failure_id, signature_id, service, severity and host labels. Do not edit: regenerated on every build.',
  ];
}

/** The whole file and one file per service. */
export function lokiRuleFiles(alerts: readonly SignatureAlert[], options: LokiRuleOptions): ExportFile[] {
  return [...eachLokiRuleFile(alerts, options)];
}

/** The same files one at a time. */
export function* eachLokiRuleFile(alerts: readonly SignatureAlert[], options: LokiRuleOptions): Generator<ExportFile> {
  const groups = lokiRuleGroups(alerts, options.profile);
  yield {
    path: 'loki.rules.yaml',
    contentType: YAML_CONTENT_TYPE,
    body: ruleFileYaml(groups, header(options, 'every catalogued service')),
    description: `Loki ruler alerting rules, one per signature, one group per service (deployment profile ${options.profile.id}).`,
  };
  for (const group of groups) {
    const service = group.name.slice(lokiGroupName('').length);
    yield {
      path: `loki/${service}.rules.yaml`,
      contentType: YAML_CONTENT_TYPE,
      body: ruleFileYaml([group], header(options, `the service ${service}`)),
      description: `Loki ruler alerting rules for the signatures of ${service} (deployment profile ${options.profile.id}).`,
    };
  }
}
