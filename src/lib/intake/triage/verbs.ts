/**
 * The work group's triage verbs: each turns one decision (this report is that failure; publish; these two failures
 * are one; withdraw; how well is this remediation confirmed) into edits of the entry files, leaving every other
 * field as it was. A verb that cannot be applied throws a Refusal saying why; nothing is written by a verb itself
 * (`applyTriage` checks the result and writes it, or nothing).
 */
import type { CatalogueContent, Loaded } from '../../core/integrity.ts';
import type { Failure, Remediation, Report } from '../../../schemas/index.ts';
import { FAILURE_ID, REMEDIATION_ID, REPORT_ID } from '../../../schemas/common.ts';
import type { EntryEdits } from './entry-edits.ts';

export class Refusal extends Error {}

export interface TriageContext {
  content: CatalogueContent;
  edits: EntryEdits;
  /** YYYY-MM-DD, for `modified` and `withdrawn.date`. */
  today: string;
}

export interface VerbResult {
  /** One line per change, for the work group and the pull-request comment. */
  changes: string[];
  /** What the work group should look at next (material to fold in, a proposal to confirm). */
  notes: string[];
}

type Kind = 'failure' | 'remediation' | 'report';

function kindOf(id: string): Kind | undefined {
  if (FAILURE_ID.test(id)) return 'failure';
  if (REMEDIATION_ID.test(id)) return 'remediation';
  if (REPORT_ID.test(id)) return 'report';
  return undefined;
}

const KINDS = {
  failure: { collection: 'failures', prefix: 'FAIL' },
  remediation: { collection: 'remediations', prefix: 'REM' },
  report: { collection: 'reports', prefix: 'RPT' },
} as const;

/** The entry with this ID, which must be of this kind and exist. */
function entryOf<T extends { id: string }>(ctx: TriageContext, id: string, kind: Kind): Loaded<T> {
  const { collection, prefix } = KINDS[kind];
  if (kindOf(id) !== kind) throw new Refusal(`${JSON.stringify(id)} is not a ${kind} ID (${prefix}- and at least 4 digits)`);
  const entries: ReadonlyArray<Loaded<{ id: string }>> = ctx.content[collection];
  const entry = entries.find((e) => e.data.id === id) as Loaded<T> | undefined;
  if (!entry) throw new Refusal(`${id} does not exist in the catalogue`);
  return entry;
}

const failure = (ctx: TriageContext, id: string) => entryOf<Failure>(ctx, id, 'failure');
const remediation = (ctx: TriageContext, id: string) => entryOf<Remediation>(ctx, id, 'remediation');
const report = (ctx: TriageContext, id: string) => entryOf<Report>(ctx, id, 'report');

function liveFailure(ctx: TriageContext, id: string): Loaded<Failure> {
  const entry = failure(ctx, id);
  if (entry.data.status === 'withdrawn') {
    const successor = entry.data.withdrawn?.superseded_by;
    throw new Refusal(`${id} is withdrawn${successor ? `; it was superseded by ${successor}, use that` : ''}`);
  }
  return entry;
}

const unique = <T>(items: readonly T[]) => [...new Set(items)];
const replaceId = (ids: readonly string[], from: string, to: string, self?: string) => unique(ids.map((id) => (id === from ? to : id))).filter((id) => id !== self);

/** `link RPT FAIL`: the report is an occurrence of the failure; a failure drafted from the same submission goes. */
export function link(ctx: TriageContext, reportId: string, failureId: string): VerbResult {
  const rpt = report(ctx, reportId);
  const target = liveFailure(ctx, failureId);
  const out: VerbResult = { changes: [], notes: [] };
  if (rpt.data.failure === failureId && rpt.data.status === 'triaged') throw new Refusal(`${reportId} is already triaged as an occurrence of ${failureId}`);
  ctx.edits.set(rpt.file, ['failure'], failureId);
  ctx.edits.set(rpt.file, ['status'], 'triaged');
  out.changes.push(`${reportId}: failure ${rpt.data.failure ?? '(none)'} -> ${failureId}, status ${rpt.data.status} -> triaged`);

  // The intake drafts a failure beside the report and cites the same issue; it is now redundant.
  const drafted = ctx.content.failures.filter((f) => f.data.status === 'draft' && f.data.id !== failureId && f.data.references.some((r) => r.url === rpt.data.source));
  for (const draft of drafted) {
    const linkedElsewhere = ctx.content.failures.some((f) => f.data.id !== draft.data.id && f.data.related.includes(draft.data.id));
    const fixers = ctx.content.remediations.filter((r) => r.data.fixes.includes(draft.data.id));
    for (const r of fixers) {
      ctx.edits.set(r.file, ['fixes'], replaceId(r.data.fixes, draft.data.id, failureId));
      out.changes.push(`${r.data.id}: fixes ${draft.data.id} -> ${failureId}`);
    }
    if (linkedElsewhere) {
      out.notes.push(`${draft.data.id} was drafted from the same submission but other failures list it as related; it was kept: withdraw it with --superseded-by ${failureId} once they are updated`);
      continue;
    }
    ctx.edits.remove(draft.file);
    out.changes.push(`${draft.data.id}: removed (drafted from the same submission, ${rpt.data.source})`);
    out.notes.push(...foldInNotes(draft, target));
  }
  return out;
}

/** What a removed or merged draft had that the kept failure may want: new symptoms and log lines. */
function foldInNotes(from: Loaded<Failure>, into: Loaded<Failure>): string[] {
  const notes: string[] = [];
  const symptoms = from.data.symptoms.filter((s) => !into.data.symptoms.includes(s));
  if (symptoms.length > 0) notes.push(`Symptoms of ${from.data.id} that ${into.data.id} does not list:\n${symptoms.map((s) => `  - ${s}`).join('\n')}`);
  const lines = [...from.body.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].flatMap((m) => m[1]!.split('\n')).map((l) => l.trim()).filter(Boolean);
  const known = new Set(into.data.signatures.flatMap((s) => [...s.examples.match, ...s.examples.observed.map((o) => o.line)]));
  const candidates = unique(lines.filter((l) => !known.has(l)));
  if (candidates.length > 0) notes.push(`Log lines from ${from.data.id} to consider as signature examples of ${into.data.id} (check each against its format string):\n${candidates.slice(0, 20).map((l) => `  ${l}`).join('\n')}`);
  return notes;
}

/** `publish ID`: a draft failure or remediation becomes public. */
export function publish(ctx: TriageContext, id: string): VerbResult {
  const kind = kindOf(id);
  if (kind === 'report') throw new Refusal(`${id} is a report: reports are made public by triage, use "link ${id} <FAIL-ID>"`);
  const entry = kind === 'failure' ? failure(ctx, id) : remediation(ctx, id);
  if (entry.data.status !== 'draft') throw new Refusal(`${id} is ${entry.data.status}, not a draft`);
  const linked = kind === 'failure' ? (entry.data as Failure).related : (entry.data as Remediation).fixes;
  const drafts = linked.filter((target) => ctx.content.failures.find((f) => f.data.id === target)?.data.status === 'draft');
  if (drafts.length > 0) throw new Refusal(`${id} links the draft${drafts.length === 1 ? '' : 's'} ${drafts.join(', ')}: publish ${drafts.length === 1 ? 'it' : 'them'} first, or remove the link`);
  ctx.edits.set(entry.file, ['status'], 'published');
  ctx.edits.set(entry.file, ['modified'], ctx.today);
  return { changes: [`${id}: status draft -> published, modified ${ctx.today}`], notes: [] };
}

/** `merge KEEP DROP`: KEEP absorbs a duplicate; DROP stays as a tombstone superseded by KEEP. */
export function merge(ctx: TriageContext, keepId: string, dropId: string): VerbResult {
  if (keepId === dropId) throw new Refusal('KEEP and DROP are the same failure');
  const keep = liveFailure(ctx, keepId);
  const drop = liveFailure(ctx, dropId);
  const out: VerbResult = { changes: [], notes: [] };
  const { edits } = ctx;

  for (const r of ctx.content.reports.filter((x) => x.data.failure === dropId)) {
    edits.set(r.file, ['failure'], keepId);
    out.changes.push(`${r.data.id}: failure ${dropId} -> ${keepId}`);
  }
  for (const r of ctx.content.remediations.filter((x) => x.data.fixes.includes(dropId))) {
    edits.set(r.file, ['fixes'], replaceId(r.data.fixes, dropId, keepId));
    out.changes.push(`${r.data.id}: fixes ${dropId} -> ${keepId}`);
  }
  for (const f of ctx.content.failures.filter((x) => x.data.id !== keepId && x.data.id !== dropId && x.data.related.includes(dropId))) {
    edits.set(f.file, ['related'], replaceId(f.data.related, dropId, keepId, f.data.id));
    out.changes.push(`${f.data.id}: related ${dropId} -> ${keepId}`);
  }

  // KEEP takes what DROP knew: its relations, services, symptoms, references and the signatures it lacks.
  const union = (field: 'related' | 'services' | 'components' | 'deployment_tools' | 'symptoms', extra: readonly string[]) => {
    const merged = unique([...keep.data[field], ...extra]).filter((v) => v !== keepId && v !== dropId);
    if (merged.length !== keep.data[field].length) {
      edits.set(keep.file, [field], merged);
      out.changes.push(`${keepId}: ${field} + ${merged.filter((v) => !keep.data[field].includes(v)).join(', ')}`);
    }
  };
  union('related', drop.data.related);
  union('services', drop.data.services);
  union('components', drop.data.components);
  union('deployment_tools', drop.data.deployment_tools);
  union('symptoms', drop.data.symptoms);
  const knownUrls = new Set(keep.data.references.map((r) => r.url));
  const references = drop.data.references.filter((r) => !knownUrls.has(r.url));
  if (references.length > 0) {
    edits.set(keep.file, ['references'], [...(edits.get(keep.file, ['references']) as unknown[] ?? []), ...references]);
    out.changes.push(`${keepId}: references + ${references.map((r) => r.url).join(', ')}`);
  }
  const patterns = new Set(keep.data.signatures.map((s) => s.pattern));
  const ids = new Set(keep.data.signatures.map((s) => s.id));
  const moved = (edits.get(drop.file, ['signatures']) as Array<Record<string, unknown>> | undefined ?? []).filter((s) => !patterns.has(String(s.pattern)));
  if (moved.length > 0) {
    const renamed = moved.map((s) => (ids.has(String(s.id)) ? { ...s, id: `${String(s.id)}-${dropId.toLowerCase()}` } : s));
    edits.set(keep.file, ['signatures'], [...(edits.get(keep.file, ['signatures']) as unknown[] ?? []), ...renamed]);
    out.changes.push(`${keepId}: signatures + ${renamed.map((s) => String(s.id)).join(', ')} (from ${dropId})`);
  }
  edits.set(keep.file, ['modified'], ctx.today);

  edits.set(drop.file, ['status'], 'withdrawn');
  edits.set(drop.file, ['withdrawn'], { date: ctx.today, reason: `Duplicate of ${keepId}: the work group merged the two failures.`, superseded_by: keepId });
  edits.set(drop.file, ['related'], []);
  edits.set(drop.file, ['modified'], ctx.today);
  out.changes.push(`${dropId}: withdrawn, superseded by ${keepId} (its page, JSON and feed entry remain as a tombstone)`);
  out.notes.push(...foldInNotes(drop, keep).filter((n) => n.startsWith('Log lines')));
  return out;
}

/** `withdraw ID --reason TEXT [--superseded-by ID]`. */
export function withdraw(ctx: TriageContext, id: string, reason: string, supersededBy?: string): VerbResult {
  const kind = kindOf(id);
  if (kind === 'report') throw new Refusal(`${id} is a report: reports are not withdrawn; delete a draft report or correct it`);
  const entry = kind === 'failure' ? failure(ctx, id) : remediation(ctx, id);
  if (entry.data.status === 'withdrawn') throw new Refusal(`${id} is already withdrawn`);
  if (reason.trim() === '') throw new Refusal('--reason must say why the entry is withdrawn');
  if (supersededBy !== undefined) {
    if (supersededBy === id) throw new Refusal('an entry cannot be superseded by itself');
    if (kind === 'failure') liveFailure(ctx, supersededBy);
    else if (remediation(ctx, supersededBy).data.status === 'withdrawn') throw new Refusal(`${supersededBy} is withdrawn too`);
  }
  ctx.edits.set(entry.file, ['status'], 'withdrawn');
  ctx.edits.set(entry.file, ['withdrawn'], { date: ctx.today, reason: reason.trim(), ...(supersededBy ? { superseded_by: supersededBy } : {}) });
  ctx.edits.set(entry.file, ['modified'], ctx.today);
  return { changes: [`${id}: status ${entry.data.status} -> withdrawn${supersededBy ? `, superseded by ${supersededBy}` : ''}`], notes: [] };
}

/** How many of the newest outcomes must not say "not-resolved" for a remediation to count as reported working. */
export const RECENT_OUTCOMES = 3;
/** Distinct operators whose resolved reports make a remediation reported working. */
export const RESOLVED_REPORTERS = 2;

/**
 * `verify REM`: proposes the verification status its reports support. The rule: `reported-working` when triaged
 * reports that tried it say `resolved` from at least RESOLVED_REPORTERS distinct operators (each anonymous report
 * counts as its own operator) and none of the RECENT_OUTCOMES newest outcomes is `not-resolved`; otherwise
 * `unverified`. `verified` (the work group reproduced failure and fix) is never proposed or taken away here.
 * The proposal is written only when `apply` is set: the work group confirms.
 */
export function verify(ctx: TriageContext, id: string, apply: boolean): VerbResult {
  const rem = remediation(ctx, id);
  const outcomes = ctx.content.reports
    .filter((r) => r.data.status === 'triaged' && r.data.remediation === id && r.data.outcome !== undefined)
    .sort((a, b) => a.data.submitted.localeCompare(b.data.submitted));
  const resolved = outcomes.filter((r) => r.data.outcome === 'resolved');
  const operators = new Set(resolved.map((r) => (r.data.reporter === 'anonymous' ? `anonymous:${r.data.source}` : r.data.reporter.toLowerCase())));
  const recent = outcomes.slice(-RECENT_OUTCOMES);
  const recentFailure = recent.find((r) => r.data.outcome === 'not-resolved');
  const current = rem.data.verification.status;
  const reasons = [
    `${outcomes.length} report${outcomes.length === 1 ? '' : 's'} with an outcome; resolved by ${operators.size} operator${operators.size === 1 ? '' : 's'} (needs ${RESOLVED_REPORTERS})`,
    recentFailure ? `${recentFailure.data.id} (${recentFailure.data.submitted}), among the ${RECENT_OUTCOMES} newest, says not-resolved` : `none of the ${Math.min(RECENT_OUTCOMES, outcomes.length)} newest says not-resolved`,
  ];
  if (current === 'verified') return { changes: [], notes: [`${id} is verified by the work group; reports do not change that (${reasons.join('; ')})`] };
  const proposed = operators.size >= RESOLVED_REPORTERS && !recentFailure ? 'reported-working' : 'unverified';
  const releases = proposed === 'reported-working' ? unique(resolved.map((r) => r.data.release).filter((r): r is string => r !== undefined)).sort() : [];
  const sameReleases = JSON.stringify(releases) === JSON.stringify(rem.data.verification.releases);
  if (proposed === current && sameReleases) return { changes: [], notes: [`${id} stays ${current}: ${reasons.join('; ')}`] };
  const change = `${id}: verification.status ${current} -> ${proposed}${releases.length > 0 ? `, releases ${releases.join(', ')}` : ''} (${reasons.join('; ')})`;
  if (!apply) return { changes: [], notes: [`Proposed: ${change}. Run again with --apply to confirm it.`] };
  ctx.edits.set(rem.file, ['verification', 'status'], proposed);
  ctx.edits.set(rem.file, ['verification', 'releases'], releases);
  ctx.edits.set(rem.file, ['modified'], ctx.today);
  return { changes: [change], notes: [] };
}
