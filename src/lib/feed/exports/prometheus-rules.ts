/**
 * Prometheus alerting rules over the counter `match --follow` exports,
 * failure_catalogue_signature_matches_total{failure_id, signature_id, service, host}: one rule per signature,
 * one group per service (about 50 groups of a few to a hundred rules, evaluated in parallel across groups).
 *
 * The counter's series for a host is born at its first match, with the value 1. `increase()` needs two samples,
 * so it never sees that first match; the second half of each expression (`unless ... offset`) catches a series
 * younger than the window and compares its whole value, so one line on a fresh host still fires.
 */
import type { ExportFile } from './export-file.ts';
import { YAML_CONTENT_TYPE } from './export-file.ts';
import { goQuote } from './logql.ts';
import { ruleFileYaml, type AlertingRule, type RuleGroup } from './rule-file.ts';
import { ALERT_NAME, byService, type SignatureAlert } from './signature-alerts.ts';

export const MATCH_COUNTER = 'failure_catalogue_signature_matches_total';
const GROUPING = 'sum by (failure_id, signature_id, service, host)';

export function prometheusExpression(alert: SignatureAlert): string {
  const series = `${MATCH_COUNTER}{failure_id=${goQuote(alert.failure.id)}, signature_id=${goQuote(alert.signature.id)}}`;
  const comparison = alert.minimum > 1 ? `>= ${alert.minimum}` : '> 0';
  const growing = `${GROUPING} (increase(${series}[${alert.window}])) ${comparison}`;
  const newborn = `${GROUPING} (${series} unless ${series} offset ${alert.window}) ${comparison}`;
  return `${growing} or ${newborn}`;
}

export function prometheusRule(alert: SignatureAlert): AlertingRule {
  return { alert: ALERT_NAME, expr: prometheusExpression(alert), labels: { ...alert.labels }, annotations: { ...alert.annotations } };
}

export function prometheusRuleGroups(alerts: readonly SignatureAlert[]): RuleGroup[] {
  return [...byService(alerts)].map(([service, group]) => ({ name: `failure-catalogue-${service}`, rules: group.map(prometheusRule) }));
}

export function prometheusRuleFile(alerts: readonly SignatureAlert[], options: { siteUrl: string }): ExportFile {
  return {
    path: 'prometheus.rules.yaml',
    contentType: YAML_CONTENT_TYPE,
    body: ruleFileYaml(prometheusRuleGroups(alerts), [
      `Failure Catalogue: Prometheus alerting rules, generated from ${options.siteUrl}api/v1/failures.json.`,
      `They read the counter ${MATCH_COUNTER} that \`failure-catalogue match --follow\``,
      'exports (/metrics, or a node_exporter textfile). Use them, or let match --follow post alerts to Alertmanager',
      'itself, not both: each would raise the same alert. Do not edit: regenerated on every build.',
    ]),
    description: `Prometheus alerting rules over ${MATCH_COUNTER}, one per signature, one group per service.`,
  };
}
