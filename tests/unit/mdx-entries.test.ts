/**
 * MDX entries: what the content check lets an .mdx entry contain (the documented components with string
 * attributes, nothing that runs), and the plain Markdown the feed carries for it.
 */
import { describe, expect, test } from 'vitest';
import { checkContentRoot } from '../../src/lib/core/integrity.ts';
import { serializeEntry } from '../../src/lib/core/entry-writer.ts';
import { checkMdx } from '../../src/lib/core/mdx/policy.ts';
import { feedBody, mdxToMarkdown } from '../../src/lib/core/mdx/to-markdown.ts';
import { makeFailure, makeReport, writeContentRoot } from '../fixtures/entries.ts';
import { draftFixtureIssues, fixtureContentRoot, PREVIEW_CASES } from '../fixtures/issues/harness.ts';

const GOOD = `import Step from '../../src/components/mdx/Step.astro';

## Diagnosis

<Steps>
<Step title="Check the listeners">

\`\`\`console
# rabbitmq-diagnostics -q listeners   # {braces} and <tags> in code are text
\`\`\`

<Check>
Port 5672 is listed, as \`{"port": 5672}\` shows.
</Check>
</Step>
</Steps>

<ToolCommands tool="kolla-ansible" releases="2024.2 onward">
Literal braces are escaped: \\{ and \\}.
</ToolCommands>
`;

describe('what an .mdx entry may contain', () => {
  test('the entry components, with string attributes, and their imports', () => {
    expect(checkMdx(GOOD)).toEqual([]);
  });

  test.each([
    ['an expression', 'Uptime: {process.uptime()}', 'has a { } expression'],
    ['an expression attribute', '<Step title={`x`}>', 'has a { } expression'],
    ['another import', "import fs from 'node:fs';", 'has an import other than one of the entry components'],
    ['an export', 'export const x = 1;', 'has an export other than one of the entry components'],
    ['a component under another name', "import Step from '../components/mdx/Check.astro';", 'has an import other than'],
    ['an HTML element', '<script>alert(1)</script>', 'uses the element <script>'],
    ['an unknown component', '<Tabs>', 'uses the element <Tabs>'],
    ['a missing required attribute', '<ToolCommands>', '<ToolCommands> has no tool attribute'],
    ['an unknown attribute', '<Step title="a" onclick="x">', 'gives <Step> the attribute onclick'],
  ])('rejects %s', (_name, source, message) => {
    const issues = checkMdx(`Intro.\n\n${source}\n`);
    expect(issues.map((i) => i.message).join('\n')).toContain(message);
    expect(issues[0]!.line).toBe(3);
  });

  test('the content check fails an .mdx entry that breaks the rules, naming the file and its line', () => {
    const text = serializeEntry(makeFailure(), '## Diagnosis\n\n{1 + 1}\n');
    const line = text.split('\n').indexOf('{1 + 1}') + 1;
    const root = writeContentRoot({ raw: { 'failures/FAIL-0001.mdx': text } });
    expect(checkContentRoot(root).problems).toContainEqual(expect.objectContaining({ code: 'FC014', file: expect.stringContaining('FAIL-0001.mdx') as unknown as string, field: `line ${line}` }));
  });

  test('the intake writes Markdown only, never MDX (submitted text is data, not code)', async () => {
    const drafted = await draftFixtureIssues(fixtureContentRoot(), PREVIEW_CASES);
    const files = Object.values(drafted).flat();
    expect(files.length).toBeGreaterThan(3);
    expect(files.filter((f) => !f.endsWith('.md'))).toEqual([]);
  });

  test('reports are never MDX (the intake writes them)', () => {
    const root = writeContentRoot({ failures: [makeFailure()], raw: { 'reports/RPT-0001.mdx': serializeEntry(makeReport({ remediation: undefined }), 'Body.') } });
    expect(checkContentRoot(root).problems).toContainEqual(expect.objectContaining({ code: 'FC014', message: expect.stringContaining('reports are written by the intake') as unknown as string }));
  });
});

describe('the feed carries an MDX body as plain Markdown', () => {
  test('components become the Markdown a reader would write; code is left alone', () => {
    const markdown = mdxToMarkdown(GOOD, (id) => (id === 'kolla-ansible' ? 'Kolla-Ansible' : id));
    expect(markdown).not.toMatch(/<\/?(Steps|Step|Check|ToolCommands)\b|^import /m);
    expect(markdown).toContain('**Step 1. Check the listeners**');
    expect(markdown).toContain('**Check:**');
    expect(markdown).toContain('**With Kolla-Ansible (2024.2 onward):**');
    expect(markdown).toContain('# rabbitmq-diagnostics -q listeners   # {braces} and <tags> in code are text');
  });

  test('a Markdown body is published as written', () => {
    expect(feedBody('<Step title="x">', 'content/failures/FAIL-0001.md')).toBe('<Step title="x">');
  });
});
