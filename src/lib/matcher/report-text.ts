/**
 * The match report as terminal text. Log lines and feed text are untrusted: control characters (which could
 * move the cursor, recolour or clear the terminal) and bidirectional overrides (which could make text read
 * differently from what it is) are shown as escapes, never passed through.
 */
import type { MatchReport, MatchedFailure } from './report.ts';

/** A terminal line is for recognising the log line; the JSON output carries more of it. */
const SHOWN_LINE_LENGTH = 300;

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

function formatFailure(f: MatchedFailure): string[] {
  const where = (ref: MatchedFailure['first']) => `${terminalSafe(ref.source)}:${ref.line}  ${terminalSafe(shorten(ref.text, SHOWN_LINE_LENGTH))}`;
  const signatures = f.signatures.map((s) => `${s.id} (${s.lines_matched})`).join(', ');
  const out = [
    `${f.id} [${f.severity}]${f.status === 'published' ? '' : ` (${f.status})`} ${terminalSafe(f.title)}`,
    `  ${plural(f.lines_matched, 'line')} matched: ${signatures}`,
    `  first  ${where(f.first)}`,
  ];
  if (f.lines_matched > 1) out.push(`  last   ${where(f.last)}`);
  if (f.remediations.length === 0) {
    out.push('  remediations: none published yet');
  } else {
    out.push('  remediations:');
    for (const r of f.remediations) {
      const automation = r.automation ? `, automation: ${r.automation}` : '';
      out.push(`    ${r.id}  ${r.type}, risk ${r.risk}, disruption ${r.disruption}, ${r.verification_status}${automation}`);
      out.push(`           ${terminalSafe(r.title)}  ${terminalSafe(r.html_url)}`);
    }
  }
  out.push(`  ${terminalSafe(f.html_url)}`);
  return out;
}

/** "FAIL-0201 seen below its threshold: ovn-leader-change matched 2 lines, needs 5 within 10m". */
export function belowThresholdText(f: MatchedFailure): string {
  const parts = f.signatures.filter((s) => s.below_threshold).map((s) => `${s.id} matched ${plural(s.lines_matched, 'line')}, needs ${s.below_threshold!.count} within ${s.below_threshold!.within}`);
  return `${f.id} seen below its threshold (not a failure yet): ${parts.join('; ')}. ${terminalSafe(f.html_url)}`;
}

export function formatReportText(report: MatchReport): string {
  const { scanned, failures } = report;
  const scope = `${plural(scanned.sources, 'log')} (${plural(scanned.lines, 'line')}, ${formatBytes(scanned.bytes)}) against ${plural(report.feed.signatures, 'signature')}`;
  const lines: string[] = [];
  for (const f of failures) lines.push(...formatFailure(f), '');
  if (failures.length === 0) lines.push(`No known failure found in ${scope}.`);
  else lines.push(`${plural(failures.length, 'known failure')} found (${plural(scanned.matched_lines, 'matching line')}) in ${scope}.`);
  for (const f of report.below_threshold) lines.push(belowThresholdText(f));
  if (scanned.truncated_lines > 0) lines.push(`${plural(scanned.truncated_lines, 'line')} longer than 64 KiB were matched on their first 64 KiB only.`);
  return `${lines.join('\n')}\n`;
}
