/**
 * The loop closes: the outcome link an operator (or the remediation runner) gets is the real "I hit this known
 * failure too" form with its fields filled, redacted, under GitHub's URL limit; and when GitHub renders those
 * answers into an issue, the intake drafts a report with the same failure, remediation, outcome, release, tool and
 * log lines, which is what the remediation pages count.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { splitFrontmatter } from '../../src/lib/core/frontmatter.ts';
import { parseIssueForm, type IssueForm } from '../../src/lib/intake/issue-forms.ts';
import { MAX_FORM_URL_LENGTH, OUTCOMES, outcomeFormLink } from '../../src/lib/remediate/outcome-report.ts';
import { caseFile, FORMS_DIR, fixtureContentRoot, intake, REPO_ROOT } from '../fixtures/issues/harness.ts';

const form: IssueForm = parseIssueForm('hit-this-too', readFileSync(join(FORMS_DIR, 'hit-this-too.yml'), 'utf8'));
const LINE = '2026-03-04 10:15:02.123 2741 ERROR oslo.messaging._drivers.impl_rabbit [-] AMQP server on ctl-01.prod.acme.corp:5672 is unreachable: timed out. Trying again in 1 seconds.: socket.timeout: timed out';

/** The issue body GitHub writes for a form submitted with these answers (see src/lib/intake/form-body.ts). */
function renderIssueBody(answers: Record<string, string>): string {
  return form.fields
    .map((f) => {
      const value = answers[f.id];
      if (f.type === 'checkboxes') return `### ${f.label}\n\n${f.options.map((o, i) => `- [${i === 0 ? 'X' : ' '}] ${o}`).join('\n')}`;
      if (value === undefined || value === '') return `### ${f.label}\n\n${f.type === 'dropdown' ? 'None' : '_No response_'}`;
      // Browsers submit textareas with CRLF line breaks, and GitHub keeps them.
      const text = f.type === 'textarea' ? value.replace(/\n/g, '\r\n') : value;
      return `### ${f.label}\n\n${f.render ? `\`\`\`${f.render}\n${text}\n\`\`\`` : text}`;
    })
    .join('\n\n');
}

describe('the issue form', () => {
  test('has every field the link fills in, and every outcome among its options', () => {
    const ids = form.fields.map((f) => f.id);
    for (const id of ['failure_id', 'release', 'deployment_tool', 'remediation_id', 'outcome', 'notes', 'logs']) expect(ids).toContain(id);
    expect(form.fields.find((f) => f.id === 'outcome')!.options).toEqual(expect.arrayContaining([...OUTCOMES, 'did not try one']));
    expect(form.fields.find((f) => f.id === 'logs')).toMatchObject({ type: 'textarea', render: 'shell', required: false });
  });
});

describe('outcomeFormLink', () => {
  test('fills the form and redacts host names the same way in notes and log lines', () => {
    const link = outcomeFormLink({ failureId: 'FAIL-0001', release: '2025.1', deploymentTool: 'kolla-ansible', remediationId: 'REM-0001', outcome: 'resolved', notes: 'Ran it on ctl-01.prod.acme.corp.', logLines: [LINE] });
    const url = new URL(link.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://github.com/openstack-failure-catalogue/failure-catalogue/issues/new');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ template: 'hit-this-too.yml', failure_id: 'FAIL-0001', release: '2025.1', deployment_tool: 'kolla-ansible', remediation_id: 'REM-0001', outcome: 'resolved' });
    expect(url.searchParams.get('notes')).toBe('Ran it on host-1.example.com.');
    expect(url.searchParams.get('logs')).toContain('AMQP server on host-1.example.com:5672');
    expect(link.url).not.toContain('acme');
    expect(link.redactions).toEqual({ hostname: 1 });
  });

  test('stays under GitHub\'s URL limit by leaving out the last lines, and says so', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `${LINE} #${i}`);
    const link = outcomeFormLink({ failureId: 'FAIL-0001', remediationId: 'REM-0001', logLines: lines });
    expect(link.url.length).toBeLessThanOrEqual(MAX_FORM_URL_LENGTH);
    expect(link.omittedLines).toBeGreaterThan(0);
    expect(link.logLines.length + link.omittedLines).toBe(400);
    const url = new URL(link.url);
    expect(url.searchParams.get('logs')!.split('\n')).toEqual(link.logLines);
    expect(link.logLines[0]).toMatch(/ #0$/);
    expect(url.searchParams.get('notes')).toContain(`${link.omittedLines} more log lines were left out`);
    // One more line would not have fitted.
    const bigger = outcomeFormLink({ failureId: 'FAIL-0001', remediationId: 'REM-0001', logLines: lines.slice(0, link.logLines.length + 1) }, Number.MAX_SAFE_INTEGER);
    expect(bigger.url.length).toBeGreaterThan(MAX_FORM_URL_LENGTH - 200);
  });

  test('cuts one huge line instead of losing all the others', () => {
    const link = outcomeFormLink({ failureId: 'FAIL-0001', logLines: ['x'.repeat(50_000), LINE] });
    expect(link.shortenedLines).toBe(1);
    expect(link.logLines).toHaveLength(2);
    expect(link.url.length).toBeLessThanOrEqual(MAX_FORM_URL_LENGTH);
  });
});

describe('the loop: link -> issue -> intake -> report', () => {
  test('the intake drafts a report of the outcome from the issue GitHub makes of the link', async () => {
    const link = outcomeFormLink({ failureId: 'FAIL-0001', release: '2025.2', deploymentTool: 'kolla-ansible', remediationId: 'REM-0001', outcome: 'partial', notes: 'Needed a second restart.', logLines: [LINE] });
    const answers = Object.fromEntries(new URL(link.url).searchParams);
    const event = JSON.parse(readFileSync(caseFile('hit-this-too', 'event.json'), 'utf8')) as { issue: { body: string; title: string } };
    event.issue.body = renderIssueBody(answers);
    event.issue.title = '[Occurrence]: broker unreachable again';
    const dir = mkdtempSync(join(tmpdir(), 'outcome-loop-'));
    writeFileSync(join(dir, 'event.json'), JSON.stringify(event));
    const root = fixtureContentRoot();
    const { code, out } = await intake({ event: join(dir, 'event.json'), contentDir: root, json: true });
    const result = JSON.parse(out) as { status: string; files: string[] };
    expect(result.status).toBe('drafted');
    expect(code).toBe(0);
    const { data, body } = splitFrontmatter(readFileSync(join(root, result.files[0]!), 'utf8'));
    expect(data).toMatchObject({ failure: 'FAIL-0001', remediation: 'REM-0001', outcome: 'partial', release: '2025.2', deployment_tool: 'kolla-ansible', status: 'draft' });
    expect(body).toContain('## Log excerpt');
    expect(body).toContain('AMQP server on host-1.example.com:5672 is unreachable');
    expect(body).toContain('Needed a second restart.');
  });
});

describe('npm run outcome', () => {
  const outcome = (args: string[]) => spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'node'), [join(REPO_ROOT, 'scripts', 'outcome.ts'), ...args], { encoding: 'utf8' });

  test('prints the link on stdout and what it redacted on stderr', () => {
    const logFile = join(mkdtempSync(join(tmpdir(), 'outcome-cli-')), 'excerpt.log');
    writeFileSync(logFile, `${LINE}\n\n`);
    const result = outcome(['FAIL-0001', '--remediation', 'REM-0001', '--outcome', 'resolved', '--release', '2025.1', '--tool', 'kolla-ansible', '--log', logFile]);
    expect(result.status).toBe(0);
    const url = new URL(result.stdout.trim());
    expect(url.searchParams.get('logs')).toContain('host-1.example.com');
    expect(result.stderr).toContain('redacted 1 hostname');
  });

  test.each([
    [['FAIL-1'], 'is not a failure ID'],
    [['FAIL-0001', '--outcome', 'fixed', '--remediation', 'REM-0001'], 'is not an outcome'],
    [['FAIL-0001', '--outcome', 'resolved'], 'no --remediation'],
    [['FAIL-0001', '--release', 'zed'], 'is not a release'],
    [['FAIL-0001', '--log', '/nonexistent/excerpt.log'], 'cannot be read'],
  ])('refuses %j with a message that says how to fix it', (args, message) => {
    const result = outcome(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Fix:');
    expect(result.stdout).toBe('');
  });
});
