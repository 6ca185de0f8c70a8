/**
 * The peer side of the build benchmark (scripts/bench-peer.ts, issue 13): the same catalogue built by Hugo with
 * templates equivalent to this site's pages (scripts/lib/bench/hugo-site/), then indexed by Pagefind's CLI. Shared
 * with tests/build/bench-peer.test.ts, which builds a small catalogue this way so the peer's templates cannot rot.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianTools, HUGO } from '../debian-tools.ts';
import { measure, type Measured } from '../measure.ts';

export const HUGO_SITE = fileURLToPath(new URL('./hugo-site/', import.meta.url));

/** Hugo's version line, e.g. "hugo v0.111.3+extended linux/amd64 …"; installs Debian's hugo when it is missing. */
export function ensureHugo(): string {
  if (ensureDebianTools([HUGO]).length > 0) throw new Error('hugo is missing and could not be installed: apt-get install hugo');
  return execFileSync('hugo', ['version'], { encoding: 'utf8' }).trim();
}

/**
 * The part of Hugo's config that names paths: the catalogue's sections and taxonomy as module mounts (so the content
 * is read where it is, not copied), and Hugo's resource directory, which would otherwise be created in the site.
 * TOML basic strings take JSON's escapes, so JSON.stringify quotes a path.
 */
function pathsConfig(contentDir: string, work: string): string {
  const mount = (source: string, target: string) => `[[module.mounts]]\nsource = ${JSON.stringify(join(contentDir, source))}\ntarget = ${JSON.stringify(target)}\n`;
  return [
    `resourceDir = ${JSON.stringify(join(work, 'resources'))}\n`,
    mount('failures', 'content/failures'),
    mount('remediations', 'content/remediations'),
    mount('reports', 'content/reports'),
    // The taxonomy YAML (names of services, categories, releases, deployment tools) as site.Data.
    mount('taxonomy', 'data'),
  ].join('\n');
}

export interface PeerBuild {
  hugo: Measured;
  pagefind: Measured;
}

/**
 * Builds `contentDir` with Hugo into `outDir` from cold (a fresh cache directory under `work`), then runs Pagefind's
 * CLI over the output, each measured on its own. Throws with the tool's output when either fails.
 */
export async function buildPeer(options: { contentDir: string; outDir: string; work: string }): Promise<PeerBuild> {
  const { contentDir, outDir, work } = options;
  mkdirSync(work, { recursive: true });
  const config = join(work, 'hugo-paths.toml');
  writeFileSync(config, pathsConfig(contentDir, work));
  const hugo = await measure(
    'hugo',
    // --noBuildLock: Hugo would otherwise leave a lock file in the site directory.
    ['--source', HUGO_SITE, '--config', `${join(HUGO_SITE, 'hugo.toml')},${config}`, '--destination', outDir, '--cacheDir', join(work, 'hugo-cache'), '--noBuildLock'],
    {},
  );
  if (hugo.code !== 0) throw new Error(`hugo failed:\n${hugo.output.slice(-4000)}`);
  const pagefind = await measure('npx', ['pagefind', '--site', outDir], {});
  if (pagefind.code !== 0) throw new Error(`pagefind failed:\n${pagefind.output.slice(-4000)}`);
  return { hugo, pagefind };
}

/** What Hugo's summary table says it rendered: pages, paginator pages, aliases. */
export function hugoCounts(output: string): { pages: number; paginator_pages: number; aliases: number } {
  const row = (name: string) => Number(new RegExp(`^\\s*${name}\\s*\\|\\s*(\\d+)`, 'm').exec(output)?.[1] ?? NaN);
  return { pages: row('Pages'), paginator_pages: row('Paginator pages'), aliases: row('Aliases') };
}

/** How many pages Pagefind's CLI indexed ("Indexed 123 pages"). */
export const pagefindPages = (output: string) => Number(/Indexed (\d+) pages?/.exec(output)?.[1] ?? NaN);
