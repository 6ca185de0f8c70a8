/**
 * Finds the real tools the tests and benchmarks hand our output to (promtool, Alertmanager, ansible-playbook,
 * ripgrep, Hugo), installing Debian's packages when they are missing and we may (root with apt-get). apt-get update runs
 * at most once per call, and only when something is missing, so a machine that has everything pays nothing.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface DebianTool {
  /** Command looked up on PATH, e.g. promtool. */
  command: string;
  /** Debian package that provides it, e.g. prometheus. */
  debianPackage: string;
}

/** The peer the build benchmark compares this site with (scripts/bench-peer.ts). */
export const HUGO: DebianTool = { command: 'hugo', debianPackage: 'hugo' };

/** What the unit tests start or call. Hugo: tests/build/bench-peer.test.ts builds the peer's templates. */
export const TEST_TOOLS: readonly DebianTool[] = [
  { command: 'promtool', debianPackage: 'prometheus' },
  { command: 'prometheus-alertmanager', debianPackage: 'prometheus-alertmanager' },
  { command: 'ansible-playbook', debianPackage: 'ansible-core' },
  HUGO,
];

export function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** Runs a command with its output shown; false when it fails or cannot start. */
export function runCommand(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    return true;
  } catch {
    return false;
  }
}

/** Returns the tools still missing after trying to install them (empty when all are there). */
export function ensureDebianTools(tools: readonly DebianTool[]): DebianTool[] {
  const missing = tools.filter((tool) => !findOnPath(tool.command));
  if (missing.length === 0) return [];
  const canInstall = process.getuid?.() === 0 && findOnPath('apt-get') !== undefined;
  if (canInstall) {
    const packages = [...new Set(missing.map((tool) => tool.debianPackage))];
    console.log(`Installing Debian packages for the tests: ${packages.join(', ')}`);
    if (runCommand('apt-get', ['update'])) runCommand('apt-get', ['install', '-y', '--no-install-recommends', ...packages]);
  }
  return missing.filter((tool) => !findOnPath(tool.command));
}
