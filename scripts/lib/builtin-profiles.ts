/**
 * The built-in deployment profiles' YAML, by file name. Read from src/lib/feed/exports/profiles next to this
 * repository's sources; the standalone file (src/integrations/standalone-tool.ts) replaces this module with the
 * same texts inlined, so it needs no files beside it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const PROFILES_DIR = join(import.meta.dirname, '..', '..', 'src', 'lib', 'feed', 'exports', 'profiles');

export function builtinProfileTexts(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(PROFILES_DIR)
      .filter((name) => name.endsWith('.yaml'))
      .sort()
      .map((name) => [name, readFileSync(join(PROFILES_DIR, name), 'utf8')]),
  );
}
