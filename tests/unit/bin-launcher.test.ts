/**
 * package.json's `bin` (scripts/failure-catalogue-bin.mjs) is plain JavaScript that starts the TypeScript tools on
 * Node 22.18 or newer: `npx failure-catalogue policy check` gives the same answer as the standalone commands.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const NODE24 = join(ROOT, 'node_modules', '.bin', 'node');

test('the npm bin runs the tools on the project\'s Node', () => {
  const bin = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).bin['failure-catalogue'] as string;
  const run = spawnSync(NODE24, [join(ROOT, bin), 'policy', 'check', join(ROOT, 'public', 'api', 'v1', 'policy.example.yaml')], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/valid policy, \d+ rules/);
  const help = spawnSync(NODE24, [join(ROOT, bin), '--help'], { encoding: 'utf8' });
  expect(help.status).toBe(0);
  expect(help.stdout).toMatch(/match/);
});
