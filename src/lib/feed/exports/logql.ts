/**
 * Writes LogQL from data: stream selectors from a profile's label matchers, and the metric expression that counts
 * a signature's lines. Every value is quoted here, never pasted: a pattern or label value from the feed or a
 * profile cannot end a string early or add a pipeline stage.
 *
 * LogQL strings follow Go: "..." with backslash escapes, or `...` raw strings that hold anything but a backtick.
 * A pattern goes in a raw string when it can, so it reads exactly as in the catalogue.
 */
import type { LabelMatchers, LabelMatcherValue, LogStream } from '../../../schemas/deployment-profile.ts';

/** A Go interpreted string literal ("..."), which LogQL reads with strconv.Unquote. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A raw string when the text allows one (no backtick; Go drops carriage returns from raw strings), else quoted. */
export function logqlString(text: string): string {
  return text.includes('`') || text.includes('\r') ? goQuote(text) : `\`${text}\``;
}

/** Go's regexp.QuoteMeta: the text as a regular expression that matches exactly it. */
export function quoteMeta(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** The regular expression a LogQL line filter runs for a signature: its pattern unchanged, with (?i) when asked. */
export function signatureRegex(pattern: string, ignoreCase: boolean): string {
  return ignoreCase ? `(?i)${pattern}` : pattern;
}

function matcher(label: string, value: LabelMatcherValue): string {
  if (typeof value === 'string') return `${label}=${goQuote(value)}`;
  if ('any_of' in value) return `${label}=~${goQuote(value.any_of.map(quoteMeta).join('|'))}`;
  return `${label}=~${goQuote(value.regex)}`;
}

/** `{a="x", b=~"y|z"}`, labels in a stable order. */
export function streamSelector(matchers: LabelMatchers): string {
  const parts = Object.keys(matchers)
    .sort()
    .map((label) => matcher(label, matchers[label]!));
  return `{${parts.join(', ')}}`;
}

/** Names the generated pipeline gives the values it extracts; unlikely to collide with a real label. */
const MESSAGE_LABEL = 'fc_message';
const HOST_LABEL = 'fc_host';

/** A JSON parser argument: `"Payload"`, or a nested path for a dotted field (`kubernetes.host`). */
function jsonPath(field: string): string {
  return goQuote(field.includes('-') ? `["${field}"]` : field);
}

/**
 * Characters a JSON encoder writes as themselves in any setting: printable ASCII without the quote, the backslash
 * and the characters some encoders escape (`/`, `<`, `>`, `&`). A fixed text made of these is found in the JSON
 * line exactly as in the message.
 */
const JSON_VERBATIM = /^[\x20-\x7e]+$/;
const JSON_ESCAPED = /["\\/<>&]/;

/**
 * A cheap line filter for a JSON stream, run before the JSON is parsed: one of the pattern's required fixed texts
 * (src/lib/matcher/required-literals.ts) must be in the raw line. Null when a text could be written escaped.
 */
export function jsonPrefilter(literals: readonly string[] | null, ignoreCase: boolean): string | null {
  if (!literals || literals.length === 0) return null;
  if (literals.some((text) => !JSON_VERBATIM.test(text) || JSON_ESCAPED.test(text))) return null;
  if (literals.length === 1 && !ignoreCase) return `|= ${goQuote(literals[0]!)}`;
  return `|~ ${goQuote(`${ignoreCase ? '(?i)' : ''}${literals.map(quoteMeta).join('|')}`)}`;
}

/**
 * `count_over_time(...)` for one stream, labelled with `host`: the pattern runs on the message itself (extracted
 * from a JSON line first, after a cheap fixed-text filter on the raw line), and the host comes from the stream's
 * host label or field.
 */
export function streamCount(stream: LogStream, matchers: LabelMatchers, regex: string, window: string, prefilter: string | null = null): string {
  const stages: string[] = [];
  let hostLabel = 'label' in stream.host ? stream.host.label : HOST_LABEL;
  if (stream.format === 'json') {
    if (prefilter) stages.push(prefilter);
    const extract = [`${MESSAGE_LABEL}=${jsonPath(stream.message_field!)}`];
    if ('field' in stream.host) extract.push(`${HOST_LABEL}=${jsonPath(stream.host.field)}`);
    else hostLabel = stream.host.label;
    // The message becomes the line (so quotes and backslashes are matched unescaped), then the copy is dropped so
    // every matching line does not become a series of its own.
    stages.push(`| json ${extract.join(', ')}`, `| line_format "{{.${MESSAGE_LABEL}}}"`, `| drop ${MESSAGE_LABEL}`);
  }
  stages.push(`|~ ${logqlString(regex)}`);
  const count = `count_over_time(${streamSelector(matchers)} ${stages.join(' ')} [${window}])`;
  return hostLabel === 'host' ? count : `label_replace(${count}, "host", "$1", ${goQuote(hostLabel)}, "(.*)")`;
}

/** Lines per host over all the streams, compared with the threshold: the alert's `expr`. */
export function alertExpression(counts: readonly string[], minimum: number): string {
  const comparison = minimum > 1 ? `>= ${minimum}` : '> 0';
  return `sum by (host) (${counts.join(' or ')}) ${comparison}`;
}
