/**
 * Reads an issue body the way GitHub renders an issue form: one `### <label>` heading per field, in form order,
 * each followed by a blank line and the answer; `_No response_` for an empty answer (and `None` for a dropdown left
 * unset); dropdown choices joined by ", "; checkboxes as `- [X] label` / `- [ ] label`; a `render:` textarea wrapped
 * in a code fence. Answers are kept as typed, including `###` lines, fences and other markup.
 *
 * Users can type a line that looks like a field heading inside an answer, so headings are matched against the
 * form: only the form's own labels count, and they are placed from the last field backwards (each field's heading is
 * the last one before the next field's). That is right unless an answer contains its own field's heading; the
 * forwards placement is right unless an answer contains the next field's heading. When the two disagree, the parse
 * says so, so the work group checks the split.
 */
import type { FormField, IssueForm } from './issue-forms.ts';

export type FieldValue =
  | { type: 'text'; text: string }
  | { type: 'choice'; values: string[] }
  | { type: 'checkboxes'; checked: Record<string, boolean> };

export interface FormProblem {
  /** The form field's label, or "Issue" for the body as a whole. */
  field: string;
  message: string;
  fix: string;
}

export interface ParsedForm {
  values: Map<string, FieldValue>;
  problems: FormProblem[];
  warnings: string[];
}

const NO_RESPONSE = '_No response_';

/** Line indices of every `### <label>` heading of the form's fields, by label. */
function headingLines(lines: readonly string[], form: IssueForm): Map<string, number[]> {
  const labels = new Set(form.fields.map((f) => f.label));
  const found = new Map<string, number[]>();
  lines.forEach((line, index) => {
    if (!line.startsWith('### ')) return;
    const label = line.slice(4).trimEnd();
    if (!labels.has(label)) return;
    const list = found.get(label);
    if (list) list.push(index);
    else found.set(label, [index]);
  });
  return found;
}

/** Which form an issue body was produced by: the one whose every required field heading is present. */
export function detectForm(forms: readonly IssueForm[], body: string, issueLabels: readonly string[] = []): IssueForm | undefined {
  const lines = body.split('\n');
  const complete = forms.filter((form) => {
    const found = headingLines(lines, form);
    return form.fields.every((f) => !f.required || found.has(f.label));
  });
  if (complete.length <= 1) return complete[0];
  // Ambiguous only if one form's required labels are a subset of another's: the form's own labels decide.
  return complete.find((form) => form.labels.every((l) => issueLabels.includes(l))) ?? complete[0];
}

function place(fields: readonly FormField[], found: Map<string, number[]>, backwards: boolean): (number | undefined)[] {
  const positions: (number | undefined)[] = new Array(fields.length).fill(undefined);
  if (backwards) {
    let bound = Number.POSITIVE_INFINITY;
    for (let i = fields.length - 1; i >= 0; i--) {
      const candidates = (found.get(fields[i]!.label) ?? []).filter((line) => line < bound);
      const line = candidates[candidates.length - 1];
      positions[i] = line;
      if (line !== undefined) bound = line;
    }
  } else {
    let floor = -1;
    fields.forEach((f, i) => {
      const line = (found.get(f.label) ?? []).find((l) => l > floor);
      positions[i] = line;
      if (line !== undefined) floor = line;
    });
  }
  return positions;
}

/** The lines between a heading and the next one, without the blank lines GitHub puts around every answer. */
function sectionText(lines: readonly string[], from: number, to: number): string {
  let start = from;
  let end = to;
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end - 1]!.trim() === '') end--;
  return lines.slice(start, end).join('\n');
}

/** GitHub wraps a `render:` answer in ``` fences (always three backticks, whatever the answer contains). */
function unwrapRendered(text: string, render: string): string {
  const lines = text.split('\n');
  const first = lines[0]?.trim();
  if (lines.length >= 2 && (first === '```' || first === `\`\`\`${render}`) && lines[lines.length - 1]!.trim() === '```') {
    return lines.slice(1, -1).join('\n');
  }
  return text;
}

function readValue(fieldDef: FormField, raw: string, problems: FormProblem[]): FieldValue | undefined {
  if (raw === '' || raw === NO_RESPONSE) return undefined;
  switch (fieldDef.type) {
    case 'input':
    case 'textarea': {
      const text = fieldDef.render ? unwrapRendered(raw, fieldDef.render) : raw;
      return text.trim() === '' ? undefined : { type: 'text', text };
    }
    case 'dropdown': {
      if (raw === 'None') return undefined;
      const values = fieldDef.multiple ? raw.split(', ') : [raw];
      const unknown = values.filter((v) => !fieldDef.options.includes(v));
      if (unknown.length > 0) {
        problems.push({
          field: fieldDef.label,
          message: `has ${unknown.length === 1 ? 'a value that is' : 'values that are'} not among the form's options`,
          fix: `choose from: ${fieldDef.options.join(', ')}`,
        });
        return undefined;
      }
      return { type: 'choice', values };
    }
    case 'checkboxes': {
      const checked: Record<string, boolean> = Object.fromEntries(fieldDef.options.map((o) => [o, false]));
      for (const line of raw.split('\n')) {
        const match = /^\s*[-*] \[([ xX])\] (.*)$/.exec(line);
        if (match && match[2]!.trim() in checked) checked[match[2]!.trim()] = match[1] !== ' ';
      }
      return { type: 'checkboxes', checked };
    }
  }
}

export function parseFormBody(form: IssueForm, body: string): ParsedForm {
  const lines = body.split('\n');
  const found = headingLines(lines, form);
  const problems: FormProblem[] = [];
  const warnings: string[] = [];
  const positions = place(form.fields, found, true);
  const forwards = place(form.fields, found, false);
  const disputed = form.fields.filter((_, i) => positions[i] !== forwards[i]).map((f) => f.label);
  if (disputed.length > 0) {
    warnings.push(
      `An answer contains a line that is also a field heading (### ${disputed[0]}), so where one answer ends and the next begins is ambiguous; check that the draft split the answers as you meant.`,
    );
  }

  const values = new Map<string, FieldValue>();
  const present = positions.map((line, i) => ({ line, i })).filter((p): p is { line: number; i: number } => p.line !== undefined);
  present.forEach(({ line, i }, k) => {
    const next = present[k + 1]?.line ?? lines.length;
    const fieldDef = form.fields[i]!;
    const value = readValue(fieldDef, sectionText(lines, line + 1, next), problems);
    if (value) values.set(fieldDef.id, value);
  });
  form.fields.forEach((f, i) => {
    if (positions[i] === undefined && f.required) {
      problems.push({ field: f.label, message: 'is missing from the issue', fix: `restore the "### ${f.label}" section, or file the issue again through the "${form.name}" form` });
    } else if (f.required && f.type !== 'checkboxes' && !values.has(f.id) && !problems.some((p) => p.field === f.label)) {
      problems.push({ field: f.label, message: 'is required but has no answer', fix: 'edit the issue and fill it in' });
    }
  });
  const firstHeading = present[0]?.line ?? lines.length;
  if (sectionText(lines, 0, firstHeading) !== '') warnings.push('Text above the first field heading is not part of any answer and was left out.');
  return { values, problems, warnings };
}

export function textValue(values: Map<string, FieldValue>, id: string): string | undefined {
  const value = values.get(id);
  return value?.type === 'text' ? value.text : undefined;
}

export function choiceValues(values: Map<string, FieldValue>, id: string): string[] {
  const value = values.get(id);
  return value?.type === 'choice' ? value.values : [];
}

export function isChecked(values: Map<string, FieldValue>, id: string, option: string): boolean {
  const value = values.get(id);
  return value?.type === 'checkboxes' ? value.checked[option] === true : false;
}
