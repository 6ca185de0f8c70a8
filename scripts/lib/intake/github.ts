/**
 * Everything the intake does on GitHub, through octokit: the bot comment (found by its marker, updated in place),
 * labels, the draft branch and its commit (Git Data API: one tree, one commit, one ref), the pull request, and the
 * lists the batch mode and ID reservation read (paginated). octokit's throttling plugin spaces writes and waits
 * out primary and secondary rate limits; its retry plugin retries server errors.
 */
import { Octokit } from 'octokit';
import { COMMENT_MARKER, parseMarker, type CommentState } from '../../../src/lib/intake/comment.ts';
import { collectionOf } from '../../../src/lib/intake/ids.ts';

export const BRANCH_PREFIX = 'intake/issue-';
export const LABELS = { needsTriage: 'needs-triage', possibleDuplicate: 'possible-duplicate', invalid: 'invalid' } as const;

export interface GitHubSettings {
  token: string;
  /** REST API root: https://api.github.com, GITHUB_API_URL on GitHub Enterprise, a local server in tests. */
  baseUrl: string;
  owner: string;
  repo: string;
  /** Only comments by this account are the intake's (GITHUB_TOKEN comments as github-actions[bot]). */
  botLogin: string;
  /** Throttling overrides (tests shorten the waits). */
  throttle?: Record<string, unknown>;
}

export interface IntakePull {
  number: number;
  url: string;
  branch: string;
  issue: number;
  /** Entry IDs the pull request adds. */
  ids: string[];
}

export interface BotComment {
  id: number;
  state: CommentState;
}

export interface FileToCommit {
  /** Path in the repository. */
  path: string;
  content: string;
}

export function branchFor(issue: number): string {
  return `${BRANCH_PREFIX}${issue}`;
}

export class IntakeGitHub {
  readonly octokit: Octokit;
  readonly settings: GitHubSettings;

  constructor(settings: GitHubSettings) {
    this.settings = settings;
    const retryLimit = (kind: string) => (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      console.error(`GitHub ${kind} rate limit on ${options.method} ${options.url}: waiting ${retryAfter}s (retry ${retryCount + 1} of 3)`);
      return retryCount < 3;
    };
    this.octokit = new Octokit({
      auth: settings.token,
      baseUrl: settings.baseUrl,
      userAgent: 'failure-catalogue-intake',
      log: { debug: () => {}, info: () => {}, warn: (m: string) => console.error(m), error: (m: string) => console.error(m) },
      throttle: { onRateLimit: retryLimit('primary'), onSecondaryRateLimit: retryLimit('secondary'), ...settings.throttle },
    });
  }

  get #repo() {
    return { owner: this.settings.owner, repo: this.settings.repo };
  }

  /** Open pull requests made by the intake, with the entry IDs they add (reserved until they are merged). */
  async openIntakePulls(): Promise<IntakePull[]> {
    const pulls = await this.octokit.paginate('GET /repos/{owner}/{repo}/pulls', { ...this.#repo, state: 'open', per_page: 100 });
    const fullName = `${this.settings.owner}/${this.settings.repo}`;
    const out: IntakePull[] = [];
    for (const pull of pulls) {
      const issue = Number(pull.head.ref.slice(BRANCH_PREFIX.length));
      if (!pull.head.ref.startsWith(BRANCH_PREFIX) || !Number.isInteger(issue) || pull.head.repo?.full_name !== fullName) continue;
      const files = await this.octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { ...this.#repo, pull_number: pull.number, per_page: 100 });
      const ids = files
        .filter((f) => f.status === 'added')
        .map((f) => /\/((?:FAIL|REM|RPT)-\d{4,})\.md$/.exec(f.filename)?.[1])
        .filter((id): id is string => id !== undefined && collectionOf(id) !== undefined);
      out.push({ number: pull.number, url: pull.html_url, branch: pull.head.ref, issue, ids });
    }
    return out;
  }

  async findComment(issue: number): Promise<BotComment | undefined> {
    const comments = await this.octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...this.#repo, issue_number: issue, per_page: 100 });
    for (const comment of comments) {
      if (comment.user?.login !== this.settings.botLogin || !comment.body?.startsWith(`<!-- ${COMMENT_MARKER}:`)) continue;
      const state = parseMarker(comment.body);
      if (state) return { id: comment.id, state };
    }
    return undefined;
  }

  async upsertComment(issue: number, existing: BotComment | undefined, body: string): Promise<void> {
    if (existing) await this.octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...this.#repo, comment_id: existing.id, body });
    else await this.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...this.#repo, issue_number: issue, body });
  }

  /** Adds the labels the issue lacks and removes those it should not have; a label already right is not touched. */
  async setLabels(issue: number, current: readonly string[], add: readonly string[], remove: readonly string[]): Promise<void> {
    const missing = add.filter((l) => !current.includes(l));
    if (missing.length > 0) await this.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', { ...this.#repo, issue_number: issue, labels: missing });
    for (const name of remove.filter((l) => current.includes(l))) {
      await this.octokit.request('DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}', { ...this.#repo, issue_number: issue, name });
    }
  }

  /** The commit a branch points to, or undefined when there is no such branch. */
  async branchHead(branch: string): Promise<string | undefined> {
    try {
      const { data } = await this.octokit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { ...this.#repo, ref: `heads/${branch}` });
      return data.object.sha;
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw error;
    }
  }

  /**
   * Points `branch` at a new commit: the default branch's tree plus the drafts. Based on the default branch every
   * time, so the pull request always shows exactly the current drafts.
   */
  async commitDrafts(branch: string, base: string, files: readonly FileToCommit[], message: string, branchExists: boolean): Promise<string> {
    const baseSha = await this.branchHead(base);
    if (!baseSha) throw new Error(`the default branch ${base} does not exist in ${this.settings.owner}/${this.settings.repo}`);
    const { data: baseCommit } = await this.octokit.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', { ...this.#repo, commit_sha: baseSha });
    const { data: tree } = await this.octokit.request('POST /repos/{owner}/{repo}/git/trees', {
      ...this.#repo,
      base_tree: baseCommit.tree.sha,
      tree: files.map((f) => ({ path: f.path, mode: '100644' as const, type: 'blob' as const, content: f.content })),
    });
    const { data: commit } = await this.octokit.request('POST /repos/{owner}/{repo}/git/commits', { ...this.#repo, message, tree: tree.sha, parents: [baseSha] });
    if (branchExists) await this.octokit.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', { ...this.#repo, ref: `heads/${branch}`, sha: commit.sha, force: true });
    else await this.octokit.request('POST /repos/{owner}/{repo}/git/refs', { ...this.#repo, ref: `refs/heads/${branch}`, sha: commit.sha });
    return commit.sha;
  }

  async upsertPull(existing: IntakePull | undefined, pull: { title: string; head: string; base: string; body: string }): Promise<{ number: number; url: string }> {
    if (existing) {
      await this.octokit.request('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', { ...this.#repo, pull_number: existing.number, title: pull.title, body: pull.body });
      return { number: existing.number, url: existing.url };
    }
    const { data } = await this.octokit.request('POST /repos/{owner}/{repo}/pulls', { ...this.#repo, ...pull });
    return { number: data.number, url: data.html_url };
  }

  /** Open issues (not pull requests) carrying `label`, every page. */
  async openIssuesWithLabel(label: string): Promise<unknown[]> {
    const issues = await this.octokit.paginate('GET /repos/{owner}/{repo}/issues', { ...this.#repo, state: 'open', labels: label, per_page: 100 });
    return issues.filter((i) => !i.pull_request);
  }

  async repository(): Promise<{ htmlUrl: string; defaultBranch: string }> {
    const { data } = await this.octokit.request('GET /repos/{owner}/{repo}', this.#repo);
    return { htmlUrl: data.html_url, defaultBranch: data.default_branch };
  }

  /** The user's permission on the repository as GitHub grants it (admin, maintain, write, triage, read or none). */
  async permission(login: string): Promise<string> {
    const { data } = await this.octokit.request('GET /repos/{owner}/{repo}/collaborators/{username}/permission', { ...this.#repo, username: login });
    // role_name says "maintain" or "triage" where permission (admin/write/read/none) rounds them.
    return (data as { role_name?: string }).role_name ?? data.permission;
  }

  /** The bot's comment that starts with `<!-- marker -->`, if there is one. */
  async findMarkedComment(issue: number, marker: string): Promise<number | undefined> {
    const comments = await this.octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...this.#repo, issue_number: issue, per_page: 100 });
    return comments.find((c) => c.user?.login === this.settings.botLogin && c.body?.startsWith(`<!-- ${marker} -->`))?.id;
  }

  async upsertMarkedComment(issue: number, marker: string, body: string): Promise<void> {
    const id = await this.findMarkedComment(issue, marker);
    const text = `<!-- ${marker} -->\n${body}`;
    if (id !== undefined) await this.octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...this.#repo, comment_id: id, body: text });
    else await this.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...this.#repo, issue_number: issue, body: text });
  }

  /**
   * Adds one commit on top of `parent` on `branch` with these files written (content) or deleted (null), and moves
   * the branch to it without forcing: if someone pushed in between, GitHub refuses and nothing is lost.
   */
  async commitOnBranch(branch: string, parent: string, files: ReadonlyArray<{ path: string; content: string | null }>, message: string): Promise<string> {
    const { data: parentCommit } = await this.octokit.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', { ...this.#repo, commit_sha: parent });
    const { data: tree } = await this.octokit.request('POST /repos/{owner}/{repo}/git/trees', {
      ...this.#repo,
      base_tree: parentCommit.tree.sha,
      tree: files.map((f) => (f.content === null ? { path: f.path, mode: '100644' as const, type: 'blob' as const, sha: null } : { path: f.path, mode: '100644' as const, type: 'blob' as const, content: f.content })),
    });
    const { data: commit } = await this.octokit.request('POST /repos/{owner}/{repo}/git/commits', { ...this.#repo, message, tree: tree.sha, parents: [parent] });
    await this.octokit.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', { ...this.#repo, ref: `heads/${branch}`, sha: commit.sha, force: false });
    return commit.sha;
  }
}
