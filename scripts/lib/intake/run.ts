/**
 * The intake with its I/O: reads the event (or, in batch mode, the open issues with a label), loads the forms and
 * the content root, processes each issue (src/lib/intake/process.ts), writes the drafts, and publishes the result
 * on GitHub: the comment, the labels, the branch, the commit and the pull request. Offline, it makes no GitHub call
 * and prints the comment it would post.
 */
import { createHash } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { readContent } from '../../../src/lib/core/content-files.ts';
import { checkContent } from '../../../src/lib/core/integrity.ts';
import { renderComment, type CommentLinks, type CommentState } from '../../../src/lib/intake/comment.ts';
import type { IssueSnapshot } from '../../../src/lib/intake/drafts.ts';
import { IdAllocator } from '../../../src/lib/intake/ids.ts';
import { loadIssueForms, type IssueForm } from '../../../src/lib/intake/issue-forms.ts';
import { createIntakeContext, processIssue, type IntakeResult } from '../../../src/lib/intake/process.ts';
import { issueFromApi, readEventFile, UsageError, type Repository } from './event.ts';
import { branchFor, IntakeGitHub, LABELS, type BotComment, type IntakePull } from './github.ts';
import { writeDrafts, type WrittenDraft } from './write-drafts.ts';

export interface RunOptions {
  event?: string;
  batch?: string;
  /** owner/name for batch mode; default GITHUB_REPOSITORY. */
  repo?: string;
  contentDir: string;
  offline: boolean;
  json: boolean;
  /** Repository checkout the content directory belongs to (paths in commits are relative to it). */
  repoRoot: string;
  formsDir: string;
  env: Record<string, string | undefined>;
  /** Test hook: throttling overrides for octokit. */
  throttle?: Record<string, unknown>;
  out: (text: string) => void;
  err: (text: string) => void;
}

/** What --json prints for one issue. */
export interface JsonReport {
  status: IntakeResult['status'] | 'error';
  files: string[];
  errors: string[];
  similar: IntakeResult['similar'];
  redactions: IntakeResult['redactions'];
}

interface Loaded {
  forms: IssueForm[];
  content: ReturnType<typeof checkContent>['content'];
  /** Every entry ID in the content root (valid or not) and those this run has written. */
  taken: Set<string>;
  contentPath: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function load(options: RunOptions): Loaded {
  const forms = loadIssueForms(options.formsDir);
  if (!existsSync(options.contentDir)) throw new UsageError(`the content directory ${options.contentDir} does not exist: pass --content <dir> or set CONTENT_DIR`);
  const raw = readContent(options.contentDir);
  const { content } = checkContent(raw);
  const rel = relative(realpathSync(options.repoRoot), realpathSync(options.contentDir));
  const contentPath = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : '';
  return { forms, content, taken: new Set(raw.entries.map((e) => e.stem)), contentPath };
}

function github(options: RunOptions, repository: { owner: string; name: string }): IntakeGitHub {
  const token = options.env.GITHUB_TOKEN || options.env.GH_TOKEN;
  if (!token) throw new UsageError('GITHUB_TOKEN is not set: set it to a token that may write issues, pull requests and contents, or run with --offline');
  return new IntakeGitHub({
    token,
    baseUrl: (options.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/$/, ''),
    owner: repository.owner,
    repo: repository.name,
    botLogin: options.env.INTAKE_BOT_LOGIN || 'github-actions[bot]',
    ...(options.throttle ? { throttle: options.throttle } : {}),
  });
}

function formatProblems(result: IntakeResult): string[] {
  return result.problems.map((p) => `${p.field}: ${p.message}. Fix: ${p.fix}`);
}

function jsonReport(result: IntakeResult, files: string[]): JsonReport {
  return { status: result.status, files, errors: formatProblems(result), similar: result.similar, redactions: result.redactions };
}

interface Processed {
  result: IntakeResult;
  written: WrittenDraft[];
  /** Repository paths of the written files. */
  files: string[];
}

function processOne(loaded: Loaded, options: RunOptions, issue: IssueSnapshot, action: string, reserved: Iterable<string>, own: IntakePull | undefined): Processed {
  const ids = new IdAllocator([...loaded.taken, ...reserved], own?.ids ?? []);
  const result = processIssue(issue, action, createIntakeContext(loaded.forms, loaded.content, ids));
  const written = result.status === 'drafted' ? writeDrafts(options.contentDir, result.drafts) : [];
  for (const w of written) loaded.taken.add(w.draft.id);
  const files = written.map((w) => repoPath(loaded, w.draft.path));
  return { result, written, files };
}

function repoPath(loaded: Loaded, path: string): string {
  return loaded.contentPath ? `${loaded.contentPath}/${path}` : path;
}

function links(loaded: Loaded, repository: Repository, extra: Partial<CommentLinks> = {}): CommentLinks {
  return { repositoryUrl: repository.htmlUrl, defaultBranch: repository.defaultBranch, contentPath: loaded.contentPath || 'content', ...extra };
}

/** Posts the outcome on GitHub; returns the comment that was posted. */
async function publish(gh: IntakeGitHub, loaded: Loaded, repository: Repository, issue: IssueSnapshot, processed: Processed, own: IntakePull | undefined, comment: BotComment | undefined): Promise<string> {
  const { result } = processed;
  const state: CommentState = { bodySha256: sha256(issue.body) };
  if (result.status === 'rejected') {
    const body = renderComment(result, state, links(loaded, repository));
    await gh.upsertComment(issue.number, comment, body);
    await gh.setLabels(issue.number, issue.labels, [LABELS.invalid], [LABELS.needsTriage, LABELS.possibleDuplicate]);
    return body;
  }
  if (!loaded.contentPath) throw new UsageError('the content directory is not inside the repository checkout: run the intake from the repository root');
  const branch = branchFor(issue.number);
  const head = await gh.branchHead(branch);
  // A branch whose head is not the intake's last commit has work-group commits on it: never overwrite those.
  const kept = head !== undefined && head !== comment?.state.commit;
  let pull = own ? { number: own.number, url: own.url } : undefined;
  if (kept) {
    if (comment?.state.commit) state.commit = comment.state.commit;
  } else {
    const ids = result.drafts.map((d) => d.id).join(', ');
    const message = `Intake #${issue.number}: draft ${ids}\n\nWritten by scripts/intake.ts from issue #${issue.number}.`;
    state.commit = await gh.commitDrafts(branch, repository.defaultBranch, processed.written.map((w) => ({ path: repoPath(loaded, w.draft.path), content: w.text })), message, head !== undefined);
    const files = processed.written.map((w) => `- \`${repoPath(loaded, w.draft.path)}\`: draft ${w.draft.collection.replace(/s$/, '')}`).join('\n');
    pull = await gh.upsertPull(own, {
      title: `Intake #${issue.number}: draft ${ids}`,
      head: branch,
      base: repository.defaultBranch,
      body: `Drafts from #${issue.number}, written by the intake. Review them in the preview build (\`PREVIEW_DRAFTS=1 npm run build\`), whose /triage/ page lists them with the most similar published failures.\n\n${files}\n\nCloses #${issue.number}\n`,
    });
  }
  await gh.setLabels(issue.number, issue.labels, [LABELS.needsTriage, ...(result.duplicate ? [LABELS.possibleDuplicate] : [])], [LABELS.invalid, ...(result.duplicate ? [] : [LABELS.possibleDuplicate])]);
  const body = renderComment(result, state, links(loaded, repository, { draftBranch: branch, branchKept: kept, ...(pull ? { pullRequest: pull } : {}) }));
  await gh.upsertComment(issue.number, comment, body);
  return body;
}

function exitCode(statuses: readonly JsonReport['status'][]): number {
  if (statuses.includes('error')) return 2;
  return statuses.includes('rejected') ? 1 : 0;
}

async function runEvent(options: RunOptions): Promise<number> {
  const event = readEventFile(options.event!);
  const loaded = load(options);
  const gh = options.offline ? undefined : github(options, event.repository);
  const pulls = gh ? await gh.openIntakePulls() : [];
  const own = pulls.find((p) => p.issue === event.issue.number);
  const reserved = pulls.filter((p) => p !== own).flatMap((p) => p.ids);
  const comment = gh ? await gh.findComment(event.issue.number) : undefined;
  const processed = processOne(loaded, options, event.issue, event.action, reserved, own);
  const { result } = processed;
  for (const w of result.warnings) options.err(`note: ${w}`);
  if (result.status === 'skipped') {
    if (options.json) options.out(JSON.stringify(jsonReport(result, []), null, 2));
    else options.out(`Issue #${event.issue.number} skipped: ${result.reason}.`);
    return 0;
  }
  const posted = gh
    ? await publish(gh, loaded, event.repository, event.issue, processed, own, comment)
    : renderComment(result, { bodySha256: sha256(event.issue.body) }, links(loaded, event.repository));
  if (options.json) options.out(JSON.stringify(jsonReport(result, processed.files), null, 2));
  else options.out(gh ? `Issue #${event.issue.number}: ${result.status}; ${processed.files.join(', ') || 'no files written'}.` : posted);
  return exitCode([result.status]);
}

async function runBatch(options: RunOptions): Promise<number> {
  const fullName = options.repo ?? options.env.GITHUB_REPOSITORY;
  const [owner, name] = (fullName ?? '').split('/');
  if (!owner || !name) throw new UsageError('batch mode needs the repository: pass --repo <owner>/<name> or set GITHUB_REPOSITORY');
  const loaded = load(options);
  const gh = github(options, { owner, name });
  const info = await gh.repository();
  const repository: Repository = { owner, name, htmlUrl: info.htmlUrl, defaultBranch: info.defaultBranch };
  const issues = await gh.openIssuesWithLabel(options.batch!);
  const pulls = await gh.openIntakePulls();
  const reports: (JsonReport & { issue: number })[] = [];
  for (const raw of issues) {
    let issueNumber = 0;
    try {
      const issue = issueFromApi(raw);
      issueNumber = issue.number;
      const comment = await gh.findComment(issue.number);
      const own = pulls.find((p) => p.issue === issue.number);
      if (comment && comment.state.bodySha256 === sha256(issue.body) && (await gh.branchHead(branchFor(issue.number))) === comment.state.commit) {
        options.err(`#${issue.number}: unchanged since the last intake run, skipped`);
        continue;
      }
      const reserved = [...pulls.filter((p) => p !== own).flatMap((p) => p.ids)];
      const processed = processOne(loaded, options, issue, 'batch', reserved, own);
      if (processed.result.status !== 'skipped') await publish(gh, loaded, repository, issue, processed, own, comment);
      reports.push({ issue: issue.number, ...jsonReport(processed.result, processed.files) });
      options.err(`#${issue.number}: ${processed.result.status}${processed.files.length > 0 ? ` (${processed.files.join(', ')})` : ''}`);
    } catch (error) {
      reports.push({ issue: issueNumber, status: 'error', files: [], errors: [(error as Error).message], similar: [], redactions: [] });
      options.err(`#${issueNumber}: error: ${(error as Error).message}`);
    }
  }
  const code = exitCode(reports.map((r) => r.status));
  if (options.json) options.out(JSON.stringify({ status: code === 2 ? 'error' : code === 1 ? 'rejected' : 'drafted', issues: reports }, null, 2));
  else options.out(`Processed ${reports.length} of ${issues.length} open issues labelled ${options.batch}.`);
  return code;
}

export async function runIntake(options: RunOptions): Promise<number> {
  try {
    return options.batch !== undefined ? await runBatch(options) : await runEvent(options);
  } catch (error) {
    const message = error instanceof UsageError ? error.message : `${(error as Error).message}`;
    if (options.json) options.out(JSON.stringify({ status: 'error', files: [], errors: [message], similar: [], redactions: [] } satisfies JsonReport, null, 2));
    options.err(`intake: ${message}`);
    return 2;
  }
}

export function resolveContentDir(flag: string | undefined, env: Record<string, string | undefined>): string {
  return resolve(flag ?? env.CONTENT_DIR ?? 'content');
}
