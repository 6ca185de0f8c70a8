/**
 * Applies a triage change atomically: the edits are written to a copy of the content root, the content check
 * runs on the copy, and only a change that adds no problem is written to the real root. A refused change leaves
 * every file as it was. The diff is the same either way, so `--dry-run` shows exactly what would be written.
 */
import { cpSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { checkContentRoot } from '../../core/integrity.ts';
import { formatProblem, type Problem } from '../../core/problems.ts';
import type { EntryEdits } from './entry-edits.ts';
import { Refusal } from './verbs.ts';

export interface Applied {
  /** Unified diff of every file written or deleted, paths relative to the content root. */
  diff: string;
  files: string[];
}

/** Problems as text with file paths relative to their root, so a copy's problems compare with the original's. */
function problemLines(problems: readonly Problem[], root: string): Set<string> {
  return new Set(problems.map((p) => formatProblem({ ...p, file: relative(root, resolve(p.file)) })));
}

export function applyTriage(root: string, edits: EntryEdits, options: { dryRun: boolean }): Applied {
  const absoluteRoot = resolve(root);
  const { writes, deletes } = edits.result();
  const rel = (file: string) => relative(absoluteRoot, resolve(file));
  const patches = [
    ...[...writes].map(([file, { before, after }]) => createTwoFilesPatch(`a/${rel(file)}`, `b/${rel(file)}`, before, after, '', '', { context: 2 })),
    ...[...deletes].map(([file, before]) => createTwoFilesPatch(`a/${rel(file)}`, '/dev/null', before, '', '', '', { context: 0 })),
  ];
  const files = [...writes.keys(), ...deletes.keys()].map(rel);

  const copy = mkdtempSync(join(tmpdir(), 'triage-'));
  try {
    cpSync(absoluteRoot, copy, { recursive: true });
    for (const [file, { after }] of writes) writeFileSync(join(copy, rel(file)), after);
    for (const file of deletes.keys()) rmSync(join(copy, rel(file)));
    const before = problemLines(checkContentRoot(absoluteRoot).problems, absoluteRoot);
    const added = [...problemLines(checkContentRoot(copy).problems, copy)].filter((line) => !before.has(line));
    if (added.length > 0) throw new Refusal(`the change would leave the catalogue with ${added.length} new problem${added.length === 1 ? '' : 's'}, so nothing was written:\n${added.map((l) => `  ${l}`).join('\n')}`);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }

  if (!options.dryRun) {
    // Each file is replaced by a rename, so a reader never sees half a file.
    for (const [file, { after }] of writes) {
      const temporary = `${file}.triage-${process.pid}`;
      writeFileSync(temporary, after);
      renameSync(temporary, file);
    }
    for (const file of deletes.keys()) rmSync(file);
  }
  return { diff: patches.join(''), files };
}
