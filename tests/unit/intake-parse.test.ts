/** Reading issue bodies the way GitHub renders issue forms, including answers that contain headings and fences. */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { detectForm, parseFormBody, textValue, choiceValues, isChecked } from '../../src/lib/intake/form-body.ts';
import { loadIssueForms, parseIssueForm, type IssueForm } from '../../src/lib/intake/issue-forms.ts';
import { normalizeUntrustedText } from '../../src/lib/intake/normalize.ts';

const forms = loadIssueForms(join(import.meta.dirname, '..', '..', '.github', 'ISSUE_TEMPLATE'));
const form = (template: string) => forms.find((f) => f.template === template)!;

/** A body in GitHub's shape: "### Label", a blank line, the answer; "_No response_" for an empty one. */
function body(f: IssueForm, answers: Record<string, string>): string {
  return f.fields.map((field) => `### ${field.label}\n\n${answers[field.id] ?? '_No response_'}`).join('\n\n');
}

describe('detecting the form that produced an issue', () => {
  test('each form is recognised from its own body, and ordinary text from none', () => {
    for (const f of forms) expect(detectForm(forms, body(f, {}), f.labels)?.template).toBe(f.template);
    expect(detectForm(forms, 'Just a question: how do I search?')).toBeUndefined();
  });

  test('"Failure ID" and "Failure IDs" are different headings', () => {
    const hit = body(form('hit-this-too'), { failure_id: 'FAIL-0001' });
    expect(detectForm(forms, hit)?.template).toBe('hit-this-too');
  });
});

describe('parsing answers', () => {
  const report = form('report-failure');

  test('text, _No response_, multi-select dropdowns, render fences and checkboxes', () => {
    const parsed = parseFormBody(
      report,
      body(report, {
        what_happened: 'It broke.\n\nTwo paragraphs.',
        services: 'nova, rabbitmq',
        release: '2024.1',
        logs: '```text\nline 1\nline 2\n```',
        consent: '- [X] I removed secrets and anything that identifies my cloud.\n- [ ] Credit me by my GitHub handle (leave unticked to stay anonymous).',
      }),
    );
    expect(textValue(parsed.values, 'what_happened')).toBe('It broke.\n\nTwo paragraphs.');
    expect(textValue(parsed.values, 'tried')).toBeUndefined();
    expect(choiceValues(parsed.values, 'services')).toEqual(['nova', 'rabbitmq']);
    expect(textValue(parsed.values, 'logs')).toBe('line 1\nline 2');
    expect(isChecked(parsed.values, 'consent', 'I removed secrets and anything that identifies my cloud.')).toBe(true);
    expect(isChecked(parsed.values, 'consent', 'Credit me by my GitHub handle (leave unticked to stay anonymous).')).toBe(false);
  });

  test('lowercase [x] ticks a box, and "None" is an unset dropdown', () => {
    const hit = form('hit-this-too');
    const parsed = parseFormBody(hit, body(hit, { failure_id: 'FAIL-0001', outcome: 'None', consent: '- [x] I removed secrets and anything that identifies my cloud.' }));
    expect(isChecked(parsed.values, 'consent', 'I removed secrets and anything that identifies my cloud.')).toBe(true);
    expect(choiceValues(parsed.values, 'outcome')).toEqual([]);
  });

  test('### lines, fences and markup typed inside an answer stay in that answer', () => {
    const whatHappened = '### Not a field\nsome <b>markup</b>\n```\n### Impact inside a fence\n```';
    const logs = '```text\nbefore\n```\ninner fence the user typed\n```\nafter\n```';
    const parsed = parseFormBody(report, body(report, { what_happened: whatHappened, logs, impact: 'Real impact.' }));
    expect(textValue(parsed.values, 'what_happened')).toBe(whatHappened);
    expect(textValue(parsed.values, 'logs')).toBe('before\n```\ninner fence the user typed\n```\nafter');
    expect(textValue(parsed.values, 'impact')).toBe('Real impact.');
  });

  test("a field's own heading typed inside its answer is flagged as ambiguous", () => {
    const parsed = parseFormBody(report, body(report, { what_happened: 'Start.\n\n### What happened\n\nMore.', impact: 'x' }));
    expect(parsed.warnings.join(' ')).toMatch(/### What happened/);
  });

  test("the next field's heading typed inside an answer is placed correctly (the real heading is the last one)", () => {
    const parsed = parseFormBody(report, body(report, { tried: 'I tried this.\n\n### What fixed it\n\nthis is still what I tried', fix: 'The real fix.' }));
    expect(textValue(parsed.values, 'tried')).toBe('I tried this.\n\n### What fixed it\n\nthis is still what I tried');
    expect(textValue(parsed.values, 'fix')).toBe('The real fix.');
  });

  test('a dropdown value that is not an option, a missing section and an emptied required answer are problems', () => {
    const text = body(report, { what_happened: 'x', services: 'nova, not-a-service', release: '2024.1' }).replace(/### Impact\n\n_No response_\n\n/, '');
    const problems = parseFormBody(report, text).problems.map((p) => `${p.field}: ${p.message}`);
    expect(problems).toContain("Services involved: has a value that is not among the form's options");
    expect(problems).toContain('Impact: is missing from the issue');
    expect(problems).toContain('What you saw: is required but has no answer');
  });

  test('CRLF from the browser is normalised before parsing', () => {
    const parsed = parseFormBody(report, normalizeUntrustedText(body(report, { what_happened: 'line 1\nline 2' }).replace(/\n/g, '\r\n')).text);
    expect(textValue(parsed.values, 'what_happened')).toBe('line 1\nline 2');
  });
});

describe('issue form definitions', () => {
  test('an option containing ", " or named "None" is refused (GitHub could not round-trip it)', () => {
    const yaml = (option: string) => `name: X\ndescription: Y\nbody:\n  - type: dropdown\n    id: a\n    attributes:\n      label: A\n      options: ["${option}"]\n`;
    expect(() => parseIssueForm('hit-this-too', yaml('a, b'))).toThrow(/must not contain/);
    expect(() => parseIssueForm('hit-this-too', yaml('none'))).toThrow(/must not contain/);
    expect(parseIssueForm('hit-this-too', yaml('no disruption')).fields[0]!.options).toEqual(['no disruption']);
  });
});
