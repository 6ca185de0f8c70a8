/**
 * npm run check: validates every entry and taxonomy file under the content root (CONTENT_DIR or content/)
 * without building the site. One line per problem; exit 1 when there is any.
 */
import { contentRoot } from '../src/lib/core/content-root.ts';
import { checkContentRoot } from '../src/lib/core/integrity.ts';
import { formatProblem } from '../src/lib/core/problems.ts';

const started = performance.now();
const root = contentRoot();
const { content, problems } = checkContentRoot(root);
const seconds = ((performance.now() - started) / 1000).toFixed(1);

for (const problem of problems) console.error(formatProblem(problem));
const counts = `${content.failures.length} failures, ${content.remediations.length} remediations, ${content.reports.length} reports`;
if (problems.length > 0) {
  console.error(`\n${problems.length} problem${problems.length === 1 ? '' : 's'} in ${root} (${counts} valid) in ${seconds}s`);
  process.exit(1);
}
console.log(`Content OK: ${counts} in ${root} (${seconds}s)`);
