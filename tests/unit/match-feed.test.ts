/**
 * A feed is untrusted input. A broken or hostile one (not JSON, not the schema, another major version, a
 * pattern that is not portable, does not compile or would backtrack catastrophically, a document too large)
 * is refused with a problem line naming the document, the field, what is wrong and how to fix it. Downloads
 * are cached and revalidated with conditional requests, and an offline run falls back to the cache.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatProblem } from '../../src/lib/core/problems.ts';
import { feedFromContent, writeFeed } from '../../src/lib/matcher/node/content-feed.ts';
import { FeedLoadError, loadFeedDocuments, MAX_FEED_DOCUMENT_BYTES } from '../../src/lib/matcher/node/feed-source.ts';
import { prepareMatcher } from '../../src/lib/matcher/prepare.ts';
import { CONTENT_ROOT } from '../fixtures/logs/catalogue-logs.ts';

const feed = feedFromContent(CONTENT_ROOT) as {
  failures: { schema_version: string; failures: Array<Record<string, unknown> & { id: string; status: string; signatures: Array<Record<string, unknown>> }> };
  remediations: { remediations: unknown[] };
};
const text = (data: unknown) => JSON.stringify(data);
const temporary: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});
const documents = (failures: unknown, remediations: unknown = feed.remediations) => [
  { name: 'https://example.org/api/v1/failures.json', text: typeof failures === 'string' ? failures : text(failures) },
  { name: 'https://example.org/api/v1/remediations.json', text: typeof remediations === 'string' ? remediations : text(remediations) },
] as const;

/** The real feed with the first failure's first signature pattern replaced. */
function withPattern(pattern: string) {
  const copy = structuredClone(feed.failures);
  copy.failures[0]!.signatures[0]!.pattern = pattern;
  return copy;
}

function problemsOf(failures: unknown, remediations?: unknown): string[] {
  const [f, r] = documents(failures, remediations);
  const { matcher, problems } = prepareMatcher(f, r);
  expect(matcher).toBeUndefined();
  return problems.map(formatProblem);
}

describe('feed validation', () => {
  test('the feed built from the catalogue is accepted, with every published signature and no warning', () => {
    const [f, r] = documents(feed.failures);
    const { matcher, problems } = prepareMatcher(f, r);
    expect(problems).toEqual([]);
    expect(matcher!.warnings).toEqual([]);
    const published = feed.failures.failures.filter((x) => x.status === 'published').flatMap((x) => x.signatures);
    expect(matcher!.index.signatures).toHaveLength(published.length);
  });

  test('a document that is not JSON is refused (FC001)', () => {
    expect(problemsOf('<html>Not found</html>')).toEqual([expect.stringMatching(/^https:\/\/example\.org\/api\/v1\/failures\.json: is not valid JSON .*\[FC001/)]);
  });

  test('a document that breaks the schema is refused, naming the field (FC002)', () => {
    const broken = structuredClone(feed.failures);
    delete broken.failures[2]!.severity;
    broken.failures[3]!.signatures[0]!.pattern = 42;
    const problems = problemsOf(broken);
    expect(problems).toContainEqual(expect.stringMatching(/failures\.json: failures\[2\]\.severity: .*Fix: use one of: critical, high, medium, low \[FC002/));
    expect(problems).toContainEqual(expect.stringMatching(/failures\.json: failures\[3\]\.signatures\[0\]\.pattern: must be a string.*\[FC002/));
  });

  test('a garbage document gives a bounded list of problems', () => {
    const garbage = { schema_version: '1.0.0', generated: 'yesterday', failures: Array.from({ length: 500 }, () => ({ id: 'x' })) };
    const problems = problemsOf(garbage);
    expect(problems.length).toBeLessThanOrEqual(21);
    expect(problems.at(-1)).toMatch(/more schema problems/);
  });

  test('a feed of another major schema version is refused', () => {
    expect(problemsOf({ ...feed.failures, schema_version: '2.0.0' })).toEqual([expect.stringMatching(/schema_version: is 2\.0\.0, and this matcher reads feed schema 1\.x/)]);
  });

  test.each([
    ['(a+)+$', 'FC008', /repeats a group that itself repeats without bound/],
    ['(\\w+\\s?)*x', 'FC008', /repeats a group/],
    ['(a|ab)*c', 'FC008', /alternation whose branches can start with the same text/],
    ['(?=x)abc', 'FC006', /lookahead/],
    ['(?i)abc', 'FC006', /inline flag/],
    ['abc\\1', 'FC006', /backreference/],
    ['abc(', 'FC007', /does not compile/],
  ])('a pattern such as %s is refused (%s)', (pattern, code, message) => {
    const problems = problemsOf(withPattern(pattern));
    expect(problems.length).toBeGreaterThanOrEqual(1);
    for (const problem of problems) expect(problem).toMatch(/failures\.json: failures\[0\]\.signatures\[0\]\.pattern: .*\. Fix: /);
    expect(problems.find((p) => message.test(p))).toContain(`[${code}`);
  });

  test('withdrawn failures are not matched, and --service keeps only that service', () => {
    const changed = structuredClone(feed.failures);
    changed.failures[0]!.status = 'withdrawn';
    changed.failures[0]!.withdrawn = { date: '2026-11-25', reason: 'Merged into another entry.' };
    const [f, r] = documents(changed);
    const all = prepareMatcher(f, r).matcher!;
    expect(all.index.signatures.some((s) => s.failureId === changed.failures[0]!.id)).toBe(false);
    const nova = prepareMatcher(f, r, { service: 'nova' }).matcher!;
    expect(nova.index.signatures.length).toBeGreaterThan(0);
    expect(nova.index.signatures.length).toBeLessThan(all.index.signatures.length);
    const services = new Map(changed.failures.map((x) => [x.id, x]));
    for (const s of nova.index.signatures) {
      const failure = services.get(s.failureId)!;
      const signature = failure.signatures.find((x) => x.id === s.signatureId)!;
      expect(signature.service === 'nova' || (failure.services as string[]).includes('nova')).toBe(true);
    }
  });
});

describe('getting the feed', () => {
  let server: Server;
  let base: string;
  const requests: IncomingHttpHeaders[] = [];
  let mode: 'normal' | 'huge-declared' | 'huge-streamed' | 'error' = 'normal';
  const bodies: Record<string, string> = { '/api/v1/failures.json': text(feed.failures), '/api/v1/remediations.json': text(feed.remediations) };

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.headers);
      if (mode === 'error') return void res.writeHead(503).end();
      if (mode === 'huge-declared') return void res.writeHead(200, { 'content-length': String(MAX_FEED_DOCUMENT_BYTES + 1) }).end();
      if (mode === 'huge-streamed') {
        res.writeHead(200, { 'content-type': 'application/json' });
        const block = Buffer.alloc(1 << 20, 0x20);
        let sent = 0;
        const pump = () => {
          while (sent <= MAX_FEED_DOCUMENT_BYTES) {
            sent += block.length;
            if (!res.write(block)) return void res.once('drain', pump);
          }
          res.end();
        };
        return pump();
      }
      const body = bodies[req.url ?? ''];
      if (body === undefined) return void res.writeHead(404).end();
      const etag = `"${body.length}"`;
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
      res.writeHead(200, { 'content-type': 'application/json', etag }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('downloads, caches, revalidates with If-None-Match, and falls back to the cache when the server fails', async () => {
    const cacheDir = tempDir('match-cache-');
    mode = 'normal';
    requests.length = 0;
    const first = await loadFeedDocuments(base, { cacheDir });
    expect(first.failures.text).toBe(bodies['/api/v1/failures.json']);
    expect(first.failures.name).toBe(`${base}failures.json`);
    expect(requests.map((h) => h['if-none-match'])).toEqual([undefined, undefined]);

    requests.length = 0;
    const second = await loadFeedDocuments(`${base}index.json`, { cacheDir });
    expect(second.remediations.text).toBe(bodies['/api/v1/remediations.json']);
    expect(requests.every((h) => typeof h['if-none-match'] === 'string')).toBe(true);
    expect(second.notes).toEqual([]);

    mode = 'error';
    const offline = await loadFeedDocuments(base, { cacheDir });
    expect(offline.failures.text).toBe(bodies['/api/v1/failures.json']);
    expect(offline.notes.join('\n')).toMatch(/the server answered 503; using the copy cached at/);
  });

  test('without a cache, a failing server is an error that says what to do', async () => {
    mode = 'error';
    await expect(loadFeedDocuments(base, { cacheDir: undefined })).rejects.toThrow(/answered 503.*Fix: /);
    await expect(loadFeedDocuments('http://127.0.0.1:9/api/v1/', { cacheDir: undefined, timeoutMs: 5000 })).rejects.toThrow(FeedLoadError);
  });

  test.each(['huge-declared', 'huge-streamed'] as const)('a document larger than the limit is refused (%s)', async (how) => {
    mode = how;
    await expect(loadFeedDocuments(base, { cacheDir: undefined })).rejects.toThrow(/larger than \d+ bytes/);
  });

  test('a local directory is read, and a missing document or an unsupported scheme is a clear error', async () => {
    const dir = tempDir('match-feed-');
    writeFeed(dir, feed);
    const local = await loadFeedDocuments(dir, { cacheDir: undefined });
    expect(local.failures.name).toBe(join(dir, 'failures.json'));
    const fromFile = await loadFeedDocuments(join(dir, 'failures.json'), { cacheDir: undefined });
    expect(fromFile.remediations.name).toBe(join(dir, 'remediations.json'));
    const empty = tempDir('match-feed-');
    writeFileSync(join(empty, 'failures.json'), '{}');
    await expect(loadFeedDocuments(empty, { cacheDir: undefined })).rejects.toThrow(/remediations\.json: not found\. Fix: /);
    await expect(loadFeedDocuments('ftp://example.org/api/v1/', { cacheDir: undefined })).rejects.toThrow(/only http/);
  });
});
