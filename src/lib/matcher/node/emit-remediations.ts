/**
 * --emit-remediation: writes the automation of every remediation that fixes a failure found in the logs into a
 * directory, one file per remediation, for an operator or their tooling to review and run. Files are written
 * without the execute bit: running them is a decision the matcher leaves to a person.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeedRemediation } from '../../../schemas/feed.ts';
import type { MatchReport } from '../report.ts';
import { remediationScript } from '../remediation-script.ts';

export interface EmitResult {
  written: string[];
  /** Remediations of the matched failures that publish no automation (their page has the steps). */
  withoutAutomation: string[];
}

export function emitRemediations(dir: string, report: MatchReport, remediations: readonly FeedRemediation[], writtenAt: string): EmitResult {
  const byId = new Map(remediations.map((r) => [r.id, r]));
  const fixes = new Map<string, Array<{ id: string; title: string }>>();
  for (const failure of report.failures) {
    for (const r of failure.remediations) {
      const list = fixes.get(r.id) ?? [];
      list.push({ id: failure.id, title: failure.title });
      fixes.set(r.id, list);
    }
  }
  const result: EmitResult = { written: [], withoutAutomation: [] };
  if (fixes.size === 0) return result;
  mkdirSync(dir, { recursive: true });
  for (const [id, fixed] of fixes) {
    const remediation = byId.get(id)!;
    const script = remediationScript(remediation, { fixes: fixed, feedSource: report.feed.source, writtenAt });
    if (!script) {
      result.withoutAutomation.push(id);
      continue;
    }
    const path = join(dir, script.fileName);
    writeFileSync(path, script.content, { mode: 0o644 });
    result.written.push(path);
  }
  return result;
}
