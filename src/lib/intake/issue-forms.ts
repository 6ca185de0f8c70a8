/**
 * The GitHub issue forms in .github/ISSUE_TEMPLATE/ are the single description of what a submission contains: the
 * intake parses an issue body by the form that produced it, reading labels, field types and options from the
 * form's YAML, so a field added to a form needs no change here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'astro/zod';
import { parse as parseYaml } from 'yaml';

export const INTAKE_TEMPLATES = ['report-failure', 'propose-remediation', 'hit-this-too'] as const;
export type IntakeTemplate = (typeof INTAKE_TEMPLATES)[number];

const fieldId = z.string().regex(/^[a-z][a-z0-9_]*$/, { error: 'must be a snake_case field id' });
const label = z.string().trim().min(1);
const validations = z.object({ required: z.boolean().optional() }).optional();

/** The subset of GitHub's issue-form syntax the intake relies on; other keys (assignees, type...) are allowed. */
const formElement = z.discriminatedUnion('type', [
  z.object({ type: z.literal('markdown'), attributes: z.object({ value: z.string() }) }),
  z.object({ type: z.literal('input'), id: fieldId, attributes: z.object({ label }), validations }),
  z.object({ type: z.literal('textarea'), id: fieldId, attributes: z.object({ label, render: z.string().optional() }), validations }),
  z.object({
    type: z.literal('dropdown'),
    id: fieldId,
    attributes: z.object({
      label,
      multiple: z.boolean().optional(),
      // GitHub joins the chosen options with ", ", so an option containing ", " could not be read back; and it
      // reserves "None" for "nothing chosen".
      options: z.array(
        z
          .union([z.string(), z.number()])
          .transform(String)
          .refine((o) => !o.includes(', ') && o.toLowerCase() !== 'none', { error: 'must not contain ", " or be "None"' }),
      ),
    }),
    validations,
  }),
  z.object({
    type: z.literal('checkboxes'),
    id: fieldId,
    attributes: z.object({ label, options: z.array(z.object({ label, required: z.boolean().optional() })) }),
  }),
]);

const formFile = z.object({
  name: z.string(),
  description: z.string(),
  title: z.string().default(''),
  labels: z.array(z.string()).default([]),
  body: z.array(formElement),
});

export type FieldType = 'input' | 'textarea' | 'dropdown' | 'checkboxes';

export interface FormField {
  id: string;
  type: FieldType;
  label: string;
  required: boolean;
  /** Dropdown options, or checkbox labels. */
  options: string[];
  multiple: boolean;
  /** Language of a textarea GitHub wraps in a code fence (`render:`). */
  render?: string;
}

export interface IssueForm {
  template: IntakeTemplate;
  name: string;
  /** The title GitHub pre-fills, e.g. "[Failure]: ", which the intake strips from the issue title. */
  titlePrefix: string;
  labels: string[];
  fields: FormField[];
}

export class IssueFormError extends Error {}

export function parseIssueForm(template: IntakeTemplate, yamlText: string, file = `${template}.yml`): IssueForm {
  const parsed = formFile.safeParse(parseYaml(yamlText));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new IssueFormError(`${file}: ${issue.path.join('.')}: ${issue.message}. Fix the form so it follows GitHub's issue-form syntax`);
  }
  const fields: FormField[] = [];
  for (const element of parsed.data.body) {
    if (element.type === 'markdown') continue;
    const options = element.type === 'dropdown' ? element.attributes.options : element.type === 'checkboxes' ? element.attributes.options.map((o) => o.label) : [];
    const required = element.type === 'checkboxes' ? element.attributes.options.some((o) => o.required) : (element.validations?.required ?? false);
    fields.push({
      id: element.id,
      type: element.type,
      label: element.attributes.label,
      required,
      options,
      multiple: element.type === 'dropdown' && (element.attributes.multiple ?? false),
      ...(element.type === 'textarea' && element.attributes.render ? { render: element.attributes.render } : {}),
    });
  }
  const labels = new Set<string>();
  for (const field of fields) {
    if (labels.has(field.label)) throw new IssueFormError(`${file}: two fields share the label "${field.label}": the issue body could not tell them apart; rename one`);
    labels.add(field.label);
  }
  return { template, name: parsed.data.name, titlePrefix: parsed.data.title, labels: parsed.data.labels, fields };
}

/** Reads the three intake forms from a directory (the repository's .github/ISSUE_TEMPLATE). */
export function loadIssueForms(dir: string): IssueForm[] {
  const present = new Set(readdirSync(dir));
  return INTAKE_TEMPLATES.map((template) => {
    const file = `${template}.yml`;
    if (!present.has(file)) throw new IssueFormError(`${join(dir, file)} is missing: the intake needs the ${template} issue form`);
    return parseIssueForm(template, readFileSync(join(dir, file), 'utf8'), join(dir, file));
  });
}

export function field(form: IssueForm, id: string): FormField {
  const found = form.fields.find((f) => f.id === id);
  if (!found) throw new IssueFormError(`the ${form.template} form has no field "${id}": the intake expects it; restore it in .github/ISSUE_TEMPLATE/${form.template}.yml`);
  return found;
}
