/**
 * Metrics in the Prometheus text exposition format (version 0.0.4), the format both a /metrics endpoint and
 * node_exporter's textfile collector read. Label values are escaped as the format requires (backslash, double
 * quote, line feed), since they carry feed and host text; HELP text escapes backslash and line feed.
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface MetricFamily {
  /** [a-zA-Z_:][a-zA-Z0-9_:]*; counters end in _total. */
  name: string;
  type: 'counter' | 'gauge';
  help: string;
  samples: ReadonlyArray<{ labels?: Readonly<Record<string, string>>; value: number }>;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export const escapeLabelValue = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** The families as one exposition document; each family's samples are grouped under its HELP and TYPE lines. */
export function renderExposition(families: readonly MetricFamily[]): string {
  const out: string[] = [];
  for (const family of families) {
    if (!METRIC_NAME.test(family.name)) throw new Error(`metric name ${JSON.stringify(family.name)} is not valid in the exposition format`);
    out.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      const labels = Object.entries(sample.labels ?? {});
      for (const [name] of labels) if (!LABEL_NAME.test(name) || name.startsWith('__')) throw new Error(`label name ${JSON.stringify(name)} is not valid in the exposition format`);
      const labelText = labels.length > 0 ? `{${labels.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',')}}` : '';
      out.push(`${family.name}${labelText} ${formatValue(sample.value)}`);
    }
  }
  return `${out.join('\n')}\n`;
}
