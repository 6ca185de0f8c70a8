/**
 * `npm run match` as an operator and a script use it: exit 0 when no known failure is found, 1 when one is,
 * 2 on errors; text and JSON output with where each failure was seen and what fixes it; files, directories,
 * stdin and gzip; --service; and --emit-remediation writing reviewable files without running anything.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { feedFromContent, writeFeed } from '../../src/lib/matcher/node/content-feed.ts';
import { matchReport, type MatchReport } from '../../src/lib/matcher/report.ts';
import { catalogue, CONTENT_ROOT, HEALTHY_LOG, signatureExampleLog } from '../fixtures/logs/catalogue-logs.ts';

const ROOT = join(import.meta.dirname, '..', '..');
// The project's Node 24 (type stripping), whichever Node runs the tests.
const NODE = existsSync(join(ROOT, 'node_modules', '.bin', 'node')) ? join(ROOT, 'node_modules', '.bin', 'node') : process.execPath;

let work: string;
let feedDir: string;
let failingLog: string;

function match(args: readonly string[], input?: string | Buffer) {
  const result = spawnSync(NODE, [join(ROOT, 'scripts', 'match.ts'), ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: join(work, 'cache'), FAILURE_CATALOGUE_FEED: feedDir },
    timeout: 60_000,
    // The report for a log holding every signature's examples outgrows spawnSync's 1 MiB default.
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function json(args: readonly string[], input?: string | Buffer): MatchReport {
  const { stdout } = match(['--json', ...args], input);
  return matchReport.parse(JSON.parse(stdout));
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'match-cli-'));
  feedDir = join(work, 'feed');
  writeFeed(feedDir, feedFromContent(CONTENT_ROOT));
  failingLog = join(work, 'failing.log');
  writeFileSync(failingLog, signatureExampleLog().text);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const published = catalogue().failures;

describe('exit status', () => {
  test('0 and "No known failure found" for the healthy log', () => {
    const { code, stdout } = match([HEALTHY_LOG]);
    expect(stdout).toMatch(/^No known failure found in 1 log \([\d,]+ lines, .+\) against [\d,]+ signatures\.\n$/);
    expect(code).toBe(0);
  });

  test('1 when known failures are found, with each one, where it was seen, and its remediations', () => {
    const { code, stdout } = match([failingLog]);
    expect(code).toBe(1);
    for (const failure of published) expect(stdout).toContain(`${failure.id} [${failure.severity}]`);
    expect(stdout).toMatch(new RegExp(`  first  ${failingLog.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+  \\S`));
    expect(stdout).toMatch(/ {4}REM-\d{4} {2}(workaround|fix|mitigation|prevention), risk (low|medium|high), disruption [a-z-]+, (unverified|reported-working|verified)/);
    expect(stdout).toMatch(new RegExp(`${published.length.toLocaleString('en')} known failures found \\([\\d,]+ matching lines\\) in 1 log`));
  });

  test.each([
    ['a log that does not exist', ['no-such.log'], /no-such\.log: no such file or directory\. Fix: check the path/],
    ['an unknown option', ['--colour'], /Unknown option '--colour'.*Fix: see match --help/],
    ['a service ID that is not one', ['--service', 'Nova!', 'x.log'], /--service "Nova!": is not a service ID/],
    ['a service no signature belongs to', ['--service', 'no-such-service', 'x.log'], /no signature in the feed belongs to service "no-such-service"\. Fix: use one of /],
    ['a feed that is not there', ['--feed', '/nonexistent/api/v1', 'x.log'], /failures\.json: not found\. Fix: /],
  ])('2 for %s, with a message that says how to fix it', (_, args, message) => {
    const { code, stderr } = match(args);
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
  });

  test('2 for a feed that fails validation: nothing is scanned', () => {
    const bad = join(work, 'bad-feed');
    mkdirSync(bad, { recursive: true });
    const feed = feedFromContent(CONTENT_ROOT) as { failures: { failures: Array<{ signatures: Array<{ pattern: string }> }> }; remediations: unknown };
    feed.failures.failures[0]!.signatures[0]!.pattern = '(x+x+)+y';
    writeFeed(bad, feed);
    const { code, stdout, stderr } = match(['--feed', bad, failingLog]);
    expect(stderr).toMatch(/failures\.json: failures\[0\]\.signatures\[0\]\.pattern: repeats a group .*\[FC008/);
    expect(stderr).toMatch(/was refused \(1 problem above\); nothing was scanned/);
    expect(stdout).toBe('');
    expect(code).toBe(2);
  });

  test('2 when one of several logs cannot be read, after reporting what the others showed', () => {
    const { code, stdout, stderr } = match([failingLog, join(work, 'missing.log')]);
    expect(stdout).toContain(published[0]!.id);
    expect(stderr).toMatch(/missing\.log: no such file or directory/);
    expect(code).toBe(2);
  });
});

describe('output and inputs', () => {
  test('--json is one document with the same findings, first and last lines as file:line and text', () => {
    const report = json([failingLog]);
    const { examples } = signatureExampleLog();
    expect(report.failures.map((f) => f.id).sort()).toEqual(published.map((f) => f.id).sort());
    expect(report.scanned).toMatchObject({ sources: 1, lines: examples.length * 2 + 1 });
    const lines = readFileSync(failingLog, 'utf8').split('\n');
    for (const failure of report.failures) {
      expect(failure.first.source).toBe(failingLog);
      expect(lines[failure.first.line - 1]).toBe(failure.first.text);
      expect(lines[failure.last.line - 1]).toBe(failure.last.text);
      expect(failure.lines_matched).toBeGreaterThanOrEqual(examples.filter((e) => e.failureId === failure.id).length);
      expect(failure.remediations.length).toBeGreaterThan(0);
    }
    const severities = report.failures.map((f) => ['critical', 'high', 'medium', 'low'].indexOf(f.severity));
    expect(severities).toEqual([...severities].sort((a, b) => a - b));
  });

  test('standard input, with "-" or with no log named, reads the same as the file', () => {
    const fromFile = json([failingLog]);
    const fromDash = json(['-'], readFileSync(failingLog));
    const fromPipe = json([], readFileSync(failingLog));
    for (const report of [fromDash, fromPipe]) {
      expect(report.failures.map((f) => [f.id, f.lines_matched, f.first.line])).toEqual(fromFile.failures.map((f) => [f.id, f.lines_matched, f.first.line]));
      expect(report.failures[0]!.first.source).toBe('-');
    }
  });

  test('gzip files (by content, whatever their name), gzip on stdin and directories are scanned', () => {
    const dir = join(work, 'logs');
    mkdirSync(join(dir, 'nova'), { recursive: true });
    writeFileSync(join(dir, 'healthy.log'), readFileSync(HEALTHY_LOG));
    writeFileSync(join(dir, 'nova', 'nova-compute.log.1.gz'), gzipSync(readFileSync(failingLog)));
    symlinkSync('..', join(dir, 'nova', 'parent')); // a loop, as /var/log sometimes has
    const fromDir = json([dir]);
    const plain = json([failingLog]);
    expect(fromDir.scanned.sources).toBe(2);
    expect(fromDir.scanned.matched_lines).toBe(plain.scanned.matched_lines);
    expect(fromDir.failures[0]!.first.source).toBe(join(dir, 'nova', 'nova-compute.log.1.gz'));
    const gzStdin = json(['-'], gzipSync(readFileSync(failingLog)));
    expect(gzStdin.scanned.matched_lines).toBe(plain.scanned.matched_lines);
  });

  test('--service keeps the signatures of that service', () => {
    const report = json(['--service', 'nova', failingLog]);
    expect(report.failures.length).toBeGreaterThan(0);
    const byId = new Map(published.map((f) => [f.id, f]));
    for (const f of report.failures) {
      const failure = byId.get(f.id)!;
      const used = failure.signatures.filter((s) => f.signatures.some((x) => x.id === s.id));
      expect(used.every((s) => s.service === 'nova' || failure.services.includes('nova'))).toBe(true);
    }
    expect(report.feed.signatures).toBeLessThan(json([failingLog]).feed.signatures);
  });

  test('control characters in a log line are shown as escapes, never sent to the terminal', () => {
    const example = catalogue().signatures[0]!.signature.examples.match[0]!;
    const { stdout } = match(['-'], `${example} \u001b[2J\u001b]0;owned\u0007\u202e\n`);
    expect([...stdout].filter((ch) => ['\u001b', '\u0007', '\u202e'].includes(ch))).toEqual([]);
    expect(stdout).toContain('\\u001b[2J');
  });
});

describe('--emit-remediation', () => {
  test('writes the automation of the matched failures\' remediations for review, never executable', () => {
    const target = catalogue().failures.find((f) => f.id === 'FAIL-0001')!;
    const log = join(work, 'amqp.log');
    writeFileSync(log, `${target.signatures[0]!.examples.match.join('\n')}\n`);
    const out = join(work, 'emitted');
    const { code, stdout, stderr } = match(['--emit-remediation', out, log]);
    expect(code).toBe(1);
    expect(stdout).toContain('FAIL-0001');
    const report = json([log]);
    const withAutomation = report.failures.flatMap((f) => f.remediations).filter((r) => r.automation);
    const files = readdirSync(out).sort();
    expect(files).toEqual(withAutomation.map((r) => `${r.id}.${r.automation === 'ansible' ? 'yml' : r.automation === 'python' ? 'py' : 'sh'}`).sort());
    expect(stderr).toMatch(/wrote \d+ remediation files? for review/);
    for (const file of files) {
      const path = join(out, file);
      expect(statSync(path).mode & 0o111).toBe(0);
      const content = readFileSync(path, 'utf8');
      const header = content.split('\n\n')[0]!.split('\n');
      expect(header.every((line) => line.startsWith('#'))).toBe(true);
      const text = header.join('\n');
      for (const label of ['Type: ', 'Risk: ', 'Disruption: ', 'Verification status: ', 'Prerequisites:', 'How to verify it worked:', 'Rollback:', 'Fixes, as found in the scanned logs: FAIL-0001', 'Nothing has been run.']) {
        expect(text).toContain(label);
      }
    }
  });
});
