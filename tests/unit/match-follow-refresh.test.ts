/**
 * `match --follow` refreshes its feed in the background, from a feed served here over HTTP: while modified.csv is
 * unchanged (answered 304 to the conditional request) the feed documents are not downloaded again; once it
 * changes, the new documents are fetched and a new signature matches without a restart, with the counts so far
 * kept; a broken feed is refused with a warning and the one in use goes on matching, until a fixed one is
 * served (even with modified.csv unchanged).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { FeedFailure } from '../../src/schemas/feed.ts';
import { exampleLine, feedOf, parseExposition, simpleFailures, startMatch, waitUntil } from '../fixtures/follow.ts';

let work: string;
let server: Server;
let feedUrl: string;
/** What the server serves now, by file name. */
let served: Record<string, string> = {};
const requests: Array<{ path: string; status: number; conditional: boolean }> = [];

const etag = (body: string) => `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
const modifiedCsv = (failures: readonly FeedFailure[], day: string) => `id,modified\n${failures.map((f) => `${f.id},${day}`).join('\n')}\n`;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'match-follow-refresh-'));
  server = createServer((request, response) => {
    const name = (request.url ?? '').replace(/^\/api\/v1\//, '');
    const body = served[name];
    const conditional = request.headers['if-none-match'] !== undefined;
    let status = 200;
    if (body === undefined) status = 404;
    else if (request.headers['if-none-match'] === etag(body)) status = 304;
    requests.push({ path: name, status, conditional });
    if (status === 200) response.writeHead(200, { etag: etag(body!) }).end(body);
    else response.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  feedUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1/`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

test('a new signature is picked up without a restart; a broken feed is refused and the old one kept', async () => {
  const [first, second] = simpleFailures(2);
  const serve = (failures: FeedFailure[], day: string) => {
    const feed = feedOf(failures, `${day}T00:00:00.000Z`);
    served = { 'failures.json': feed.failures, 'remediations.json': feed.remediations, 'modified.csv': modifiedCsv(failures, day) };
  };
  serve([first!], '2026-12-01');

  const log = join(work, 'app.log');
  writeFileSync(log, '');
  const match = startMatch(['--follow', '--feed', feedUrl, '--feed-refresh', '1s', '--metrics-listen', '127.0.0.1:0', '--host', 'h', log], { XDG_CACHE_HOME: join(work, 'cache') });
  try {
    await match.ready();
    const url = /metrics at (http:\/\/\S+)/.exec(match.stderr())![1]!;
    const metrics = async () => parseExposition(await (await fetch(url)).text());
    const count = async (failure: FeedFailure) => (await metrics()).find((s) => s.name === 'failure_catalogue_signature_matches_total' && s.labels.failure_id === failure.id)?.value;
    const lines = async () => (await metrics()).find((s) => s.name === 'failure_catalogue_follow_lines_total')?.value;
    const append = async (failure: FeedFailure, total: number) => {
      writeFileSync(log, `${exampleLine(failure)}\n`, { flag: 'a' });
      await waitUntil(`line ${total} to be read`, async () => (await lines()) === total);
    };

    await append(first!, 1);
    await append(second!, 2);
    expect(await count(first!)).toBe(1);
    expect(await count(second!)).toBeUndefined(); // not in the feed yet

    // Unchanged: modified.csv is asked for conditionally and answered 304, the documents are not downloaded again.
    await waitUntil('two unchanged refreshes', () => requests.filter((r) => r.path === 'modified.csv' && r.status === 304).length >= 2);
    expect(requests.filter((r) => r.path === 'failures.json')).toHaveLength(1);

    serve([first!, second!], '2026-12-02');
    await waitUntil('the refreshed feed to be swapped in', () => /feed refreshed/.test(match.stderr()));
    expect(requests.filter((r) => r.path === 'failures.json').at(-1)).toEqual({ path: 'failures.json', status: 200, conditional: true });
    await append(second!, 3);
    expect(await count(second!)).toBe(1);
    expect(await count(first!)).toBe(1); // kept across the swap
    expect((await metrics()).find((s) => s.name === 'failure_catalogue_feed_signatures')?.value).toBe(first!.signatures.length + second!.signatures.length);

    served = { ...served, 'failures.json': '{"schema_version":"1.1.0","generated":"2026-12-03T00:00:00.000Z","failures":"broken"}', 'modified.csv': `${served['modified.csv']}FAIL-9999,2026-12-03\n` };
    await waitUntil('the broken feed to be refused', () => /was refused, still matching/.test(match.stderr()));
    await append(second!, 4);
    expect(await count(second!)).toBe(2);
    expect((await metrics()).find((s) => s.name === 'failure_catalogue_feed_refreshes_total' && s.labels.result === 'refused')?.value).toBeGreaterThanOrEqual(1);

    // Fixed on the server without a change to modified.csv (only the document was broken): taken all the same.
    const fixed = feedOf([first!, second!], '2026-12-03T12:00:00.000Z');
    served = { ...served, 'failures.json': fixed.failures, 'remediations.json': fixed.remediations };
    await waitUntil('the fixed feed to be swapped in', () => match.stderr().match(/feed refreshed/g)?.length === 2);
    expect(match.stderr()).toContain('feed refreshed (generated 2026-12-03T12:00:00.000Z)');
    expect(await count(second!)).toBe(2);
  } finally {
    expect(await match.stop()).toBe(1);
  }
});
