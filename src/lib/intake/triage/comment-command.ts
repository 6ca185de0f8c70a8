/**
 * The triage verbs as comments on an intake issue or pull request: `/link FAIL-0007`, `/duplicate-of FAIL-0007`,
 * `/publish`, `/withdraw <reason>`. Only the first non-empty line is read, and only a line that starts with `/` is
 * a command; every argument is checked here (IDs by pattern, the reason by length and characters), so hostile text
 * can only ever be refused or stored as a YAML value.
 */
import { FAILURE_ID } from '../../../schemas/common.ts';

export type CommentCommand =
  | { kind: 'none' }
  | { kind: 'invalid'; message: string }
  | { kind: 'link' | 'duplicate-of'; failure: string }
  | { kind: 'publish' }
  | { kind: 'withdraw'; reason: string };

export const COMMANDS = ['/link FAIL-ID', '/duplicate-of FAIL-ID', '/publish', '/withdraw REASON'] as const;
const MAX_REASON = 500;
// Control characters and bidirectional overrides have no place in a reason that becomes a YAML value and a page.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

export function parseCommentCommand(body: string): CommentCommand {
  const line = body.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '') ?? '';
  if (!line.startsWith('/')) return { kind: 'none' };
  const [name = '', ...rest] = line.split(/\s+/);
  const argument = line.slice(name.length).trim();
  switch (name) {
    case '/link':
    case '/duplicate-of': {
      if (rest.length !== 1 || !FAILURE_ID.test(argument)) return { kind: 'invalid', message: `${name} takes one failure ID, e.g. ${name} FAIL-0007` };
      return { kind: name.slice(1) as 'link' | 'duplicate-of', failure: argument };
    }
    case '/publish':
      if (argument !== '') return { kind: 'invalid', message: '/publish takes no argument' };
      return { kind: 'publish' };
    case '/withdraw':
      if (argument === '') return { kind: 'invalid', message: '/withdraw needs a reason, e.g. /withdraw Not an OpenStack failure: a local disk fault' };
      if (argument.length > MAX_REASON) return { kind: 'invalid', message: `the reason is longer than ${MAX_REASON} characters` };
      if (UNSAFE.test(argument)) return { kind: 'invalid', message: 'the reason contains control or direction-changing characters' };
      return { kind: 'withdraw', reason: argument };
    default:
      return { kind: 'invalid', message: `unknown command; the commands are ${COMMANDS.join(', ')}` };
  }
}
