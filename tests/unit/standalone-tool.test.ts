/**
 * The self-contained /tools/failure-catalogue.mjs, as a cloud uses it: downloaded alone, run by the system's Node 20
 * with no node_modules anywhere near it. Its `match` is the same program as `npm run match` (same output, same exit
 * codes, text and JSON, found / not found / error); its `export`, `policy check` and `outcome` give what the
 * repository's scripts give; and the checksum file the site build publishes beside it verifies with sha256sum -c.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { feedFromContent, writeFeed } from '../../src/lib/matcher/node/content-feed.ts';
import { buildStandaloneTool, standaloneTool, TOOL_PATH, type StandaloneTool } from '../../src/integrations/standalone-tool.ts';
import { makeFailure, makeRemediation, writeContentRoot } from '../fixtures/entries.ts';
import { HEALTHY_LOG } from '../fixtures/logs/catalogue-logs.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const PROJECT_NODE = join(ROOT, 'node_modules', '.bin', 'node');
/**
 * The Node a cloud has: Debian's, 20. Not the project's 24, which could hide a newer-only API. Where Node 20 lives
 * elsewhere (a CI runner's tool cache), FAILURE_CATALOGUE_NODE20 names it.
 */
const SYSTEM_NODE = process.env.FAILURE_CATALOGUE_NODE20 ?? '/usr/bin/node';
const FEED_URL = 'https://catalogue.example.org/failure-catalogue/api/v1/';

let work: string;
let tool: StandaloneTool;
let toolFile: string;
let feedDir: string;
let failingLog: string;

beforeAll(async () => {
  const version = spawnSync(SYSTEM_NODE, ['--version'], { encoding: 'utf8' });
  if (version.status !== 0 || !/^v20\./.test(version.stdout)) throw new Error(`${SYSTEM_NODE} must be Node 20 (the oldest the file supports); it is ${version.stdout || version.error?.message}. Fix: install Node 20 (Debian 13: apt-get install nodejs) or set FAILURE_CATALOGUE_NODE20 to its path`);
  work = mkdtempSync(join(tmpdir(), 'standalone-tool-'));
  tool = await buildStandaloneTool({ root: ROOT, feedUrl: FEED_URL });
  // Alone in a directory with no node_modules above it: nothing can be resolved but what is in the file.
  toolFile = join(work, 'download', 'failure-catalogue.mjs');
  mkdirSync(join(work, 'download'));
  writeFileSync(toolFile, tool.code);

  feedDir = join(work, 'feed');
  const root = writeContentRoot({ failures: [makeFailure()], remediations: [makeRemediation({ automation: { kind: 'shell', code: 'rabbitmqctl cluster_status\n' } })] });
  writeFeed(feedDir, feedFromContent(root));
  const example = (makeFailure().signatures as Array<{ examples: { match: string[] } }>)[0]!.examples.match[0]!;
  failingLog = join(work, 'nova-compute.log');
  writeFileSync(failingLog, `${readFileSync(HEALTHY_LOG, 'utf8')}${example}\n${example}\n`);
}, 60_000);

function run(node: string, entry: string[], args: readonly string[], input?: string) {
  const result = spawnSync(node, [...entry, ...args], {
    cwd: work,
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: work, XDG_CACHE_HOME: join(work, 'cache') },
    timeout: 60_000,
    // Compare whole outputs: spawnSync would cut both at its 1 MiB default and hide a difference past it.
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
const standalone = (args: readonly string[], input?: string) => run(SYSTEM_NODE, [toolFile], args, input);
const npmRunMatch = (args: readonly string[], input?: string) => run(PROJECT_NODE, [join(ROOT, 'scripts', 'match.ts')], args, input);
const repoCli = (args: readonly string[]) => run(PROJECT_NODE, [join(ROOT, 'scripts', 'failure-catalogue.ts')], args);

describe('match: the same program as npm run match', () => {
  test.each([
    ['a log with a known failure (exit 1)', () => [failingLog], 1],
    ['a healthy log (exit 0)', () => [HEALTHY_LOG], 0],
    ['a log that does not exist (exit 2)', () => [join(work, 'missing.log')], 2],
    ['standard input', () => ['-'], 1],
  ] as const)('%s, as text and as JSON', (_, files, expected) => {
    const input = files()[0] === '-' ? readFileSync(failingLog, 'utf8') : undefined;
    for (const format of [[], ['--json']]) {
      const args = ['--feed', feedDir, ...format, ...files()];
      const ours = standalone(['match', ...args], input);
      const theirs = npmRunMatch(args, input);
      expect(ours.stderr).toBe(theirs.stderr);
      expect(ours.code).toBe(expected);
      expect(theirs.code).toBe(expected);
      expect(ours.stdout).toBe(theirs.stdout);
    }
    if (expected === 1) expect(standalone(['match', '--feed', feedDir, ...files()], input).stdout).toContain('FAIL-0001');
  });

  test('a bad option is an error (exit 2), the same message', () => {
    const ours = standalone(['match', '--no-such-option']);
    expect(ours.code).toBe(2);
    expect(ours.stderr).toBe(npmRunMatch(['--no-such-option']).stderr);
  });

  test('the default feed is the feed of the site that published the file', () => {
    expect(standalone(['match', '--help']).stdout).toContain(FEED_URL);
  });
});

describe('the other commands, on Node 20', () => {
  test('export writes the same files as the repository\'s CLI, for a built-in profile and a policy', () => {
    const policy = join(work, 'policy.yaml');
    writeFileSync(policy, 'version: 1\nrules:\n  - name: verified runs\n    match: { verification: [verified] }\n    action: run\n');
    const args = (out: string) => ['export', '--feed', feedDir, '--profile', 'kolla-ansible', '--policy', policy, '--out', out];
    const ours = standalone(args(join(work, 'exports-standalone')));
    const theirs = repoCli(args(join(work, 'exports-repo')));
    expect(ours.code).toBe(0);
    expect(theirs.code).toBe(0);
    const files = (dir: string) => listFiles(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]);
    const written = files(join(work, 'exports-standalone'));
    expect(written.map(([f]) => f)).toEqual(expect.arrayContaining(['loki.rules.yaml', 'prometheus.rules.yaml', 'ansible/REM-0001.yml', 'ansible/rulebook.yml']));
    expect(written).toEqual(files(join(work, 'exports-repo')));
  });

  test('policy check: valid is 0, invalid is 2 with the line', () => {
    const good = join(work, 'good-policy.yaml');
    const bad = join(work, 'bad-policy.yaml');
    writeFileSync(good, 'version: 1\n');
    writeFileSync(bad, 'version: 1\nrules:\n  - name: oops\n    action: runn\n');
    expect(standalone(['policy', 'check', good]).code).toBe(0);
    const invalid = standalone(['policy', 'check', bad]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain(`${bad}:4:`);
    expect(invalid.stderr).toBe(repoCli(['policy', 'check', bad]).stderr);
  });

  test('outcome prints the same link as npm run outcome', () => {
    const args = ['FAIL-0001', '--remediation', 'REM-0001', '--outcome', 'resolved', '--release', '2025.1', '--tool', 'kolla-ansible', '--log', failingLog];
    const ours = standalone(['outcome', ...args]);
    expect(ours.code).toBe(0);
    expect(ours.stdout).toBe(run(PROJECT_NODE, [join(ROOT, 'scripts', 'outcome.ts')], args).stdout);
    expect(new URL(ours.stdout.trim()).searchParams.get('template')).toBe('hit-this-too.yml');
  });

  test('an unknown command is an error that lists the commands', () => {
    const result = standalone(['scan']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('match, export, policy or outcome');
  });
});

describe('published by the site build', () => {
  test('the integration writes the file and a checksum that sha256sum -c accepts', async () => {
    const out = join(work, 'dist');
    mkdirSync(out);
    const integration = standaloneTool();
    const hooks = integration.hooks as Record<string, (args: unknown) => unknown>;
    await hooks['astro:config:setup']!({ config: { root: pathToFileURL(`${ROOT}/`), base: '/failure-catalogue', site: 'https://catalogue.example.org' }, updateConfig: () => undefined });
    await hooks['astro:build:done']!({ dir: pathToFileURL(`${out}/`), logger: { info: () => undefined } });
    const published = join(out, TOOL_PATH);
    const code = readFileSync(published, 'utf8');
    expect(readFileSync(`${published}.sha256`, 'utf8')).toBe(`${createHash('sha256').update(code).digest('hex')}  failure-catalogue.mjs\n`);
    const check = spawnSync('sha256sum', ['-c', 'failure-catalogue.mjs.sha256'], { cwd: join(out, 'tools'), encoding: 'utf8' });
    expect(check.stdout).toBe('failure-catalogue.mjs: OK\n');
    expect(check.status).toBe(0);
    // Executable, with a shebang: ./failure-catalogue.mjs runs it.
    expect(code.startsWith('#!/usr/bin/env node\n')).toBe(true);
    const copy = join(work, 'run-me.mjs');
    cpSync(published, copy);
    expect(spawnSync(copy, ['--help'], { encoding: 'utf8', env: { PATH: `/usr/bin:/bin` } }).status).toBe(0);
  });
});

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();
}
