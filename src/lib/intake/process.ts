/**
 * The intake of one issue, from its raw text to validated drafts, without any I/O: normalise the text, find the
 * form that produced it, parse the answers, redact them, look for similar published failures, and draft the
 * entries. scripts/intake.ts reads the event, writes the files and talks to GitHub around this.
 */
import { catalogueFromContent } from '../core/catalogue.ts';
import type { CatalogueContent } from '../core/integrity.ts';
import type { SimilarityIndex } from '../core/similarity.ts';
import type { Failure } from '../../schemas/index.ts';
import { buildDrafts, consentProblems, FREE_TEXT_FIELDS, type Draft, type IssueSnapshot } from './drafts.ts';
import { choiceValues, detectForm, parseFormBody, textValue, type FieldValue, type FormProblem } from './form-body.ts';
import type { IdAllocator } from './ids.ts';
import type { IntakeTemplate, IssueForm } from './issue-forms.ts';
import { codePointLength, describeTextChanges, normalizeUntrustedText } from './normalize.ts';
import { Redactor, type RedactionSummary } from './redact.ts';
import { findSimilar, logLines, looksLikeDuplicate, type SimilarFailure } from './similar.ts';

/** GitHub's limit for an issue body; a longer one did not come from GitHub. */
export const MAX_BODY_CHARACTERS = 65_536;
/** The label every intake form adds; an issue without it that matches no form is not a submission at all. */
export const SUBMISSION_LABEL = 'submission';
/** Issue actions that can change a submission (the workflow listens to these), and the batch mode's own. */
const HANDLED_ACTIONS = new Set(['opened', 'edited', 'reopened', 'batch']);

export type IntakeStatus = 'drafted' | 'rejected' | 'skipped';

export interface IntakeResult {
  status: IntakeStatus;
  issue: number;
  template?: IntakeTemplate;
  drafts: Draft[];
  problems: FormProblem[];
  /** Things the submitter should know (ambiguous answers, characters removed). */
  warnings: string[];
  /** Things the work group should check or complete. */
  reviewNotes: string[];
  similar: SimilarFailure[];
  /** A known signature matched, or a published failure is very similar: label the issue possible-duplicate. */
  duplicate: boolean;
  redactions: RedactionSummary[];
  /** Why the issue was skipped. */
  reason?: string;
}

export interface IntakeContext {
  forms: readonly IssueForm[];
  content: CatalogueContent;
  /** Published failures only: a submission is compared with what the public catalogue holds. */
  index: SimilarityIndex;
  failure: (id: string) => Failure | undefined;
  ids: IdAllocator;
}

/** The context for a content root's validated content. */
export function createIntakeContext(forms: readonly IssueForm[], content: CatalogueContent, ids: IdAllocator): IntakeContext {
  const published = catalogueFromContent(content, { includeDrafts: false });
  return { forms, content, index: published.similarity, failure: (id) => published.failure(id), ids };
}

function empty(issue: number, status: IntakeStatus, extra: Partial<IntakeResult> = {}): IntakeResult {
  return { status, issue, drafts: [], problems: [], warnings: [], reviewNotes: [], similar: [], duplicate: false, redactions: [], ...extra };
}

function stripPrefix(title: string, prefix: string): string {
  const p = prefix.trim();
  const t = title.trim();
  return p && t.toLowerCase().startsWith(p.toLowerCase()) ? t.slice(p.length).trim() : t;
}

export function processIssue(issue: IssueSnapshot, action: string, ctx: IntakeContext): IntakeResult {
  if (!HANDLED_ACTIONS.has(action)) return empty(issue.number, 'skipped', { reason: `the "${action}" action does not change a submission` });
  if (issue.isPullRequest) return empty(issue.number, 'skipped', { reason: 'it is a pull request' });
  if (issue.state !== 'open') return empty(issue.number, 'skipped', { reason: 'the issue is closed' });

  const rawLength = codePointLength(issue.body);
  if (rawLength > MAX_BODY_CHARACTERS) {
    return empty(issue.number, 'rejected', {
      problems: [{ field: 'Issue', message: `has a body of ${rawLength.toLocaleString('en')} characters, more than GitHub's ${MAX_BODY_CHARACTERS.toLocaleString('en')}`, fix: 'shorten the log excerpt to the lines that show the failure' }],
    });
  }
  const body = normalizeUntrustedText(issue.body);
  const title = normalizeUntrustedText(issue.title);
  const changes = { ...body.changes };
  for (const [kind, n] of Object.entries(title.changes) as [keyof typeof changes, number][]) changes[kind] = (changes[kind] ?? 0) + n;
  const warnings = describeTextChanges(changes).map((c) => `In the issue text: ${c}.`);
  const form = detectForm(ctx.forms, body.text, issue.labels);
  if (!form) {
    if (!issue.labels.includes(SUBMISSION_LABEL)) return empty(issue.number, 'skipped', { reason: 'it was not filed through an intake form' });
    return empty(issue.number, 'rejected', {
      warnings,
      problems: [{ field: 'Issue', message: 'does not follow any of the intake forms (a field heading is missing or renamed)', fix: 'open a new issue with one of the forms: Report a failure, Propose a remediation, or I hit this known failure too' }],
    });
  }

  const parsed = parseFormBody(form, body.text);
  warnings.push(...parsed.warnings);
  const problems = [...parsed.problems, ...consentProblems(form, parsed.values)];

  // Redact every free-text answer and the title together, so a host name gets one placeholder everywhere.
  const redactor = new Redactor();
  const freeText = FREE_TEXT_FIELDS[form.template]
    .map((id) => ({ id, label: form.fields.find((f) => f.id === id)?.label ?? id, text: textValue(parsed.values, id) }))
    .filter((f): f is { id: string; label: string; text: string } => f.text !== undefined);
  const redacted = redactor.redactFields([{ id: '#title', label: 'Title', text: stripPrefix(title.text, form.titlePrefix) }, ...freeText]);
  const values = new Map<string, FieldValue>(parsed.values);
  for (const f of freeText) values.set(f.id, { type: 'text', text: redacted.get(f.id)! });
  const cleanTitle = redacted.get('#title')!;

  const similar =
    form.template === 'report-failure'
      ? findSimilar(ctx.index, ctx.failure, {
          text: [cleanTitle, ...['what_happened', 'symptoms', 'impact', 'logs'].map((id) => textValue(values, id) ?? '')].join('\n'),
          services: choiceValues(values, 'services'),
          logLines: [...logLines(textValue(values, 'logs') ?? ''), ...logLines(textValue(values, 'symptoms') ?? '')],
        })
      : form.template === 'hit-this-too' && textValue(values, 'logs') !== undefined
        ? // Which failure the occurrence's log lines show, so the work group can confirm the failure ID it names.
          findSimilar(ctx.index, ctx.failure, { text: '', services: [], logLines: logLines(textValue(values, 'logs')!) }).filter((s) => s.signature)
        : [];

  const built = buildDrafts({ form, issue, title: cleanTitle, values, content: ctx.content, similar, ids: ctx.ids }, problems.length === 0);
  for (const p of built.problems) if (!problems.some((q) => q.field === p.field)) problems.push(p);
  const common = { template: form.template, warnings, similar, duplicate: form.template === 'report-failure' && looksLikeDuplicate(similar), redactions: redactor.summary() };
  if (problems.length > 0) return empty(issue.number, 'rejected', { ...common, problems });
  return { ...empty(issue.number, 'drafted'), ...common, drafts: built.drafts, reviewNotes: built.reviewNotes };
}
