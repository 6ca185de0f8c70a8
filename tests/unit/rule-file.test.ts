/**
 * Rule files are serialized a group at a time (src/lib/feed/exports/rule-file.ts): the text must be exactly what
 * one document of all groups gives, and the exporters must still refuse a feed with a pattern no rule may carry.
 */
import { describe, expect, test } from 'vitest';
import { Document, parse } from 'yaml';
import { lokiRuleGroups } from '../../src/lib/feed/exports/loki-rules.ts';
import { builtinProfiles } from '../../src/lib/feed/exports/profile-load.ts';
import { prometheusRuleGroups } from '../../src/lib/feed/exports/prometheus-rules.ts';
import { ruleFileYaml, type RuleGroup } from '../../src/lib/feed/exports/rule-file.ts';
import { ExportError, signatureAlerts } from '../../src/lib/feed/exports/signature-alerts.ts';
import { realFeed } from '../fixtures/exports.ts';

const HEADER = ['Failure Catalogue: a test header.', 'Second line.'];

/** The whole file as one document, as it was written before files were serialized group by group. */
function oneDocument(groups: readonly RuleGroup[]): string {
  const doc = new Document({ groups });
  doc.commentBefore = HEADER.map((line) => ` ${line}`).join('\n');
  return doc.toString({ lineWidth: 0 });
}

describe('rule files', () => {
  const feed = realFeed();
  const alerts = signatureAlerts(feed);
  const sets: Array<[string, RuleGroup[]]> = [
    ['prometheus', prometheusRuleGroups(alerts)],
    ...builtinProfiles().map((p): [string, RuleGroup[]] => [`loki ${p.profile.id}`, lokiRuleGroups(alerts, p.profile)]),
  ];

  test.each(sets)('%s: group by group writes exactly the one-document text', (_name, groups) => {
    expect(groups.length).toBeGreaterThan(10);
    const text = ruleFileYaml(groups, HEADER);
    expect(text).toBe(oneDocument(groups));
    expect((parse(text) as { groups: RuleGroup[] }).groups).toEqual(groups);
    expect(ruleFileYaml(groups.slice(0, 1), HEADER)).toBe(oneDocument(groups.slice(0, 1)));
  });

  test('no groups is an empty list, not an empty file', () => {
    expect(ruleFileYaml([], HEADER)).toBe(oneDocument([]));
    expect(parse(ruleFileYaml([], HEADER))).toEqual({ groups: [] });
  });

  test('a feed with a pattern that could backtrack is refused before any rule is written', () => {
    const failure = feed.failures.find((f) => f.signatures.length > 0)!;
    const unsafe = { ...failure, signatures: [{ ...failure.signatures[0]!, pattern: '(a+)+$' }] };
    expect(() => signatureAlerts({ ...feed, failures: [unsafe] })).toThrow(ExportError);
    expect(() => signatureAlerts({ ...feed, failures: [unsafe] })).toThrow(/failures\[0\]\.signatures\[0\]\.pattern/);
  });
});
