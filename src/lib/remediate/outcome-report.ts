/**
 * Closing the loop: the "I hit this known failure too" issue form, filled in from a remediation run or an
 * operator's account, so filing the outcome is one click. Log lines and notes are redacted with the intake's own
 * redactor before they go into the URL (the URL ends up in browser history and GitHub's logs, before the intake
 * ever sees it), and the URL is kept under GitHub's length limit by leaving out log lines, which the notes then say.
 *
 * Field IDs are those of .github/ISSUE_TEMPLATE/hit-this-too.yml; tests/unit/remediate-outcome.test.ts checks the
 * form still has them and that every value this fills in is one of the form's options.
 */
import { issueFormUrl } from '../intake/forms.ts';
import { Redactor } from '../intake/redact.ts';
import { outcomes } from '../../schemas/report.ts';

/**
 * GitHub refuses a request URL longer than 8,191 bytes (HTTP 414; see github/docs#5136). The URL is ASCII once
 * percent-encoded, so characters are bytes; the margin leaves room for the browser adding nothing surprising.
 */
export const MAX_FORM_URL_LENGTH = 8000;
/** A single log line longer than this is cut: one stack trace on one line must not crowd out the others. */
export const MAX_LOG_LINE = 1000;

export type Outcome = (typeof outcomes)[number];
export const OUTCOMES: readonly Outcome[] = outcomes;
/** The form's option for "no remediation was tried". */
export const NO_OUTCOME_OPTION = 'did not try one';

export interface OutcomeReport {
  failureId: string;
  /** OpenStack release, e.g. 2025.1; "unknown" when not known. */
  release?: string;
  /** A deployment tool ID of the form's list (kolla-ansible, charms, …); empty when not known. */
  deploymentTool?: string;
  remediationId?: string;
  outcome?: Outcome;
  notes?: string;
  /** Log lines that show the failure; redacted and, if need be, trimmed here. */
  logLines?: readonly string[];
}

export interface OutcomeFormLink {
  url: string;
  /** Log lines in the URL, after redaction. */
  logLines: string[];
  /** Lines left out to stay under MAX_FORM_URL_LENGTH (the notes say so too). */
  omittedLines: number;
  /** Lines cut to MAX_LOG_LINE characters. */
  shortenedLines: number;
  /** What the redactor replaced, by kind, e.g. { hostname: 2 }. */
  redactions: Record<string, number>;
}

export function outcomeFormLink(report: OutcomeReport, maxLength = MAX_FORM_URL_LENGTH): OutcomeFormLink {
  const redactor = new Redactor();
  const rawLines = (report.logLines ?? []).filter((l) => l.trim() !== '');
  let shortenedLines = 0;
  const cutLines = rawLines.map((line) => {
    if (line.length <= MAX_LOG_LINE) return line;
    shortenedLines++;
    return `${line.slice(0, MAX_LOG_LINE)}…`;
  });
  // One redactor over notes and lines: a host gets the same placeholder in both.
  const redacted = redactor.redactFields([
    { id: 'notes', label: 'Notes', text: report.notes ?? '' },
    { id: 'logs', label: 'Log lines', text: cutLines.join('\n') },
  ]);
  const notes = redacted.get('notes')!;
  const lines = cutLines.length === 0 ? [] : redacted.get('logs')!.split('\n');

  const fields = (kept: number): Record<string, string> => {
    const omitted = lines.length - kept;
    const trimNote =
      omitted > 0 ? `${omitted} more log line${omitted === 1 ? ' was' : 's were'} left out to keep this link under GitHub's URL length limit; paste them into the Log lines field if they matter.` : '';
    const cutNote = shortenedLines > 0 ? `${shortenedLines} log line${shortenedLines === 1 ? ' was' : 's were'} cut to ${MAX_LOG_LINE} characters.` : '';
    return {
      failure_id: report.failureId,
      ...(report.release ? { release: report.release } : {}),
      ...(report.deploymentTool ? { deployment_tool: report.deploymentTool } : {}),
      ...(report.remediationId ? { remediation_id: report.remediationId } : {}),
      outcome: report.outcome ?? (report.remediationId ? '' : NO_OUTCOME_OPTION),
      notes: [notes, trimNote, cutNote].filter(Boolean).join('\n\n'),
      ...(kept > 0 ? { logs: lines.slice(0, kept).join('\n') } : {}),
    };
  };
  // Keep the first lines (the failure's first sign comes first): the most that fit, found by bisection, since the
  // link only grows with each line kept.
  const link = (kept: number) => issueFormUrl('hit-this-too', withoutEmpty(fields(kept)));
  let kept = lines.length;
  if (link(kept).length > maxLength) {
    let low = 0;
    let high = kept - 1;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (link(mid).length <= maxLength) low = mid;
      else high = mid - 1;
    }
    kept = low;
  }
  const url = link(kept);
  if (url.length > maxLength) throw new Error(`the filled-in form link is ${url.length} characters even without log lines (at most ${maxLength}): shorten the notes`);
  const redactions = Object.fromEntries(redactor.summary().map((s) => [s.kind, s.count]));
  return { url, logLines: lines.slice(0, kept), omittedLines: lines.length - kept, shortenedLines, redactions };
}

function withoutEmpty(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== ''));
}
