/**
 * The catalogue against real public log lines nobody here wrote (tests/fixtures/real-logs/): it must recognise
 * enough of the failure cases, from the right service, and raise nothing on healthy lines. `npm run recall` prints
 * the same figures per service.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkContentRoot } from '../../src/lib/core/integrity.ts';
import { falseAlarms, loadRealLogs, measureRecall, recallByService } from '../../scripts/lib/real-logs.ts';

/**
 * Never lower it to let a change pass. The corpus takes in every fresh held-out sample with the misses it still has
 * after fill-in (they show where the catalogue is blind), so the share can fall while the catalogue improves: the
 * floor went from 0.95 to 0.94 when the round-20 samples brought it to 94.9%, to 0.93 when round 22's brought it
 * to 93.9%, to 0.92 when rounds 23 and 24 (37 misses kept of 151 cases) brought it to 92.95%, to 0.91 when
 * round 39 (69 other lines of drawn sources, 23 still missed after fill-in) brought it to 91.7%, and to 0.90 when
 * rounds 40 and 41 (139 more, 49 still missed) brought it to 90.7%, and to 0.89 when round 53's nine samples of other lines of drawn
 * sources and round 54's fresh sources (170 cases, 41% recognised before fill-in, 43 still missed after) brought it to
 * 89.7%, and to 0.88 when round 57's fresh sources (94 cases, 46% recognised before fill-in, 30 still missed after)
 * brought it to 88.7%. A case the catalogue once recognised cannot be lost silently whatever the floor: the test below fails
 * when a named case is not found as its failure.
 */
const RECALL_FLOOR = 0.88;

const { content } = checkContentRoot('content');
const failures = content.failures.map((f) => f.data);
const corpus = loadRealLogs();

describe('the real-log corpus', () => {
  test('is well formed, real-sized, and cites a public source for every line', () => {
    expect(corpus.problems).toEqual([]);
    expect(corpus.cases.length).toBeGreaterThanOrEqual(1950);
    expect(corpus.healthy.length).toBeGreaterThanOrEqual(750);
    expect([...corpus.cases, ...corpus.healthy].filter((c) => !c.source.startsWith('https://') && !c.source.startsWith('http://'))).toEqual([]);
  });

  test('a sample whose draw found no line is its header alone: no case, no problem; a broken file is named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-real-logs-'));
    writeFileSync(join(dir, 'hunt99-empty.yaml'), '# What: a draw of 30 sources, none with another failure line.\n# Sources: S1 example/repo #1\n');
    writeFileSync(join(dir, 'hunt99-broken.yaml'), 'cases:\n  - service: nova\n');
    const logs = loadRealLogs(dir);
    expect(logs.cases).toEqual([]);
    expect(logs.problems).toEqual([
      expect.stringMatching(/hunt99-broken\.yaml: cases\.0\.source: must be a full http/),
      expect.stringMatching(/hunt99-broken\.yaml: cases\.0\.lines: /),
    ]);
  });

  test('names services of the taxonomy and failures of the catalogue', () => {
    const services = new Set(content.services.map((s) => s.id));
    const ids = new Set(failures.map((f) => f.id));
    expect([...corpus.cases, ...corpus.healthy].filter((c) => !services.has(c.service)).map((c) => `${c.file}: ${c.service}`)).toEqual([]);
    expect(corpus.cases.filter((c) => c.failure !== undefined && !ids.has(c.failure)).map((c) => `${c.file}: ${c.failure}`)).toEqual([]);
  });

  test('no published signature matches a healthy line', () => {
    expect(falseAlarms(failures, corpus.healthy).map((a) => `${a.signatures.join(', ')} <- ${a.line.line}`)).toEqual([]);
  });

  test(`recognises at least ${RECALL_FLOOR * 100}% of the failure cases with the right service`, () => {
    const results = measureRecall(failures, corpus.cases);
    const recall = results.filter((r) => r.hit).length / results.length;
    expect(recall, JSON.stringify(recallByService(results))).toBeGreaterThanOrEqual(RECALL_FLOOR);
  });

  test('a case the catalogue names is found as that failure, or seen below its threshold', () => {
    const results = measureRecall(failures, corpus.cases.filter((c) => c.failure !== undefined));
    const wrong = results.filter((r) => r.hit && !r.found.includes(r.case.failure!)).map((r) => `${r.case.failure} expected, found ${r.found.join(', ')}: ${r.case.source}`);
    expect(wrong).toEqual([]);
    // A named case that no longer matches at all is a lost recognition, whatever the floor says.
    const lost = results.filter((r) => !r.hit && !r.belowThreshold.includes(r.case.failure!)).map((r) => `${r.case.failure} no longer matches ${r.case.file}: ${r.case.source}`);
    expect(lost).toEqual([]);
  });
});

describe('npm run recall', () => {
  const recall = (...args: string[]) => spawnSync(process.execPath, ['scripts/recall.ts', ...args], { encoding: 'utf8' });

  test('prints one service\'s recall and misses, agreeing with the corpus', () => {
    const result = recall('--service', 'linux', '--misses');
    expect(result.status, result.stderr).toBe(0);
    const results = measureRecall(failures, corpus.cases.filter((c) => c.service === 'linux'));
    const hits = results.filter((r) => r.hit).length;
    expect(result.stdout).toMatch(new RegExp(`^linux +${results.length} +${hits} `, 'm'));
    expect(result.stdout).not.toMatch(/^nova /m);
    // every miss is listed with its source
    for (const miss of results.filter((r) => !r.hit)) expect(result.stdout).toContain(`[linux] ${miss.case.source}`);
    expect(result.stdout).toContain(`${corpus.healthy.filter((h) => h.service === 'linux').length} healthy lines: 0 matched`);
  }, 60_000);

  test('prints one corpus file\'s recall (a sample\'s own figure), naming misses below a threshold', () => {
    const result = recall('--file', 'hunt22-release-upgrades.yaml', '--misses');
    expect(result.status, result.stderr).toBe(0);
    const cases = corpus.cases.filter((c) => c.file.endsWith('/hunt22-release-upgrades.yaml'));
    const results = measureRecall(failures, cases);
    expect(results.length).toBeGreaterThan(0);
    expect(result.stdout).toMatch(new RegExp(`^all +${results.length} +${results.filter((r) => r.hit).length} `, 'm'));
    // the Kolla-Ansible retry line of that file stays below FAIL-3813's threshold, and the listing says so
    expect(result.stdout).toContain('(below the threshold of FAIL-3813)');
    const noFile = recall('--file', 'no-such-sample');
    expect(noFile.status).toBe(2);
    expect(noFile.stderr).toContain('--file no-such-sample: no such file');
  }, 120_000);

  test('names an unknown option or service with the usage, and exits 2', () => {
    const unknown = recall('--servcie', 'nova');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--servcie'");
    expect(unknown.stderr).toContain('usage: npm run recall');
    const noService = recall('--service', 'nvoa');
    expect(noService.status).toBe(2);
    expect(noService.stderr).toContain('--service nvoa: no such service');
    const help = recall('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--service ID');
  }, 60_000);
});
