/**
 * The intake's GitHub calls, against a local node:http server standing in for the REST API (octokit's baseUrl):
 * the exact requests for the comment, the labels, the ref, the commit and the pull request, on a first run, on an
 * edit, when the work group has pushed to the draft branch, on a rejection, and in batch mode (pagination and a
 * rate limit).
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { formatMarker, parseMarker } from '../../src/lib/intake/comment.ts';
import { FakeGitHub } from '../fixtures/fake-github.ts';
import { caseFile, fixtureContentRoot, FORMS_DIR, intake, readCase } from '../fixtures/issues/harness.ts';

const OWNER = 'openstack-failure-catalogue';
const REPO = 'failure-catalogue';
const API = `/repos/${OWNER}/${REPO}`;
const HTML = `https://github.com/${OWNER}/${REPO}`;
const BOT = 'github-actions[bot]';

let server: FakeGitHub;
afterEach(() => server?.stop());

/** A checkout with the fixture catalogue under content/, so commit paths are content/... */
function checkout(): { repoRoot: string; contentDir: string } {
  const repoRoot = mkdtempSync(join(tmpdir(), 'fc-repo-'));
  cpSync(fixtureContentRoot(), join(repoRoot, 'content'), { recursive: true });
  return { repoRoot, contentDir: join(repoRoot, 'content') };
}

/** The event of a fixture case, optionally changed (action, labels). */
function event(name: string, change: (e: { action: string; issue: { labels: { name: string }[] } }) => void = () => {}): string {
  const data = JSON.parse(readCase(name, 'event.json')) as { action: string; issue: { labels: { name: string }[] } };
  change(data);
  const file = join(mkdtempSync(join(tmpdir(), 'fc-event-')), 'event.json');
  writeFileSync(file, JSON.stringify(data));
  return file;
}

async function run(args: { event?: string; batch?: string; repo?: string; json?: boolean }) {
  const { repoRoot, contentDir } = checkout();
  const result = await intake({
    ...args,
    offline: false,
    contentDir,
    repoRoot,
    formsDir: FORMS_DIR,
    env: { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: server.url },
    throttle: { retryAfterBaseValue: 10 },
  });
  return { ...result, contentDir };
}

const intakePull = (number: number, issue: number) => ({ number, html_url: `${HTML}/pull/${number}`, head: { ref: `intake/issue-${issue}`, repo: { full_name: `${OWNER}/${REPO}` } } });
const file = (filename: string, status = 'added') => ({ filename, status });
const ref = (sha: string) => ({ ref: 'refs/heads/x', object: { sha, type: 'commit' } });

describe('publishing a draft on GitHub', () => {
  test('first run: comment, label, branch, commit and pull request, with IDs reserved by other intake pull requests skipped', async () => {
    server = new FakeGitHub()
      .on(`GET ${API}/pulls?state=open&per_page=100`, { body: [intakePull(39, 20), { ...intakePull(38, 0), head: { ref: 'feature-x', repo: { full_name: `${OWNER}/${REPO}` } } }] })
      .on(`GET ${API}/pulls/39/files?per_page=100`, { body: [file('content/reports/RPT-0003.md'), file('content/failures/FAIL-0007.md'), file('content/failures/FAIL-0001.md', 'modified')] })
      .on(`GET ${API}/issues/21/comments?per_page=100`, { body: [] })
      .on(`GET ${API}/git/ref/heads%2Fmain`, { body: ref('base-sha') })
      .on(`GET ${API}/git/commits/base-sha`, { body: { sha: 'base-sha', tree: { sha: 'base-tree' } } })
      .on(`POST ${API}/git/trees`, { status: 201, body: { sha: 'tree-sha' } })
      .on(`POST ${API}/git/commits`, { status: 201, body: { sha: 'commit-sha' } })
      .on(`POST ${API}/git/refs`, { status: 201, body: ref('commit-sha') })
      .on(`POST ${API}/pulls`, { status: 201, body: { number: 40, html_url: `${HTML}/pull/40` } })
      .on(`POST ${API}/issues/21/labels`, { body: [] })
      .on(`POST ${API}/issues/21/comments`, { status: 201, body: { id: 77 } });
    await server.start();
    const { code, contentDir } = await run({ event: caseFile('report-failure-new', 'event.json') });
    expect(code).toBe(0);

    expect(server.routes()).toEqual([
      `GET ${API}/pulls?state=open&per_page=100`,
      `GET ${API}/pulls/39/files?per_page=100`,
      `GET ${API}/issues/21/comments?per_page=100`,
      `GET ${API}/git/ref/heads%2Fintake%2Fissue-21`,
      `GET ${API}/git/ref/heads%2Fmain`,
      `GET ${API}/git/commits/base-sha`,
      `POST ${API}/git/trees`,
      `POST ${API}/git/commits`,
      `POST ${API}/git/refs`,
      `POST ${API}/pulls`,
      `POST ${API}/issues/21/labels`,
      `POST ${API}/issues/21/comments`,
    ]);
    expect(server.tokens).toEqual(new Set(['token test-token']));
    const files = ['reports/RPT-0004.md', 'failures/FAIL-0008.md'];
    expect(server.body(`POST ${API}/git/trees`)).toEqual({
      base_tree: 'base-tree',
      tree: files.map((f) => ({ path: `content/${f}`, mode: '100644', type: 'blob', content: readFileSync(join(contentDir, f), 'utf8') })),
    });
    expect(server.body(`POST ${API}/git/commits`)).toEqual({
      message: 'Intake #21: draft RPT-0004, FAIL-0008\n\nWritten by scripts/intake.ts from issue #21.',
      tree: 'tree-sha',
      parents: ['base-sha'],
    });
    expect(server.body(`POST ${API}/git/refs`)).toEqual({ ref: 'refs/heads/intake/issue-21', sha: 'commit-sha' });
    expect(server.body(`POST ${API}/pulls`)).toEqual({
      title: 'Intake #21: draft RPT-0004, FAIL-0008',
      head: 'intake/issue-21',
      base: 'main',
      body:
        'Drafts from #21, written by the intake. Review them in the preview build (`PREVIEW_DRAFTS=1 npm run build`), whose /triage/ page lists them with the most similar published failures.\n\n' +
        '- `content/reports/RPT-0004.md`: draft report\n- `content/failures/FAIL-0008.md`: draft failure\n\nCloses #21\n',
    });
    expect(server.body(`POST ${API}/issues/21/labels`)).toEqual({ labels: ['needs-triage'] });
    const comment = (server.body(`POST ${API}/issues/21/comments`) as { body: string }).body;
    const body = (JSON.parse(readCase('report-failure-new', 'event.json')) as { issue: { body: string } }).issue.body;
    expect(parseMarker(comment)).toEqual({ bodySha256: createHash('sha256').update(body).digest('hex'), commit: 'commit-sha' });
    expect(comment).toContain('**Intake: draft created.** The work group reviews it in #40.');
    expect(comment).toContain(`[\`content/reports/RPT-0004.md\`](${HTML}/blob/intake/issue-21/content/reports/RPT-0004.md)`);
    expect(comment).toContain('**Redacted before anything was written:**');
  });

  test('an edit updates the same branch (forced), pull request and comment, reuses the IDs, and fixes the labels', async () => {
    const bodySha = 'f'.repeat(64);
    server = new FakeGitHub()
      .on(`GET ${API}/pulls?state=open&per_page=100`, { body: [intakePull(40, 21)] })
      .on(`GET ${API}/pulls/40/files?per_page=100`, { body: [file('content/reports/RPT-0004.md'), file('content/failures/FAIL-0008.md')] })
      .on(`GET ${API}/issues/21/comments?per_page=100`, {
        body: [
          // A user pasting the marker does not make their comment the bot's.
          { id: 5, user: { login: 'mallory' }, body: formatMarker({ bodySha256: bodySha, commit: 'evil' }) },
          { id: 77, user: { login: BOT }, body: `${formatMarker({ bodySha256: bodySha, commit: 'commit-sha' })}\n\nold` },
        ],
      })
      .on(`GET ${API}/git/ref/heads%2Fintake%2Fissue-21`, { body: ref('commit-sha') })
      .on(`GET ${API}/git/ref/heads%2Fmain`, { body: ref('base-2') })
      .on(`GET ${API}/git/commits/base-2`, { body: { sha: 'base-2', tree: { sha: 'tree-2' } } })
      .on(`POST ${API}/git/trees`, { status: 201, body: { sha: 'tree-3' } })
      .on(`POST ${API}/git/commits`, { status: 201, body: { sha: 'commit-2' } })
      .on(`PATCH ${API}/git/refs/heads%2Fintake%2Fissue-21`, { body: ref('commit-2') })
      .on(`PATCH ${API}/pulls/40`, { body: { number: 40 } })
      .on(`DELETE ${API}/issues/21/labels/invalid`, { body: [] })
      .on(`PATCH ${API}/issues/comments/77`, { body: { id: 77 } });
    await server.start();
    const edited = event('report-failure-new', (e) => {
      e.action = 'edited';
      e.issue.labels.push({ name: 'needs-triage' }, { name: 'invalid' });
    });
    expect((await run({ event: edited })).code).toBe(0);
    expect(server.routes()).toEqual([
      `GET ${API}/pulls?state=open&per_page=100`,
      `GET ${API}/pulls/40/files?per_page=100`,
      `GET ${API}/issues/21/comments?per_page=100`,
      `GET ${API}/git/ref/heads%2Fintake%2Fissue-21`,
      `GET ${API}/git/ref/heads%2Fmain`,
      `GET ${API}/git/commits/base-2`,
      `POST ${API}/git/trees`,
      `POST ${API}/git/commits`,
      `PATCH ${API}/git/refs/heads%2Fintake%2Fissue-21`,
      `PATCH ${API}/pulls/40`,
      `DELETE ${API}/issues/21/labels/invalid`,
      `PATCH ${API}/issues/comments/77`,
    ]);
    expect((server.body(`POST ${API}/git/trees`) as { tree: { path: string }[] }).tree.map((t) => t.path)).toEqual(['content/reports/RPT-0004.md', 'content/failures/FAIL-0008.md']);
    expect(server.body(`PATCH ${API}/git/refs/heads%2Fintake%2Fissue-21`)).toEqual({ sha: 'commit-2', force: true });
    expect(server.body(`PATCH ${API}/pulls/40`)).toMatchObject({ title: 'Intake #21: draft RPT-0004, FAIL-0008' });
  });

  test('when the work group has pushed to the draft branch, the intake leaves branch and pull request alone', async () => {
    server = new FakeGitHub()
      .on(`GET ${API}/pulls?state=open&per_page=100`, { body: [intakePull(40, 21)] })
      .on(`GET ${API}/pulls/40/files?per_page=100`, { body: [file('content/reports/RPT-0004.md')] })
      .on(`GET ${API}/issues/21/comments?per_page=100`, { body: [{ id: 77, user: { login: BOT }, body: formatMarker({ bodySha256: 'x'.repeat(64), commit: 'commit-sha' }) }] })
      .on(`GET ${API}/git/ref/heads%2Fintake%2Fissue-21`, { body: ref('work-group-commit') })
      .on(`POST ${API}/issues/21/labels`, { body: [] })
      .on(`PATCH ${API}/issues/comments/77`, { body: { id: 77 } });
    await server.start();
    expect((await run({ event: event('report-failure-new', (e) => (e.action = 'edited')) })).code).toBe(0);
    expect(server.routes()).toEqual([
      `GET ${API}/pulls?state=open&per_page=100`,
      `GET ${API}/pulls/40/files?per_page=100`,
      `GET ${API}/issues/21/comments?per_page=100`,
      `GET ${API}/git/ref/heads%2Fintake%2Fissue-21`,
      `POST ${API}/issues/21/labels`,
      `PATCH ${API}/issues/comments/77`,
    ]);
    const comment = (server.body(`PATCH ${API}/issues/comments/77`) as { body: string }).body;
    expect(comment).toContain('"commit":"commit-sha"');
    expect(comment).toContain('the draft was not regenerated');
  });

  test('a rejected submission gets the comment with what to fix and the invalid label, and no branch', async () => {
    server = new FakeGitHub()
      .on(`GET ${API}/pulls?state=open&per_page=100`, { body: [] })
      .on(`GET ${API}/issues/25/comments?per_page=100`, { body: [] })
      .on(`POST ${API}/issues/25/comments`, { status: 201, body: { id: 78 } })
      .on(`POST ${API}/issues/25/labels`, { body: [] });
    await server.start();
    const { code } = await run({ event: caseFile('rejected-unknown-ids', 'event.json') });
    expect(code).toBe(1);
    expect(server.routes()).toEqual([`GET ${API}/pulls?state=open&per_page=100`, `GET ${API}/issues/25/comments?per_page=100`, `POST ${API}/issues/25/comments`, `POST ${API}/issues/25/labels`]);
    expect(server.body(`POST ${API}/issues/25/labels`)).toEqual({ labels: ['invalid'] });
    expect((server.body(`POST ${API}/issues/25/comments`) as { body: string }).body).toBe(readCase('rejected-unknown-ids', 'expected/comment.md').trimEnd() + '\n');
  });

  test('an API error is a system error (exit 2) that names the request', async () => {
    server = new FakeGitHub().on(`GET ${API}/pulls?state=open&per_page=100`, { status: 403, body: { message: 'Resource not accessible by integration' } });
    await server.start();
    const { code, err } = await run({ event: caseFile('hit-this-too', 'event.json') });
    expect(code).toBe(2);
    expect(err).toMatch(/Resource not accessible by integration/);
  });
});

describe('batch mode', () => {
  test('walks every page of open labelled issues, waits out a rate limit, skips unchanged issues and pull requests', async () => {
    const hit = JSON.parse(readCase('hit-this-too', 'event.json')) as { issue: Record<string, unknown> };
    const rejected = JSON.parse(readCase('rejected-unknown-ids', 'event.json')) as { issue: Record<string, unknown> };
    const known = JSON.parse(readCase('report-failure-known', 'event.json')) as { issue: { body: string } & Record<string, unknown> };
    const knownSha = createHash('sha256').update(known.issue.body).digest('hex');
    const issues = `${API}/issues?state=open&labels=submission&per_page=100`;
    server = new FakeGitHub()
      .on(`GET ${API}`, { body: { html_url: HTML, default_branch: 'main' } })
      .on(`GET ${issues}&page=2`, { status: 403, body: { message: 'API rate limit exceeded' }, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000)) } }, { body: [rejected.issue, known.issue] })
      .on(`GET ${API}/pulls?state=open&per_page=100`, { body: [intakePull(41, 22)] })
      .on(`GET ${API}/pulls/41/files?per_page=100`, { body: [file('content/reports/RPT-0001.md')] })
      .on(`GET ${API}/issues/24/comments?per_page=100`, { body: [] })
      .on(`GET ${API}/git/ref/heads%2Fintake%2Fissue-24`, { status: 404, body: { message: 'Not Found' } })
      .on(`GET ${API}/git/ref/heads%2Fmain`, { body: ref('base-sha') })
      .on(`GET ${API}/git/commits/base-sha`, { body: { sha: 'base-sha', tree: { sha: 'base-tree' } } })
      .on(`POST ${API}/git/trees`, { status: 201, body: { sha: 'tree-sha' } })
      .on(`POST ${API}/git/commits`, { status: 201, body: { sha: 'commit-24' } })
      .on(`POST ${API}/git/refs`, { status: 201, body: ref('commit-24') })
      .on(`POST ${API}/pulls`, { status: 201, body: { number: 42, html_url: `${HTML}/pull/42` } })
      .on(`POST ${API}/issues/24/labels`, { body: [] })
      .on(`POST ${API}/issues/24/comments`, { status: 201, body: { id: 80 } })
      .on(`GET ${API}/issues/25/comments?per_page=100`, { body: [] })
      .on(`POST ${API}/issues/25/comments`, { status: 201, body: { id: 81 } })
      .on(`POST ${API}/issues/25/labels`, { body: [] })
      .on(`GET ${API}/issues/22/comments?per_page=100`, { body: [{ id: 82, user: { login: BOT }, body: formatMarker({ bodySha256: knownSha, commit: 'commit-22' }) }] })
      .on(`GET ${API}/git/ref/heads%2Fintake%2Fissue-22`, { body: ref('commit-22') });
    const url = await server.start();
    // The Link header must point at this server; octokit follows it as given.
    server.on(`GET ${issues}`, {
      body: [hit.issue, { ...rejected.issue, number: 99, pull_request: { url: 'x' } }],
      headers: { link: `<${url}${issues}&page=2>; rel="next"` },
    });
    const { code, out } = await run({ batch: 'submission', repo: `${OWNER}/${REPO}`, json: true });
    const report = JSON.parse(out) as { status: string; issues: { issue: number; status: string; files: string[]; errors: string[] }[] };
    expect(report.status).toBe('rejected');
    expect(code).toBe(1);
    // The hit-this-too report takes RPT-0002: RPT-0001 is reserved by the open intake pull request of issue 22.
    expect(report.issues.map((i) => [i.issue, i.status, i.files])).toEqual([
      [24, 'drafted', ['content/reports/RPT-0002.md']],
      [25, 'rejected', []],
    ]);
    expect(server.routes().filter((r) => r.includes('/issues?'))).toEqual([`GET ${issues}`, `GET ${issues}&page=2`, `GET ${issues}&page=2`]);
    expect(server.routes()).not.toContain(`GET ${API}/issues/99/comments?per_page=100`);
    expect(server.routes().filter((r) => r.startsWith('POST') || r.startsWith('PATCH'))).toEqual([
      `POST ${API}/git/trees`,
      `POST ${API}/git/commits`,
      `POST ${API}/git/refs`,
      `POST ${API}/pulls`,
      `POST ${API}/issues/24/labels`,
      `POST ${API}/issues/24/comments`,
      `POST ${API}/issues/25/comments`,
      `POST ${API}/issues/25/labels`,
    ]);
  });
});
