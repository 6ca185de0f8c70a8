import { z } from 'astro/zod';
import { reference, termId } from './common.ts';

export const SIGNATURE_ID = /^[a-z0-9][a-z0-9-]*$/;

/**
 * A log pattern that identifies a failure. Patterns are written in the portable subset of RE2 syntax so the
 * same string works unchanged in Go (regexp), Python (re) and JavaScript (RegExp); `src/lib/pattern-safety.ts`
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
    source: reference.describe(
      'Where the message comes from: the upstream source file holding the format string, or a public log.',
    ),
    examples: z
      .strictObject({
        match: z
          .array(z.string().min(1))
          .min(1, { error: 'needs at least one real-format log line the pattern must match' })
          .describe('Real-format log lines that the pattern must match.'),
        no_match: z
          .array(z.string().min(1))
          .min(1, { error: 'needs at least one similar log line the pattern must not match' })
          .describe('Similar lines (near misses) that the pattern must not match.'),
      })
      .describe('Test lines, checked on every build.'),
  })
  .describe('A log pattern that identifies the failure.');

export type Signature = z.output<typeof signature>;
