/**
 * npm run triage: the work group's decisions as commands instead of hand-edited frontmatter.
 *
 *   npm run triage -- link RPT-0012 FAIL-0007          the report is an occurrence of the failure
 *   npm run triage -- publish FAIL-0123                a draft becomes public
 *   npm run triage -- merge FAIL-0007 FAIL-0123        FAIL-0007 absorbs its duplicate FAIL-0123
 *   npm run triage -- withdraw REM-0040 --reason "..." [--superseded-by REM-0041]
 *   npm run triage -- verify REM-0001 [--apply]         proposes (and with --apply writes) its verification status
 *
 * Every verb is atomic: it applies the whole change to a copy, runs the content check, and writes nothing if the
 * change adds a problem. --dry-run prints the diff without writing. Works on CONTENT_DIR when it is set.
 * Exit 0: done (or proposed); 1: refused, with the reason, nothing written; 2: usage error.
 */
import { parseArgs } from 'node:util';
import { contentRoot } from '../src/lib/core/content-root.ts';
import { checkContentRoot } from '../src/lib/core/integrity.ts';
import { applyTriage } from '../src/lib/intake/triage/apply.ts';
import { EntryEdits } from '../src/lib/intake/triage/entry-edits.ts';
import { link, merge, publish, Refusal, verify, withdraw, type TriageContext, type VerbResult } from '../src/lib/intake/triage/verbs.ts';

const usage = `usage: npm run triage -- <verb> [--dry-run]
  link <RPT-ID> <FAIL-ID>
  publish <FAIL-ID|REM-ID>
  merge <KEEP-FAIL-ID> <DROP-FAIL-ID>
  withdraw <FAIL-ID|REM-ID> --reason "why" [--superseded-by ID]
  verify <REM-ID> [--apply]`;

function usageError(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      apply: { type: 'boolean', default: false },
      reason: { type: 'string' },
      'superseded-by': { type: 'string' },
      today: { type: 'string' },
    },
  });
} catch (error) {
  usageError((error as Error).message);
}
const { positionals, values: args } = parsed;
const [verb, ...ids] = positionals;
const arity: Record<string, number> = { link: 2, publish: 1, merge: 2, withdraw: 1, verify: 1 };
if (verb === undefined || arity[verb] === undefined) usageError(`unknown verb ${verb ?? '(none)'}`);
if (ids.length !== arity[verb]) usageError(`${verb} takes ${arity[verb]} ID${arity[verb] === 1 ? '' : 's'}, got ${ids.length}`);
if (verb === 'withdraw' && args.reason === undefined) usageError('withdraw needs --reason "why"');
const today = args.today ?? new Date().toISOString().slice(0, 10);
if (!/^\d{4}-\d\d-\d\d$/.test(today)) usageError('--today must be YYYY-MM-DD');

const root = contentRoot();
const { content } = checkContentRoot(root);
const ctx: TriageContext = { content, edits: new EntryEdits(), today };

try {
  const run: Record<string, () => VerbResult> = {
    link: () => link(ctx, ids[0]!, ids[1]!),
    publish: () => publish(ctx, ids[0]!),
    merge: () => merge(ctx, ids[0]!, ids[1]!),
    withdraw: () => withdraw(ctx, ids[0]!, args.reason!, args['superseded-by']),
    verify: () => verify(ctx, ids[0]!, args.apply),
  };
  const result = run[verb]!();
  const applied = applyTriage(root, ctx.edits, { dryRun: args['dry-run'] });
  for (const change of result.changes) console.log(change);
  for (const note of result.notes) console.log(`\n${note}`);
  if (args['dry-run'] && applied.diff) console.log(`\nWould write (dry run, nothing changed):\n${applied.diff}`);
  else if (applied.files.length > 0) console.log(`\nWrote ${applied.files.join(', ')}`);
} catch (error) {
  if (!(error instanceof Refusal)) throw error;
  console.error(`Refused: ${error.message}`);
  process.exit(1);
}
