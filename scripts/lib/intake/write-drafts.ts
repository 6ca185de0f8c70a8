/**
 * Writes drafts into a content root. File names come from the generated IDs only (never from submitted text), every
 * path is checked to stay inside the root (also through symbolic links), files are created exclusively (an existing
 * entry is never overwritten), and the written files must pass the same check as `npm run check`, or they are
 * removed again.
 */
import { existsSync, mkdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { serializeEntry } from '../../../src/lib/core/entry-writer.ts';
import { checkContentRoot } from '../../../src/lib/core/integrity.ts';
import type { Draft } from '../../../src/lib/intake/drafts.ts';
import { formatProblem } from '../../../src/lib/core/problems.ts';
import { UsageError } from './event.ts';

const DRAFT_PATH = /^(?:failures\/FAIL|remediations\/REM|reports\/RPT)-\d{4,}\.md$/;

export interface WrittenDraft {
  draft: Draft;
  /** Absolute path of the file. */
  file: string;
  text: string;
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

export function writeDrafts(contentRoot: string, drafts: readonly Draft[]): WrittenDraft[] {
  if (!existsSync(contentRoot) || !statSync(contentRoot).isDirectory()) {
    throw new UsageError(`the content directory ${contentRoot} does not exist: pass --content <dir> or set CONTENT_DIR`);
  }
  const root = realpathSync(contentRoot);
  const written: WrittenDraft[] = [];
  try {
    for (const draft of drafts) {
      if (!DRAFT_PATH.test(draft.path)) throw new Error(`refusing to write ${JSON.stringify(draft.path)}: not an entry path`);
      const file = join(root, draft.path);
      mkdirSync(dirname(file), { recursive: true });
      if (!inside(root, realpathSync(dirname(file)))) throw new UsageError(`${dirname(file)} leads outside the content directory ${root} (a symbolic link?): refusing to write there`);
      const text = serializeEntry(draft.data, draft.body);
      try {
        writeFileSync(file, text, { flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${file} already exists: the intake never overwrites an entry; remove it or run against a clean checkout`);
        throw error;
      }
      written.push({ draft, file, text });
    }
    const files = new Set(written.map((w) => w.file));
    const problems = checkContentRoot(root).problems.filter((p) => files.has(resolve(p.file)));
    if (problems.length > 0) throw new Error(`the drafts do not pass the content check (an intake bug):\n${problems.map(formatProblem).join('\n')}`);
  } catch (error) {
    for (const w of written) rmSync(w.file, { force: true });
    throw error;
  }
  return written;
}
