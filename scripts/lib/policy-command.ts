/**
 * The `policy check FILE` command: reads a cloud's policy file the way `match --follow --policy` and `export
 * --policy` read it, and says whether it is valid, and if not, every problem with its line and fix.
 */
import { readFileSync } from 'node:fs';
import { formatPolicyProblem, parsePolicy, PolicyError } from '../../src/lib/remediate/policy/parse-policy.ts';
import type { CommandIo } from './outcome.ts';

export const POLICY_USAGE = `Usage: policy check <file>

Checks a remediation policy file (schema: /api/v1/schema/policy.schema.json). Exit status: 0 valid, 2 invalid or
unreadable; every problem is printed as file:line: field: problem. Fix: …
`;

export function policyCommand(argv: readonly string[], io: CommandIo): number {
  const [verb, file, ...rest] = argv;
  if (verb === '-h' || verb === '--help') {
    io.out(POLICY_USAGE);
    return 0;
  }
  if (verb !== 'check' || file === undefined || rest.length > 0) {
    io.err(`policy: expected "policy check <file>". Fix: e.g. policy check /etc/failure-catalogue/policy.yaml\n`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    io.err(`policy: ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Fix: check the path\n`);
    return 2;
  }
  try {
    const policy = parsePolicy(text, file);
    const runs = policy.rules.filter((r) => r.action === 'run').length;
    io.out(`${file}: valid policy, ${policy.rules.length} rule${policy.rules.length === 1 ? '' : 's'} (${runs} that run unattended); no match means propose; throttle once within ${policy.throttle.once_within}; time limit ${policy.time_limit}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    for (const problem of error.problems) io.err(`${formatPolicyProblem(problem)}\n`);
    io.err(`policy: ${file} is not a valid policy (${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}); it would not be used, and nothing would run\n`);
    return 2;
  }
}
