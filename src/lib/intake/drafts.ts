/**
 * Turns a parsed, redacted submission into draft entries: a report (and, for a failure no known signature matches,
 * a draft failure), a draft remediation, or a draft occurrence report. Frontmatter is plain data validated by the
 * catalogue's own zod schemas; bodies are escaped Markdown (./markdown.ts). Every problem names the form field
 * the submitter has to change, and how.
 */
import type { z } from 'astro/zod';
import { requiredSections } from '../core/body-sections.ts';
import type { EntryCollection } from '../core/content-root.ts';
import type { CatalogueContent } from '../core/integrity.ts';
import { zodIssueToProblem } from '../core/zod-problems.ts';
import { failure as failureSchema, remediation as remediationSchema, report as reportSchema } from '../../schemas/index.ts';
import { RELEASE_ID } from '../../schemas/releases.ts';
import type { FormProblem, FieldValue } from './form-body.ts';
import { choiceValues, isChecked, textValue } from './form-body.ts';
import type { IdAllocator } from './ids.ts';
import type { IntakeTemplate, IssueForm } from './issue-forms.ts';
import { field } from './issue-forms.ts';
import { escapeAnswer, escapeList, fencedBlock } from './markdown.ts';
import type { SimilarFailure } from './similar.ts';

export interface IssueSnapshot {
  number: number;
  title: string;
  body: string;
  /** The issue's page; becomes the report's `source`. */
  htmlUrl: string;
  /** GitHub login of the author. */
  author: string;
  labels: string[];
  createdAt: string;
  updatedAt: string;
  state: 'open' | 'closed';
  isPullRequest: boolean;
}

export interface Draft {
  collection: EntryCollection;
  id: string;
  data: Record<string, unknown>;
  body: string;
  /** Path inside the content root, e.g. reports/RPT-0001.md. Built from the ID only, never from submitted text. */
  path: string;
}

export interface DraftInput {
  form: IssueForm;
  issue: IssueSnapshot;
  /** Issue title without the form's prefix, normalised and redacted. */
  title: string;
  /** Parsed answers; free-text answers already redacted. */
  values: Map<string, FieldValue>;
  content: CatalogueContent;
  similar: readonly SimilarFailure[];
  ids: IdAllocator;
}

export interface DraftOutput {
  drafts: Draft[];
  problems: FormProblem[];
  /** What the work group should check or complete, in the intake comment. */
  reviewNotes: string[];
}

/** Free-text fields of each form: these are redacted; the others are choices or IDs, validated instead. */
export const FREE_TEXT_FIELDS: Record<IntakeTemplate, readonly string[]> = {
  'report-failure': ['what_happened', 'symptoms', 'logs', 'impact', 'tried', 'fix'],
  'propose-remediation': ['title', 'steps', 'verification', 'rollback', 'automation'],
  'hit-this-too': ['notes', 'logs'],
};

export const CONSENT_FIELD = 'consent';
/** The first consent box (secrets removed) is required; the second decides whether the reporter is credited. */
const CREDIT_OPTION_INDEX = 1;
const SECRETS_OPTION_INDEX = 0;
const MAX_SYMPTOMS = 20;
const FAILURE_ID = /^FAIL-\d{4,}$/;
const REMEDIATION_ID = /^REM-\d{4,}$/;
/** Form options that stand for "not one of the catalogue's values". */
const DISRUPTION_OPTIONS: Record<string, string> = { 'no disruption': 'none' };
const NO_OUTCOME = 'did not try one';

const day = (iso: string) => iso.slice(0, 10);
/** Stands for the issue title where a form field ID is expected (the title is not a form field). */
const TITLE = '#title';

/** Whitespace collapsed, cut at a word boundary with an ellipsis when longer than `max`. */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The first sentences of `text` that fit in `max` characters (at least the first, shortened). */
function leadSentences(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  // A sentence ends at . ! or ? followed by a space (so "os.system" does not end one). A plain scan, not a regular
  // expression: submitted text can be 65,536 characters without a single full stop.
  let end = 0;
  for (let i = 0; i < flat.length && i < max; i++) {
    if ('.!?'.includes(flat[i]!) && (flat[i + 1] === ' ' || i + 1 === flat.length)) end = i + 1;
  }
  return end > 0 ? flat.slice(0, end) : shorten(flat, max);
}

/** Lines of an answer without list markers, for symptoms. */
function answerLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/^\s*(?:[-*+]|\d{1,3}[.)])\s+/, '').trim())
    .filter((l) => l !== '');
}

function section(heading: string, markdown: string | undefined): string {
  return markdown ? `## ${heading}\n\n${markdown}` : '';
}

function reporterOf(input: DraftInput): string {
  const consent = field(input.form, CONSENT_FIELD);
  const credit = consent.options[CREDIT_OPTION_INDEX];
  return credit !== undefined && isChecked(input.values, CONSENT_FIELD, credit) && /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(input.issue.author)
    ? input.issue.author
    : 'anonymous';
}

/** The secrets checkbox: GitHub enforces it when filing, but an edit can untick it. */
export function consentProblems(form: IssueForm, values: Map<string, FieldValue>): FormProblem[] {
  const consent = form.fields.find((f) => f.id === CONSENT_FIELD);
  const secrets = consent?.options[SECRETS_OPTION_INDEX];
  if (!consent || secrets === undefined || isChecked(values, CONSENT_FIELD, secrets)) return [];
  return [{ field: consent.label, message: `has the box "${secrets}" unticked`, fix: 'check your answers for secrets and host names, then tick it' }];
}

class Builder {
  readonly problems: FormProblem[] = [];
  readonly reviewNotes: string[] = [];
  readonly input: DraftInput;

  constructor(input: DraftInput) {
    this.input = input;
  }

  /** The label of a form field, or "Title" for the issue title (TITLE). */
  label(id: string): string {
    return id === TITLE ? 'Title' : field(this.input.form, id).label;
  }
  text(id: string): string | undefined {
    return textValue(this.input.values, id);
  }
  choice(id: string): string | undefined {
    return choiceValues(this.input.values, id)[0];
  }
  problem(id: string, message: string, fix: string) {
    this.problems.push({ field: this.label(id), message, fix });
  }

  release(id: string): string | undefined {
    const value = this.choice(id);
    return value && RELEASE_ID.test(value) && this.input.content.releases.some((r) => r.id === value) ? value : undefined;
  }
  deploymentTool(id: string): string | undefined {
    const value = this.choice(id);
    return value && this.input.content.deploymentTools.some((t) => t.id === value) ? value : undefined;
  }

  /** A failure ID the submitter typed: well-formed, in the catalogue, not withdrawn. */
  knownFailure(id: string, fieldId: string): boolean {
    if (!FAILURE_ID.test(id)) {
      this.problem(fieldId, `has "${id.slice(0, 40)}", which is not a failure ID`, 'use the ID shown on the failure page, e.g. FAIL-0001');
      return false;
    }
    const found = this.input.content.failures.find((f) => f.data.id === id)?.data;
    if (!found) {
      this.problem(fieldId, `names ${id}, which is not in the catalogue`, 'check the ID on the failure page; to report a new failure use the "Report a failure" form');
      return false;
    }
    if (found.status === 'withdrawn') {
      const successor = found.withdrawn?.superseded_by;
      this.problem(fieldId, `names ${id}, which is withdrawn`, successor ? `use ${successor}, which replaces it` : 'choose the failure that matches what you saw');
      return false;
    }
    return true;
  }

  /** The issue title without the form's prefix; `minimum` characters or a problem. */
  title(minimum: number): string {
    const title = shorten(this.input.title, 140);
    if (title.length < minimum) {
      this.problems.push({
        field: this.label(TITLE),
        message: title ? `is too short ("${title}"; at least ${minimum} characters)` : 'is empty after the form\'s prefix',
        fix: 'edit the issue title to say what failed, as an operator would search for it',
      });
    }
    return title;
  }

  credits(role: string) {
    return [{ name: reporterOf(this.input), role }];
  }
  references() {
    return [{ type: 'report', url: this.input.issue.htmlUrl, title: `Intake issue #${this.input.issue.number}` }];
  }

  /** Validates with the catalogue's schema; schema paths are reported against the form field they came from. */
  validate(schema: z.ZodType, data: Record<string, unknown>, fieldOf: Record<string, string>) {
    const parsed = schema.safeParse(data);
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      const problem = zodIssueToProblem(issue, '');
      const formField = fieldOf[String(issue.path[0] ?? '')];
      const label = formField ? this.label(formField) : problem.field;
      // A field the checks above already explained needs no second, more technical message.
      if (this.problems.some((p) => p.field === label)) continue;
      this.problems.push({ field: label, message: problem.message, fix: problem.fix });
    }
  }

  draft(collection: EntryCollection, data: Record<string, unknown>, body: string): PendingDraft {
    return { collection, data, body };
  }
}

/** A draft before it has an ID: IDs are handed out only once the whole submission is accepted. */
interface PendingDraft {
  collection: EntryCollection;
  data: Record<string, unknown>;
  body: string;
}

/** Report a failure: a report always (an occurrence is a fact), and a draft failure unless a known signature matched. */
function reportFailure(b: Builder): PendingDraft[] {
  const { issue, content, similar } = b.input;
  const title = b.title(8);
  const whatHappened = b.text('what_happened') ?? '';
  const symptoms = answerLines(b.text('symptoms') ?? '');
  const logs = b.text('logs');
  const services = choiceValues(b.input.values, 'services').filter((s) => content.services.some((t) => t.id === s));
  const release = b.release('release');
  const deploymentTool = b.deploymentTool('deployment_tool');
  const summary = leadSentences(whatHappened, 500);
  if (summary.length < 20) b.problem('what_happened', 'is too short (at least 20 characters)', 'describe the failure in a sentence or two');

  const body = [
    section('What happened', whatHappened && escapeAnswer(whatHappened)),
    section('What the operator saw', symptoms.length > 0 ? escapeList(symptoms) : undefined),
    section('Log excerpt', logs && fencedBlock(logs)),
    section('Impact', b.text('impact') && escapeAnswer(b.text('impact')!)),
    section('What was tried', b.text('tried') && escapeAnswer(b.text('tried')!)),
    section('What fixed it', b.text('fix') && escapeAnswer(b.text('fix')!)),
  ]
    .filter(Boolean)
    .join('\n\n');

  const reportData = {
    title,
    status: 'draft',
    submitted: day(issue.createdAt),
    ...(release ? { release } : {}),
    ...(deploymentTool ? { deployment_tool: deploymentTool } : {}),
    backends: services.filter((s) => content.services.find((t) => t.id === s)?.kind === 'backing'),
    reporter: reporterOf(b.input),
    source: issue.htmlUrl,
  };
  b.validate(reportSchema, { id: 'RPT-0000', ...reportData }, { title: TITLE, release: 'release', deployment_tool: 'deployment_tool' });

  const signatureMatch = similar.find((s) => s.signature);
  if (signatureMatch) {
    b.reviewNotes.push(
      `A signature of ${signatureMatch.id} (${signatureMatch.signature!.id}) matches the log excerpt, so this looks like an occurrence of ${signatureMatch.id} and no new failure was drafted. If the work group agrees, set the report's failure: ${signatureMatch.id} and status: triaged.`,
    );
  }
  const failureSymptoms = symptoms.slice(0, MAX_SYMPTOMS).map((s) => shorten(s, 500));
  if (symptoms.length > MAX_SYMPTOMS) b.reviewNotes.push(`Only the first ${MAX_SYMPTOMS} lines of "${b.label('symptoms')}" became symptoms; the report body has them all.`);
  const category = b.input.similar[0] ? content.failures.find((f) => f.data.id === b.input.similar[0]!.id)?.data.category : undefined;
  const fallbackCategory = content.categories.find((c) => c.id === 'software-defect')?.id ?? content.categories[0]?.id ?? 'software-defect';
  const failureData = {
    title,
    summary,
    status: 'draft',
    category: category ?? fallbackCategory,
    services,
    components: [],
    // Without a release, the draft claims the releases upstream still keeps (maintained or unmaintained): the
    // taxonomy reaches back to Essex, and a report with no release says nothing about a release that old.
    releases: release ? [release] : [{ introduced: (content.releases.find((r) => r.status !== 'end-of-life') ?? content.releases[0])?.id ?? '2023.1' }],
    deployment_tools: [],
    severity: 'medium',
    symptoms: failureSymptoms,
    signatures: [],
    related: [],
    references: b.references(),
    credits: b.credits('reporter'),
    created: day(issue.createdAt),
    modified: day(issue.updatedAt),
  };
  if (!signatureMatch) {
    b.validate(failureSchema, { id: 'FAIL-0000', ...failureData }, { title: TITLE, summary: 'what_happened', symptoms: 'symptoms', services: 'services' });
    b.reviewNotes.push(
      `The draft failure needs the work group: its severity (set to medium), its category (${category ? `taken from the most similar failure, ${b.input.similar[0]!.id}` : `set to ${fallbackCategory}`}), ${release ? 'the other affected releases' : 'the affected releases (the reporter did not give one)'}, a signature from the log excerpt, and the Diagnosis and Root cause sections.`,
    );
  }
  if (b.problems.length > 0) return [];
  const drafts = [b.draft('reports', reportData, body)];
  if (!signatureMatch) drafts.push(b.draft('failures', failureData, body));
  return drafts;
}

/** Propose a remediation: a draft remediation of the failures named. */
function proposeRemediation(b: Builder): PendingDraft[] {
  const { issue } = b.input;
  const idsText = b.text('failure_ids') ?? '';
  const tokens = idsText.split(/[\s,;]+/).filter(Boolean);
  const fixes = [...new Set(tokens.map((t) => t.toUpperCase()))].filter((id) => b.knownFailure(id, 'failure_ids'));
  const title = shorten(b.text('title') ?? '', 140);
  if (title.length < 8) b.problem('title', 'is too short (at least 8 characters)', 'say what the remediation does, e.g. "Restart the partitioned RabbitMQ node"');
  const type = b.choice('type');
  const steps = b.text('steps') ?? '';
  const verification = b.text('verification') ?? '';
  const rollback = b.text('rollback');
  const automationCode = b.text('automation');
  const automationKind = b.choice('automation_kind');
  const releases = choiceValues(b.input.values, 'releases').filter((r) => RELEASE_ID.test(r));
  if (verification.length > 1000) b.problem('verification', `is ${verification.length} characters (at most 1,000)`, 'keep the check short; put longer procedures in Steps');
  if (automationCode && !automationKind) b.problem('automation_kind', 'is not chosen, but there is automation', 'choose the language of the automation, or remove the automation');
  const disruption = b.choice('disruption');
  const data = {
    title,
    summary: `${title.replace(/[.!?…]$/, '')}: a ${type ?? 'remediation'} for ${fixes.join(', ') || 'the failures named'}, proposed by an operator.`,
    status: 'draft',
    fixes,
    type,
    risk: b.choice('risk'),
    disruption: disruption ? (DISRUPTION_OPTIONS[disruption] ?? disruption) : undefined,
    reversible: rollback !== undefined,
    idempotent: false,
    prerequisites: [],
    ...(automationCode && automationKind ? { automation: { kind: automationKind, code: automationCode } } : {}),
    verification: { how: verification.trim(), status: releases.length > 0 ? 'reported-working' : 'unverified', releases },
    references: b.references(),
    credits: b.credits('remediation-developer'),
    created: day(issue.createdAt),
    modified: day(issue.updatedAt),
  };
  if (tokens.length === 0) b.problem('failure_ids', 'names no failure', 'give the IDs of the failures this remediates, e.g. FAIL-0001, FAIL-0002');
  b.validate(remediationSchema, { id: 'REM-0000', ...data }, { title: 'title', type: 'type', risk: 'risk', disruption: 'disruption', verification: 'verification', automation: 'automation' });
  if (b.problems.length > 0) return [];
  b.reviewNotes.push(
    `Check the draft remediation's idempotent (set to false: the form does not ask), reversible (${rollback ? 'true: a rollback was given' : 'false: no rollback was given'}), prerequisites, and its verification status (${data.verification.status}${releases.length > 0 ? `, on ${releases.join(', ')} as the submitter reports` : ''}).`,
  );
  // The sections a published remediation needs (FC017), so a complete submission can be published as drafted.
  const [stepsHeading, verificationHeading, rollbackHeading] = requiredSections.remediations;
  const body = [
    section(stepsHeading, escapeAnswer(steps)),
    section(verificationHeading, escapeAnswer(verification)),
    section(rollbackHeading, rollback ? escapeAnswer(rollback) : 'The submitter gave no rollback.'),
  ].join('\n\n');
  return [b.draft('remediations', data, body)];
}

/** I hit this known failure too: a draft report of an occurrence of a catalogued failure. */
function hitThisToo(b: Builder): PendingDraft[] {
  const { issue, content } = b.input;
  const failureId = (b.text('failure_id') ?? '').trim().toUpperCase();
  b.knownFailure(failureId, 'failure_id');
  const remediationId = b.text('remediation_id')?.trim().toUpperCase();
  if (remediationId !== undefined) {
    if (!REMEDIATION_ID.test(remediationId)) b.problem('remediation_id', `has "${remediationId.slice(0, 40)}", which is not a remediation ID`, 'use the ID shown on the remediation page, e.g. REM-0001, or leave it empty');
    else if (!content.remediations.some((r) => r.data.id === remediationId)) b.problem('remediation_id', `names ${remediationId}, which is not in the catalogue`, 'check the ID on the remediation page, or leave it empty');
  }
  const outcome = b.choice('outcome');
  const release = b.release('release');
  const deploymentTool = b.deploymentTool('deployment_tool');
  const title = shorten(b.input.title, 140) || `Occurrence of ${failureId}`;
  const data = {
    title,
    status: 'draft',
    submitted: day(issue.createdAt),
    failure: failureId,
    ...(release ? { release } : {}),
    ...(deploymentTool ? { deployment_tool: deploymentTool } : {}),
    backends: [],
    ...(remediationId ? { remediation: remediationId } : {}),
    ...(outcome && outcome !== NO_OUTCOME ? { outcome } : {}),
    reporter: reporterOf(b.input),
    source: issue.htmlUrl,
  };
  b.validate(reportSchema, { id: 'RPT-0000', ...data }, { title: TITLE, failure: 'failure_id', remediation: 'remediation_id', outcome: 'outcome', release: 'release' });
  if (b.problems.length > 0) return [];
  b.reviewNotes.push(`Confirm that this is an occurrence of ${failureId}, then set the report's status: triaged.`);
  const notes = b.text('notes');
  const logs = b.text('logs');
  if (logs !== undefined) {
    const own = b.input.similar.find((s) => s.id === failureId && s.signature);
    const other = b.input.similar.find((s) => s.id !== failureId && s.signature);
    if (own) b.reviewNotes.push(`The log lines match ${failureId}'s signature ${own.signature!.id}.`);
    else if (other) b.reviewNotes.push(`The log lines match no signature of ${failureId}, but ${other.id}'s signature ${other.signature!.id}: check which failure this is.`);
    else b.reviewNotes.push(`The log lines match no published signature: check that this is ${failureId}, and whether its signatures miss this variant.`);
  }
  const body = [section('Notes', notes && escapeAnswer(notes)), section('Log excerpt', logs && fencedBlock(logs))].filter(Boolean).join('\n\n');
  return [b.draft('reports', data, body)];
}

const BUILDERS: Record<IntakeTemplate, (b: Builder) => PendingDraft[]> = {
  'report-failure': reportFailure,
  'propose-remediation': proposeRemediation,
  'hit-this-too': hitThisToo,
};

/**
 * Drafts the submission's entries. `accepted` is false when the answers already have problems (found while
 * parsing): the drafts are still checked, so every problem is reported at once, but no ID is used up.
 */
export function buildDrafts(input: DraftInput, accepted = true): DraftOutput {
  const builder = new Builder(input);
  const pending = BUILDERS[input.form.template](builder);
  const drafts: Draft[] =
    accepted && builder.problems.length === 0
      ? pending.map(({ collection, data, body }) => {
          const id = input.ids.next(collection);
          return { collection, id, data: { id, ...data }, body, path: `${collection}/${id}.md` };
        })
      : [];
  return { drafts, problems: builder.problems, reviewNotes: builder.reviewNotes };
}
