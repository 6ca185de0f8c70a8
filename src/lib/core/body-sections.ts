/**
 * FC017: a published entry has the sections an operator opens it for. A failure says how to confirm it
 * (`## Diagnosis`) and why it happens (`## Root cause`); a remediation says what to do (`## Steps`), how to know it
 * worked (`## Verification`) and how to undo it (`## Rollback`). Drafts are not checked: an intake draft holds the
 * submitter's own sections ("What happened", "Log excerpt") until the work group completes it, and `triage publish`
 * runs this check, so a draft cannot be published without them.
 */
import type { Problem } from './problems.ts';

export const requiredSections = {
  failures: ['Diagnosis', 'Root cause'],
  remediations: ['Steps', 'Verification', 'Rollback'],
} as const;

interface EntryBody {
  data: { status: string };
  body: string;
  file: string;
}

/** A level-2 heading with exactly that text, as Markdown and MDX bodies write it. */
function hasSection(body: string, heading: string): boolean {
  return body.split('\n').some((line) => line.trimEnd() === `## ${heading}`);
}

export function checkBodySections(collection: keyof typeof requiredSections, entries: readonly EntryBody[]): Problem[] {
  const problems: Problem[] = [];
  for (const { data, body, file } of entries) {
    if (data.status !== 'published') continue;
    for (const heading of requiredSections[collection]) {
      if (hasSection(body, heading)) continue;
      problems.push({
        code: 'FC017',
        file,
        field: 'body',
        message: `has no "## ${heading}" section, which every published ${collection === 'failures' ? 'failure' : 'remediation'} needs`,
        fix: `add a "## ${heading}" heading and its text to the body (CONTRIBUTING.md, "Writing an entry"), or keep the entry a draft`,
      });
    }
  }
  return problems;
}
