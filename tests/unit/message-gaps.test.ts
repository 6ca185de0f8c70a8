/**
 * The work group's list of upstream messages the catalogue does not know yet (npm run drift -- gaps): the messages
 * are read from Python source as Python would join them, and each is known by a recorded format string or by a
 * signature that matches it rendered, or listed as a gap.
 */
import { describe, expect, test } from 'vitest';
import type { Failure } from '../../src/schemas/index.ts';
import { failure as failureSchema } from '../../src/schemas/failure.ts';
import { messageCoverage, sampleLine } from '../../src/lib/core/formats/message-gaps.ts';
import { pythonMessages } from '../../src/lib/core/formats/python-messages.ts';
import { AMQP_UNREACHABLE_FORMAT, makeFailure } from '../fixtures/entries.ts';

const SOURCE = `
import logging
LOG = logging.getLogger(__name__)


class NovaException(Exception):
    msg_fmt = _("An unknown exception occurred.")


class NoValidHost(NovaException):
    msg_fmt = _("No valid host was found. %(reason)s")


class ValidationError(NovaException):
    message_format = _(
        "Expecting to find %(attribute)s in %(target)s."
        " The server could not comply with the request"
    )


class InstanceNotFound(NovaException):
    message = "Instance %(instance_id)s could not " \\
              "be found."


def helper():
    message = _("not an exception message")
    return message


def reconnect(self, info):
    LOG.error(_LE('AMQP server on %(hostname)s:%(port)s is unreachable: '
                  '%(err_str)s. Trying again in %(sleep_time)d seconds.'),
              info)
    LOG.warning("Timed out waiting for %s", 'x')
    self.log.exception('It\\'s a "quoted" failure\\n')
    LOG.error(msg)
    LOG.error(f"built at {run_time}")
    LOG.debug("not a failure level")
`;

describe('messages read from Python source', () => {
  const messages = pythonMessages(SOURCE);

  test('log calls at failure levels, with adjacent literals joined and escapes decoded', () => {
    const logs = messages.filter((m) => m.kind === 'log');
    expect(logs.map((m) => [m.detail, m.text])).toEqual([
      ['error', 'AMQP server on %(hostname)s:%(port)s is unreachable: %(err_str)s. Trying again in %(sleep_time)d seconds.'],
      ['warning', 'Timed out waiting for %s'],
      ['exception', 'It\'s a "quoted" failure\n'],
    ]);
    expect(logs[0]!.line).toBe(SOURCE.split('\n').findIndex((l) => l.includes('LOG.error(_LE(')) + 1);
  });

  test('exception messages belong to their class; a variable in a module-level function is not one', () => {
    const exceptions = messages.filter((m) => m.kind === 'exception');
    expect(exceptions.map((m) => [m.detail, m.text])).toEqual([
      ['NovaException', 'An unknown exception occurred.'],
      ['NoValidHost', 'No valid host was found. %(reason)s'],
      ['ValidationError', 'Expecting to find %(attribute)s in %(target)s. The server could not comply with the request'],
      ['InstanceNotFound', 'Instance %(instance_id)s could not be found.'],
    ]);
  });

  test('a message built at run time (a variable, an f-string) is skipped rather than guessed', () => {
    expect(messages.some((m) => m.text.includes('run_time') || m.text === 'msg')).toBe(false);
  });
});

describe('which messages the catalogue knows', () => {
  const amqp = failureSchema.parse(makeFailure()) as Failure;
  const novaFailure = failureSchema.parse(
    makeFailure({
      id: 'FAIL-0002',
      signatures: [
        {
          ...(makeFailure().signatures as Record<string, unknown>[])[0],
          id: 'no-valid-host',
          pattern: 'No valid host was found\\. ',
          formats: [],
          examples: {
            match: ['2026-03-04 10:15:02.123 1 ERROR nova.conductor.manager [-] No valid host was found. There are not enough hosts available.'],
            no_match: ['2026-03-04 10:15:02.123 1 INFO nova.conductor.manager [-] Found a valid host for the request.'],
          },
        },
      ],
    }),
  ) as Failure;
  const messages = pythonMessages(SOURCE);
  const coverage = messageCoverage(messages, [amqp, novaFailure], AMQP_UNREACHABLE_FORMAT.repository, 'nova');
  const byText = (fragment: string) => coverage.find((c) => c.message.text.includes(fragment))!;

  test('by a format string a signature records for the same repository', () => {
    expect(byText('AMQP server on')).toMatchObject({ knownBy: 'format', signatures: ['FAIL-0001/amqp-unreachable'] });
  });

  test('by a signature that matches the message rendered with sample values in a log line', () => {
    expect(sampleLine(byText('No valid host').message, 'nova')).toMatch(/ ERROR nova \[.*\] nova\.exception\.NoValidHost: No valid host was found\. value1$/);
    expect(byText('No valid host')).toMatchObject({ knownBy: 'rendering', signatures: ['FAIL-0002/no-valid-host'] });
  });

  test('the rest are gaps', () => {
    expect(byText('Timed out waiting')).toMatchObject({ knownBy: null, signatures: [] });
    expect(coverage.filter((c) => c.knownBy === null)).toHaveLength(messages.length - 2);
  });

  test('a format recorded for another repository does not count as known', () => {
    const elsewhere = messageCoverage(messages, [amqp], 'https://github.com/openstack/nova', 'nova');
    expect(elsewhere.find((c) => c.message.text.startsWith('AMQP server on'))!.knownBy).toBe('rendering');
  });
});
