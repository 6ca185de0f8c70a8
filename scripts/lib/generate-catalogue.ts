/**
 * Generates a synthetic but realistic catalogue for benchmarks and tests: entries are variations of the real
 * knowledge base (real bodies, signatures and examples, so page sizes, search indexes and pattern checks are
 * representative), with the real taxonomy and random but valid cross-references. Deterministic for a seed.
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serializeEntry } from '../../src/lib/core/entry-writer.ts';
import { checkContentRoot, type Loaded } from '../../src/lib/core/integrity.ts';
import type { Failure, Remediation } from '../../src/schemas/index.ts';

export interface GenerateOptions {
  /** Where to write the content root (emptied first). */
  dir: string;
  failures: number;
  /** Default: half the failures. */
  remediations?: number;
  /** Default: as many as failures. */
  reports?: number;
  /** Content root whose entries serve as templates. */
  templates?: string;
  seed?: number;
}

/** mulberry32: small, fast, seedable. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const QUALIFIERS = ['after a controller reboot', 'under heavy load', 'after an upgrade', 'on one cell', 'in a multi-region cloud', 'with TLS enabled', 'after a network change', 'on busy compute hosts', 'during maintenance', 'with many tenants'];
const pad = (n: number) => String(n).padStart(5, '0');

export function generateCatalogue(options: GenerateOptions): { failures: number; remediations: number; reports: number } {
  const rand = random(options.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const { content, problems } = checkContentRoot(options.templates ?? 'content');
  if (problems.length > 0) throw new Error(`the template content has ${problems.length} problem(s): run npm run check`);
  const failureTemplates = content.failures.filter((f) => f.data.status === 'published') as Loaded<Failure>[];
  const remediationTemplates = content.remediations.filter((r) => r.data.status === 'published') as Loaded<Remediation>[];
  const releases = content.releases.map((r) => r.id);
  const tools = content.deploymentTools.map((t) => t.id);
  const remediationCount = options.remediations ?? Math.floor(options.failures / 2);
  const reportCount = options.reports ?? options.failures;

  rmSync(options.dir, { recursive: true, force: true });
  for (const sub of ['failures', 'remediations', 'reports']) mkdirSync(join(options.dir, sub), { recursive: true });
  cpSync(join(options.templates ?? 'content', 'taxonomy'), join(options.dir, 'taxonomy'), { recursive: true });

  // Template bodies link real entries (`/failures/FAIL-0404/`); each link is pointed at a generated entry instead, so
  // the bodies keep as many links as the real ones and pass the content check (FC015).
  const counts = { FAIL: options.failures, REM: remediationCount, RPT: reportCount };
  const relink = (body: string) =>
    body.replace(/\/(failures|remediations|reports)\/(FAIL|REM|RPT)-(\d+)/g, (_m, route: string, prefix: keyof typeof counts, n: string) => `/${route}/${prefix}-${pad(((Number(n) - 1) % Math.max(counts[prefix], 1)) + 1)}`);

  const failureIds: string[] = [];
  for (let i = 1; i <= options.failures; i++) {
    const template = failureTemplates[(i - 1) % failureTemplates.length]!;
    const id = `FAIL-${pad(i)}`;
    const related = i > 2 && rand() < 0.4 ? [failureIds[Math.floor(rand() * failureIds.length)]!] : [];
    const created = `2026-${String(1 + Math.floor(rand() * 10)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    const data: Record<string, unknown> = {
      ...template.data,
      id,
      title: `${template.data.title.slice(0, 100)} ${pick(QUALIFIERS)}`,
      related: [...new Set(related)],
      created,
      modified: created,
    };
    failureIds.push(id);
    writeFileSync(join(options.dir, 'failures', `${id}.md`), serializeEntry(data, relink(template.body)));
  }

  const fixesOf = new Map<string, string[]>();
  for (let i = 1; i <= remediationCount; i++) {
    const template = remediationTemplates[(i - 1) % remediationTemplates.length]!;
    const id = `REM-${pad(i)}`;
    const fixes = [...new Set([failureIds[(i - 1) % failureIds.length]!, ...(rand() < 0.3 ? [pick(failureIds)] : [])])];
    for (const f of fixes) fixesOf.set(f, [...(fixesOf.get(f) ?? []), id]);
    const data = { ...template.data, id, fixes, title: `${template.data.title.slice(0, 100)} ${pick(QUALIFIERS)}` };
    writeFileSync(join(options.dir, 'remediations', `${id}.md`), serializeEntry(data, relink(template.body)));
  }

  for (let i = 1; i <= reportCount; i++) {
    const id = `RPT-${pad(i)}`;
    const failure = pick(failureIds);
    const remediation = fixesOf.get(failure)?.[0];
    const data: Record<string, unknown> = {
      id,
      title: `Synthetic benchmark report ${i}`,
      status: 'triaged',
      submitted: '2026-11-01',
      failure,
      release: pick(releases),
      deployment_tool: pick(tools),
      reporter: 'anonymous',
      source: `https://github.com/example/failure-catalogue-benchmark/issues/${i}`,
      ...(remediation ? { remediation, outcome: pick(['resolved', 'resolved', 'partial', 'not-resolved'] as const) } : {}),
    };
    writeFileSync(join(options.dir, 'reports', `${id}.md`), serializeEntry(data, 'Synthetic report generated for benchmarking. It describes no real event.'));
  }
  return { failures: options.failures, remediations: remediationCount, reports: reportCount };
}
