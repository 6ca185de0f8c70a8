#!/usr/bin/env node
/**
 * failure-catalogue <command> [...]: the catalogue's tools for a cloud, as one program. Published as one
 * self-contained file, /tools/failure-catalogue.mjs (built by src/integrations/standalone-tool.ts), that runs on
 * Node 20 or newer with no npm install; and as this repository's npm `bin`.
 *
 *   match    scan or follow logs for known failures (the same program as `npm run match`)
 *   export   detection rules and Ansible files for your deployment profile and policy
 *   policy   policy check FILE: validate a remediation policy
 *   outcome  the filled-in "I hit this known failure too" link for a remediation's outcome
 */
import { exportCommand } from './lib/export-command.ts';
import { outcomeCommand } from './lib/outcome.ts';
import { policyCommand } from './lib/policy-command.ts';
import { runMatchCli } from './match.ts';
import { FEED_SCHEMA_VERSION } from '../src/schemas/feed.ts';

const USAGE = `Usage: failure-catalogue <command> [options]

The Failure Catalogue's tools for an OpenStack cloud (feed schema ${FEED_SCHEMA_VERSION}).

Commands:
  match [options] [<file>... | -]   scan logs for known failures, or follow them (--follow); see match --help
  export [options]                  write Loki/Prometheus rules and Ansible playbooks + rulebook for your
                                    deployment profile and policy; see export --help
  policy check <file>               validate a remediation policy file
  outcome <FAIL-ID> [options]       print the filled-in issue form link to report how a remediation went

Run failure-catalogue <command> --help for a command's options.
`;

const io = {
  out: (text: string) => process.stdout.write(text),
  err: (text: string) => process.stderr.write(text),
  stdin: () => 0,
};

const [command, ...rest] = process.argv.slice(2);
switch (command) {
  case 'match':
    runMatchCli(rest);
    break;
  case 'export':
    process.exitCode = await exportCommand(rest, io);
    break;
  case 'policy':
    process.exitCode = policyCommand(rest, io);
    break;
  case 'outcome':
    process.exitCode = outcomeCommand(rest, io);
    break;
  case undefined:
  case '-h':
  case '--help':
  case 'help':
    io.out(USAGE);
    process.exitCode = command === undefined ? 2 : 0;
    break;
  default:
    io.err(`failure-catalogue: ${JSON.stringify(command)} is not a command. Fix: use match, export, policy or outcome (see --help)\n`);
    process.exitCode = 2;
}
