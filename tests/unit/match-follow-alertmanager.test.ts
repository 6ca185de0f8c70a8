/**
 * `match --follow --alertmanager` against a real Alertmanager (Debian's prometheus-alertmanager, started here on a
 * free port): a matching line becomes an alert with the failure, signature, service, severity and host labels and
 * the failure and remediation links; it is re-posted while it fires (Alertmanager drops an alert at its endsAt);
 * and after the quiet period it is resolved explicitly, well before the endsAt it was last posted with.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ALERT_NAME } from '../../src/lib/matcher/follow/alert-book.ts';
import type { FeedFailure } from '../../src/schemas/feed.ts';
import { catalogueFeed, exampleLine, feedOf, freePort, simpleFailures, startMatch, waitUntil, type RunningMatch } from '../fixtures/follow.ts';

const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';

interface GettableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  status: { state: string };
}

let work: string;
let alertmanager: ChildProcess | undefined;
let alertmanagerUrl: string;
let match: RunningMatch | undefined;
let failure: FeedFailure;

beforeAll(async () => {
  if (!existsSync(ALERTMANAGER)) throw new Error(`${ALERTMANAGER} is missing. Fix: apt-get install prometheus-alertmanager (scripts/ensure-tools.ts does it)`);
  work = mkdtempSync(join(tmpdir(), 'match-follow-am-'));
  writeFileSync(join(work, 'alertmanager.yml'), 'route:\n  receiver: discard\n  group_wait: 1s\nreceivers:\n  - name: discard\n');
  const port = await freePort();
  alertmanagerUrl = `http://127.0.0.1:${port}`;
  alertmanager = spawn(ALERTMANAGER, [`--config.file=${join(work, 'alertmanager.yml')}`, `--storage.path=${join(work, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'], { stdio: 'ignore' });
  await waitUntil('Alertmanager to be ready', async () => (await fetch(`${alertmanagerUrl}/-/ready`).catch(() => undefined))?.ok === true, 20_000, 100);

  failure = simpleFailures(1)[0]!;
  const feed = feedOf([failure]);
  writeFileSync(join(work, 'failures.json'), feed.failures);
  writeFileSync(join(work, 'remediations.json'), feed.remediations);
}, 60_000);

afterAll(async () => {
  await match?.stop();
  alertmanager?.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
});

async function alerts(): Promise<GettableAlert[]> {
  return (await (await fetch(`${alertmanagerUrl}/api/v2/alerts`)).json()) as GettableAlert[];
}

test('an alert reaches Alertmanager with its labels, is re-sent while firing, and is resolved after the quiet period', async () => {
  const log = join(work, 'nova-compute.log');
  writeFileSync(log, '');
  match = startMatch(['--follow', '--feed', work, '--no-cache', '--alertmanager', alertmanagerUrl, '--host', 'compute-7', '--resolve-after', '3s', log]);
  await match.ready();
  const written = Date.now();
  writeFileSync(log, `${exampleLine(failure)}\n`, { flag: 'a' });

  const [alert] = await waitUntil('the alert in Alertmanager', async () => {
    const list = await alerts();
    return list.length > 0 ? list : undefined;
  });
  const signature = failure.signatures[0]!;
  expect(alert!.labels).toEqual({ alertname: ALERT_NAME, failure_id: failure.id, signature_id: signature.id, service: signature.service, severity: failure.severity, host: 'compute-7' });
  expect(alert!.annotations.failure_url).toBe(failure.html_url);
  expect(alert!.annotations.summary).toContain(failure.title);
  expect(alert!.annotations.description).toBe(signature.description);
  const remediationUrls = catalogueFeed().remediations.remediations.filter((r) => failure.remediations.includes(r.id) && r.status !== 'withdrawn').map((r) => r.html_url);
  expect(alert!.annotations.remediation_urls!.split(' ').filter(Boolean).sort()).toEqual(remediationUrls.sort());
  expect(alert!.status.state).toBe('active');
  expect(Date.parse(alert!.endsAt)).toBeGreaterThan(Date.now());

  // Re-posted while firing: Alertmanager's updatedAt moves on, and so does endsAt.
  const resent = await waitUntil('a re-post', async () => (await alerts()).find((a) => a.updatedAt !== alert!.updatedAt), 5_000, 100);
  expect(Date.parse(resent.endsAt)).toBeGreaterThan(Date.parse(alert!.endsAt));

  // Resolved: gone from the active alerts before the endsAt of its last re-post, so it was resolved, not expired.
  let lastEndsAt = Date.parse(resent.endsAt);
  await waitUntil('the alert to be resolved', async () => {
    const list = await alerts();
    if (list.length > 0) lastEndsAt = Date.parse(list[0]!.endsAt);
    return list.length === 0;
  }, 10_000, 100);
  expect(Date.now()).toBeLessThan(lastEndsAt);
  expect(Date.now() - written).toBeGreaterThanOrEqual(3_000);
  expect(match.stdout()).toMatch(new RegExp(`^firing ${failure.id} .* on compute-7`, 'm'));
  // The resolved line is printed once Alertmanager's answer is back, which can be just after the alert leaves its list.
  const resolvedLine = new RegExp(`^resolved ${failure.id} .* on compute-7`, 'm');
  await waitUntil('the resolved line on stdout', async () => resolvedLine.test(match!.stdout()), 5_000, 50);

  expect(await match.stop()).toBe(1); // something was found
}, 60_000);
