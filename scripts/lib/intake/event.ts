/**
 * Reads the `issues` event GitHub Actions provides (GITHUB_EVENT_PATH), and issue objects from the REST API (the
 * batch mode), into the plain snapshot the intake works on. Only the fields the intake uses are checked; anything
 * else in the payload is ignored.
 */
import { readFileSync, statSync } from 'node:fs';
import { z } from 'astro/zod';
import type { IssueSnapshot } from '../../../src/lib/intake/drafts.ts';

/** Usage and system errors: the CLI exits 2 on these. */
export class UsageError extends Error {}

/** Webhook payloads are at most 25 MB; an issue event is far smaller. */
const MAX_EVENT_BYTES = 25 * 1024 * 1024;

const apiIssue = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  body: z.string().nullable().default(''),
  html_url: z.url({ protocol: /^https?$/ }),
  user: z.object({ login: z.string().min(1) }).nullable(),
  labels: z.array(z.union([z.string(), z.object({ name: z.string() })])).default([]),
  state: z.enum(['open', 'closed']),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
  pull_request: z.unknown().optional(),
});

const repository = z.object({
  full_name: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/),
  html_url: z.url({ protocol: /^https?$/ }),
  default_branch: z.string().min(1),
});

const issuesEvent = z.object({ action: z.string(), issue: apiIssue, repository });

export interface Repository {
  owner: string;
  name: string;
  htmlUrl: string;
  defaultBranch: string;
}

export interface IssueEvent {
  action: string;
  issue: IssueSnapshot;
  repository: Repository;
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`).join('; ');
}

export function toSnapshot(data: z.output<typeof apiIssue>): IssueSnapshot {
  return {
    number: data.number,
    title: data.title,
    body: data.body ?? '',
    htmlUrl: data.html_url,
    author: data.user?.login ?? 'ghost',
    labels: data.labels.map((l) => (typeof l === 'string' ? l : l.name)),
    state: data.state,
    createdAt: data.created_at,
    updatedAt: data.updated_at,
    isPullRequest: data.pull_request !== undefined,
  };
}

/** An issue object as the REST API returns it (GET /repos/{owner}/{repo}/issues). */
export function issueFromApi(value: unknown): IssueSnapshot {
  const parsed = apiIssue.safeParse(value);
  if (!parsed.success) throw new UsageError(`GitHub returned an issue the intake cannot read: ${describe(parsed.error)}`);
  return toSnapshot(parsed.data);
}

export function toRepository(data: z.output<typeof repository>): Repository {
  const [owner, name] = data.full_name.split('/') as [string, string];
  return { owner, name, htmlUrl: data.html_url.replace(/\/$/, ''), defaultBranch: data.default_branch };
}

export function readEventFile(path: string): IssueEvent {
  let bytes: Buffer;
  try {
    if (statSync(path).size > MAX_EVENT_BYTES) throw new UsageError(`${path} is larger than ${MAX_EVENT_BYTES / 1024 / 1024} MB: it is not an issues event`);
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read the event file ${path}: ${(error as Error).message}. Pass the file GitHub Actions provides in GITHUB_EVENT_PATH`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${path} is not valid UTF-8: GitHub sends events as UTF-8 JSON; re-save the file as UTF-8`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON (${(error as Error).message}): pass the issues event payload as GitHub sends it`);
  }
  const parsed = issuesEvent.safeParse(json);
  if (!parsed.success) throw new UsageError(`${path} is not an issues event: ${describe(parsed.error)}. The intake reads the payload of the "issues" event`);
  const repo = toRepository(parsed.data.repository);
  const issue = toSnapshot(parsed.data.issue);
  if (!issue.htmlUrl.startsWith(`${repo.htmlUrl}/issues/`)) {
    throw new UsageError(`${path}: issue.html_url (${issue.htmlUrl}) is not an issue of ${repo.htmlUrl}: the payload is inconsistent`);
  }
  return { action: parsed.data.action, issue, repository: repo };
}
