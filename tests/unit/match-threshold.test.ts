/**
 * Signatures that only mean a failure when they repeat (a single retry, one leader change) carry a threshold:
 * count lines within a window. The matcher reads each line's time stamp, counts within the window, and reports a
 * failure seen below its threshold apart from the failures found, in the CLI, the JSON and the /match/ page alike.
 */
import { describe, expect, test } from 'vitest';
import { feedFromContent } from '../../src/lib/matcher/node/content-feed.ts';
import { prepareMatcher } from '../../src/lib/matcher/prepare.ts';
import { buildMatchReport, matchReport } from '../../src/lib/matcher/report.ts';
import { formatReportText } from '../../src/lib/matcher/report-text.ts';
import { MatchTally } from '../../src/lib/matcher/tally.ts';
import { durationMs, lineTimestamp, ThresholdWindow } from '../../src/lib/matcher/timestamps.ts';
import { makeFailure, makeRemediation, writeContentRoot } from '../fixtures/entries.ts';

describe('time stamps read from log lines', () => {
  test.each([
    ['2026-03-04 10:15:02.123 2741 ERROR nova.compute.manager [-] x', Date.UTC(2026, 2, 4, 10, 15, 2, 123)],
    ['2026-03-04T10:15:02.500000+00:00 [error] <0.123.0> x', Date.UTC(2026, 2, 4, 10, 15, 2, 500)],
    ['Mar  4 10:15:02 ctl1 ovsdb-server[123]: x', Date.UTC(2000, 2, 4, 10, 15, 2)],
    ['[Wed Mar 04 10:15:02.250000 2026] [wsgi:error] [pid 1] x', Date.UTC(2026, 2, 4, 10, 15, 2, 250)],
    ['[ 8123.500000] nf_conntrack: table full, dropping packet', 8_123_500],
    ['no stamp here', undefined],
  ])('%s', (line, expected) => {
    expect(lineTimestamp(line)).toBe(expected);
  });

  test('durations', () => {
    expect([durationMs('30s'), durationMs('10m'), durationMs('1h'), durationMs('1d')]).toEqual([30_000, 600_000, 3_600_000, 86_400_000]);
  });
});

describe('a threshold window', () => {
  test('fires on the count-th line within the window, not before', () => {
    const window = new ThresholdWindow(3, 60_000);
    expect([window.add(0), window.add(20_000), window.add(40_000)]).toEqual([false, false, true]);
  });

  test('does not fire when the lines are spread wider than the window', () => {
    const window = new ThresholdWindow(3, 60_000);
    expect([0, 50_000, 100_000, 150_000, 200_000].map((t) => window.add(t))).toEqual([false, false, false, false, false]);
    expect(window.add(215_000)).toBe(false);
    expect(window.add(230_000)).toBe(true);
  });

  test('lines without a stamp count as one burst', () => {
    const window = new ThresholdWindow(2, 1000);
    expect([window.add(undefined), window.add(undefined)]).toEqual([false, true]);
  });
});

describe('the matcher honours thresholds', () => {
  const leaderChange = {
    ...(makeFailure().signatures as Record<string, unknown>[])[0],
    threshold: { count: 3, within: '10m' },
  };
  const root = writeContentRoot({ failures: [makeFailure({ signatures: [leaderChange] })], remediations: [makeRemediation()] });
  const json = feedFromContent(root);
  const { matcher } = prepareMatcher({ name: 'failures.json', text: JSON.stringify(json.failures) }, { name: 'remediations.json', text: JSON.stringify(json.remediations) });
  const line = (time: string) => `2026-03-04 ${time}.000 2741 ERROR oslo_messaging._drivers.impl_rabbit [-] AMQP server on controller1:5672 is unreachable: timed out. Trying again in 1 seconds.`;
  const run = (lines: string[]) => {
    const tally = new MatchTally(matcher!.index);
    const scan = tally.open('app.log');
    scan.push(new TextEncoder().encode(`${lines.join('\n')}\n`));
    scan.end();
    return matchReport.parse(buildMatchReport({ feed: matcher!.feed, signatures: matcher!.index.signatures.length, totals: tally.totals, hits: tally.failures }));
  };

  test('the threshold is published in the feed', () => {
    expect(matcher!.feed.failures[0]!.signatures[0]!.threshold).toEqual({ count: 3, within: '10m' });
  });

  test('fewer lines than the count: seen below the threshold, not found', () => {
    const report = run([line('10:00:00'), line('10:01:00')]);
    expect(report.failures).toEqual([]);
    expect(report.below_threshold.map((f) => f.id)).toEqual(['FAIL-0001']);
    expect(report.below_threshold[0]!.signatures[0]).toEqual({ id: 'amqp-unreachable', lines_matched: 2, below_threshold: { count: 3, within: '10m' } });
    expect(formatReportText(report)).toContain('FAIL-0001 seen below its threshold (not a failure yet): amqp-unreachable matched 2 lines, needs 3 within 10m.');
  });

  test('the count within the window: found', () => {
    const report = run([line('10:00:00'), line('10:04:00'), line('10:09:00')]);
    expect(report.failures.map((f) => f.id)).toEqual(['FAIL-0001']);
    expect(report.below_threshold).toEqual([]);
  });

  test('the count spread over more than the window: not found', () => {
    const report = run([line('10:00:00'), line('10:30:00'), line('11:00:00'), line('11:30:00')]);
    expect(report.failures).toEqual([]);
    expect(report.below_threshold.map((f) => f.id)).toEqual(['FAIL-0001']);
  });
});
