/**
 * npm run triage-comment -- --event <issue_comment event.json> --content <checkout>/content
 *
 * Applies a triage command typed as a comment (/link FAIL-ID, /duplicate-of FAIL-ID, /publish, /withdraw REASON)
 * to the intake pull request it belongs to, if the commenter has write access, and answers in one comment.
 * GitHub access uses $GITHUB_TOKEN and $GITHUB_API_URL. Exit 0: done or not a command; 1: refused (answered);
 * 2: usage or system error. See CONTRIBUTING.md ("How the work group triages").
 */
import { parseArgs } from 'node:util';
import { UsageError } from './lib/intake/event.ts';
import { runCommentCommand } from './lib/triage/comment-run.ts';

const USAGE = 'usage: npm run triage-comment -- --event <event.json> [--content <dir>] [--content-path content] [--today YYYY-MM-DD]';

try {
  const { values } = parseArgs({
    options: {
      event: { type: 'string' },
      content: { type: 'string' },
      'content-path': { type: 'string', default: 'content' },
      today: { type: 'string' },
    },
  });
  if (!values.event) throw new UsageError('--event is required');
  const token = process.env.GITHUB_TOKEN;
  if (!token) throw new UsageError('GITHUB_TOKEN is not set');
  const code = await runCommentCommand({
    event: values.event,
    content: values.content ?? process.env.CONTENT_DIR ?? 'content',
    contentPath: values['content-path'],
    token,
    apiUrl: process.env.GITHUB_API_URL ?? 'https://api.github.com',
    botLogin: process.env.BOT_LOGIN ?? 'github-actions[bot]',
    today: values.today ?? new Date().toISOString().slice(0, 10),
    out: (line) => console.log(line),
  });
  process.exit(code);
} catch (error) {
  console.error(`triage-comment: ${(error as Error).message}${error instanceof UsageError ? `\n${USAGE}` : ''}`);
  process.exit(2);
}
