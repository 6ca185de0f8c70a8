/**
 * The `export` command: the catalogue's detection rules and Ansible files regenerated for one cloud, from the
 * feed it subscribes to, with its own deployment profile (stream selectors for its log labels) and its own policy
 * (what the rulebook runs unattended). The same generators as the site's /api/v1/exports/ files
 * (src/lib/feed/exports), so a cloud gets exactly what the site would publish, but for its labels and its policy.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ExportFile } from '../../src/lib/feed/exports/export-file.ts';
import { ansiblePlaybooks } from '../../src/lib/feed/exports/ansible-playbooks.ts';
import { ansibleRulebook } from '../../src/lib/feed/exports/ansible-rulebook.ts';
import { lokiRuleFiles } from '../../src/lib/feed/exports/loki-rules.ts';
import { DEFAULT_PROFILE_ID, loadProfile, ProfileError } from '../../src/lib/feed/exports/profile-load.ts';
import { prometheusRuleFile } from '../../src/lib/feed/exports/prometheus-rules.ts';
import { ExportError, signatureAlerts } from '../../src/lib/feed/exports/signature-alerts.ts';
import { parseFeed } from '../../src/lib/matcher/feed-documents.ts';
import { DEFAULT_FEED_URL, defaultCacheDir, FeedLoadError, loadFeedDocuments } from '../../src/lib/matcher/node/feed-source.ts';
import { parsePolicy, PolicyError } from '../../src/lib/remediate/policy/parse-policy.ts';
import { formatProblem } from '../../src/lib/core/problems.ts';
import type { DeploymentProfile } from '../../src/schemas/deployment-profile.ts';
import { builtinProfileTexts } from './builtin-profiles.ts';
import type { CommandIo } from './outcome.ts';

const EXIT_OK = 0;
const EXIT_ERROR = 2;

export const EXPORT_USAGE = `Usage: export [options]

Writes the catalogue's detection rules and Ansible files for your cloud into a directory, from the feed you
subscribe to, with your deployment profile and your policy:
  loki.rules.yaml, loki/<service>.rules.yaml   Loki ruler rules (stream selectors from the profile)
  prometheus.rules.yaml                        Prometheus rules over match --follow's counter
  ansible/<REM-ID>.yml, ansible/rulebook.yml   playbooks and the Event-Driven Ansible rulebook (your policy)

Options:
  --feed <url-or-path>   the feed (default: ${DEFAULT_FEED_URL}, or FAILURE_CATALOGUE_FEED)
  --profile <id|file>    a built-in deployment profile (${Object.keys(builtinProfileTexts()).map((n) => n.replace(/\.yaml$/, '')).join(', ')}; default ${DEFAULT_PROFILE_ID})
                         or a profile file of your own
  --policy <file>        your policy file for the rulebook (default: propose everything, run nothing)
  --out <dir>            where to write (default: ./failure-catalogue-exports)
  --no-cache             download the feed without reading or writing the cache
  -h, --help             show this help

Exit status: 0 written, 2 error.
`;

class CommandError extends Error {}

export async function exportCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof CommandError || error instanceof FeedLoadError || error instanceof PolicyError || error instanceof ProfileError || error instanceof ExportError) {
      io.err(`export: ${error.message}\n`);
      return EXIT_ERROR;
    }
    throw error;
  }
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        feed: { type: 'string' },
        profile: { type: 'string' },
        policy: { type: 'string' },
        out: { type: 'string' },
        'no-cache': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new CommandError(`${(error as Error).message}. Fix: see export --help`);
  }
  const { values } = parsed;
  if (values.help) {
    io.out(EXPORT_USAGE);
    return EXIT_OK;
  }
  const profile = readProfile(values.profile ?? DEFAULT_PROFILE_ID);
  const policyFile = values.policy;
  const policy = policyFile === undefined ? undefined : parsePolicy(readText(policyFile, '--policy'), policyFile);

  const location = values.feed ?? process.env.FAILURE_CATALOGUE_FEED ?? DEFAULT_FEED_URL;
  const documents = await loadFeedDocuments(location, { cacheDir: values['no-cache'] ? undefined : defaultCacheDir() });
  for (const note of documents.notes) io.err(`export: ${note}\n`);
  const { feed, problems } = parseFeed(documents.failures, documents.remediations);
  if (!feed) throw new CommandError(`the feed from ${location} was refused:\n${problems.map(formatProblem).join('\n')}`);
  // The site the feed belongs to, for the files' headers: its failure pages live at <site>failures/<ID>/.
  const first = feed.failures[0];
  const siteUrl = first ? new URL('../../', first.html_url).href : location;

  const alerts = signatureAlerts(feed);
  const files: ExportFile[] = [
    ...lokiRuleFiles(alerts, { profile, siteUrl }),
    prometheusRuleFile(alerts, { siteUrl }),
    ...ansiblePlaybooks({ remediations: feed.remediations, schemaVersion: feed.schemaVersion }),
    ansibleRulebook({ failures: feed.failures, remediations: feed.remediations, schemaVersion: feed.schemaVersion, ...(policy ? { policy, policySource: policyFile } : {}) }),
  ];
  const out = resolve(values.out ?? 'failure-catalogue-exports');
  for (const file of files) {
    // Paths come from the generators (IDs validated by the feed schema, service IDs by TERM_ID), never from free text.
    const path = join(out, file.path);
    if (!path.startsWith(`${out}/`)) throw new CommandError(`refusing to write ${file.path} outside ${out}`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.body);
  }
  io.out(`${files.map((f) => join(out, f.path)).join('\n')}\n`);
  io.err(`export: wrote ${files.length} files to ${out} (profile ${profile.id}, ${policy ? `policy ${policyFile}` : 'default policy: propose everything'})\n`);
  return EXIT_OK;
}

function readText(file: string, option: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CommandError(`${option} ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Fix: check the path`);
  }
}

function readProfile(idOrFile: string): DeploymentProfile {
  const builtin = builtinProfileTexts()[`${idOrFile}.yaml`];
  if (builtin !== undefined) return loadProfile(builtin, `${idOrFile}.yaml (built in)`);
  if (/^[a-z0-9-]+$/.test(idOrFile)) {
    throw new CommandError(`--profile ${idOrFile}: is neither a built-in profile nor a file. Fix: use one of ${Object.keys(builtinProfileTexts()).map((n) => n.replace(/\.yaml$/, '')).join(', ')}, or the path of your profile file`);
  }
  return loadProfile(readText(idOrFile, '--profile'), idOrFile);
}
