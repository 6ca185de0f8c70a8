/**
 * The regression corpus of real public log lines (tests/fixtures/real-logs/*.yaml): failure cases the catalogue
 * should recognise, with the right service, and healthy lines it must never match. Every line is copied exactly
 * from the public URL beside it. The corpus is read here, run through the same matcher operators use (thresholds
 * included), and summarised as recall per service for `npm run recall` and the tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'astro/zod';
import { failureId, httpUrl, termId } from '../../src/schemas/common.ts';
import type { Failure } from '../../src/schemas/index.ts';
import { buildSignatureIndex } from '../../src/lib/matcher/signature-index.ts';
import { MatchTally } from '../../src/lib/matcher/tally.ts';

export const REAL_LOGS_DIR = join(import.meta.dirname, '..', '..', 'tests', 'fixtures', 'real-logs');

const realCase = z.strictObject({
  service: termId.describe('Service whose log holds the lines (taxonomy ID).'),
  failure: failureId
    .optional()
    .describe('The catalogue failure the case is found as (or, for a case whose lines stay below a threshold, seen below it). Leave it out when no signature of that failure matches the lines, and say so in the note.'),
  source: httpUrl.describe('Public page the lines are copied from.'),
  lines: z.array(z.string().min(1)).min(1).describe('One occurrence: the lines exactly as published.'),
  note: z.string().optional(),
});

const healthyLine = z.strictObject({
  service: termId,
  source: httpUrl,
  line: z.string().min(1),
});

const realLogFile = z.strictObject({
  cases: z.array(realCase).default([]),
  healthy: z.array(healthyLine).default([]),
});

export type RealCase = z.output<typeof realCase> & { file: string };
export type HealthyLine = z.output<typeof healthyLine> & { file: string };

export interface RealLogs {
  cases: RealCase[];
  healthy: HealthyLine[];
  /** One line per unreadable file or invalid item, naming the file. */
  problems: string[];
}

export function loadRealLogs(dir = REAL_LOGS_DIR): RealLogs {
  const out: RealLogs = { cases: [], healthy: [], problems: [] };
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort()) {
    const file = join(dir, name);
    let data: unknown;
    try {
      data = parse(readFileSync(file, 'utf8'));
    } catch (error) {
      out.problems.push(`${file}: not valid YAML: ${(error as Error).message}`);
      continue;
    }
    // A file of header comments only is a sample whose draw found no line: it still names what was drawn.
    const parsed = realLogFile.safeParse(data ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues) out.problems.push(`${file}: ${issue.path.join('.')}: ${issue.message}`);
      continue;
    }
    out.cases.push(...parsed.data.cases.map((c) => ({ ...c, file })));
    out.healthy.push(...parsed.data.healthy.map((h) => ({ ...h, file })));
  }
  return out;
}

export interface CaseResult {
  case: RealCase;
  /** Failures the matcher reports for the case's lines (thresholds honoured). */
  found: string[];
  /** Failures with matching lines that stayed below a signature's threshold (the matcher's below_threshold). */
  belowThreshold: string[];
  /** A found failure has a matching signature from the case's service's log, or lists that service. */
  hit: boolean;
}

export interface ServiceRecall {
  service: string;
  cases: number;
  hits: number;
}

const encoder = new TextEncoder();

/** Runs each case through the matcher over the published failures, as an operator pasting it would. */
export function measureRecall(failures: readonly Failure[], cases: readonly RealCase[]): CaseResult[] {
  const published = failures.filter((f) => f.status === 'published');
  const { index } = buildSignatureIndex(published, { file: 'content' });
  const byId = new Map(published.map((f) => [f.id, f]));
  return cases.map((c) => {
    const tally = new MatchTally(index);
    const scan = tally.open('case');
    scan.push(encoder.encode(`${c.lines.join('\n')}\n`));
    scan.end();
    const fired = tally.failures.filter((h) => h.fired);
    const hit = fired.some((h) => {
      const failure = byId.get(h.failureId)!;
      return failure.services.includes(c.service) || failure.signatures.some((s) => h.signatures.has(s.id) && s.service === c.service);
    });
    const belowThreshold = tally.failures.filter((h) => !h.fired).map((h) => h.failureId);
    return { case: c, found: fired.map((h) => h.failureId), belowThreshold, hit };
  });
}

export function recallByService(results: readonly CaseResult[]): ServiceRecall[] {
  const byService = new Map<string, ServiceRecall>();
  for (const r of results) {
    const row = byService.get(r.case.service) ?? { service: r.case.service, cases: 0, hits: 0 };
    row.cases++;
    if (r.hit) row.hits++;
    byService.set(r.case.service, row);
  }
  return [...byService.values()].sort((a, b) => a.service.localeCompare(b.service));
}

/** Healthy lines that some published signature matches (each one is a false alarm an operator would see). */
export function falseAlarms(failures: readonly Failure[], healthy: readonly HealthyLine[]): Array<{ line: HealthyLine; signatures: string[] }> {
  const published = failures.filter((f) => f.status === 'published');
  const { index } = buildSignatureIndex(published, { file: 'content' });
  const alarms: Array<{ line: HealthyLine; signatures: string[] }> = [];
  for (const h of healthy) {
    const signatures = index.signatures.filter((s) => s.regex.test(h.line)).map((s) => `${s.failureId}/${s.signatureId}`);
    if (signatures.length > 0) alarms.push({ line: h, signatures });
  }
  return alarms;
}
