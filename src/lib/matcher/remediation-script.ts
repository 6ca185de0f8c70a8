/**
 * A remediation's automation as a file to review: the code as published, under a comment header with what an
 * operator must know before running it (what it fixes, type, risk, disruption, prerequisites, how to verify,
 * how to roll back). Writing it is all the matcher does; nothing is ever run.
 *
 * Every header line is a comment. Feed text is untrusted, so it is split at every character any of the target
 * languages (sh, YAML, Python) could read as a line break, and each piece gets its own "# ": no title or
 * prerequisite can end the comment and become code.
 */
import type { FeedRemediation } from '../../schemas/feed.ts';
import { terminalSafe } from './report-text.ts';

const EXTENSIONS: Record<NonNullable<FeedRemediation['automation']>['kind'], string> = {
  shell: 'sh',
  'openstack-cli': 'sh',
  ansible: 'yml',
  python: 'py',
};

const LINE_BREAKS = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/;

export interface RemediationScript {
  /** `REM-0001.sh`: the ID is validated by the feed schema, so it is a safe file name. */
  fileName: string;
  content: string;
}

export interface ScriptContext {
  /** The failures found in the logs that this remediation fixes. */
  fixes: ReadonlyArray<{ id: string; title: string }>;
  feedSource: string;
  /** ISO timestamp of the scan. */
  writtenAt: string;
}

export function remediationScript(remediation: FeedRemediation, context: ScriptContext): RemediationScript | null {
  const automation = remediation.automation;
  if (!automation) return null;
  const yesNo = (value: boolean) => (value ? 'yes' : 'no');
  const verified = remediation.verification.releases.length > 0 ? ` (${remediation.verification.releases.join(', ')})` : '';
  const header: string[] = [
    `${remediation.id}: ${remediation.title}`,
    `Type: ${remediation.type}. Risk: ${remediation.risk}. Disruption: ${remediation.disruption}. Reversible: ${yesNo(remediation.reversible)}. Idempotent: ${yesNo(remediation.idempotent)}.`,
    `Verification status: ${remediation.verification.status}${verified}`,
    `Fixes, as found in the scanned logs: ${context.fixes.map((f) => `${f.id} (${f.title})`).join('; ')}`,
    `Details: ${remediation.html_url}`,
    '',
    ...(automation.description ? ['What this code does:', ...indent(automation.description), ''] : []),
    'Prerequisites:',
    ...(remediation.prerequisites.length > 0 ? remediation.prerequisites.flatMap((p) => indent(`- ${p}`)) : ['  none listed']),
    '',
    'How to verify it worked:',
    ...indent(remediation.verification.how),
    '',
    'Rollback:',
    ...indent(markdownSection(remediation.details, 'Rollback') ?? `see ${remediation.html_url}`),
    '',
    `Written by the Failure Catalogue matcher from ${context.feedSource} at ${context.writtenAt}.`,
    'Nothing has been run. Review this file, then run it yourself where and when the remediation says.',
  ];
  const comment = header.flatMap((line) => line.split(LINE_BREAKS)).map((line) => (line ? `# ${terminalSafe(line)}` : '#'));
  // A shebang only works on the first line, so it stays there, above the header.
  const code = automation.code.endsWith('\n') ? automation.code : `${automation.code}\n`;
  const shebang = /^#![^\n]*\n/.exec(code)?.[0] ?? '';
  const content = `${shebang}${comment.join('\n')}\n\n${code.slice(shebang.length)}`;
  return { fileName: `${remediation.id}.${EXTENSIONS[automation.kind]}`, content };
}

function indent(text: string): string[] {
  return text.split(LINE_BREAKS).map((line) => (line.trim() ? `  ${line}` : ''));
}

/** The text under `## <heading>` in an entry's Markdown body, up to the next heading of that level. */
export function markdownSection(markdown: string, heading: string): string | null {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === `## ${heading}`);
  if (start < 0) return null;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => /^## /.test(line));
  const section = (end < 0 ? rest : rest.slice(0, end)).join('\n').trim();
  return section || null;
}
