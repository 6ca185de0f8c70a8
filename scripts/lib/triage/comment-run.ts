/**
 * Runs a triage command typed as a comment on an intake issue or its pull request (the `issue_comment` event):
 * checks through the GitHub API that the commenter may write to the repository, applies the verb to the
 * submission's checkout exactly as `npm run triage` would (atomic, content-checked), commits the changed files to
 * the pull request's branch, and answers by updating one comment. Text from the comment is never executed or
 * interpolated: IDs are checked by pattern, and a reason is only ever a YAML value and escaped Markdown.
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { z } from 'astro/zod';
import { checkContentRoot } from '../../../src/lib/core/integrity.ts';
import { codeSpan, escapeProse } from '../../../src/lib/intake/markdown.ts';
import { parseCommentCommand, type CommentCommand } from '../../../src/lib/intake/triage/comment-command.ts';
import { applyTriage } from '../../../src/lib/intake/triage/apply.ts';
import { EntryEdits } from '../../../src/lib/intake/triage/entry-edits.ts';
import { link, publish, Refusal, withdraw, type TriageContext, type VerbResult } from '../../../src/lib/intake/triage/verbs.ts';
import { IntakeGitHub, type IntakePull } from '../intake/github.ts';
import { UsageError } from '../intake/event.ts';

export const TRIAGE_MARKER = 'failure-catalogue-triage';
/** Permissions (GitHub's role names) that may change the catalogue. */
const ALLOWED = new Set(['admin', 'maintain', 'write']);

const issueCommentEvent = z.object({
  action: z.string(),
  issue: z.object({ number: z.number().int().positive(), pull_request: z.unknown().optional() }),
  comment: z.object({ id: z.number().int(), body: z.string().nullable().default(''), user: z.object({ login: z.string().min(1), type: z.string().optional() }) }),
  repository: z.object({ full_name: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/) }),
});

export interface CommentRunOptions {
  event: string;
  /** The submission's content directory: a checkout of the pull request's branch (its `content/`). */
  content: string;
  /** Path of that content directory inside the repository. */
  contentPath: string;
  token: string;
  apiUrl: string;
  botLogin: string;
  today: string;
  out: (line: string) => void;
}

export async function runCommentCommand(options: CommentRunOptions): Promise<number> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(options.event, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read the event file ${options.event}: ${(error as Error).message}`);
  }
  const parsed = issueCommentEvent.safeParse(raw);
  if (!parsed.success) throw new UsageError(`${options.event} is not an issue_comment event: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  const event = parsed.data;
  const command = parseCommentCommand(event.comment.body ?? '');
  if (event.action !== 'created' || command.kind === 'none' || event.comment.user.login === options.botLogin || event.comment.user.type === 'Bot') {
    options.out('not a triage command: nothing to do');
    return 0;
  }
  const [owner, repo] = event.repository.full_name.split('/') as [string, string];
  const gh = new IntakeGitHub({ token: options.token, baseUrl: options.apiUrl, owner, repo, botLogin: options.botLogin });
  const who = `@${event.comment.user.login}`;
  const answer = async (text: string) => {
    await gh.upsertMarkedComment(event.issue.number, TRIAGE_MARKER, text);
    options.out(text);
  };
  const echo = commandText(command);

  if (command.kind === 'invalid') {
    await answer(`${who}: ${escapeProse(command.message)}. Nothing was changed.`);
    return 1;
  }
  // The API, not the comment, says who may change the catalogue.
  const permission = await gh.permission(event.comment.user.login);
  if (!ALLOWED.has(permission)) {
    await answer(`${who}: ${echo} needs write access to the repository (you have ${escapeProse(permission)}); a maintainer can run it. Nothing was changed.`);
    return 1;
  }
  const pulls = await gh.openIntakePulls();
  const pull = event.issue.pull_request !== undefined ? pulls.find((p) => p.number === event.issue.number) : pulls.find((p) => p.issue === event.issue.number);
  if (!pull) {
    await answer(`${who}: ${echo} works on an intake submission, and no open intake pull request belongs to #${event.issue.number}. Nothing was changed.`);
    return 1;
  }
  const head = await gh.branchHead(pull.branch);
  if (!head) throw new UsageError(`the branch ${pull.branch} of pull request #${pull.number} does not exist`);

  const root = resolve(options.content);
  const ctx: TriageContext = { content: checkContentRoot(root).content, edits: new EntryEdits(), today: options.today };
  let result: VerbResult;
  let files: string[];
  try {
    result = apply(ctx, command, pull);
    const applied = applyTriage(root, ctx.edits, { dryRun: false });
    files = applied.files;
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    await answer(`${who}: ${echo} was refused: ${escapeProse(error.message)}. Nothing was changed.`);
    return 1;
  }
  const { writes, deletes } = ctx.edits.result();
  const repoPath = (file: string) => join(options.contentPath, relative(root, resolve(file))).split('\\').join('/');
  const commit = await gh.commitOnBranch(
    pull.branch,
    head,
    [...[...writes].map(([file, { after }]) => ({ path: repoPath(file), content: after })), ...[...deletes.keys()].map((file) => ({ path: repoPath(file), content: null }))],
    `Triage: ${echo.replace(/`/g, '')} (requested by ${who} in #${event.issue.number})`,
  );
  const lines = [
    `${who}: ${echo} done in ${commit.slice(0, 7)} on ${codeSpan(pull.branch)}.`,
    '',
    ...result.changes.map((c) => `- ${escapeProse(c)}`),
    ...(files.length > 0 ? ['', `Files: ${files.map(codeSpan).join(', ')}`] : []),
    ...result.notes.map((n) => `\n${escapeProse(n)}`),
  ];
  await answer(lines.join('\n'));
  return 0;
}

/** The command as the answer shows it: built from checked parts only, the reason in a code span. */
function commandText(command: CommentCommand): string {
  switch (command.kind) {
    case 'link':
    case 'duplicate-of':
      return codeSpan(`/${command.kind} ${command.failure}`);
    case 'withdraw':
      return `${codeSpan('/withdraw')} (reason ${codeSpan(command.reason)})`;
    case 'publish':
      return codeSpan('/publish');
    default:
      return 'the command';
  }
}

/** Maps a comment command onto the verbs, for the entries the submission's pull request adds. */
function apply(ctx: TriageContext, command: Exclude<CommentCommand, { kind: 'none' | 'invalid' }>, pull: IntakePull): VerbResult {
  const reports = pull.ids.filter((id) => id.startsWith('RPT-'));
  const failures = pull.ids.filter((id) => id.startsWith('FAIL-'));
  const remediations = pull.ids.filter((id) => id.startsWith('REM-'));
  const merged: VerbResult = { changes: [], notes: [] };
  const add = (r: VerbResult) => {
    merged.changes.push(...r.changes);
    merged.notes.push(...r.notes);
  };
  switch (command.kind) {
    case 'link':
    case 'duplicate-of':
      if (reports.length === 0) throw new Refusal('this submission adds no report to link');
      for (const report of reports) add(link(ctx, report, command.failure));
      break;
    case 'publish':
      if (failures.length + remediations.length === 0) throw new Refusal('this submission adds no draft failure or remediation to publish');
      for (const id of [...failures, ...remediations]) add(publish(ctx, id));
      // A new failure's own report becomes its first occurrence.
      if (failures.length === 1) for (const report of reports) add(link(ctx, report, failures[0]!));
      break;
    case 'withdraw':
      if (failures.length + remediations.length === 0) throw new Refusal('this submission adds no failure or remediation to withdraw');
      for (const id of [...failures, ...remediations]) add(withdraw(ctx, id, command.reason));
      break;
  }
  return merged;
}
