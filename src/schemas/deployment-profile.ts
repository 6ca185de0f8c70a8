/**
 * A deployment profile: how one kind of OpenStack deployment ships its logs to a log store, so the catalogue's
 * detection rules can find a signature's lines there. It names the log streams (Loki stream selectors, or the
 * OpenSearch fields that play that part), where the host name and the message text are in each stream, and which
 * streams carry each catalogue service (and, optionally, each single process named in a signature's `component`).
 *
 * The built-in profiles live in src/lib/feed/exports/profiles*.yaml; a cloud whose labels differ copies one, edits it,
 * and generates its own rules from it (`loadProfile` in src/lib/feed/exports/profile-load.ts reads such a file).
 * Each `.describe()` is the field's documentation.
 */
import { z } from 'astro/zod';
import { RE2JS } from 're2js';
import { httpUrl, termId } from './common.ts';

/** Prometheus/Loki label names (the legacy charset, which every Loki version accepts in a stream selector). */
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** OpenSearch document fields (dotted paths allowed), also used for JSON fields of a log line. */
export const FIELD_NAME = /^[A-Za-z_@][A-Za-z0-9_@.-]*$/;
export const PROFILE_ID = /^[a-z0-9][a-z0-9-]*$/;

const labelName = z
  .string()
  .regex(LABEL_NAME, { error: 'must be a label name: letters, digits and underscores, not starting with a digit' });
const fieldName = z
  .string()
  .regex(FIELD_NAME, { error: 'must be a field name such as Payload, message or kubernetes.host' });

/** A value Loki matches against the whole label value (its regular expressions are anchored at both ends). */
const re2Regex = z
  .string()
  .min(1)
  .max(1000)
  .superRefine((value, ctx) => {
    try {
      RE2JS.compile(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `is not an RE2 regular expression (${(error as Error).message}): correct it; Loki and the generated rules read it as Go RE2` });
    }
  });

export const labelMatcherValue = z
  .union([
    z.string().min(1).max(200).describe('The exact label value.'),
    z
      .strictObject({ any_of: z.array(z.string().min(1).max(200)).min(1).describe('Any one of these exact values.') })
      .describe('Any one of several exact values (written as an escaped `=~` alternation in LogQL, a `should` of phrases in OpenSearch).'),
    z
      .strictObject({ regex: re2Regex.describe('RE2 pattern matched against the whole value, as Loki does (`=~`).') })
      .describe('A regular expression over the whole value. Loki only: an OpenSearch export refuses a profile that needs one.'),
  ])
  .describe('What a label (or field) must hold: an exact value, `{any_of: [...]}` or `{regex: ...}`.');

export const labelMatchers = z
  .record(labelName, labelMatcherValue)
  .describe('Label matchers, label name to value; all must hold (they are ANDed into one stream selector).');

export const streamId = z.string().regex(PROFILE_ID, { error: 'must be lowercase letters, digits and dashes, e.g. kolla-logs' });

export const logStream = z
  .strictObject({
    description: z.string().trim().min(1).max(1000).describe('Which logs these are and how they reach the store.'),
    match: labelMatchers
      .refine((m) => Object.keys(m).length > 0, { error: 'needs at least one label matcher: Loki refuses a stream selector without one' })
      .describe('Matchers every selector for this stream starts with; a service or component entry can add more or override them.'),
    format: z
      .enum(['raw', 'json'])
      .default('raw')
      .describe('`raw`: the log line is the message itself. `json`: the line is a JSON record and the message is its `message_field` (the rules extract it before matching, so quotes and backslashes in the message are matched unescaped).'),
    message_field: fieldName
      .optional()
      .describe('The record field that holds the message: required for `json` streams, and the field an OpenSearch export searches.'),
    host: z
      .union([
        z.strictObject({ label: labelName.describe('Stream label whose value is the host name.') }),
        z.strictObject({ field: fieldName.describe('Record field (JSON streams and OpenSearch) whose value is the host name.') }),
      ])
      .describe('Where the host name is, so every alert carries it in the `host` label (the rulebook targets that host).'),
  })
  .superRefine((stream, ctx) => {
    if (stream.format === 'json' && !stream.message_field) {
      ctx.addIssue({ code: 'custom', path: ['message_field'], message: 'is required when format is json: name the JSON field that holds the log message, e.g. message' });
    }
    if ('field' in stream.host && stream.format !== 'json') {
      ctx.addIssue({ code: 'custom', path: ['host', 'field'], message: 'can only be read from a json stream: use host: {label: ...} for a raw stream, or set format: json' });
    }
  })
  .describe('One kind of log stream in the store, e.g. the service log files Fluentd tails, or the systemd journal.');

export const streamRef = z
  .strictObject({
    stream: streamId.describe('A key of `streams`.'),
    match: labelMatchers.default({}).describe('Matchers added to (or replacing, label by label) the stream\'s own.'),
  })
  .describe('A stream, narrowed to one service or process.');

const streamRefs = z.array(streamRef).min(1, { error: 'needs at least one stream: - stream: <id>' });

export const deploymentProfile = z
  .strictObject({
    id: z.string().regex(PROFILE_ID, { error: 'must be lowercase letters, digits and dashes, e.g. kolla-ansible' }).describe('Short ID, used in file names.'),
    title: z.string().trim().min(1).max(140).describe('The deployment, as an operator would name it.'),
    description: z.string().trim().min(1).max(4000).describe('What the profile assumes about the log pipeline, and what to change when a cloud differs.'),
    see: z.array(httpUrl).default([]).describe('Where the label and field names come from (the deployment tool\'s own configuration).'),
    streams: z
      .record(streamId, logStream)
      .refine((s) => Object.keys(s).length > 0, { error: 'needs at least one stream' })
      .describe('The kinds of log streams, by ID.'),
    services: z
      .record(termId, streamRefs)
      .default({})
      .describe('Catalogue service ID (content/taxonomy/services.yaml) to the streams that carry its logs. A signature whose service is not listed uses `default`.'),
    components: z
      .record(z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, { error: 'must be a process name in lowercase, e.g. nova-compute' }), streamRefs)
      .default({})
      .describe('Process name to streams, for signatures whose `component` names exactly one process (e.g. `nova-compute` or `nova-compute (libvirt driver)`); narrower and cheaper than the service\'s streams.'),
    default: streamRefs.describe('Streams searched for a service the profile does not list.'),
  })
  .superRefine((profile, ctx) => {
    const check = (refs: ReadonlyArray<{ stream: string }>, path: PropertyKey[]) =>
      refs.forEach((ref, i) => {
        if (!(ref.stream in profile.streams)) {
          ctx.addIssue({ code: 'custom', path: [...path, i, 'stream'], message: `names the stream ${JSON.stringify(ref.stream)}, which \`streams\` does not define: use one of ${Object.keys(profile.streams).join(', ')}` });
        }
      });
    for (const [service, refs] of Object.entries(profile.services)) check(refs, ['services', service]);
    for (const [component, refs] of Object.entries(profile.components)) check(refs, ['components', component]);
    check(profile.default, ['default']);
  })
  .describe('How one kind of deployment ships its logs: the streams that carry each catalogue service.');

export type DeploymentProfile = z.output<typeof deploymentProfile>;
export type LogStream = z.output<typeof logStream>;
export type LabelMatchers = z.output<typeof labelMatchers>;
export type LabelMatcherValue = z.output<typeof labelMatcherValue>;
export type StreamRef = z.output<typeof streamRef>;
