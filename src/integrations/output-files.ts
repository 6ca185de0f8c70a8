/**
 * What the build's own file writers share: where the build writes (read once from Astro's resolved config), and
 * how a writer removes the files an earlier build wrote and this one did not, leaving no empty folder behind.
 */
import type { AstroConfig } from 'astro';
import { existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BuildPaths {
  outDir: string;
  cacheDir: string;
  /** The site's URL (Astro's `site`), for absolute links. */
  site: string;
  /** The base path, with a trailing slash. */
  base: string;
}

export function buildPaths(config: AstroConfig): BuildPaths {
  return {
    outDir: fileURLToPath(config.outDir),
    cacheDir: fileURLToPath(config.cacheDir),
    site: config.site ?? 'http://localhost:4321/',
    base: config.base.replace(/\/?$/, '/'),
  };
}

/** Removes `files` (paths relative to `root`), then each folder that removal left empty (never `root` itself). */
export function removeFiles(root: string, files: Iterable<string>): void {
  for (const file of files) {
    rmSync(join(root, file), { force: true });
    const folder = dirname(join(root, file));
    if (folder !== root && existsSync(folder) && readdirSync(folder).length === 0) rmdirSync(folder);
  }
}
