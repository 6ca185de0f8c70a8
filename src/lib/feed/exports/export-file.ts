/**
 * One generated export file, published under `/api/v1/exports/`.
 *
 * Every exporter (Loki/Prometheus/OpenSearch detection rules, Ansible playbooks, the rulebook) returns these,
 * so the Astro endpoints, the standalone CLI and `exports/index.json` all describe the same files the same way.
 */
export interface ExportFile {
  /** Path relative to `exports/`, with forward slashes, e.g. `loki/nova.rules.yaml`. */
  path: string;
  /** HTTP Content-Type the file is served with, e.g. `application/yaml; charset=utf-8`. */
  contentType: string;
  /** The file's full text, exactly as served. */
  body: string;
  /** One sentence for `index.json` and the `/api/` page: what the file is and who uses it. */
  description: string;
}

export const YAML_CONTENT_TYPE = 'application/yaml; charset=utf-8';
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
