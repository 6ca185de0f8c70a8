import { describe, expect, test } from 'vitest';
import { SimilarityIndex, type SimilarityDoc } from '../../src/lib/core/similarity.ts';

const sig = (id: string, pattern: string, match: string) => ({ id, pattern, ignore_case: false, examples: { match: [match] } });
const docs: SimilarityDoc[] = [
  { id: 'FAIL-0001', text: 'RabbitMQ broker unreachable AMQP connection refused oslo.messaging reconnect', category: 'messaging-failure', services: ['rabbitmq'], signatures: [sig('amqp', 'AMQP server on [^ ]+ is unreachable', 'ERROR x AMQP server on c1:5672 is unreachable: refused')] },
  { id: 'FAIL-0002', text: 'RPC MessagingTimeout waiting for reply broker overloaded AMQP', category: 'messaging-failure', services: ['rabbitmq', 'nova'], signatures: [sig('timeout', 'Timed out waiting for a reply to message ID [0-9a-f]{32}', 'Timed out waiting for a reply to message ID 0123456789abcdef0123456789abcdef')] },
  { id: 'FAIL-0003', text: 'Galera cluster lost quorum WSREP not ready database', category: 'database-failure', services: ['mariadb'], signatures: [sig('wsrep', 'WSREP has not yet prepared node for application use', 'WSREP has not yet prepared node for application use')] },
  { id: 'FAIL-0004', text: 'Ceph OSD full blocks writes to volumes', category: 'storage-backend-failure', services: ['ceph'], signatures: [] },
];

describe('SimilarityIndex', () => {
  const index = new SimilarityIndex(docs);

  test('finds failures that share words, services and category, and says why', () => {
    const [best] = index.similarTo('FAIL-0001');
    expect(best?.id).toBe('FAIL-0002');
    expect(best?.reasons.join('; ')).toMatch(/shares the words .*(broker|amqp)/);
    expect(best?.reasons).toContain('same service rabbitmq');
    expect(best?.reasons).toContain('same category messaging-failure');
    expect(index.similarTo('FAIL-0001').map((m) => m.id)).not.toContain('FAIL-0004');
  });

  test('never lists a failure as similar to itself', () => {
    for (const doc of docs) expect(index.similarTo(doc.id).map((m) => m.id)).not.toContain(doc.id);
  });

  test('a submission whose log line matches a signature ranks that failure first, with the signature as reason', () => {
    const matches = index.query({ text: 'our database cluster went down', logLines: ['2026-01-01 10:00:00.000 12 ERROR nova.api WSREP has not yet prepared node for application use'] });
    expect(matches[0]?.id).toBe('FAIL-0003');
    expect(matches[0]?.reasons).toContainEqual(expect.stringMatching(/^its signature FAIL-0003\/wsrep matches /));
    expect(matches[0]!.score).toBeGreaterThan(0.3);
  });

  test('an unrelated submission matches nothing', () => {
    expect(index.query({ text: 'horizon theme colour looks odd' })).toEqual([]);
  });
});
