/**
 * `match --follow --journal` reading `journalctl -o json -f` on standard input: MESSAGE as a string, as an array
 * of bytes (journald's form for text that is not valid UTF-8), or as several values; the host from _HOSTNAME and
 * the program from SYSLOG_IDENTIFIER or _SYSTEMD_UNIT; lines that are not entries are skipped with a warning, not
 * fatal; and each host's matches are counted under its own host label.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseJournalLine } from '../../src/lib/matcher/follow/journal-entry.ts';
import type { FeedFailure } from '../../src/schemas/feed.ts';
import { exampleLine, feedOf, parseExposition, simpleFailures, startMatch, waitUntil } from '../fixtures/follow.ts';

const decode = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

describe('a journal entry', () => {
  test('MESSAGE as a string, with host, identifier and time', () => {
    const parsed = parseJournalLine(JSON.stringify({ MESSAGE: 'hello', _HOSTNAME: 'ctl-1', SYSLOG_IDENTIFIER: 'nova-compute', _SYSTEMD_UNIT: 'nova-compute.service', __REALTIME_TIMESTAMP: '1764936000123456' }));
    expect(parsed).toEqual({ entry: { message: new TextEncoder().encode('hello'), host: 'ctl-1', unit: 'nova-compute', writtenAt: 1764936000123 } });
  });

  test('MESSAGE as bytes (not valid UTF-8) keeps its bytes; the unit is used without an identifier', () => {
    const parsed = parseJournalLine(JSON.stringify({ MESSAGE: [0x66, 0x6f, 0xff, 0x6f], _SYSTEMD_UNIT: 'libvirtd.service' }));
    if (!('entry' in parsed)) throw new Error(parsed.skipped);
    expect(decode(parsed.entry.message)).toBe('fo\xffo');
    expect(parsed.entry.unit).toBe('libvirtd.service');
    expect(parsed.entry.host).toBeUndefined();
  });

  test('a field given several times becomes one line per value', () => {
    const parsed = parseJournalLine(JSON.stringify({ MESSAGE: ['first', [0x73, 0x65, 0x63, 0x6f, 0x6e, 0x64]] }));
    if (!('entry' in parsed)) throw new Error(parsed.skipped);
    expect(decode(parsed.entry.message)).toBe('first\nsecond');
  });

  test.each([
    ['not JSON', 'Dec 05 12:00:00 host nova-compute[1]: plain syslog', /is not JSON/],
    ['not an object', '[1,2,3]', /not a JSON object/],
    ['no MESSAGE', '{"_HOSTNAME":"x"}', /no MESSAGE/],
    ['MESSAGE over the size limit (null)', '{"MESSAGE":null}', /neither text nor bytes/],
    ['MESSAGE with a value that is no byte', '{"MESSAGE":[1,2,300]}', /neither text nor bytes/],
  ])('%s is skipped with the reason', (_name, line, reason) => {
    const parsed = parseJournalLine(line);
    expect('skipped' in parsed && parsed.skipped).toMatch(reason);
  });
});

let work: string;
let failures: FeedFailure[];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'match-follow-journal-'));
  failures = simpleFailures(2);
  const feed = feedOf(failures);
  writeFileSync(join(work, 'failures.json'), feed.failures);
  writeFileSync(join(work, 'remediations.json'), feed.remediations);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

test('match --follow --journal counts matches per journal host, and reports the entries it skipped', async () => {
  const match = startMatch(['--follow', '--journal', '--feed', work, '--no-cache', '--metrics-listen', '127.0.0.1:0', '--host', 'fallback-host', '--json']);
  try {
    await match.ready();
    const url = /metrics at (http:\/\/\S+)/.exec(match.stderr())![1]!;
    const [first, second] = failures;
    const bytes = (text: string) => [...Buffer.from(text)];
    const entries = [
      JSON.stringify({ MESSAGE: exampleLine(first!), _HOSTNAME: 'ctl-1', SYSLOG_IDENTIFIER: 'nova-conductor', __REALTIME_TIMESTAMP: `${Date.now()}000` }),
      JSON.stringify({ MESSAGE: 'a healthy line', _HOSTNAME: 'ctl-1' }),
      'this is not journal JSON',
      // Written in two pieces: the reader carries the unfinished JSON line over.
      JSON.stringify({ MESSAGE: bytes(exampleLine(first!)), _HOSTNAME: 'cmp-2', _SYSTEMD_UNIT: 'nova-compute.service' }),
      JSON.stringify({ MESSAGE: exampleLine(second!) }), // no _HOSTNAME: the --host fallback
    ];
    const text = `${entries.join('\n')}\n`;
    const cut = text.indexOf('cmp-2');
    match.child.stdin!.write(text.slice(0, cut));
    await new Promise((resolve) => setTimeout(resolve, 100));
    match.child.stdin!.write(text.slice(cut));

    const samples = await waitUntil('four journal lines read', async () => {
      const parsed = parseExposition(await (await fetch(url)).text());
      return parsed.find((s) => s.name === 'failure_catalogue_follow_lines_total')?.value === 4 ? parsed : undefined;
    });
    const count = (failure: FeedFailure, host: string) => samples.find((s) => s.name === 'failure_catalogue_signature_matches_total' && s.labels.failure_id === failure.id && s.labels.host === host)?.value;
    expect(count(first!, 'ctl-1')).toBe(1);
    expect(count(first!, 'cmp-2')).toBe(1);
    expect(count(second!, 'fallback-host')).toBe(1);
    expect(samples.find((s) => s.name === 'failure_catalogue_follow_journal_skipped_total')?.value).toBe(1);
    expect(match.stderr()).toMatch(/1 line skipped so far; the last one is not JSON/);
    // --json: one JSON object per alert event on stdout.
    const events = match.stdout().trim().split('\n').map((line) => JSON.parse(line) as Record<string, string>);
    expect(events.map((e) => `${e.event} ${e.failure_id} ${e.host}`).sort()).toEqual([`firing ${first!.id} cmp-2`, `firing ${first!.id} ctl-1`, `firing ${second!.id} fallback-host`].sort());
    expect(events.find((e) => e.host === 'cmp-2')?.line).toBe(exampleLine(first!));
    match.child.stdin!.end();
    await waitUntil('the end of the journal to be noticed', () => /the journal\) ended/.test(match.stderr()));
  } finally {
    expect(await match.stop('SIGINT')).toBe(1);
  }
});
