import { SITE } from '../../site.config.ts';

/**
 * Links to the GitHub issue forms with fields filled in: GitHub accepts `?template=<file>&<field id>=<value>`.
 * The field IDs are those in .github/ISSUE_TEMPLATE/*.yml.
 */
export function issueFormUrl(template: 'report-failure' | 'propose-remediation' | 'hit-this-too', fields: Record<string, string> = {}): string {
  const params = new URLSearchParams({ template: `${template}.yml`, ...fields });
  return `${SITE.repository}/issues/new?${params.toString()}`;
}

export function editUrl(collection: 'failures' | 'remediations' | 'reports', id: string): string {
  return `${SITE.repository}/edit/${SITE.branch}/content/${collection}/${id}.md`;
}
