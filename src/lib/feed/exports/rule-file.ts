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

/**
 * `header` lines become YAML comments at the top: what the file is, how it was made, how to use it.
 *
 * The serializer builds a node for every value before it writes any text, and a whole catalogue's rules at 10,000
 * failures made that tree the feed writer's largest allocation; so each group is serialized on its own (as the one
 * item of `groups`) and the texts are joined, which writes the same file a group's tree at a time.
 */
export function ruleFileYaml(groups: readonly RuleGroup[], header: readonly string[]): string {
  const comment = header.map((line) => ` ${line}`).join('\n');
  if (groups.length === 0) return yamlText({ groups: [] }, comment);
  return groups.map((group, i) => (i === 0 ? yamlText({ groups: [group] }, comment) : yamlText({ groups: [group] }).slice(GROUPS_KEY.length))).join('');
}

const GROUPS_KEY = 'groups:\n';

function yamlText(value: { groups: readonly RuleGroup[] }, comment?: string): string {
  const doc = new Document(value);
  if (comment !== undefined) doc.commentBefore = comment;
  // lineWidth 0: no folding, so each expression stays on one line and reads as the tools print it.
  const text = doc.toString({ lineWidth: 0 });
  if (comment === undefined && !text.startsWith(GROUPS_KEY)) throw new Error(`a rule group did not serialize under "groups:": ${text.slice(0, 80)}`);
  return text;
}
