/**
 * The GitHub Actions workflows: least-privilege permissions, actions pinned to full commit SHAs, and no expression
 * (above all no submitted text from github.event) inside a shell script, where it would be pasted in as code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';

const DIR = join(import.meta.dirname, '..', '..', '.github', 'workflows');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string> | string;
  jobs: Record<string, { permissions?: Record<string, string> | string; steps?: Step[] }>;
}

const workflows = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .map((file) => ({ file, text: readFileSync(join(DIR, file), 'utf8'), workflow: parse(readFileSync(join(DIR, file), 'utf8')) as Workflow }));
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps ?? []);

describe('workflows', () => {
  test('intake, triage commands, CI and deploy exist', () => {
    expect(workflows.map((w) => w.file).sort()).toEqual(['ci.yml', 'deploy.yml', 'intake.yml', 'triage-command.yml']);
  });

  test.each(workflows)('$file: permissions are declared, read-only by default, and never write-all', ({ workflow }) => {
    expect(workflow.permissions).toBeDefined();
    const top = workflow.permissions;
    expect(typeof top === 'string' ? top : Object.values(top ?? {})).not.toContain('write');
    expect(JSON.stringify(workflow)).not.toMatch(/write-all|read-all/);
    for (const job of Object.values(workflow.jobs)) {
      const granted = { ...(typeof top === 'object' ? top : {}), ...(typeof job.permissions === 'object' ? job.permissions : {}) };
      for (const [scope, level] of Object.entries(granted)) expect(['read', 'write', 'none'], scope).toContain(level);
    }
  });

  test.each(workflows)('$file: every action is pinned to a full commit SHA', ({ workflow }) => {
    for (const step of steps(workflow).filter((s) => s.uses)) expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
  });

  test.each(workflows)('$file: no ${{ }} expression inside a run script (values reach scripts through env)', ({ workflow }) => {
    for (const step of steps(workflow).filter((s) => s.run)) expect(step.run).not.toMatch(/\$\{\{/);
  });

  test.each(workflows)('$file: checkouts do not leave the token in .git/config', ({ workflow }) => {
    for (const step of steps(workflow).filter((s) => s.uses?.startsWith('actions/checkout@'))) expect(step.with?.['persist-credentials']).toBe(false);
  });

  test('the intake runs on issue events with the event file, and only a system error fails the run', () => {
    const intake = workflows.find((w) => w.file === 'intake.yml')!;
    expect(intake.workflow.on.issues).toEqual({ types: ['opened', 'edited', 'reopened'] });
    expect(Object.keys(intake.workflow.on)).toEqual(['issues', 'schedule', 'workflow_dispatch']);
    const runs = steps(intake.workflow).map((s) => s.run ?? '');
    expect(runs).toContain('npm run intake -- --event "$GITHUB_EVENT_PATH" || [ "$?" -eq 1 ]');
    expect(runs).toContain('npm run intake -- --batch "$LABEL" || [ "$?" -eq 1 ]');
    expect(intake.workflow.jobs.intake!.permissions).toEqual({ contents: 'write', issues: 'write', 'pull-requests': 'write' });
  });

  test('CI runs the tests on pull requests; deploy publishes the build to Pages', () => {
    const ci = workflows.find((w) => w.file === 'ci.yml')!.workflow;
    expect(Object.keys(ci.on)).toContain('pull_request');
    expect(steps(ci).map((s) => s.run)).toContain('npm test');
    const deploy = workflows.find((w) => w.file === 'deploy.yml')!.workflow;
    expect(steps(deploy).some((s) => s.uses?.startsWith('actions/deploy-pages@'))).toBe(true);
    expect(deploy.jobs.deploy!.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
  });
});
