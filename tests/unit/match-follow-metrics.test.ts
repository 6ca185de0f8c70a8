/**
 * The follow mode's metrics as Prometheus reads them: the exposition format with label values escaped (feed and
 * host text can hold quotes, backslashes and newlines), accepted by `promtool check metrics`; the /metrics
 * endpoint of `match --follow` counting each signature's matches per host, with every signature declared at 0 for
 * the followed host (so a rate rule sees the first match); and the node_exporter textfile written beside it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXPOSITION_CONTENT_TYPE, renderExposition } from '../../src/lib/matcher/follow/prometheus-text.ts';
import type { FeedFailure } from '../../src/schemas/feed.ts';
import { exampleLine, feedOf, parseExposition, promtoolCheckMetrics, simpleFailures, startMatch, waitUntil } from '../fixtures/follow.ts';

let work: string;
let failures: FeedFailure[];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'match-follow-metrics-'));
  failures = simpleFailures(2);
  const feed = feedOf(failures);
  writeFileSync(join(work, 'failures.json'), feed.failures);
  writeFileSync(join(work, 'remediations.json'), feed.remediations);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the exposition format', () => {
  const hostile = ['plain', 'with "quotes"', 'back\\slash', 'two\nlines', 'all \\"\n of them \\n', 'ünïcödé ✓'];

  test.each(hostile)('label value %j is escaped, accepted by promtool and read back unchanged', async (value) => {
    const text = renderExposition([{ name: 'failure_catalogue_signature_matches_total', type: 'counter', help: 'Help with a \\ and a\nnewline.', samples: [{ labels: { failure_id: 'FAIL-0001', host: value }, value: 3 }] }]);
    const { code, output } = await promtoolCheckMetrics(text);
    expect(output).toBe('');
    expect(code).toBe(0);
    expect(parseExposition(text)).toEqual([{ name: 'failure_catalogue_signature_matches_total', labels: { failure_id: 'FAIL-0001', host: value }, value: 3 }]);
  });

  test('an invalid metric or label name is refused rather than written', () => {
    expect(() => renderExposition([{ name: 'bad-name', type: 'gauge', help: '', samples: [] }])).toThrow(/not valid/);
    expect(() => renderExposition([{ name: 'ok', type: 'gauge', help: '', samples: [{ labels: { 'bad-label': 'x' }, value: 1 }] }])).toThrow(/not valid/);
  });
});

test('match --follow serves /metrics and writes the textfile, counting matches per signature and host', async () => {
  const log = join(work, 'app.log');
  const textfile = join(work, 'failure_catalogue.prom');
  writeFileSync(log, '');
  const match = startMatch(['--follow', '--feed', work, '--no-cache', '--metrics-listen', '127.0.0.1:0', '--metrics-textfile', textfile, '--host', 'ctl "1"', log]);
  try {
    await match.ready();
    const url = /metrics at (http:\/\/\S+)/.exec(match.stderr())![1]!;
    const [first, second] = failures;
    writeFileSync(log, `${exampleLine(first!)}\n${exampleLine(first!)}\nnothing known here\n${exampleLine(second!)}\n`, { flag: 'a' });

    const counter = (samples: ReturnType<typeof parseExposition>, failure: FeedFailure) =>
      samples.find((s) => s.name === 'failure_catalogue_signature_matches_total' && s.labels.failure_id === failure.id && s.labels.signature_id === failure.signatures[0]!.id)?.value;
    const body = await waitUntil('the matches in /metrics', async () => {
      const text = await (await fetch(url)).text();
      return parseExposition(text).find((s) => s.name === 'failure_catalogue_follow_lines_total')?.value === 4 ? text : undefined;
    });
    const response = await fetch(url);
    expect(response.headers.get('content-type')).toBe(EXPOSITION_CONTENT_TYPE);
    expect((await fetch(url.replace('/metrics', '/other'))).status).toBe(404);

    const { code, output } = await promtoolCheckMetrics(body);
    expect(output).toBe('');
    expect(code).toBe(0);
    const samples = parseExposition(body);
    expect(counter(samples, first!)).toBe(2);
    expect(counter(samples, second!)).toBe(1);
    const series = samples.filter((s) => s.name === 'failure_catalogue_signature_matches_total');
    // Every signature of the feed is declared for the host, the ones that did not match at 0.
    expect(series).toHaveLength(failures.flatMap((f) => f.signatures).length);
    for (const s of series) {
      const signature = failures.find((f) => f.id === s.labels.failure_id)!.signatures.find((g) => g.id === s.labels.signature_id)!;
      expect(s.labels).toEqual({ failure_id: s.labels.failure_id, signature_id: signature.id, service: signature.service, host: 'ctl "1"' });
    }
    expect(samples.find((s) => s.name === 'failure_catalogue_follow_matched_lines_total')?.value).toBe(3);
    expect(samples.find((s) => s.name === 'failure_catalogue_feed_signatures')?.value).toBe(series.length);

    // The textfile catches up within its debounce, and holds the same counts.
    const fileSamples = await waitUntil('the textfile', () => (existsSync(textfile) ? parseExposition(readFileSync(textfile, 'utf8')) : undefined));
    await waitUntil('the textfile to count the matches', () => counter(parseExposition(readFileSync(textfile, 'utf8')), first!) === 2);
    expect(fileSamples.length).toBeGreaterThan(0);
    expect((await promtoolCheckMetrics(readFileSync(textfile, 'utf8'))).code).toBe(0);
  } finally {
    expect(await match.stop()).toBe(1);
  }
});

describe('errors that stop the follow mode before it starts: exit 2 and what to fix', () => {
  test('a metrics port already in use', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const match = startMatch(['--follow', '--feed', work, '--no-cache', '--metrics-listen', `127.0.0.1:${port}`, join(work, 'app.log')]);
      expect(await waitUntil('match to exit', () => match.child.exitCode ?? undefined, 30_000)).toBe(2);
      expect(match.stderr()).toContain(`--metrics-listen 127.0.0.1:${port}: cannot listen (EADDRINUSE). Fix:`);
    } finally {
      taken.close();
    }
  });

  test.each([
    [['--resolve-after', '10 minutes'], /--resolve-after "10 minutes": is not a duration\. Fix:/],
    [['--metrics-listen', 'localhost'], /--metrics-listen "localhost": is not HOST:PORT\. Fix:/],
    [['--alertmanager', 'ftp://am'], /--alertmanager "ftp:\/\/am": only http:\/\/ and https:\/\/ are supported\. Fix:/],
  ])('%j', async (args, message) => {
    const match = startMatch(['--follow', '--feed', work, '--no-cache', ...args, join(work, 'app.log')]);
    expect(await waitUntil('match to exit', () => match.child.exitCode ?? undefined, 30_000)).toBe(2);
    expect(match.stderr()).toMatch(message);
  });
});
