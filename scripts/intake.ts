/**
 * npm run intake -- --event <github-event.json> [--content <dir>] [--offline] [--json]
 * npm run intake -- --batch <label> [--repo <owner>/<name>] [--content <dir>] [--json]
 *
 * Turns an issue filed through one of the intake forms into draft entries under the content directory, and (unless
 * --offline) posts the result on the issue and opens a pull request with the drafts. Exit 0 when a draft was
 * written (or the issue is not a submission), 1 when the submission was rejected with reasons, 2 on usage or
 * system errors. See CONTRIBUTING.md ("How the intake works").
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { resolveContentDir, runIntake } from './lib/intake/run.ts';

const USAGE = `usage: npm run intake -- --event <github-event.json> [--content <dir>] [--offline] [--json]
       npm run intake -- --batch <label> [--repo <owner>/<name>] [--content <dir>] [--json]

  --event <file>    the "issues" event payload (GitHub Actions: $GITHUB_EVENT_PATH)
  --batch <label>   process every open issue with this label instead
  --repo <o>/<n>    repository for --batch (default: $GITHUB_REPOSITORY)
  --content <dir>   content root to write drafts into (default: $CONTENT_DIR or content)
  --offline         no GitHub calls: write the draft and print the comment that would be posted
  --json            print {status, files, errors, similar, redactions}
GitHub access uses $GITHUB_TOKEN and $GITHUB_API_URL (default https://api.github.com).`;

let values;
try {
  ({ values } = parseArgs({
    options: {
      event: { type: 'string' },
      batch: { type: 'string' },
      repo: { type: 'string' },
      content: { type: 'string' },
      offline: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (error) {
  console.error(`intake: ${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if ((values.event === undefined) === (values.batch === undefined) || (values.batch !== undefined && values.offline)) {
  console.error(`intake: give either --event or --batch (batch mode needs GitHub, so not --offline)\n${USAGE}`);
  process.exit(2);
}

process.exitCode = await runIntake({
  ...(values.event !== undefined ? { event: values.event } : {}),
  ...(values.batch !== undefined ? { batch: values.batch } : {}),
  ...(values.repo !== undefined ? { repo: values.repo } : {}),
  contentDir: resolveContentDir(values.content, process.env),
  offline: values.offline,
  json: values.json,
  repoRoot: process.cwd(),
  formsDir: resolve('.github/ISSUE_TEMPLATE'),
  env: process.env,
  out: (text) => console.log(text),
  err: (text) => console.error(text),
});
