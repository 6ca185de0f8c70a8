/**
 * Every remediation with automation as an Ansible playbook, `ansible/<REM-ID>.yml`, for operators and for the
 * Event-Driven Ansible rulebook (ansible-rulebook.ts) to run.
 *
 * - kind `ansible`: the remediation's own YAML, parsed (never spliced). A list of plays is published as written; a
 *   task list (or one task) becomes the tasks of a play on the hosts the caller names.
 * - kinds `shell`, `openstack-cli`, `python`: one command task that hands the code to its interpreter as data:
 *   `argv: [sh, -c, CODE, REM-ID, ARGS...]`, with CODE in a task variable tagged `!unsafe`, so Jinja never evaluates
 *   it (a `{{` in a shell script stays literal) and no shell quoting is involved. A shell step cannot be dry-run, so
 *   in check mode (`--check`) the task is skipped and a message says so: nothing is executed.
 *
 * Wrapped playbooks read three variables: `failure_catalogue_hosts` (required: the host pattern to run on; the
 * rulebook passes the alert's host), `failure_catalogue_args` (list of arguments for the script, default none) and
 * `failure_catalogue_timeout` (seconds, default 600; the rulebook passes the policy's time limit).
 */
import { isMap, isScalar, isSeq, YAMLSeq, type Document, type YAMLMap } from 'yaml';
import { FEED_SCHEMA_VERSION, type FeedRemediation } from '../../../schemas/feed.ts';
import { ansibleDocument, commentBlock, isDoubleQuotable, markUnsafe, markUnsafeIfBraced, oneLine, parseAnsibleYaml, stringifyAnsible, UNSAFE_TAG } from './ansible-yaml.ts';
import { YAML_CONTENT_TYPE, type ExportFile } from './export-file.ts';

export const PLAYBOOK_DIR = 'ansible';
export const HOSTS_VARIABLE = 'failure_catalogue_hosts';
export const ARGS_VARIABLE = 'failure_catalogue_args';
export const TIMEOUT_VARIABLE = 'failure_catalogue_timeout';
export const DEFAULT_TIMEOUT_SECONDS = 600;

const CODE_VARIABLE = 'failure_catalogue_code';
const RESULT_VARIABLE = 'failure_catalogue_result';
const TIMEOUT = `{{ ${TIMEOUT_VARIABLE} | default(${DEFAULT_TIMEOUT_SECONDS}) | int }}`;

export interface PlaybookInput {
  remediations: readonly FeedRemediation[];
  /** Version of the feed the remediations come from (its schema_version); defaults to this build's. */
  schemaVersion?: string;
}

/** The remediations that get a playbook: published or draft ones with automation (withdrawn ones are tombstones). */
export function playbookRemediations(remediations: readonly FeedRemediation[]): FeedRemediation[] {
  return remediations.filter((r) => r.automation && r.status !== 'withdrawn');
}

export function playbookPath(remediationId: string): string {
  return `${PLAYBOOK_DIR}/${remediationId}.yml`;
}

export function ansiblePlaybooks(input: PlaybookInput): ExportFile[] {
  return playbookRemediations(input.remediations).map((r) => ansiblePlaybook(r, input.schemaVersion ?? FEED_SCHEMA_VERSION));
}

export function ansiblePlaybook(remediation: FeedRemediation, schemaVersion: string = FEED_SCHEMA_VERSION): ExportFile {
  const automation = remediation.automation;
  if (!automation) throw new Error(`${remediation.id} has no automation, so it has no playbook`);
  const { doc, how } = automation.kind === 'ansible' ? asWritten(remediation, automation.code) : wrapped(remediation);
  doc.commentBefore = commentBlock([...header(remediation, schemaVersion, how), ...(doc.commentBefore ? ['', ...doc.commentBefore.split('\n')] : [])]);
  const body = stringifyAnsible(doc);
  checkRoundTrip(remediation, body);
  return {
    path: playbookPath(remediation.id),
    contentType: YAML_CONTENT_TYPE,
    body,
    description: `Ansible playbook for ${remediation.id} (${oneLine(remediation.title)}), from its ${automation.kind} automation.`,
  };
}

function header(r: FeedRemediation, schemaVersion: string, how: string[]): string[] {
  const yesNo = (value: boolean) => (value ? 'yes' : 'no');
  return [
    `${r.id}: ${r.title}`,
    `Details: ${r.html_url}`,
    `Fixes: ${r.fixes.join(', ')}`,
    `Type: ${r.type}. Risk: ${r.risk}. Disruption: ${r.disruption}. Reversible: ${yesNo(r.reversible)}. Idempotent: ${yesNo(r.idempotent)}.`,
    `Verification: ${r.verification.status}${r.verification.releases.length > 0 ? ` (${r.verification.releases.join(', ')})` : ''}.`,
    `Catalogue: ${r.id} as modified ${r.modified}, Failure Catalogue feed schema ${schemaVersion}.`,
    ...(r.prerequisites.length > 0 ? ['Prerequisites:', ...r.prerequisites.map((p) => `  - ${p}`)] : []),
    '',
    ...how,
  ];
}

/** kind ansible: parsed, then published as plays, or as the tasks of one play. */
function asWritten(r: FeedRemediation, code: string): { doc: Document; how: string[] } {
  const parsed = parseAnsibleYaml(code);
  const error = parsed.errors[0];
  if (error) throw new Error(`${r.id}: automation.code (kind ansible) is not valid YAML: ${error.message.split('\n')[0]}`);
  const contents = parsed.contents;
  const isPlay = (item: unknown) => isMap(item) && (item.has('hosts') || item.has('import_playbook') || item.has('ansible.builtin.import_playbook'));
  if (isSeq(contents) && contents.items.length > 0 && contents.items.every(isPlay)) {
    return { doc: parsed, how: ['The remediation\'s own Ansible playbook, as written. Check mode (--check) works as its modules support it.', `Run: ansible-playbook ${r.id}.yml [--check]`] };
  }
  if (isMap(contents) && isPlay(contents)) {
    parsed.contents = new YAMLSeq();
    (parsed.contents as YAMLSeq).items.push(contents);
    return { doc: parsed, how: ['The remediation\'s own Ansible play, as written. Check mode (--check) works as its modules support it.', `Run: ansible-playbook ${r.id}.yml [--check]`] };
  }
  const tasks = isSeq(contents) ? contents : isMap(contents) ? Object.assign(new YAMLSeq(), { items: [contents] }) : null;
  if (!tasks || tasks.items.length === 0 || !tasks.items.every(isMap)) {
    throw new Error(`${r.id}: automation.code (kind ansible) must be a list of plays or a list of tasks`);
  }
  const doc = ansibleDocument([play(r, [])]);
  markUnsafeIfBraced(doc, [0, 'name']);
  const playNode = (doc.contents as YAMLSeq).items[0] as YAMLMap;
  playNode.set('tasks', tasks);
  doc.commentBefore = parsed.commentBefore ?? null;
  return {
    doc,
    how: [
      'The remediation\'s own Ansible tasks, as written, in a play on the hosts you name. Check mode (--check) works as its modules support it.',
      ...usage(r, false),
    ],
  };
}

function play(r: FeedRemediation, tasks: unknown[]): Record<string, unknown> {
  return {
    name: `${r.id}: ${oneLine(r.title)}`,
    hosts: `{{ ${HOSTS_VARIABLE} | mandatory('Name the hosts to run ${r.id} on: -e ${HOSTS_VARIABLE}=HOST') }}`,
    gather_facts: false,
    // A time limit on every task of the run: the rulebook passes the policy's, operators may pass their own.
    timeout: TIMEOUT,
    tasks,
  };
}

function usage(r: FeedRemediation, takesArgs: boolean): string[] {
  return [
    `Run: ansible-playbook -i INVENTORY ${r.id}.yml -e ${HOSTS_VARIABLE}=HOST [--check] [--become]`,
    ...(takesArgs ? [`Arguments for the script: -e '{"${ARGS_VARIABLE}": ["ARG", ...]}'`] : []),
    `Time limit per task: -e ${TIMEOUT_VARIABLE}=SECONDS (default ${DEFAULT_TIMEOUT_SECONDS}).`,
  ];
}

/** The interpreter for the code: the shebang's shell if it is one we know, else sh; python3 for python. */
export function interpreter(kind: 'shell' | 'openstack-cli' | 'python', code: string): string[] {
  if (kind === 'python') return ['python3', '-c'];
  const shebang = /^#!\s*(\S+)(.*)$/m.exec(code.split('\n', 1)[0] ?? '');
  if (shebang) {
    const [program, ...rest] = [shebang[1]!, ...shebang[2]!.trim().split(/\s+/).filter(Boolean)];
    const [shell, ...flags] = program.endsWith('/env') ? rest : [program, ...rest];
    const known = ['sh', 'bash', 'dash', 'ksh', 'zsh', 'ash'];
    if (shell && known.includes(shell.split('/').pop()!) && flags.every((f) => /^-[a-zA-Z]+$/.test(f))) return [shell, ...flags, '-c'];
  }
  return ['/bin/sh', '-c'];
}

function wrapped(r: FeedRemediation): { doc: Document; how: string[] } {
  const automation = r.automation!;
  const kind = automation.kind as 'shell' | 'openstack-cli' | 'python';
  const argv0 = interpreter(kind, automation.code);
  // Code PyYAML could not carry verbatim (rare control characters) travels base64-encoded, decoded on the controller.
  const encoded = !isDoubleQuotable(automation.code);
  const codeExpression = encoded ? `(${CODE_VARIABLE} | b64decode)` : CODE_VARIABLE;
  const argv = `{{ ${JSON.stringify(argv0)} + [${codeExpression}, ${JSON.stringify(r.id)}] + (${ARGS_VARIABLE} | default([])) }}`;
  const language = kind === 'python' ? 'Python' : kind === 'openstack-cli' ? 'openstack CLI' : 'shell';
  const aLanguage = `${kind === 'openstack-cli' ? 'an' : 'a'} ${language}`;
  const task = {
    name: `${r.id}: ${oneLine(r.title)}`,
    'ansible.builtin.command': { argv },
    vars: { [CODE_VARIABLE]: encoded ? Buffer.from(automation.code, 'utf8').toString('base64') : automation.code },
    when: 'not ansible_check_mode',
    register: RESULT_VARIABLE,
  };
  const tasks = [
    {
      name: `Check mode: ${r.id} is not run`,
      'ansible.builtin.debug': {
        msg: `Check mode: the ${language} code of ${r.id} was NOT run, because ${aLanguage} step cannot be dry-run. Review it above, then run without --check to apply it.`,
      },
      when: 'ansible_check_mode',
    },
    task,
    {
      name: `Output of ${r.id}`,
      'ansible.builtin.debug': { msg: `{{ ${RESULT_VARIABLE}.stdout_lines + ${RESULT_VARIABLE}.stderr_lines }}` },
      when: 'not ansible_check_mode',
    },
  ];
  const doc = ansibleDocument([play(r, tasks)]);
  if (!encoded) markUnsafe(doc, [0, 'tasks', 1, 'vars', CODE_VARIABLE]);
  markUnsafeIfBraced(doc, [0, 'name']);
  markUnsafeIfBraced(doc, [0, 'tasks', 1, 'name']);
  const description = automation.description ? ['What the code does:', `  ${automation.description}`] : [];
  return {
    doc,
    how: [
      ...description,
      `The ${language} code runs as: ${[...argv0, 'CODE', r.id, 'ARGS...'].join(' ')} (tagged !unsafe: Jinja never evaluates it${encoded ? '; base64-encoded because it holds characters YAML 1.1 cannot carry' : ''}).`,
      `Check mode (--check) skips it and says so: ${aLanguage} step cannot be dry-run.`,
      ...usage(r, /\$[1-9@*#]|\$\{[1-9@*#]|sys\.argv/.test(automation.code)),
    ],
  };
}

/** The playbook must give Ansible the code exactly as the catalogue has it: parse the output back and compare. */
function checkRoundTrip(r: FeedRemediation, body: string): void {
  const automation = r.automation!;
  const back = parseAnsibleYaml(body);
  if (back.errors.length > 0) throw new Error(`${r.id}: the generated playbook does not parse: ${back.errors[0]!.message}`);
  if (automation.kind === 'ansible') return;
  const node = back.getIn([0, 'tasks', 1, 'vars', CODE_VARIABLE], true);
  const value = isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
  const unsafe = isScalar(node) && node.tag === UNSAFE_TAG;
  const code = value === undefined ? undefined : unsafe ? value : Buffer.from(value, 'base64').toString('utf8');
  if (code !== automation.code) throw new Error(`${r.id}: the generated playbook would not carry the code unchanged`);
}
