/**
 * The OpenSearch Alerting monitors for kolla-ansible's central logging: each has the query-level monitor shape
 * the Alerting API documents (POST _plugins/_alerting/monitors), says it is approximate, and searches for phrases
 * that every line its signature matches contains, so the prefilter never hides a real match. Text that
 * OpenSearch would read as a Mustache tag never reaches the query.
 */
import { describe, expect, test } from 'vitest';
import { z } from 'astro/zod';
import { APPROXIMATE_STATEMENT, opensearchMonitors, opensearchMonitorsFile, phraseOf, prefilterPhrases } from '../../src/lib/feed/exports/opensearch-monitors.ts';
import { builtinProfile } from '../../src/lib/feed/exports/profile-load.ts';
import { ExportError, signatureAlerts } from '../../src/lib/feed/exports/signature-alerts.ts';
import { matchingLines } from '../../src/lib/core/signature-lines.ts';
import { realFeed } from '../fixtures/exports.ts';

const feed = realFeed();
const alerts = signatureAlerts(feed);
const kolla = builtinProfile('kolla-ansible');
const document = opensearchMonitors(alerts, kolla);

/** A query-level monitor as the OpenSearch Alerting API documents it (Create a query-level monitor). */
const queryLevelMonitor = z.strictObject({
  type: z.literal('monitor'),
  monitor_type: z.literal('query_level_monitor'),
  name: z.string().min(1),
  enabled: z.boolean(),
  schedule: z.strictObject({ period: z.strictObject({ interval: z.int().positive(), unit: z.enum(['MINUTES', 'HOURS', 'DAYS']) }) }),
  inputs: z
    .array(z.strictObject({ search: z.strictObject({ indices: z.array(z.string().min(1)).min(1), query: z.looseObject({ query: z.record(z.string(), z.unknown()) }) }) }))
    .length(1),
  triggers: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        severity: z.enum(['1', '2', '3', '4', '5']),
        condition: z.strictObject({ script: z.strictObject({ source: z.string().min(1), lang: z.literal('painless') }) }),
        actions: z.array(z.unknown()),
      }),
    )
    .min(1),
});

/** Every `match_phrase` in a query, as [field, text]. */
function phrases(query: unknown): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'match_phrase') found.push(...(Object.entries(value as object) as Array<[string, string]>));
        else walk(value);
      }
    }
  };
  walk(query);
  return found;
}

describe('OpenSearch monitors', () => {
  test('every signature is a monitor, or is listed with the reason it is not', () => {
    const signatures = feed.failures.filter((f) => f.status !== 'withdrawn').reduce((n, f) => n + f.signatures.length, 0);
    expect(document.monitors.length + document.not_exported.length).toBe(signatures);
    // Most patterns have fixed text to search for; the few without are named, not dropped silently.
    expect(document.monitors.length).toBeGreaterThan(signatures * 0.9);
    for (const entry of document.not_exported) expect(entry.reason).not.toBe('');
  });

  test('each monitor has the documented query-level monitor shape and searches the flog-* indices', () => {
    for (const entry of document.monitors) {
      const parsed = queryLevelMonitor.safeParse(entry.monitor);
      expect(parsed.success, `${entry.failure_id}/${entry.signature_id}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      expect((entry.monitor as { inputs: Array<{ search: { indices: string[] } }> }).inputs[0]!.search.indices).toEqual(['flog-*']);
    }
  });

  test('the file and every monitor say plainly that matching is approximate', () => {
    expect(document.about.approximate).toBe(APPROXIMATE_STATEMENT);
    expect(APPROXIMATE_STATEMENT).toMatch(/approximate/i);
    for (const entry of document.monitors) {
      expect(entry.approximate).toBe(APPROXIMATE_STATEMENT);
      expect((entry.monitor as { triggers: Array<{ name: string }> }).triggers[0]!.name).toContain('approximate');
      expect(entry.pattern).toBe(alerts.find((a) => a.failure.id === entry.failure_id && a.signature.id === entry.signature_id)!.signature.pattern);
    }
    const file = opensearchMonitorsFile(document);
    expect(JSON.parse(file.body)).toEqual(document);
  });

  test('the phrases searched for are in every line the signature matches, in the message field', () => {
    const faults: string[] = [];
    for (const entry of document.monitors) {
      const alert = alerts.find((a) => a.failure.id === entry.failure_id && a.signature.id === entry.signature_id)!;
      const fold = (s: string) => (alert.signature.ignore_case ? s.toLowerCase() : s);
      for (const line of matchingLines(alert.signature)) {
        if (!entry.prefilter.some((phrase) => fold(line).includes(fold(phrase)))) faults.push(`${entry.failure_id}/${entry.signature_id}: no phrase of ${JSON.stringify(entry.prefilter)} in ${JSON.stringify(line)}`);
      }
      const searched = phrases(entry.monitor).filter(([field]) => field === 'Payload' || field === 'message');
      for (const phrase of entry.prefilter) expect(searched.some(([, text]) => text === phrase), `${entry.failure_id}/${entry.signature_id} searches ${phrase}`).toBe(true);
    }
    expect(faults).toEqual([]);
  });

  test('the service\'s programname is part of the query', () => {
    const entry = document.monitors.find((m) => m.service === 'rabbitmq')!;
    expect(phrases(entry.monitor)).toContainEqual(['programname', 'rabbit']);
  });

  test('no Mustache tag reaches a query but the time range\'s period_end', () => {
    const strings: string[] = [];
    const walk = (node: unknown) => {
      if (typeof node === 'string') strings.push(node);
      else if (node && typeof node === 'object') Object.entries(node).forEach(([key, value]) => (strings.push(key), walk(value)));
    };
    for (const entry of document.monitors) walk(entry.monitor);
    expect(strings.length).toBeGreaterThan(document.monitors.length * 10);
    expect(strings.map((s) => s.replaceAll('{{period_end}}', '')).filter((s) => /\{\{|\}\}/.test(s))).toEqual([]);
  });
});

describe('phrases from fixed text', () => {
  test.each([
    [' is unreachable: ', 'is unreachable:'],
    // A word cut by the text's edge could be the end of a longer word: only whole words are searched.
    ['nreachable: timed out', 'timed'],
    ['Connection reset by pe', 'reset by'],
    [' Connection reset by peer.', 'Connection reset by'],
    // Mustache delimiters split the text (braces also split words); the longest piece is used.
    ['x {{ host }} failed to connect to the database', 'failed to connect to the'],
  ])('%j gives %j', (literal, phrase) => {
    expect(phraseOf(literal)).toBe(phrase);
  });

  test.each([['abc'], [': ['], ['] ']])('%j gives no phrase', (literal) => {
    expect(phraseOf(literal)).toBeNull();
  });

  test('a pattern without fixed text gives no prefilter', () => {
    expect(prefilterPhrases('[0-9]+ [a-z]+', false)).toBeNull();
  });
});

test('a profile OpenSearch cannot follow is refused with the fix', () => {
  // COS's streams are raw Loki lines: no message field to search.
  expect(() => opensearchMonitors(alerts, builtinProfile('cos'))).toThrow(/has no message_field/);
  // A regular expression over programname (other than "any value") has no OpenSearch query.
  const regex = { ...kolla, services: { ...kolla.services, nova: [{ stream: 'service-logs', match: { programname: { regex: 'nova-.+' } } }] } };
  expect(() => opensearchMonitors(alerts, regex)).toThrow(ExportError);
  expect(() => opensearchMonitors(alerts, regex)).toThrow(/list the values with any_of/);
});
