/**
 * The Loki rules a cloud loads: every expression is valid LogQL by Grafana's own grammar, every signature's
 * pattern reaches Loki unchanged (read back out of the LogQL string, compiled as RE2, it matches the signature's
 * examples and none of its near misses), every alert carries the failure, and the per-service files hold exactly
 * their service's signatures, for every built-in deployment profile and the whole real catalogue.
 */
import { describe, expect, test } from 'vitest';
import { RE2JS } from 're2js';
import { parse as parseYaml } from 'yaml';
import { lokiRuleFiles, lokiRuleGroups } from '../../src/lib/feed/exports/loki-rules.ts';
import { builtinProfile, builtinProfiles } from '../../src/lib/feed/exports/profile-load.ts';
import { signatureAlerts, type SignatureAlert } from '../../src/lib/feed/exports/signature-alerts.ts';
import { streamsFor } from '../../src/lib/feed/exports/profile-streams.ts';
import { jsonPrefilter } from '../../src/lib/feed/exports/logql.ts';
import { matchingLines } from '../../src/lib/core/signature-lines.ts';
import type { Feed } from '../../src/lib/matcher/feed-documents.ts';
import type { AlertingRule } from '../../src/lib/feed/exports/rule-file.ts';
import { goUnquote, logqlErrors, rangeLineFilters, realFeed } from '../fixtures/exports.ts';
import type { DeploymentProfile } from '../../src/schemas/deployment-profile.ts';

const feed = realFeed();
const alerts = signatureAlerts(feed);
const signatureCount = feed.failures.filter((f) => f.status !== 'withdrawn').reduce((n, f) => n + f.signatures.length, 0);
const profiles = builtinProfiles().map((p) => p.profile);

/**
 * The regular expression each stream's last line filter runs (the pattern), decoded from its LogQL string as Loki
 * decodes it.
 */
function ruleRegex(rule: AlertingRule): string[] {
  return rangeLineFilters(rule.expr).map((filters) => {
    const last = filters.at(-1)!;
    expect(last.operator).toBe('PipeMatch');
    return goUnquote(last.literal);
  });
}

/** The cheap filters a JSON stream runs on the raw line before parsing it: each must let every matching line through. */
function prefilterFaults(rule: AlertingRule, alert: SignatureAlert, profile: DeploymentProfile): string[] {
  const faults: string[] = [];
  const streams = streamsFor(profile, alert.signature).streams;
  rangeLineFilters(rule.expr).forEach((filters, i) => {
    const stream = streams[i]!.stream;
    for (const filter of filters.slice(0, -1)) {
      expect(stream.format).toBe('json');
      const value = goUnquote(filter.literal);
      for (const line of matchingLines(alert.signature)) {
        // The record as a JSON encoder writes it, the message among other fields.
        const record = JSON.stringify({ '@timestamp': '2026-01-01T00:00:00Z', [stream.message_field!]: line, level: 'error' });
        const passes = filter.operator === 'PipeExact' ? record.includes(value) : filter.operator === 'PipeMatch' && RE2JS.compile(value).matcher(record).find();
        if (!passes) faults.push(`${alert.failure.id}/${alert.signature.id}: ${filter.literal} drops ${record}`);
      }
    }
  });
  return faults;
}

function checkExamples(alert: SignatureAlert, regexes: readonly string[]): string[] {
  const faults: string[] = [];
  const id = `${alert.failure.id}/${alert.signature.id}`;
  for (const source of regexes) {
    // No flags: (?i) must come from the rule itself, as Loki sees it.
    const re = RE2JS.compile(source);
    for (const line of matchingLines(alert.signature)) if (!re.matcher(line).find()) faults.push(`${id}: misses ${JSON.stringify(line)}`);
    for (const line of alert.signature.examples.no_match) if (re.matcher(line).find()) faults.push(`${id}: matches the near miss ${JSON.stringify(line)}`);
  }
  return faults;
}

describe.each(profiles.map((p) => [p.id, p] as const))('Loki rules with the %s profile', (_id, profile) => {
  const groups = lokiRuleGroups(alerts, profile);
  const rules = groups.flatMap((g) => g.rules);

  test('one alerting rule per signature of the catalogue', () => {
    expect(signatureCount).toBeGreaterThan(600);
    expect(rules).toHaveLength(signatureCount);
  });

  test('every expression parses with Grafana\'s LogQL grammar without an error node', () => {
    const bad = rules.filter((r) => logqlErrors(r.expr).length > 0).map((r) => `${r.labels.failure_id}/${r.labels.signature_id}: ${r.expr}`);
    expect(bad).toEqual([]);
  });

  test('each pattern, read back out of its LogQL string and compiled as RE2, matches its examples and no near miss', () => {
    const faults: string[] = [];
    rules.forEach((rule, i) => {
      const alert = alerts.find((a) => a.failure.id === rule.labels.failure_id && a.signature.id === rule.labels.signature_id)!;
      const regexes = ruleRegex(rule);
      // One line filter per stream the profile searches, each the catalogue's pattern unchanged (plus (?i)).
      expect(regexes, `rule ${i}`).toHaveLength(streamsFor(profile, alert.signature).streams.length);
      for (const regex of regexes) expect(regex).toBe(alert.signature.ignore_case ? `(?i)${alert.signature.pattern}` : alert.signature.pattern);
      faults.push(...checkExamples(alert, regexes));
    });
    expect(faults).toEqual([]);
  });

  test('a JSON stream\'s fixed-text filter on the raw line lets every matching line through', () => {
    const faults = rules.flatMap((rule) => prefilterFaults(rule, alerts.find((a) => a.failure.id === rule.labels.failure_id && a.signature.id === rule.labels.signature_id)!, profile));
    expect(faults).toEqual([]);
  });

  test('every alert names its failure, signature, service and severity, and links the failure page', () => {
    for (const rule of rules) {
      expect(rule.alert).toBe('FailureCatalogueKnownFailure');
      expect(rule.labels.failure_id).toMatch(/^FAIL-\d{4,}$/);
      expect(Object.keys(rule.labels).sort()).toEqual(['failure_id', 'service', 'severity', 'signature_id']);
      expect(rule.annotations.failure_url).toMatch(new RegExp(`/failures/${rule.labels.failure_id}/$`));
      // The host comes out of the query: every expression aggregates by it.
      expect(rule.expr.startsWith('sum by (host) (')).toBe(true);
    }
  });
});

describe('Loki rule files', () => {
  const profile = builtinProfile('cos');
  const files = lokiRuleFiles(alerts, { profile, siteUrl: 'https://example.org/catalogue/' });
  const whole = parseYaml(files.find((f) => f.path === 'loki.rules.yaml')!.body) as { groups: Array<{ name: string; rules: AlertingRule[] }> };
  const perService = files.filter((f) => f.path.startsWith('loki/'));

  test('the per-service files hold exactly their service\'s signatures, and together the whole file\'s', () => {
    const services = [...new Set(alerts.map((a) => a.signature.service))].sort();
    expect(perService.map((f) => f.path).sort()).toEqual(services.map((s) => `loki/${s}.rules.yaml`).sort());
    const seen = new Set<string>();
    for (const file of perService) {
      const service = /^loki\/(.+)\.rules\.yaml$/.exec(file.path)![1]!;
      const doc = parseYaml(file.body) as { groups: Array<{ name: string; rules: AlertingRule[] }> };
      expect(doc.groups).toHaveLength(1);
      const expected = alerts.filter((a) => a.signature.service === service).map((a) => `${a.failure.id}/${a.signature.id}`);
      const got = doc.groups[0]!.rules.map((r) => `${r.labels.failure_id}/${r.labels.signature_id}`);
      expect(got.sort()).toEqual(expected.sort());
      for (const rule of doc.groups[0]!.rules) expect(rule.labels.service).toBe(service);
      for (const key of got) {
        expect(seen.has(key), `${key} in two files`).toBe(false);
        seen.add(key);
      }
    }
    expect(seen.size).toBe(signatureCount);
    expect(whole.groups.flatMap((g) => g.rules)).toHaveLength(signatureCount);
  });

  test('the files are in the rule-file format cos-configuration-k8s forwards: a groups list in a .yaml file', () => {
    for (const file of files) {
      expect(file.path).toMatch(/\.yaml$/);
      const doc = parseYaml(file.body) as Record<string, unknown>;
      expect(Object.keys(doc)).toEqual(['groups']);
      expect(file.body.startsWith('# Failure Catalogue: Loki alerting rules')).toBe(true);
    }
  });
});

describe('LogQL quoting of awkward patterns', () => {
  /** A copy of a real feed whose first signature has this pattern and these examples. */
  function feedWith(pattern: string, match: string[], noMatch: string[], ignoreCase = false): Feed {
    const [first, ...rest] = feed.failures.filter((f) => f.status !== 'withdrawn' && f.signatures.length > 0);
    const signature = { ...first!.signatures[0]!, pattern, ignore_case: ignoreCase, examples: { match, observed: [], no_match: noMatch } };
    return { ...feed, failures: [{ ...first!, signatures: [signature] }, ...rest] };
  }

  test.each([
    ['a backtick', 'unexpected token `[a-z]+` in config', ['x unexpected token `foo` in config'], ['x unexpected token foo in config']],
    ['quotes and backslashes', 'path "C:\\\\temp\\\\[^"]+" is invalid', ['path "C:\\temp\\x" is invalid'], ['path C:\\temp\\x is invalid']],
    ['a backtick and quotes', 'said `"[^`"]*"`', ['he said `"hi"`'], ['he said "hi"']],
  ])('a pattern with %s reaches Loki unchanged', (_name, pattern, match, noMatch) => {
    const custom = feedWith(pattern, match, noMatch);
    const customAlerts = signatureAlerts(custom);
    const alert = customAlerts.find((a) => a.signature.pattern === pattern)!;
    for (const profile of profiles) {
      const rule = lokiRuleGroups([alert], profile)[0]!.rules[0]!;
      expect(logqlErrors(rule.expr)).toEqual([]);
      const regexes = ruleRegex(rule);
      expect(regexes.length).toBeGreaterThan(0);
      for (const regex of regexes) expect(regex).toBe(pattern);
      expect(checkExamples(alert, regexes)).toEqual([]);
    }
  });

  test('ignore_case becomes an inline (?i) that RE2 honours', () => {
    const custom = feedWith('connection refused', ['2026-01-01 ERROR Connection REFUSED by peer'], ['connection accepted'], true);
    const alert = signatureAlerts(custom).find((a) => a.signature.pattern === 'connection refused')!;
    const rule = lokiRuleGroups([alert], builtinProfile('journald'))[0]!.rules[0]!;
    expect(checkExamples(alert, ruleRegex(rule))).toEqual([]);
  });
});

describe('the fixed-text filter before a JSON parser', () => {
  test.each([
    [['say "hi"'], false],
    [['path a/b failed'], false],
    [['caf\u00e9 closed'], false],
    [['tab\there'], false],
  ])('is left out when %j could be escaped in the JSON line', (literals, ignoreCase) => {
    expect(jsonPrefilter(literals, ignoreCase)).toBeNull();
  });

  test('is a plain substring filter for one case-sensitive text, else an escaped alternation', () => {
    expect(jsonPrefilter([' is unreachable: '], false)).toBe('|= " is unreachable: "');
    const alternation = jsonPrefilter(['a.b (x)', 'cd'], true)!;
    expect(logqlErrors(`count_over_time({a="b"} ${alternation} [5m])`)).toEqual([]);
    const regex = RE2JS.compile(goUnquote(alternation.slice(3)));
    expect(regex.matcher('{"m":"A.B (X) failed"}').find()).toBe(true);
    expect(regex.matcher('{"m":"aXb (x) failed"}').find()).toBe(false);
  });
});

describe('stream selectors come from the profile', () => {
  test('a signature whose component names one process the profile knows is looked for in that process\'s log', () => {
    const kolla = builtinProfile('kolla-ansible');
    const alert = alerts.find((a) => a.signature.component === 'nova-compute')!;
    const rule = lokiRuleGroups([alert], kolla)[0]!.rules[0]!;
    expect(rule.expr).toContain('{programname="nova-compute"}');
    expect(rule.expr).toContain('| json fc_message="Payload"');
  });

  test('a component naming several processes falls back to the service\'s streams', () => {
    const kolla = builtinProfile('kolla-ansible');
    const alert = alerts.find((a) => a.signature.service === 'nova' && a.signature.component?.includes(','))!;
    expect(alert).toBeDefined();
    expect(streamsFor(kolla, alert.signature).via).toBe('service');
    expect(lokiRuleGroups([alert], kolla)[0]!.rules[0]!.expr).toContain('programname=~"nova-api|');
  });

  test('a service the profile does not list uses its default streams', () => {
    const alert = alerts.find((a) => a.signature.service === 'ceph')!;
    const kolla = builtinProfile('kolla-ansible');
    expect(streamsFor(kolla, alert.signature).via).toBe('default');
    const expr = lokiRuleGroups([alert], kolla)[0]!.rules[0]!.expr;
    expect(expr).toContain('{programname=~".+"}');
    expect(expr).toContain('{syslog_identifier=~".+"}');
    expect(expr).toContain(' or ');
  });
});
