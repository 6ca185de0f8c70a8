/**
 * OpenSearch Alerting query-level monitors for kolla-ansible's central logging (Fluentd into daily `flog-*`
 * indices). OpenSearch cannot run an RE2 pattern, so each monitor searches for the fixed text the pattern cannot
 * match without (src/lib/matcher/required-literals.ts) as phrases in the message field, within the service's
 * streams. That finds every line the pattern matches and some it does not: matching is approximate unless the hits
 * are re-checked with the exact pattern, which every entry carries (`failure-catalogue match` can read the hits).
 *
 * A phrase query matches whole words, so a fixed text is trimmed to the words it surely contains: a word cut by
 * the text's edge (`nreachable` of `[Uu]nreachable`) would match no indexed word and the monitor would never fire.
 */
import type { DeploymentProfile, LabelMatcherValue } from '../../../schemas/deployment-profile.ts';
import { requiredLiterals } from '../../matcher/required-literals.ts';
import type { ExportFile } from './export-file.ts';
import { JSON_CONTENT_TYPE } from './export-file.ts';
import { streamsFor, type ResolvedStream } from './profile-streams.ts';
import { ExportError, type SignatureAlert } from './signature-alerts.ts';

export const OPENSEARCH_INDEX_PATTERN = 'flog-*';
export const APPROXIMATE_STATEMENT =
  'Approximate: this monitor searches for the fixed text of the signature\'s pattern, not the pattern itself ' +
  '(OpenSearch cannot run RE2), so it can fire on lines the pattern does not match. Re-check the hits with the ' +
  'exact pattern (e.g. failure-catalogue match on the hits\' messages) before acting on them.';

/** Characters a word-splitting analyzer keeps inside one token (letters, digits, and punctuation between them). */
const WORD_RUN = /[\p{L}\p{N}_.,:;'\u2019\u00b7]/u;
const LEADING_RUN = /^[\p{L}\p{N}_.,:;'\u2019\u00b7]+/u;
const TRAILING_RUN = /[\p{L}\p{N}_.,:;'\u2019\u00b7]+$/u;

/** The words of a fixed text that a phrase query can look for, or null when it surely contains none. */
export function phraseOf(literal: string): string | null {
  // The query is a Mustache template in OpenSearch Alerting: keep `{{` and `}}` out, by using the longest piece
  // between them (any piece of a required text is required too).
  const pieces = literal
    .split(/\{\{|\}\}/)
    .map((piece, i, all) => {
      // The fixed text's own edges may fall inside a word; a cut at `{{` or `}}` may not (braces split words).
      let text = piece;
      if (i === 0 && WORD_RUN.test(text.slice(0, 1))) text = text.replace(LEADING_RUN, '');
      if (i === all.length - 1 && WORD_RUN.test(text.slice(-1))) text = text.replace(TRAILING_RUN, '');
      return text;
    })
    .filter((text) => /[\p{L}\p{N}]/u.test(text));
  if (pieces.length === 0) return null;
  return pieces.reduce((best, text) => (text.length > best.length ? text : best)).trim();
}

/** Phrases one of which every matching line contains, or null when the pattern gives none usable. */
export function prefilterPhrases(pattern: string, ignoreCase: boolean): string[] | null {
  const literals = requiredLiterals(pattern, ignoreCase);
  if (!literals) return null;
  const phrases = literals.map(phraseOf);
  if (phrases.some((p) => p === null)) return null;
  return [...new Set(phrases as string[])].sort();
}

type Query = Record<string, unknown>;

const matchPhrase = (field: string, text: string): Query => ({ match_phrase: { [field]: text } });
const anyOf = (queries: Query[]): Query => (queries.length === 1 ? queries[0]! : { bool: { should: queries, minimum_should_match: 1 } });

function fieldQuery(profile: DeploymentProfile, field: string, value: LabelMatcherValue): Query {
  if (typeof value === 'string') return matchPhrase(field, value);
  if ('any_of' in value) return anyOf(value.any_of.map((v) => matchPhrase(field, v)));
  if (value.regex === '.+') return { exists: { field } };
  throw new ExportError(
    `deployment profile ${profile.id}: ${field} is matched by the regular expression ${JSON.stringify(value.regex)}, which an OpenSearch query cannot express: list the values with any_of`,
  );
}

function streamQuery(profile: DeploymentProfile, resolved: ResolvedStream, phrases: readonly string[]): Query {
  const field = resolved.stream.message_field;
  if (!field) throw new ExportError(`deployment profile ${profile.id}: stream ${resolved.id} has no message_field, which the OpenSearch monitors search: add it`);
  for (const [label, value] of Object.entries(resolved.matchers)) {
    const texts = typeof value === 'string' ? [value] : 'any_of' in value ? value.any_of : [value.regex];
    if (texts.some((t) => t.includes('{{') || t.includes('}}'))) {
      throw new ExportError(`deployment profile ${profile.id}: ${label} holds "{{" or "}}", which OpenSearch Alerting would read as a Mustache tag: remove it`);
    }
  }
  const filters = Object.keys(resolved.matchers)
    .sort()
    .map((label) => fieldQuery(profile, label, resolved.matchers[label]!));
  return { bool: { filter: [...filters, anyOf(phrases.map((p) => matchPhrase(field, p)))] } };
}

const TRIGGER_SEVERITY: Record<string, string> = { critical: '1', high: '2', medium: '3', low: '4' };

/** Minutes between runs: the window, at most 5 (so a 5-minute window is checked back to back). */
function intervalMinutes(window: string): number {
  const unit = window.slice(-1);
  const n = Number(window.slice(0, -1));
  const minutes = unit === 's' ? n / 60 : unit === 'm' ? n : unit === 'h' ? n * 60 : n * 1440;
  return Math.max(1, Math.min(5, Math.round(minutes)));
}

export interface MonitorEntry {
  failure_id: string;
  signature_id: string;
  service: string;
  severity: string;
  failure_url: string;
  remediation_urls: string[];
  /** The exact pattern, to re-check the hits with. */
  pattern: string;
  ignore_case: boolean;
  threshold: { count: number; within: string } | null;
  /** The phrases searched for; one of them is in every line the pattern matches. */
  prefilter: string[];
  approximate: string;
  /** The body to POST to `_plugins/_alerting/monitors`. */
  monitor: Query;
}

export interface MonitorsDocument {
  about: { description: string; approximate: string; index_pattern: string; profile: string; load: string };
  monitors: MonitorEntry[];
  not_exported: Array<{ failure_id: string; signature_id: string; reason: string }>;
}

export function opensearchMonitors(alerts: readonly SignatureAlert[], profile: DeploymentProfile): MonitorsDocument {
  const monitors: MonitorEntry[] = [];
  const notExported: MonitorsDocument['not_exported'] = [];
  for (const alert of alerts) {
    const { failure, signature } = alert;
    const phrases = prefilterPhrases(signature.pattern, signature.ignore_case);
    if (!phrases) {
      notExported.push({ failure_id: failure.id, signature_id: signature.id, reason: 'its pattern has no fixed text of whole words that a phrase query could search for' });
      continue;
    }
    const streams = streamsFor(profile, signature).streams;
    const name = `${failure.id}/${signature.id}`;
    monitors.push({
      failure_id: failure.id,
      signature_id: signature.id,
      service: signature.service,
      severity: failure.severity,
      failure_url: failure.html_url,
      remediation_urls: [...alert.remediationUrls],
      pattern: signature.pattern,
      ignore_case: signature.ignore_case,
      threshold: signature.threshold ?? null,
      prefilter: phrases,
      approximate: APPROXIMATE_STATEMENT,
      monitor: {
        type: 'monitor',
        monitor_type: 'query_level_monitor',
        name: `Failure Catalogue ${name}`,
        enabled: true,
        schedule: { period: { interval: intervalMinutes(alert.window), unit: 'MINUTES' } },
        inputs: [
          {
            search: {
              indices: [OPENSEARCH_INDEX_PATTERN],
              query: {
                size: 10,
                sort: [{ '@timestamp': { order: 'desc' } }],
                query: {
                  bool: {
                    filter: [
                      { range: { '@timestamp': { gte: `{{period_end}}||-${alert.window}`, lte: '{{period_end}}', format: 'epoch_millis' } } },
                      anyOf(streams.map((s) => streamQuery(profile, s, phrases))),
                    ],
                  },
                },
              },
            },
          },
        ],
        triggers: [
          {
            name: `${name} (approximate: re-check the hits with the exact pattern)`,
            severity: TRIGGER_SEVERITY[failure.severity] ?? '3',
            condition: { script: { source: `ctx.results[0].hits.total.value >= ${alert.minimum}`, lang: 'painless' } },
            actions: [],
          },
        ],
      },
    });
  }
  return {
    about: {
      description: `OpenSearch Alerting query-level monitors, one per signature, for kolla-ansible central logging (indices ${OPENSEARCH_INDEX_PATTERN}, deployment profile ${profile.id}).`,
      approximate: APPROXIMATE_STATEMENT,
      index_pattern: OPENSEARCH_INDEX_PATTERN,
      profile: profile.id,
      load:
        'POST each entry\'s "monitor" to _plugins/_alerting/monitors (PUT _plugins/_alerting/monitors/<id> to update), and add ' +
        'actions for your notification channels. Signatures listed in not_exported have no fixed text to search for.',
    },
    monitors,
    not_exported: notExported,
  };
}

export function opensearchMonitorsFile(document: MonitorsDocument): ExportFile {
  return {
    path: 'opensearch-monitors.json',
    contentType: JSON_CONTENT_TYPE,
    body: `${JSON.stringify(document, null, 2)}\n`,
    description: `OpenSearch Alerting monitors for kolla-ansible central logging, one per signature (${document.monitors.length}); approximate: a phrase prefilter, to be re-checked with the exact pattern.`,
  };
}
