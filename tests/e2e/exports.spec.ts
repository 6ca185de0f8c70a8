/**
 * The files a subscribed cloud downloads from the built site: exports/index.json lists every export with a SHA-256
 * that matches what the server sends, each is served with its content type, and the standalone tool's checksum
 * file verifies the tool. Fetched over HTTP from `astro preview`, as a cloud's sync job would.
 */
import { createHash } from 'node:crypto';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { expect, test } from '@playwright/test';

interface IndexEntry {
  path: string;
  content_type: string;
  bytes: number;
  sha256: string;
  description: string;
}

const sha256 = (body: Buffer) => createHash('sha256').update(body).digest('hex');

test.describe('exports for subscribed clouds', () => {
  test('index.json validates against its schema and lists every export with the bytes and SHA-256 served', async ({ request }) => {
    const index = await (await request.get('/api/v1/exports/index.json')).json();
    const schema = await (await request.get('/api/v1/schema/exports.schema.json')).json();
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(index), JSON.stringify(validate.errors)).toBe(true);

    const files = index.files as IndexEntry[];
    const paths = files.map((f) => f.path);
    for (const required of ['loki.rules.yaml', 'prometheus.rules.yaml', 'opensearch-monitors.json', 'ansible/rulebook.yml', 'loki/nova.rules.yaml', 'loki/rabbitmq.rules.yaml']) {
      expect(paths).toContain(required);
    }
    expect(paths.some((p) => /^ansible\/REM-\d{4}\.yml$/.test(p))).toBe(true);
    for (const file of files) {
      const response = await request.get(`/api/v1/exports/${file.path}`);
      expect(response.status(), file.path).toBe(200);
      const body = await response.body();
      expect(body.length, file.path).toBe(file.bytes);
      expect(sha256(body), file.path).toBe(file.sha256);
      // The static host picks the served type from the extension (astro preview says text/yaml for .yml), so
      // compare the family: YAML is served as YAML, JSON as JSON.
      const family = /yaml|json|javascript/.exec(file.content_type)?.[0];
      if (family) expect(response.headers()['content-type'], file.path).toContain(family);
    }
  });

  test('every alert in the Loki and Prometheus rules carries failure_id, and each service file holds only that service', async ({ request }) => {
    const failures = (await (await request.get('/api/v1/failures.json')).json()).failures as { id: string; status: string; signatures: { id: string; service: string }[] }[];
    const published = failures.filter((f) => f.status === 'published');
    const signatureCount = published.reduce((n, f) => n + f.signatures.length, 0);
    type RuleFile = { groups: { name: string; rules: { alert: string; expr: string; labels: Record<string, string> }[] }[] };
    const rulesOf = (file: RuleFile) => file.groups.flatMap((g) => g.rules);

    const loki = rulesOf(parseYaml(await (await request.get('/api/v1/exports/loki.rules.yaml')).text()) as RuleFile);
    expect(loki).toHaveLength(signatureCount);
    const ids = new Set(published.map((f) => f.id));
    for (const rule of loki) expect(ids.has(rule.labels.failure_id!), JSON.stringify(rule.labels)).toBe(true);

    const nova = rulesOf(parseYaml(await (await request.get('/api/v1/exports/loki/nova.rules.yaml')).text()) as RuleFile);
    const novaSignatures = published.flatMap((f) => f.signatures).filter((s) => s.service === 'nova');
    expect(nova).toHaveLength(novaSignatures.length);
    for (const rule of nova) expect(rule.labels.service).toBe('nova');

    const prometheus = rulesOf(parseYaml(await (await request.get('/api/v1/exports/prometheus.rules.yaml')).text()) as RuleFile);
    expect(prometheus).toHaveLength(signatureCount);
    for (const rule of prometheus) {
      expect(rule.labels.failure_id).toMatch(/^FAIL-\d{4}$/);
      expect(rule.expr).toContain('failure_catalogue_signature_matches_total');
    }
  });

  test('the standalone tool is published with a checksum file that verifies it', async ({ request }) => {
    const tool = await (await request.get('/tools/failure-catalogue.mjs')).body();
    expect(tool.toString('utf8', 0, 20)).toBe('#!/usr/bin/env node\n');
    const line = (await (await request.get('/tools/failure-catalogue.mjs.sha256')).text()).trim();
    expect(line).toBe(`${sha256(tool)}  failure-catalogue.mjs`);
  });

  test('the API page documents the exports, the approximate OpenSearch matching and the tool checksum', async ({ page }) => {
    await page.goto('/api/');
    await expect(page.getByRole('heading', { name: 'Detection rules and automation' })).toBeVisible();
    await expect(page.getByText('OpenSearch cannot run RE2, so these monitors match approximately.')).toBeVisible();
    await expect(page.locator('code.checksum').first()).toHaveText(/^[0-9a-f]{64}$/);
    const response = await page.request.get((await page.getByRole('link', { name: 'loki.rules.yaml', exact: true }).getAttribute('href'))!);
    expect(response.status()).toBe(200);
  });
});
