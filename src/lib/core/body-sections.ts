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

/** The texts of the body's level-2 headings (`## Root cause` -> `Root cause`), as Markdown and MDX bodies write them. */
function sectionHeadings(body: string): Set<string> {
  return new Set(body.split('\n').filter((line) => line.startsWith('## ')).map((line) => line.slice(3).trimEnd()));
}

export function checkBodySections(collection: keyof typeof requiredSections, entries: readonly EntryBody[]): Problem[] {
  const problems: Problem[] = [];
  for (const { data, body, file } of entries) {
    if (data.status !== 'published') continue;
    const headings = sectionHeadings(body);
    for (const heading of requiredSections[collection]) {
      if (headings.has(heading)) continue;
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
