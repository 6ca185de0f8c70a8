/**
 * The benchmark and generator scripts follow the project's command-line convention (scripts/lib/command-line.ts):
 * a mistyped option or a value that is no number is named with the usage and exit status 2, before anything is
 * generated or built; a NaN must never reach a benchmark as a count. A valid generator run writes the catalogue.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

const run = (script: string, ...args: string[]) => spawnSync(process.execPath, [`scripts/${script}`, ...args], { encoding: 'utf8' });
const work = mkdtempSync(join(tmpdir(), 'fc-dev-scripts-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('developer scripts: command line', () => {
  test.each([
    ['generate-catalogue.ts', ['--failures', 'ten', '--out', join(work, 'x')], '--failures must be a whole number above 0, not "ten"', 'usage: npm run generate'],
    ['generate-catalogue.ts', ['--failures', '5'], '--out is required', 'usage: npm run generate'],
    ['generate-catalogue.ts', ['--out', join(work, 'y'), '--seed', '4.5'], '--seed must be a whole number, not "4.5"', 'usage: npm run generate'],
    ['generate-catalogue.ts', ['--failures', '2.5', '--out', join(work, 'z')], '--failures must be a whole number above 0, not "2.5"', 'usage: npm run generate'],
    ['bench.ts', ['--failures', '0'], '--failures must be a whole number above 0, not "0"', 'usage: npm run bench '],
    ['bench.ts', ['--failures', '1e3'], '--failures must be a whole number above 0, not "1e3"', 'usage: npm run bench '],
    ['bench.ts', ['--falures', '10'], "Unknown option '--falures'", 'usage: npm run bench '],
    ['bench-peer.ts', ['--failures', '1e3'], '--failures must be a whole number above 0, not "1e3"', 'usage: npm run bench:peer'],
    ['bench-peer.ts', ['--content', join(work, 'missing')], 'no such content root', 'usage: npm run bench:peer'],
    ['bench-match.ts', ['--runs', 'many'], '--runs, --follow-rounds and --peer-signatures positive numbers', 'usage: npm run bench:match'],
  ])('%s %j is refused with the usage', (script, args, message, usage) => {
    const result = run(script, ...args);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain(usage);
  });

  test.each(['generate-catalogue.ts', 'bench.ts', 'bench-peer.ts', 'bench-match.ts'])('%s --help prints the usage and exits 0', (script) => {
    const result = run(script, '--help');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^usage: npm run /);
  });

  test('a valid generator run writes the catalogue it announces', () => {
    const out = join(work, 'catalogue');
    const result = run('generate-catalogue.ts', '--failures', '6', '--out', out, '--seed', '7');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Generated 6 failures, 3 remediations, 6 reports in ${out}`);
    expect(readdirSync(join(out, 'failures'))).toHaveLength(6);
  });
});
