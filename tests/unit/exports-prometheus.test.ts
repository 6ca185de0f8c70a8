/**
 * The Prometheus rules over match --follow's counter, checked by Prometheus's own promtool: the whole generated
 * file passes `promtool check rules`, and `promtool test rules` proves the alerts fire as a cloud needs them to:
 * on a host's first match (a newborn counter series, which increase() alone never sees), on a counter that grows,
 * at a signature's threshold and not below it, with labels and annotations exactly as the catalogue writes them,
 * even when its text looks like a Go template.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { MATCH_COUNTER, prometheusRuleFile } from '../../src/lib/feed/exports/prometheus-rules.ts';
import { signatureAlerts, type SignatureAlert } from '../../src/lib/feed/exports/signature-alerts.ts';
import { durationMs } from '../../src/lib/matcher/timestamps.ts';
import type { Feed } from '../../src/lib/matcher/feed-documents.ts';
import { realFeed, requireTool } from '../fixtures/exports.ts';

const promtool = requireTool('promtool', 'prometheus');
const feed = realFeed();
const alerts = signatureAlerts(feed);
const dir = mkdtempSync(join(tmpdir(), 'fc-prometheus-'));
const SITE = 'https://example.org/catalogue/';

function run(args: string[]): { status: number | null; output: string } {
  const result = spawnSync(promtool, args, { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function writeRules(name: string, ruleAlerts: readonly SignatureAlert[]): string {
  writeFileSync(join(dir, name), prometheusRuleFile(ruleAlerts, { siteUrl: SITE }).body);
  return name;
}

/** The counter series match --follow exports for a signature on a host. */
function series(alert: SignatureAlert, host: string, values: string) {
  const labels = `failure_id="${alert.failure.id}", signature_id="${alert.signature.id}", service="${alert.signature.service}", host="${host}", instance="${host}:9464", job="failure-catalogue"`;
  return { series: `${MATCH_COUNTER}{${labels}}`, values };
}

/** The alert Alertmanager would receive, from the catalogue's own text (not from the generated rule). */
function expectedAlert(alert: SignatureAlert, host: string) {
  const failure = alert.failure;
  const remediationUrls = failure.remediations.flatMap((id) => feed.remediations.filter((r) => r.id === id && r.status !== 'withdrawn').map((r) => r.html_url));
  return {
    exp_labels: { failure_id: failure.id, signature_id: alert.signature.id, service: alert.signature.service, severity: failure.severity, host },
    exp_annotations: {
      summary: `${failure.id}: ${failure.title} (signature ${alert.signature.id} matched on ${host})`,
      description: alert.signature.description,
      failure_url: failure.html_url,
      remediation_urls: remediationUrls.join(' '),
    },
  };
}

const minutes = (window: string) => durationMs(window) / 60_000;

describe('promtool', () => {
  test('checks the whole generated rule file: one rule per signature', () => {
    const file = writeRules('prometheus.rules.yaml', alerts);
    const signatures = feed.failures.filter((f) => f.status !== 'withdrawn').reduce((n, f) => n + f.signatures.length, 0);
    const { status, output } = run(['check', 'rules', file]);
    expect(output).toContain(`SUCCESS: ${signatures} rules found`);
    expect(status).toBe(0);
  });

  test('test rules: alerts fire on a first match, on a growing counter, at the threshold and not below', () => {
    writeRules('prometheus.rules.yaml', alerts);
    const single = alerts.find((a) => !a.signature.threshold)!;
    const thresholded = alerts.find((a) => a.signature.threshold && a.signature.threshold.count >= 3 && minutes(a.signature.threshold.within) >= 5)!;
    expect(single).toBeDefined();
    expect(thresholded).toBeDefined();
    const { count, within } = thresholded.signature.threshold!;
    const quiet = minutes(within) + 2;
    const zeros = (n: number) => Array.from({ length: n }, () => '0').join(' ');
    const tests = {
      rule_files: ['prometheus.rules.yaml'],
      evaluation_interval: '1m',
      // Three independent groups: each starts from empty storage, so one's alerts do not show in another's.
      tests: [
        {
          interval: '1m',
          // Born at its first match (value 1) at 2m, then quiet.
          input_series: [series(single, 'compute-1', '_ _ 1 1 1 1 1 1 1 1 1 1 1')],
          alert_rule_test: [
            { eval_time: '1m', alertname: 'FailureCatalogueKnownFailure', exp_alerts: [] },
            { eval_time: '2m', alertname: 'FailureCatalogueKnownFailure', exp_alerts: [expectedAlert(single, 'compute-1')] },
            // Still within the window of the first match: still firing, though increase() sees no growth.
            { eval_time: '5m', alertname: 'FailureCatalogueKnownFailure', exp_alerts: [expectedAlert(single, 'compute-1')] },
            // The window has passed without another match: resolved.
            { eval_time: '9m', alertname: 'FailureCatalogueKnownFailure', exp_alerts: [] },
          ],
        },
        {
          interval: '1m',
          // An old series that grows by 2 at 10m.
          input_series: [series(single, 'compute-2', `${zeros(10)} 2 2 2`)],
          alert_rule_test: [
            { eval_time: '9m', alertname: 'FailureCatalogueKnownFailure', exp_alerts: [] },
            { eval_time: '10m', alertname: 'FailureCatalogueKnownFailure', exp_alerts: [expectedAlert(single, 'compute-2')] },
          ],
        },
        {
          interval: '1m',
          // The thresholded signature: `count` matches at once on one host, `count - 1` on another.
          input_series: [series(thresholded, 'compute-3', `${zeros(quiet)} ${count} ${count}`), series(thresholded, 'compute-4', `${zeros(quiet)} ${count - 1} ${count - 1}`)],
          alert_rule_test: [{ eval_time: `${quiet}m`, alertname: 'FailureCatalogueKnownFailure', exp_alerts: [expectedAlert(thresholded, 'compute-3')] }],
        },
      ],
    };
    writeFileSync(join(dir, 'behaviour.test.yaml'), stringify(tests));
    const { status, output } = run(['test', 'rules', 'behaviour.test.yaml']);
    expect(output).toContain('SUCCESS');
    expect(status).toBe(0);
  });

  test('test rules: text that looks like a Go template reaches Alertmanager exactly as the catalogue wrote it', () => {
    const original = feed.failures.find((f) => f.status !== 'withdrawn' && f.signatures.length > 0 && f.signatures.every((s) => !s.threshold))!;
    const hostile: Feed = {
      ...feed,
      failures: [
        {
          ...original,
          title: 'Evil {{ .Labels.host }} and {{ printf "%s" "x" }} }} {{- end }}',
          signatures: [{ ...original.signatures[0]!, description: 'Shows {{ $labels.host }} and {{ $value }} literally' }],
        },
      ],
    };
    const hostileAlerts = signatureAlerts(hostile);
    const file = writeRules('hostile.rules.yaml', hostileAlerts);
    expect(run(['check', 'rules', file]).status).toBe(0);
    const tests = {
      rule_files: [file],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [series(hostileAlerts[0]!, 'compute-9', '_ 1 1')],
          alert_rule_test: [{ eval_time: '1m', alertname: 'FailureCatalogueKnownFailure', exp_alerts: [expectedAlert(hostileAlerts[0]!, 'compute-9')] }],
        },
      ],
    };
    writeFileSync(join(dir, 'hostile.test.yaml'), stringify(tests));
    const { status, output } = run(['test', 'rules', 'hostile.test.yaml']);
    expect(output).toContain('SUCCESS');
    expect(status).toBe(0);
  });
});
