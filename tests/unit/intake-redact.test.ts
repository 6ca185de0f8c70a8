/** Redaction: what is replaced, that placeholders are stable and keep log lines matchable, and that it is fast. */
import { RE2JS } from 're2js';
import { describe, expect, test } from 'vitest';
import { Redactor } from '../../src/lib/intake/redact.ts';

const redact = (text: string) => new Redactor().redactFields([{ id: 'logs', label: 'Log excerpt', text }]).get('logs')!;

describe('redaction', () => {
  test.each([
    ['IPv4 addresses', 'connect to 10.20.0.11:5672 failed', 'connect to 192.0.2.1:5672 failed'],
    ['IPv6 addresses', 'bind [fd00:12:34::1a]:9696', 'bind [2001:db8::1]:9696'],
    ['FQDNs', 'AMQP server on rabbit-1.internal.acme.corp:5672', 'AMQP server on host-1.example.com:5672'],
    ['host:port names', 'AMQP server on controller1:5672 is unreachable', 'AMQP server on host-1:5672 is unreachable'],
    ['host= values', 'host=cmp-0042 state=up', 'host=host-1 state=up'],
    ['UUIDs', '[instance: 6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b] Failed', '[instance: 00000000-0000-4000-8000-000000000001] Failed'],
    ['project IDs (32 hex)', 'project 5f2c8e1a9b7d4c3e8f1a2b3c4d5e6f70 over quota', 'project 00000000000000000000000000000001 over quota'],
    ['e-mail addresses', 'contact ops.team@acme-cloud.com now', 'contact user-1@example.com now'],
    ['URL passwords', 'transport_url = rabbit://openstack:S3cret@10.0.0.5:5672//', 'transport_url = rabbit://openstack:<password-1>@192.0.2.1:5672//'],
    ['key = value passwords', 'admin_password = "hunter2" and OS_PASSWORD=abc', 'admin_password = "<password-1>" and OS_PASSWORD=<password-2>'],
    ['JSON secrets', '{"password": "p4ss", "api_key": "k3y"}', '{"password": "<password-1>", "api_key": "<password-2>"}'],
    ['Fernet tokens', 'token gAAAAABlZ3Rva2VuLXRva2VuLXRva2VuLXRva2Vu expired', 'token <token-1> expired'],
    ['auth headers', 'X-Auth-Token: 7a8b9c0d1e2f and Authorization: Bearer eyJ0eXAi', 'X-Auth-Token: <token-1> and Authorization: Bearer <token-2>'],
    ['private keys', 'key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\nend', 'key:\n<private-key-1>\nend'],
    ['SSH public keys', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMq op@laptop', 'ssh-ed25519 <ssh-key-1> op@laptop'],
  ])('%s', (_kind, input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  test('keeps what identifies nobody: loopback, netmasks, the metadata address, public project domains, masked secrets', () => {
    const text = "listen 127.0.0.1 and 0.0.0.0 mask 255.255.255.0 metadata 169.254.169.254 see https://bugs.launchpad.net/nova/+bug/1 'password': '***' LOG.info manager.py:1234 10:15:02";
    expect(redact(text)).toBe(text);
  });

  test('the same value gets the same placeholder in every field, and a learned host name is redacted everywhere', () => {
    const out = new Redactor().redactFields([
      { id: 'what', label: 'What happened', text: 'ctl-01 went down' },
      { id: 'logs', label: 'Log excerpt', text: 'AMQP server on ctl-01:5672 and 10.1.1.1, again 10.1.1.1; other 10.1.1.2' },
    ]);
    expect(out.get('what')).toBe('host-1 went down');
    expect(out.get('logs')).toBe('AMQP server on host-1:5672 and 192.0.2.1, again 192.0.2.1; other 192.0.2.2');
  });

  test('the summary counts distinct values per kind and names the fields, never the original values', () => {
    const redactor = new Redactor();
    redactor.redactFields([{ id: 'logs', label: 'Log excerpt', text: '10.0.0.1 10.0.0.2 10.0.0.1 password=topsecret' }]);
    const summary = redactor.summary();
    expect(summary).toEqual([
      { kind: 'password', count: 1, fields: ['Log excerpt'], placeholders: ['<password-1>'] },
      { kind: 'ip-address', count: 2, fields: ['Log excerpt'], placeholders: ['192.0.2.1', '192.0.2.2'] },
    ]);
    expect(JSON.stringify(summary)).not.toMatch(/10\.0\.0|topsecret/);
  });

  test("redacted lines still match the signatures written for the original ones", () => {
    const signature = RE2JS.compile('AMQP server on [^ ]+:\\d+ is unreachable: ');
    const line = '2026-03-04 10:15:02.123 2741 ERROR oslo_messaging._drivers.impl_rabbit [-] [3c1e9a42-7b5d-4c1e-9f0a-2d6b8e4f1a37] AMQP server on 10.0.0.5:5672 is unreachable: timed out.';
    expect(signature.matcher(redact(line)).find()).toBe(true);
  });

  test('runs in linear time on hostile input (65,536 characters each)', () => {
    const hostile = ['a.'.repeat(32768), 'ab:12:'.repeat(10922), '1:2:3:'.repeat(10922), `${'x'.repeat(65000)}@`, Array.from({ length: 6000 }, (_, i) => `h-${i}:80`).join(' '), '-----BEGIN RSA PRIVATE KEY-----\n'.repeat(2000)];
    for (const text of hostile) {
      const started = performance.now();
      redact(text);
      expect(performance.now() - started).toBeLessThan(3000);
    }
  });
});
