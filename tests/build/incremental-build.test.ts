/**
 * Incremental builds reuse pages from the previous build when their cache keys match (src/lib/site/page-keys.ts). A key
 * that misses an input would publish stale pages, so this builds a generated catalogue twice with one failure
 * renamed in between, and checks every kind of page that shows the name was rendered again, that pages which do
 * not show it were reused, and that a deleted entry's pages are gone.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCatalogue } from '../../scripts/lib/generate-catalogue.ts';

const work = mkdtempSync(join(tmpdir(), 'fc-incremental-'));
const content = join(work, 'content');
const dist = join(work, 'dist');
// The builds run as a user's would: without the variables Vitest puts in its own environment (NODE_ENV=test, and
// import.meta.env's DEV, PROD, MODE, SSR, BASE_URL), which Astro would take for its own.
const VITEST_ENV = new Set(['NODE_ENV', 'TEST', 'PROD', 'DEV', 'BASE_URL', 'MODE', 'SSR', 'FORCE_TTY']);
const userEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !VITEST_ENV.has(name) && !name.startsWith('VITEST')));
const env = { ...userEnv, CONTENT_DIR: content, OUT_DIR: dist, ASTRO_CACHE_DIR: join(work, 'cache'), SITE_URL: 'http://127.0.0.1:4399' };
const NEW_TITLE = 'Renamed for the incremental build test';

/**
 * `shell` stands for what differs between one way of starting a build and another (`npx astro build`, `npm run
 * build`): the shell's `_` and the PATH. Neither may change a page, so neither may stop a page being reused.
 */
function build(shell: { _: string; PATH: string }): string {
  const log = execFileSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build'], { env: { ...env, ...shell }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  // Astro colours its log when CI is set; the assertions read the plain text.
  return stripVTControlCharacters(log);
}
const page = (path: string) => readFileSync(join(dist, path, 'index.html'), 'utf8');
/** Every file under /api/v1/exports/ with its content. */
function exportFiles(): Map<string, string> {
  const root = join(dist, 'api', 'v1', 'exports');
  return new Map(readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => [join(e.parentPath, e.name), readFileSync(join(e.parentPath, e.name), 'utf8')]));
}
/** Output paths Astro copied from the previous build instead of rendering. */
const reused = (log: string) => new Set([...log.matchAll(/─ (\S+) \((?:cached|restored)\)/g)].map((m) => m[1]!));
const rendered = (log: string) => new Set([...log.matchAll(/─ (\S+) \(\+[\d.]+m?s\)/g)].map((m) => m[1]!));

let first = '';
let second = '';
let third = '';
let exportsBefore = new Map<string, string>();
const APPENDED = 'A line appended to the body for the incremental build test.';
let renamed = '';
let deletedReportFailure = '';
let linking: { remediation: string; similar: string; report: string; unrelated: string };
let deletedReport = '';

const leftover = join(dist, 'failures', 'FAIL-99999', 'index.html');

beforeAll(() => {
  generateCatalogue({ dir: content, failures: 40 });
  // Output from some earlier build that left no record: the first build must not keep it.
  mkdirSync(join(dist, 'failures', 'FAIL-99999'), { recursive: true });
  writeFileSync(leftover, '<p>stale</p>');
  first = build({ _: '/usr/bin/npx', PATH: process.env.PATH ?? '' });

  // A failure that a remediation fixes, a report is about, and another failure lists as similar.
  const failures = readdirSync(join(dist, 'failures')).filter((n) => n.startsWith('FAIL-'));
  const shownBy = (id: string, dir: string) => readdirSync(join(dist, dir)).filter((n) => /^[A-Z]+-\d+$/.test(n) && n !== id && page(`${dir}/${n}`).includes(`/failures/${id}/`));
  for (const id of failures) {
    const [remediation] = shownBy(id, 'remediations');
    const [report] = shownBy(id, 'reports');
    const similar = shownBy(id, 'failures').find((n) => page(`failures/${n}`).match(new RegExp(`id="similar"[\\s\\S]*/failures/${id}/`)));
    const unrelated = failures.find((n) => n !== id && !page(`failures/${n}`).includes(`/failures/${id}/`));
    if (remediation && report && similar && unrelated) {
      renamed = id;
      linking = { remediation, similar, report, unrelated };
      break;
    }
  }
  if (!renamed) throw new Error('the generated catalogue has no failure that is fixed, reported and similar to another');

  const file = join(content, 'failures', `${renamed}.md`);
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, `title: ${NEW_TITLE}`));
  // A report that nothing else depends on for this test, deleted to check its page is removed.
  deletedReport = readdirSync(join(content, 'reports')).map((n) => n.replace(/\.md$/, '')).find((n) => n !== linking.report)!;
  deletedReportFailure = /^failure: (\S+)$/m.exec(readFileSync(join(content, 'reports', `${deletedReport}.md`), 'utf8'))![1]!;
  rmSync(join(content, 'reports', `${deletedReport}.md`));
  second = build({ _: '/usr/bin/npm', PATH: `${join(process.cwd(), 'node_modules', '.bin')}:${process.env.PATH ?? ''}` });

  // A third build after a line appended to the renamed failure's body: its feed document changes, no export does.
  exportsBefore = exportFiles();
  const body = join(content, 'failures', `${renamed}.md`);
  writeFileSync(body, `${readFileSync(body, 'utf8').trimEnd()}\n\n${APPENDED}\n`);
  third = build({ _: '/usr/bin/npm', PATH: process.env.PATH ?? '' });
}, 360_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('incremental build', () => {
  it('renders every page on the first build, into an emptied output directory', () => {
    expect(reused(first).size).toBe(0);
    expect(rendered(first).size).toBeGreaterThan(100);
    expect(existsSync(leftover)).toBe(false);
  });

  it('has the feed writer compute similar failures beside the content sync, and the pages read them', () => {
    // Were the pages' inputs to the memo not the ones the feed writer's catalogue hands it, pages would compute
    // them again (the log would say so) and a first build would gain nothing.
    expect(first).toContain('Similar failures computed beside the content sync');
    expect(first).toContain('Similar failures read from the memo');
  });

  it('reuses most pages when one entry changed, whichever command started each build', () => {
    expect(reused(second).size).toBeGreaterThan(rendered(second).size);
    expect(reused(second)).toContain(`/failures/${linking.unrelated}/index.html`);
  });

  it('renders the edited entry again, as a page and as JSON', () => {
    expect(rendered(second)).toContain(`/failures/${renamed}/index.html`);
    expect(page(`failures/${renamed}`)).toContain(NEW_TITLE);
    const json = JSON.parse(readFileSync(join(dist, 'api/v1/failures', `${renamed}.json`), 'utf8')) as { title: string };
    expect(json.title).toBe(NEW_TITLE);
  });

  it('renders again the pages that show its title', () => {
    expect(page(`remediations/${linking.remediation}`)).toContain(NEW_TITLE);
    // A report is read on its failure's page (its own URL redirects there), so that page shows it.
    expect(page(`failures/${renamed}`)).toContain(`id="${linking.report}"`);
    expect(page(`reports/${linking.report}`)).toContain(`/failures/${renamed}/#${linking.report}`);
    expect(page(`failures/${linking.similar}`)).toContain(NEW_TITLE);
    expect(page('failures')).toContain(NEW_TITLE);
  });

  it('removes the pages of a deleted entry', () => {
    expect(existsSync(join(dist, 'reports', deletedReport, 'index.html'))).toBe(false);
    expect(page('reports')).not.toContain(`/reports/${deletedReport}/`);
    expect(page('reports')).not.toContain(`#${deletedReport}"`);
    // ...and its failure's page, which showed it, is rendered again without it.
    expect(page(`failures/${deletedReportFailure}`)).not.toContain(`id="${deletedReport}"`);
  });

  it('keeps the exports when only a body changed, and makes them again when what they show changed', () => {
    // The rename changed the title every alert for that failure carries.
    expect(second).not.toMatch(/exports kept/);
    expect(third).toMatch(/exports kept from the last build/);
    const json = JSON.parse(readFileSync(join(dist, 'api/v1/failures', `${renamed}.json`), 'utf8')) as { details: string };
    expect(json.details).toContain(APPENDED);
    expect(exportFiles()).toEqual(exportsBefore);
    expect(exportsBefore.size).toBeGreaterThan(5);
    expect([...exportsBefore.values()].some((text) => text.includes(NEW_TITLE))).toBe(true);
  });
});
