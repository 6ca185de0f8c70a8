import { z } from 'astro/zod';
import { httpUrl, reference, termId } from './common.ts';
import { affectedRelease } from './releases.ts';

export const SIGNATURE_ID = /^[a-z0-9][a-z0-9-]*$/;

/** How placeholders are written in a format string: the upstream language's own syntax (src/lib/core/formats). */
export const formatStyles = ['python-percent', 'python-format', 'printf', 'erlang', 'template', 'literal'] as const;

/**
 * Where a log message comes from: its format string as written in an upstream file, and the git refs at which
 * that was read. The content check renders the format and proves the pattern matches it; `npm run drift` proves
 * the text is still in the file at every ref, and finds what a new ref would break.
 */
export const formatSource = z
  .strictObject({
    text: z
      .string()
      .min(1)
      .max(2000)
      .describe('The message\'s format string exactly as the upstream source writes it (placeholders in `style` syntax).'),
    style: z
      .enum(formatStyles)
      .describe(
        'Placeholder syntax: python-percent (%(name)s, %s), python-format ({name}, {}), printf (%s, %d, %llu; Go\'s %v), ' +
          'erlang (~s, ~p), template ({name} for messages built by concatenation or C++ streams), literal (none).',
      ),
    values: z
      // YAML reads `port: 5672` as a number; a rendering is text, so numbers and booleans become strings.
      .record(z.string(), z.preprocess((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v), z.string()))
      .default({})
      .describe(
        'Realistic values for the placeholders, by name or by 0-based position for unnamed ones. Numeric ' +
          'placeholders default to a number; every other placeholder needs a value.',
      ),
    prefix: z
      .string()
      .max(300)
      .optional()
      .describe('Text the service writes before the message (e.g. the logger name), if the pattern relies on it.'),
    repository: httpUrl.describe('The upstream repository, e.g. https://github.com/openstack/nova.'),
    path: z.string().trim().min(1).max(300).describe('Path of the file that holds the format string, in that repository.'),
    // Keys: an OpenStack release ID (RELEASE_ID in ./releases.ts, which readers test keys with) or a version label.
    refs: z
      .record(z.string().trim().min(1).max(60), z.string().trim().min(1).max(100))
      .refine((refs) => Object.keys(refs).length > 0, { error: 'needs at least one release and the git ref it was read at' })
      .describe(
        'Where the text was read: OpenStack release (e.g. "2024.1") or, for other projects, a version label ' +
          '(e.g. "Ceph 18.2 (Reef)"), mapped to the git tag, branch or commit read for it.',
      ),
  })
  .describe('An upstream format string the signature was built from, and the refs it was read at.');

/** One line of a log: a message that spans lines is logged, and matched, line by line. */
const logLine = z.string().min(1).regex(/^[^\r\n]*$/, { error: 'must be one log line, without a line break: give each line of a multi-line message separately' });

export const observedLine = z
  .strictObject({
    line: logLine.max(4000).describe('A real log line, copied exactly from a public source.'),
    url: httpUrl.describe('Where the line was published (issue, bug report, mailing-list post, CI log).'),
  })
  .describe('A real public log line the pattern must match.');

export const threshold = z
  .strictObject({
    count: z.int().min(2).max(1_000_000).describe('How many matching lines make a failure.'),
    within: z
      .string()
      .regex(/^[1-9]\d*[smhd]$/, { error: 'must be a duration such as 30s, 10m, 1h or 1d' })
      .describe('The time window those lines must fall in: a number and s, m, h or d.'),
  })
  .describe('One line alone is no failure: the signature fires only when `count` lines match within `within`.');

/**
 * A log pattern that identifies a failure. Patterns are written in the portable subset of RE2 syntax so the
 * same string works unchanged in Go (regexp), Python (re) and JavaScript (RegExp); `src/lib/core/pattern-safety.ts`
 * enforces that subset and rejects patterns a backtracking engine could hang on.
 */
export const signature = z
  .strictObject({
    id: z
      .string()
      .regex(SIGNATURE_ID, { error: 'must be lowercase letters, digits and dashes, e.g. amqp-unreachable' })
      .describe('Short ID, unique within the failure. The global signature ID is `<failure id>/<signature id>`.'),
    service: termId.describe('Service (taxonomy ID) whose logs contain the line, e.g. nova.'),
    component: z
      .string()
      .trim()
      .min(1)
      .max(80)
      .optional()
      .describe('Process or log that emits the line, e.g. nova-compute or rabbitmq-server.'),
    description: z.string().trim().min(1).max(500).describe('What a match means, in a sentence.'),
    pattern: z
      .string()
      .min(1)
      .max(1000)
      .describe(
        'Regular expression in the portable RE2 subset: no backreferences, lookaround, named groups, ' +
          'inline flags, \\A, \\z or \\p classes. Searched anywhere in a line (add ^ or $ to anchor).',
      ),
    ignore_case: z.boolean().default(false).describe('Match without regard to case.'),
    releases: z
      .array(affectedRelease)
      .min(1)
      .optional()
      .describe('OpenStack releases where this wording applies, when narrower than the failure\'s releases.'),
    applies_to: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('Versions or variants of a backing service where this wording applies, e.g. "RabbitMQ 3.12 to 4.1".'),
    threshold: threshold.optional(),
    source: reference.describe(
      'Where the message comes from: the upstream source file holding the format string, or a public log.',
    ),
    formats: z
      .array(formatSource)
      .default([])
      .describe('The upstream format strings the pattern was built from, one per wording and source file.'),
    examples: z
      .strictObject({
        match: z
          .array(logLine)
          .default([])
          .describe('Log lines rendered from one of the formats inside a real log prefix; the pattern must match them.'),
        observed: z.array(observedLine).default([]).describe('Real public log lines, each with its URL.'),
        no_match: z
          .array(logLine)
          .min(1, { error: 'needs at least one similar log line the pattern must not match' })
          .describe('Similar lines (near misses) that the pattern must not match.'),
      })
      .describe('Test lines, checked on every build.'),
  })
  .describe('A log pattern that identifies the failure.');

export type Signature = z.output<typeof signature>;
