import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isBundleDir } from '../../src/lib/site/search-shards.ts';

export const DIST = join(import.meta.dirname, '..', '..', 'dist');
export const PREVIEW_URL = 'http://127.0.0.1:4330';

/** Every built HTML page, as a URL path such as /failures/FAIL-0001/. */
export function builtPages(dist = DIST): string[] {
  const pages: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (!isBundleDir(name) && name !== '_astro') walk(path);
      } else if (name.endsWith('.html')) {
        const rel = `/${relative(dist, path).replace(/\\/g, '/')}`;
        pages.push(rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel);
      }
    }
  };
  walk(dist);
  return pages.sort();
}

/** True when the static host would serve something at this path. */
export function existsInDist(pathname: string, dist = DIST): boolean {
  const clean = decodeURIComponent(pathname.split('#')[0]!.split('?')[0]!);
  const target = join(dist, clean);
  if (clean.endsWith('/')) return existsSync(join(target, 'index.html'));
  return existsSync(target) && statSync(target).isFile();
}

export function readPage(pathname: string, dist = DIST): string {
  const file = pathname.endsWith('/') ? join(dist, pathname, 'index.html') : join(dist, pathname);
  return readFileSync(file, 'utf8');
}
