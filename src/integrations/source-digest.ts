import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Digest of the TypeScript source under some folders (paths and contents), for results computed by that code. */
export function sourceDigest(dirs: readonly string[]): string {
  const digest = createHash('sha256');
  const add = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) add(path);
      else if (entry.name.endsWith('.ts')) digest.update(relative(dir, path)).update(readFileSync(path));
    }
  };
  for (const dir of dirs) add(dir);
  return digest.digest('base64url');
}
