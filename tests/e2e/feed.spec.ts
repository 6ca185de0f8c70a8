import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect, test } from '@playwright/test';
import { checkContentRoot } from '../../src/lib/core/integrity.ts';
import { DIST, builtPages, readPage } from './helpers.ts';

const API = join(DIST, 'api', 'v1');
const read = (path: string) => readFileSync(join(API, path), 'utf8');
const readJson = <T = Record<string, unknown>>(path: string) => JSON.parse(read(path)) as T;

const decodeEntities = (text: string) =>
  text.replace(/&(quot|#39|#x27|lt|gt|amp);/g, (_, e: string) => ({ quot: '"', '#39': "'", '#x27': "'", lt: '<', gt: '>', amp: '&' })[e]!);

interface Entry {
  id: string;
  status: string;
  title: string;
  html_url: string;
  json_url: string;
  modified: string;
  [key: string]: unknown;
}
const failures = readJson<{ failures: Entry[] }>('failures.json').failures;
const remediations = readJson<{ remediations: Entry[] }>('remediations.json').remediations;

function validator(name: string) {
  // An independent validator in strict mode, reading the schema the site publishes.
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(readJson(`schema/${name}.schema.json`));
}

test.describe('the JSON feed', () => {
  test('every file validates against its published JSON Schema (ajv, strict)', () => {
    const documents: [string, string][] = [
      ['index', 'index.json'],
      ['failures', 'failures.json'],
      ['remediations', 'remediations.json'],
      ...failures.map((f): [string, string] => ['failure', `failures/${f.id}.json`]),
      ...remediations.map((r): [string, string] => ['remediation', `remediations/${r.id}.json`]),
    ];
    const errors: string[] = [];
    for (const [schema, path] of documents) {
      const validate = validator(schema);
      if (!validate(readJson(path))) errors.push(`${path}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    }
    expect(errors).toEqual([]);
    expect(documents.length).toBeGreaterThan(120);
  });

  test('IDs are unique and every reference resolves within the feed', () => {
    const failureIds = new Set(failures.map((f) => f.id));
    const remediationIds = new Set(remediations.map((r) => r.id));
    expect(failureIds.size).toBe(failures.length);
    expect(remediationIds.size).toBe(remediations.length);
    const dangling: string[] = [];
    for (const f of failures) {
      for (const id of [...(f.related as string[]), ...(f.related_all as string[])]) if (!failureIds.has(id)) dangling.push(`${f.id} related ${id}`);
      for (const id of f.remediations as string[]) if (!remediationIds.has(id)) dangling.push(`${f.id} remediation ${id}`);
    }
    for (const r of remediations) for (const id of r.fixes as string[]) if (!failureIds.has(id)) dangling.push(`${r.id} fixes ${id}`);
    expect(dangling).toEqual([]);
  });

  test('per-entry JSON equals the list entry, matches the source file, and agrees with its HTML page', () => {
    const { content } = checkContentRoot('content');
    const byId = new Map([...content.failures, ...content.remediations].map((e) => [e.data.id, e.data as Record<string, unknown>]));
    for (const entry of [...failures, ...remediations]) {
      const kind = entry.id.startsWith('FAIL-') ? 'failures' : 'remediations';
      expect(readJson(`${kind}/${entry.id}.json`)).toEqual(entry);
      for (const [field, value] of Object.entries(byId.get(entry.id)!)) expect(entry[field], `${entry.id}.${field}`).toEqual(value);
      const path = new URL(entry.html_url).pathname;
      expect(new URL(entry.json_url).pathname).toBe(`/api/v1/${kind}/${entry.id}.json`);
      const html = readPage(path);
      expect(html).toContain(`href="/api/v1/${kind}/${entry.id}.json"`);
      const h1 = /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1] ?? '';
      expect(decodeEntities(h1), path).toBe(entry.title);
      if (kind === 'failures') {
        const linked = [...html.matchAll(/href="\/remediations\/(REM-\d+)\/"/g)].map((m) => m[1]);
        expect(new Set(linked), entry.id).toEqual(new Set(entry.remediations as string[]));
      }
    }
  });

  test('the feed holds every public entry and nothing else', () => {
    const pages = builtPages();
    expect(failures.map((f) => `/failures/${f.id}/`).sort()).toEqual(pages.filter((p) => /^\/failures\/FAIL-/.test(p)));
    expect(failures.every((f) => f.status !== 'draft')).toBe(true);
    const index = readJson<{ counts: Record<string, number>; links: Record<string, string>; templates: Record<string, string> }>('index.json');
    expect(new URL(index.templates.failure!.replace('{id}', 'FAIL-0001')).pathname).toBe('/api/v1/failures/FAIL-0001.json');
    expect(index.counts.failures).toBe(failures.filter((f) => f.status === 'published').length);
    for (const link of Object.values(index.links)) {
      expect(() => readFileSync(join(DIST, new URL(link).pathname))).not.toThrow();
    }
  });

  test('modified.csv lists every entry once, newest first', () => {
    const [header, ...rows] = read('modified.csv').trim().split('\n');
    expect(header).toBe('id,modified');
    const parsed = rows.map((r) => r.split(','));
    expect(parsed.map(([id]) => id).sort()).toEqual([...failures, ...remediations].map((e) => e.id).sort());
    const dates = parsed.map(([, date]) => date!);
    expect(dates).toEqual([...dates].sort().reverse());
    for (const [, date] of parsed) expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  test('Atom feeds are well-formed and list the newest entries first', async ({ page }) => {
    await page.goto('/');
    const paths = ['/api/v1/atom.xml', '/api/v1/atom/services/rabbitmq.xml', '/api/v1/atom/categories/messaging-failure.xml'];
    for (const path of paths) {
      const result = await page.evaluate(async (p) => {
        const text = await (await fetch(p)).text();
        const doc = new DOMParser().parseFromString(text, 'application/xml');
        const ns = 'http://www.w3.org/2005/Atom';
        return {
          error: doc.getElementsByTagName('parsererror').length,
          root: doc.documentElement.namespaceURI,
          updated: [...doc.getElementsByTagNameNS(ns, 'entry')].map((e) => e.getElementsByTagNameNS(ns, 'updated')[0]?.textContent ?? ''),
          self: doc.querySelector('link[rel="self"]')?.getAttribute('href'),
        };
      }, path);
      expect(result.error, path).toBe(0);
      expect(result.root).toBe('http://www.w3.org/2005/Atom');
      expect(result.updated.length, path).toBeGreaterThan(0);
      expect(result.updated).toEqual([...result.updated].sort().reverse());
      expect(new URL(result.self!).pathname).toBe(path);
    }
  });
});
