/**
 * The peer of the build benchmark (scripts/bench-peer.ts) is only a fair comparison while its Hugo templates render
 * what this site renders. Nothing else builds them, so this builds a small generated catalogue with Hugo and Pagefind
 * and checks that every entry got its page with the content that matters (titles, signature patterns, reverse lookups,
 * reports on their failure's page) and every term its page. It times nothing.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCatalogue } from '../../scripts/lib/generate-catalogue.ts';
import { buildPeer, ensureHugo, pagefindPages, type PeerBuild } from '../../scripts/lib/bench/hugo-peer.ts';
import { splitFrontmatter } from '../../src/lib/core/frontmatter.ts';

const work = mkdtempSync(join(tmpdir(), 'fc-bench-peer-test-'));
const content = join(work, 'content');
const out = join(work, 'public');

interface Entry {
  id: string;
  title: string;
  category?: string;
  severity?: string;
  services?: string[];
  deployment_tools?: string[];
  signatures?: { pattern: string }[];
  fixes?: string[];
  failure?: string;
}
const entries = (dir: string): Entry[] => readdirSync(join(content, dir)).sort().map((name) => splitFrontmatter(readFileSync(join(content, dir, name), 'utf8')).data as Entry);
/** A page's text with Hugo's HTML escapes undone, so titles and patterns can be looked for as written. */
const page = (path: string) =>
  readFileSync(join(out, path), 'utf8').replace(/&(#\d+|lt|gt|amp|quot);/g, (_m, code: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"' })[code] ?? String.fromCharCode(Number(code.slice(1))));

let failures: Entry[] = [];
let remediations: Entry[] = [];
let reports: Entry[] = [];
let build: PeerBuild;

beforeAll(async () => {
  ensureHugo();
  generateCatalogue({ dir: content, failures: 20 });
  [failures, remediations, reports] = [entries('failures'), entries('remediations'), entries('reports')];
  build = await buildPeer({ contentDir: content, outDir: out, work: join(work, 'hugo') });
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the benchmark peer (Hugo + Pagefind)', () => {
  it('renders every failure with its title, signature patterns, remediations and JSON document', () => {
    for (const f of failures) {
      const html = page(`failures/${f.id}/index.html`);
      expect(html, f.id).toContain(`<h1 data-pagefind-meta="title">${f.title}</h1>`);
      for (const s of f.signatures ?? []) expect(html, f.id).toContain(`<code>${s.pattern}</code>`);
      // The reverse lookup over remediations' `fixes`.
      const fixedBy = remediations.filter((r) => r.fixes?.includes(f.id)).map((r) => r.id);
      for (const r of fixedBy) expect(html, f.id).toContain(`href="/remediations/${r}/"`);
      const json = JSON.parse(readFileSync(join(out, 'failures', f.id, 'index.json'), 'utf8')) as { id: string; remediations: string[] };
      expect(json.id).toBe(f.id);
      expect(json.remediations.sort()).toEqual(fixedBy.sort());
    }
  });

  it('renders every remediation with its title and the failures it fixes', () => {
    for (const r of remediations) {
      const html = page(`remediations/${r.id}/index.html`);
      expect(html, r.id).toContain(`<h1 data-pagefind-meta="title">${r.title}</h1>`);
      for (const f of r.fixes ?? []) expect(html, r.id).toContain(`href="/failures/${f}/"`);
      expect(existsSync(join(out, 'remediations', r.id, 'index.json')), r.id).toBe(true);
    }
  });

  it("renders every report on its failure's page, and redirects the report's own URL there", () => {
    for (const r of reports) {
      expect(page(`failures/${r.failure}/index.html`), r.id).toContain(`<h3 id="${r.id}-title">${r.id}: ${r.title}</h3>`);
      expect(page(`reports/${r.id}/index.html`), r.id).toContain(`<meta http-equiv="refresh" content="0;url=/failures/${r.failure}/#${r.id}">`);
    }
  });

  it('renders a page for every service, category, severity and deployment tool, listing its failures', () => {
    const terms = new Map<string, Entry[]>();
    for (const f of failures) {
      const paths = [`category/${f.category}`, `severity/${f.severity}`, ...(f.services ?? []).map((s) => `services/${s}`), ...(f.deployment_tools ?? []).map((t) => `deployment_tools/${t}`)];
      for (const path of paths) terms.set(path, [...(terms.get(path) ?? []), f]);
    }
    for (const [path, listed] of terms) {
      const html = page(`${path}/index.html`);
      // 20 failures fit on a term's first page (50 to a page).
      for (const f of listed) expect(html, path).toContain(`href="/failures/${f.id}/"`);
    }
    for (const taxonomy of ['category', 'severity', 'services']) expect(existsSync(join(out, taxonomy, 'index.html')), taxonomy).toBe(true);
  });

  it('lists the entries, writes the feed, and gives Pagefind exactly the entry pages to index', () => {
    const list = page('failures/index.html');
    for (const f of failures) expect(list).toContain(`href="/failures/${f.id}/"`);
    expect(page('index.xml')).toContain('<rss');
    // Report URLs are redirects and lists are not marked data-pagefind-body: failures and remediations only.
    expect(pagefindPages(build.pagefind.output)).toBe(failures.length + remediations.length);
  });
});
