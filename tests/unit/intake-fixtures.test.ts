/**
 * The intake on real-shaped issues, one folder per case in tests/fixtures/issues/ (every form, the rejections, and a
 * hostile corpus): the drafts it writes, its --json report and its comment are compared with the expected files;
 * every written file must pass the content check, stay inside the content root, and render as inert text.
 */
import { parseFrontmatter } from '@astrojs/internal-helpers/frontmatter';
import { markdownToHtml } from 'satteri';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { splitFrontmatter } from '../../src/lib/core/frontmatter.ts';
import { checkContentRoot } from '../../src/lib/core/integrity.ts';
import { neutralizeUnsafeMarkdown } from '../../src/lib/core/markdown-safety.ts';
import { CASES, caseFile, fixtureContentRoot, intake, listFiles, readCase } from '../fixtures/issues/harness.ts';

const EXIT = { drafted: 0, skipped: 0, rejected: 1, error: 2 } as const;
/** The only headings a draft body has: the intake's own sections. */
const SECTIONS = ['What happened', 'What the operator saw', 'Log excerpt', 'Impact', 'What was tried', 'What fixed it', 'Steps', 'Verification', 'Rollback', 'Notes'];

const render = (markdown: string) => markdownToHtml(markdown, { mdastPlugins: [neutralizeUnsafeMarkdown] }).html;

describe.each(CASES)('issue fixture %s', (name) => {
  test('event.json is the issue as GitHub sends it, with issue.md as its body', () => {
    const event = JSON.parse(readCase(name, 'event.json')) as { action: string; issue: { body: string; html_url: string }; repository: { full_name: string } };
    // A lone surrogate can only live in JSON; issue.md shows it as U+FFFD.
    expect(event.issue.body.toWellFormed()).toBe(readCase(name, 'issue.md'));
    expect(event.issue.html_url.startsWith(`https://github.com/${event.repository.full_name}/issues/`)).toBe(true);
  });

  test('the intake writes the expected drafts and reports the expected result', async () => {
    const root = fixtureContentRoot();
    const before = listFiles(root);
    const { code, out } = await intake({ event: caseFile(name, 'event.json'), contentDir: root, json: true });
    const report = JSON.parse(out) as { status: keyof typeof EXIT; files: string[] };
    await expect(`${JSON.stringify(report, null, 2)}\n`).toMatchFileSnapshot(caseFile(name, 'expected/result.json'));
    expect(code).toBe(EXIT[report.status]);

    const added = listFiles(root).filter((f) => !before.includes(f));
    expect(listFiles(root).filter((f) => before.includes(f))).toEqual(before);
    expect(added).toEqual([...report.files].sort());
    for (const file of added) {
      expect(file).toMatch(/^(failures\/FAIL|remediations\/REM|reports\/RPT)-\d{4}\.md$/);
      await expect(readFileSync(join(root, file), 'utf8')).toMatchFileSnapshot(caseFile(name, `expected/${file}`));
    }
    expect(checkContentRoot(root).problems).toEqual([]);
  });

  test('the comment it would post matches the expected comment', async () => {
    const { out } = await intake({ event: caseFile(name, 'event.json'), contentDir: fixtureContentRoot() });
    await expect(out).toMatchFileSnapshot(caseFile(name, 'expected/comment.md'));
    // Submitted text never mentions people from the bot's comment: an @ only appears inside code spans.
    expect(out.replace(/(`+)[^`]*?\1/g, '')).not.toMatch(/(^|\s)@[A-Za-z0-9]/m);
  });

  test('written drafts read the same in the content check and in Astro, and render as inert text', async () => {
    const root = fixtureContentRoot();
    const { out } = await intake({ event: caseFile(name, 'event.json'), contentDir: root, json: true });
    for (const file of (JSON.parse(out) as { files: string[] }).files) {
      const source = readFileSync(join(root, file), 'utf8');
      const ours = splitFrontmatter(source);
      const astro = parseFrontmatter(source);
      expect(astro.frontmatter).toEqual(ours.data);
      expect(source.endsWith('.mdx')).toBe(false);
      const html = render(ours.body);
      // Only the elements escaped text and code blocks produce, and no attribute but a code block's language.
      for (const [, tag, attributes] of html.matchAll(/<([a-z0-9]+)([^>]*)>/gi)) {
        expect(['p', 'br', 'code', 'pre', 'h2', 'ul', 'li']).toContain(tag);
        expect(attributes).toMatch(/^(?: class="language-[\w+-]+")?$/);
      }
      for (const heading of html.matchAll(/<h2[^>]*>(.*?)<\/h2>/g)) expect(SECTIONS).toContain(heading[1]);
    }
  });
});
