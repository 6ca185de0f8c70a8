/**
 * npm run drift: keeps signatures true as upstream code moves on.
 *
 *   npm run drift -- verify --repo DIR [--repository URL] [--at REF]
 *     Every format string recorded for that repository must still be in its file at each recorded ref; with --at,
 *     also lists the signatures whose message is gone at REF (a new release tag or branch) and where it went.
 *   npm run drift -- locate --repo DIR --path PATH --text TEXT [--style STYLE] [--refs REF,REF...]
 *     Prints the `refs:` block for a format string: each tracked OpenStack release (or each of --refs) whose ref
 *     holds the text in PATH.
 *   npm run drift -- gaps --repo DIR [--at REF] [--under PATH] [--repository URL] [--all]
 *     Lists the messages of a Python repository (its log calls and exception messages, at REF, default HEAD) that
 *     no published signature knows: the candidates for new entries or vantage points, for a person to triage.
 *
 * DIR is a local clone (bare or not) of the upstream repository. Exit 0: all present; 1: drift found; 2: usage.
 */
import { execFileSync } from 'node:child_process';
import { basename, dirname, resolve } from 'node:path';
import { contentRoot } from '../src/lib/core/content-root.ts';
import { checkContentRoot } from '../src/lib/core/integrity.ts';
import { formatStyles } from '../src/schemas/signature.ts';
import type { FormatStyle } from '../src/lib/core/formats/format-string.ts';
import {
  checkFormatAtRefs,
  describeResult,
  formatPresent,
  releaseRefCandidates,
  repositoryKey,
  type SourceReader,
} from '../src/lib/core/formats/drift.ts';
import { sourcePieces } from '../src/lib/core/formats/format-string.ts';
import { messageCoverage } from '../src/lib/core/formats/message-gaps.ts';
import { pythonMessages, type PythonMessage } from '../src/lib/core/formats/python-messages.ts';
import { parseCommandLine, usageError } from './lib/command-line.ts';

const usage = `usage:
  npm run drift -- verify --repo DIR [--repository URL] [--at REF]
  npm run drift -- locate --repo DIR --path PATH --text TEXT [--style ${formatStyles.join('|')}] [--refs REF,REF...]
  npm run drift -- gaps --repo DIR [--at REF] [--under PATH] [--repository URL] [--all]`;

function fail(message: string): never {
  return usageError(message, usage);
}

const { positionals, values: args } = parseCommandLine(
  {
    allowPositionals: true,
    options: {
      repo: { type: 'string' },
      repository: { type: 'string' },
      at: { type: 'string' },
      path: { type: 'string' },
      text: { type: 'string' },
      style: { type: 'string', default: 'python-percent' },
      refs: { type: 'string' },
      under: { type: 'string' },
      all: { type: 'boolean', default: false },
    },
  },
  usage,
);
const command = positionals[0];
if (!args.repo) fail('--repo DIR is required');
const repo = resolve(args.repo);

function git(...argv: string[]): string | undefined {
  try {
    return execFileSync('git', ['-C', repo, ...argv], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

const resolvedRefs = new Map<string, string | undefined>();
/**
 * The object name of an upstream ref in this clone. Entries record refs as upstream names them (stable/2025.1,
 * release1.8.0); a plain `git clone` keeps every branch but the checked-out one only as origin/<branch>.
 */
function resolveRef(ref: string): string | undefined {
  if (!resolvedRefs.has(ref)) {
    const found = [ref, `origin/${ref}`].find((candidate) => git('rev-parse', '--verify', '--quiet', `${candidate}^{commit}`) !== undefined);
    resolvedRefs.set(ref, found);
  }
  return resolvedRefs.get(ref);
}
const refExists = (ref: string) => resolveRef(ref) !== undefined;

const reader: SourceReader = {
  read: (ref, path) => {
    const resolved = resolveRef(ref);
    return resolved === undefined ? undefined : git('show', `${resolved}:${path}`);
  },
  grep: (ref, text) => {
    const resolved = resolveRef(ref);
    if (resolved === undefined) return [];
    return (git('grep', '-l', '-F', '-e', text, resolved) ?? '').split('\n').filter(Boolean).map((line) => line.slice(resolved.length + 1));
  },
};

/** The repository a clone stands for: --repository, else its origin remote, else a mirror folder named owner+name. */
function repositoryOfClone(): string {
  if (args.repository) return args.repository;
  const origin = git('config', '--get', 'remote.origin.url')?.trim();
  if (origin) return origin.replace(/^git@github\.com:/, 'https://github.com/');
  const folder = basename(repo) === 'repo' ? basename(dirname(repo)) : basename(repo);
  if (folder.includes('+')) return `https://github.com/${folder.replace('+', '/')}`;
  fail(`cannot tell which repository ${repo} is: pass --repository URL`);
}

if (command === 'locate') locate();
else if (command === 'verify') verify();
else if (command === 'gaps') gaps();
else fail(`unknown command ${command ?? '(none)'}`);

function locate(): void {
  if (!args.path || !args.text) fail('locate needs --path and --text');
  if (!(formatStyles as readonly string[]).includes(args.style!)) fail(`--style must be one of ${formatStyles.join(', ')}`);
  const style = args.style as FormatStyle;
  if (sourcePieces(args.text, style).length === 0) fail('--text has no literal piece of 3 or more characters to look for');

  const targets: Array<[string, string]> = [];
  if (args.refs) {
    for (const ref of args.refs.split(',').map((r) => r.trim()).filter(Boolean)) targets.push([ref, ref]);
  } else {
    const { content } = checkContentRoot(contentRoot());
    const released = content.releases.filter((r) => r.status !== 'development');
    released.forEach((release, i) => {
      const ref = releaseRefCandidates(release).find(refExists) ?? (i === released.length - 1 && refExists('master') ? 'master' : undefined);
      if (ref) targets.push([release.id, ref]);
      else console.error(`# ${release.id}: no branch or tag for it in this clone`);
    });
  }
  const found: string[] = [];
  for (const [key, ref] of targets) {
    const [result] = checkFormatAtRefs(reader, { text: args.text, style, path: args.path, refs: { [key]: ref } });
    if (formatPresent(result!)) found.push(`"${key}": ${ref}`);
    else console.error(`# ${key} (${ref}): ${describeResult(result!)}`);
  }
  if (found.length === 0) {
    console.error('# the text is at none of these refs');
    process.exit(1);
  }
  console.log(`refs: { ${found.join(', ')} }`);
}

function verify(): void {
  const repository = repositoryKey(repositoryOfClone());
  if (args.at && !refExists(args.at)) fail(`--at ${args.at} is not a ref of ${repo}`);
  const { content } = checkContentRoot(contentRoot());
  let formats = 0;
  let drifted = 0;
  let breaking = 0;
  for (const { data, file } of content.failures) {
    data.signatures.forEach((sig, i) => {
      sig.formats.forEach((format, k) => {
        if (repositoryKey(format.repository) !== repository) return;
        formats++;
        const where = `${file}: ${data.id}/${sig.id} formats[${k}] (${format.path})`;
        for (const result of checkFormatAtRefs(reader, format, args.at)) {
          if (formatPresent(result)) continue;
          if (result.key === 'new') {
            breaking++;
            const longest = sourcePieces(format.text, format.style).sort((a, b) => b.length - a.length)[0];
            const movedTo = longest && reader.grep ? reader.grep(args.at!, longest) : [];
            console.log(`${where}: would break at ${args.at}: ${describeResult(result)}${movedTo.length > 0 ? `; the text is now in ${movedTo.join(', ')}` : ''}`);
          } else {
            drifted++;
            console.log(`${where}: signatures[${i}] recorded at ${result.key} = ${result.ref}, but ${refExists(result.ref) ? describeResult(result) : 'that ref does not exist in this clone'}`);
          }
        }
      });
    });
  }
  const atNote = args.at ? `, ${breaking} would break at ${args.at}` : '';
  console.log(`${formats} format string${formats === 1 ? '' : 's'} recorded for ${repository}: ${drifted} not found at a recorded ref${atNote}`);
  if (formats === 0) console.log('(no signature records a format string from this repository: check --repository)');
  process.exit(drifted > 0 || breaking > 0 ? 1 : 0);
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function gaps(): void {
  const ref = args.at ?? 'HEAD';
  const resolved = resolveRef(ref);
  if (resolved === undefined) fail(`${ref} is not a ref of ${repo}`);
  const repository = repositoryOfClone();
  const listing = git('ls-tree', '-r', '--name-only', resolved, '--', ...(args.under ? [args.under] : []));
  if (listing === undefined) fail(`cannot list the files of ${ref}`);
  // Tests log and raise on purpose; what operators see comes from the rest.
  const files = listing.split('\n').filter((path) => path.endsWith('.py') && !/(^|\/)(tests?|functional|unit)\//.test(path) && !/(^|\/)test_[^/]*\.py$/.test(path));
  const messages: Array<PythonMessage & { path: string }> = [];
  for (const path of files) for (const message of pythonMessages(reader.read(ref, path) ?? '')) messages.push({ ...message, path });
  const { content } = checkContentRoot(contentRoot());
  const logger = (args.under ?? files[0] ?? 'service').split('/')[0]!;
  const coverage = messageCoverage(messages, content.failures.map((f) => f.data), repository, logger);
  for (const row of coverage) {
    if (row.knownBy && !args.all) continue;
    const text = row.message.text.replace(/\s+/g, ' ');
    console.log([`${row.message.path}:${row.message.line}`, row.message.kind, row.message.detail, text, ...(args.all ? [row.signatures.join(' ') || '-'] : [])].join('\t'));
  }
  const byFormat = coverage.filter((r) => r.knownBy === 'format').length;
  const byRendering = coverage.filter((r) => r.knownBy === 'rendering').length;
  console.error(
    `${repositoryKey(repository)} at ${ref}${args.under ? ` under ${args.under}` : ''}: ${plural(messages.length, 'message')} in ${plural(files.length, 'file')}; ` +
      `${byFormat + byRendering} known to the catalogue (${byFormat} recorded as a format string, ${byRendering} matched when rendered), ` +
      `${messages.length - byFormat - byRendering} not`,
  );
}
