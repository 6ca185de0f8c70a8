/**
 * Writes a Prometheus-format rule file (the format Prometheus, the Loki ruler and cos-configuration-k8s read)
 * with the `yaml` serializer, so no feed text is ever spliced into YAML by hand.
 */
import { Document } from 'yaml';

export interface AlertingRule {
  alert: string;
  expr: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  rules: AlertingRule[];
}

/** `header` lines become YAML comments at the top: what the file is, how it was made, how to use it. */
export function ruleFileYaml(groups: readonly RuleGroup[], header: readonly string[]): string {
  const doc = new Document({ groups });
  doc.commentBefore = header.map((line) => ` ${line}`).join('\n');
  // lineWidth 0: no folding, so each expression stays on one line and reads as the tools print it.
  return doc.toString({ lineWidth: 0 });
}
