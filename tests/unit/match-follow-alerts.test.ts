/**
 * When the follow mode alerts: a thresholded signature fires only when its count of lines falls within its
 * window (the line's own time stamp, or the time it was read when it has none), and fires again after a resolve
 * only when the threshold is met again; an alert is posted at once, re-posted every resend interval with an endsAt
 * a few resends ahead, resolved with endsAt = now after the quiet period, and a failed post is simply retried.
 */
import { describe, expect, test } from 'vitest';
import { AlertBook, ALERT_NAME } from '../../src/lib/matcher/follow/alert-book.ts';
import { FollowSession } from '../../src/lib/matcher/follow/follow-session.ts';
import type { SignatureFacts } from '../../src/lib/matcher/follow/signature-facts.ts';
import { prepareMatcher } from '../../src/lib/matcher/prepare.ts';
import { matchingLines } from '../../src/lib/core/signature-lines.ts';
import { lineTimestamp } from '../../src/lib/matcher/timestamps.ts';
import { catalogueFeed, feedOf } from '../fixtures/follow.ts';

const facts: SignatureFacts = { failureId: 'FAIL-0001', signatureId: 'sig', service: 'nova', severity: 'high', title: 'A title', description: 'What the line means.', failureUrl: 'https://example.org/failures/FAIL-0001/', remediationUrls: ['https://example.org/remediations/REM-0001/'] };

describe('the alert book', () => {
  const timings = { resolveAfterMs: 10_000, resendMs: 2_000 };

  test('posts a new alert at once, re-posts it every resend, resolves it after the quiet period', () => {
    const book = new AlertBook(timings);
    expect(book.fire({ facts, host: 'h1', at: 1_000, line: 'x' })).toBe(true);
    let round = book.round(1_000);
    expect(round.alerts).toEqual([
      {
        labels: { alertname: ALERT_NAME, failure_id: 'FAIL-0001', signature_id: 'sig', service: 'nova', severity: 'high', host: 'h1' },
        annotations: { summary: 'FAIL-0001: A title (signature sig matched on h1)', description: 'What the line means.', failure_url: facts.failureUrl, remediation_urls: facts.remediationUrls[0] },
        startsAt: new Date(1_000).toISOString(),
        endsAt: new Date(1_000 + 4 * timings.resendMs).toISOString(),
        generatorURL: facts.failureUrl,
      },
    ]);
    round.accepted();
    expect(book.round(2_000).alerts).toEqual([]); // not yet due again
    expect(book.fire({ facts, host: 'h1', at: 2_500, line: 'x' })).toBe(false); // same alert, still firing
    round = book.round(3_000);
    expect(round.alerts.map((a) => a.endsAt)).toEqual([new Date(3_000 + 4 * timings.resendMs).toISOString()]);
    round.accepted();
    // Quiet since 2_500: resolved at 12_500, with endsAt = now.
    round = book.round(12_500);
    expect(round.resolved.map((a) => a.endsAt)).toEqual([new Date(12_500).toISOString()]);
    expect(round.alerts).toEqual(round.resolved);
    round.accepted();
    expect(book.firing).toBe(0);
    expect(book.round(20_000).alerts).toEqual([]);
  });

  test('a post that failed is retried at the next round; a line during a resolve keeps the alert', () => {
    const book = new AlertBook(timings);
    book.fire({ facts, host: 'h1', at: 0, line: 'x' });
    book.round(0); // not accepted: Alertmanager was down
    expect(book.round(100).alerts).toHaveLength(1);
    const resolving = book.round(10_000);
    expect(resolving.resolved).toHaveLength(1);
    book.fire({ facts, host: 'h1', at: 10_001, line: 'x' }); // while the resolve was being posted
    resolving.accepted();
    expect(book.firing).toBe(1);
    expect(book.round(10_002).resolved).toEqual([]);
  });

  test('one alert per failure, signature and host', () => {
    const book = new AlertBook(timings);
    expect(book.fire({ facts, host: 'h1', at: 0, line: 'x' })).toBe(true);
    expect(book.fire({ facts, host: 'h2', at: 0, line: 'x' })).toBe(true);
    expect(book.fire({ facts: { ...facts, signatureId: 'other' }, host: 'h1', at: 0, line: 'x' })).toBe(true);
    expect(book.firing).toBe(3);
  });
});

describe('thresholds in a log that never ends', () => {
  // A real thresholded signature, and its example line without its time stamp.
  const failure = catalogueFeed().failures.failures.find((f) => f.status === 'published' && f.signatures.some((s) => s.threshold && s.threshold.count >= 2))!;
  const signature = failure.signatures.find((s) => s.threshold && s.threshold.count >= 2)!;
  const { count, within } = signature.threshold!;
  const withinMs = Number(within.slice(0, -1)) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[within.slice(-1) as 's' | 'm' | 'h' | 'd'];
  const stamped = matchingLines(signature)[0]!;
  const unstamped = stamped.replace(/^\S+ \S+ /, '').replace(/^\d{4}-\d\d-\d\dT\S+ ?/, '');

  function session() {
    const feed = feedOf([failure]);
    const { matcher } = prepareMatcher({ name: 'failures.json', text: feed.failures }, { name: 'remediations.json', text: feed.remediations });
    const followed = new FollowSession(matcher!, { host: 'h', timings: { resolveAfterMs: 60_000, resendMs: 10_000 } });
    const input = followed.followInput('log');
    const write = (line: string, readAt: number) => input.push(new TextEncoder().encode(`${line}\n`), readAt);
    return { followed, write };
  }

  test(`${failure.id}/${signature.id}: ${count} lines without a time stamp fire when read within ${within}, not when read further apart`, () => {
    expect(matchingLines(signature).length).toBeGreaterThan(0);
    expect(lineTimestamp(unstamped)).toBeUndefined();
    const slow = session();
    for (let i = 0; i < count; i++) slow.write(unstamped, i * (withinMs + 1));
    expect(slow.followed.alerts.firing).toBe(0);
    expect(slow.followed.tally.found).toBe(false);
    expect(slow.followed.tally.series.find((s) => s.labels.signature_id === signature.id)?.matches).toBe(count);

    const fast = session();
    for (let i = 0; i < count - 1; i++) fast.write(unstamped, i);
    expect(fast.followed.alerts.firing).toBe(0);
    fast.write(unstamped, count);
    expect(fast.followed.alerts.firing).toBe(1);
    expect(fast.followed.tally.found).toBe(true);
  });

  test('a line\'s own time stamp wins over the time it was read', () => {
    const { followed, write } = session();
    // Read at the same moment, but written a day apart according to their stamps: no failure.
    const base = Date.UTC(2026, 2, 4, 10, 0, 0);
    for (let i = 0; i < count; i++) {
      const when = new Date(base + i * 86_400_000).toISOString().replace('T', ' ').replace('Z', '');
      write(stamped.replace(/^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?Z?/, when), 0);
    }
    expect(followed.alerts.firing).toBe(0);
    expect(followed.tally.matchedLines).toBe(count);
  });

  test('after a resolve, the threshold must be met again to fire again', () => {
    const { followed, write } = session();
    for (let i = 0; i < count; i++) write(unstamped, i);
    expect(followed.alerts.firing).toBe(1);
    followed.alerts.round(count + 60_000).accepted(); // quiet for resolveAfterMs: resolved
    expect(followed.alerts.firing).toBe(0);
    const later = count + 10 * withinMs;
    write(unstamped, later);
    expect(followed.alerts.firing).toBe(0); // one line, long after the others, is no failure
    for (let i = 1; i < count; i++) write(unstamped, later + i);
    expect(followed.alerts.firing).toBe(1);
  });
});
