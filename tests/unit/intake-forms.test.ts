/** The issue forms and the catalogue agree: every field the intake reads exists, and every option maps to a taxonomy term. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { checkContentRoot } from '../../src/lib/core/integrity.ts';
import { CONSENT_FIELD, FREE_TEXT_FIELDS } from '../../src/lib/intake/drafts.ts';
import { loadIssueForms } from '../../src/lib/intake/issue-forms.ts';
import { disruptions, outcomes, remediationTypes, risks } from '../../src/schemas/index.ts';

const TEMPLATES = join(import.meta.dirname, '..', '..', '.github', 'ISSUE_TEMPLATE');
const forms = loadIssueForms(TEMPLATES);
const { content } = checkContentRoot(join(import.meta.dirname, '..', '..', 'content'));
const options = (template: string, id: string) => forms.find((f) => f.template === template)!.fields.find((f) => f.id === id)!.options;

describe('the intake forms', () => {
  test('every free-text field the intake redacts, and the consent boxes, exist in the forms', () => {
    for (const form of forms) {
      const ids = form.fields.map((f) => f.id);
      for (const id of FREE_TEXT_FIELDS[form.template]) expect(ids, `${form.template} has no field ${id}`).toContain(id);
      expect(form.fields.find((f) => f.id === CONSENT_FIELD)?.options).toHaveLength(2);
      expect(form.fields.find((f) => f.id === CONSENT_FIELD)?.required).toBe(true);
    }
  });

  test('release, deployment tool and service options are taxonomy IDs (or the documented "unknown" choices)', () => {
    const releases = new Set(content.releases.map((r) => r.id));
    const tools = new Set(content.deploymentTools.map((t) => t.id));
    const services = new Set(content.services.map((s) => s.id));
    for (const template of ['report-failure', 'hit-this-too']) {
      expect(options(template, 'release').filter((r) => !releases.has(r))).toEqual(['older', 'unknown']);
      expect(options(template, 'deployment_tool').filter((t) => !tools.has(t))).toEqual(['other']);
    }
    expect(options('report-failure', 'services').filter((s) => !services.has(s))).toEqual([]);
    expect(options('propose-remediation', 'releases').filter((r) => !releases.has(r))).toEqual([]);
    // Every release in the taxonomy can be chosen.
    expect([...releases].filter((r) => !options('report-failure', 'release').includes(r))).toEqual([]);
  });

  test('the release field names every numbered series before 2023.1, as the taxonomy numbers it', () => {
    for (const template of ['report-failure', 'hit-this-too', 'propose-remediation']) {
      const form = parse(readFileSync(join(TEMPLATES, `${template}.yml`), 'utf8')) as { body: { id?: string; attributes: { description?: string } }[] };
      const field = form.body.find((f) => f.id === (template === 'propose-remediation' ? 'releases' : 'release'))!;
      for (const release of content.releases.filter((r) => r.id < '2023.1')) expect(field.attributes.description, `${template}: ${release.id}`).toContain(`${release.id} ${release.name}`);
    }
  });

  test('remediation choices map onto the schema enums', () => {
    expect(options('propose-remediation', 'type')).toEqual([...remediationTypes]);
    expect(options('propose-remediation', 'risk')).toEqual([...risks]);
    expect(options('propose-remediation', 'disruption').map((d) => (d === 'no disruption' ? 'none' : d))).toEqual([...disruptions]);
    expect(options('hit-this-too', 'outcome').filter((o) => o !== 'did not try one')).toEqual([...outcomes]);
  });

  test('config.yml disables blank issues and links the catalogue and the contributing guide', () => {
    const config = parse(readFileSync(join(TEMPLATES, 'config.yml'), 'utf8')) as { blank_issues_enabled: boolean; contact_links: { url: string }[] };
    expect(config.blank_issues_enabled).toBe(false);
    expect(config.contact_links.map((l) => l.url).join(' ')).toMatch(/CONTRIBUTING\.md/);
    expect(config.contact_links.length).toBeGreaterThanOrEqual(2);
  });
});
