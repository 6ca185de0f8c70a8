/**
 * A problem found in the content. Every problem names the file, the field, what is wrong and how to fix it,
 * and carries a stable code so a message can be searched for and explained (as osv-linter does).
 */
export const problemCodes = {
  FC001: 'unreadable-file',
  FC002: 'schema',
  FC003: 'id-file-mismatch',
  FC004: 'duplicate-id',
  FC005: 'unknown-reference',
  FC006: 'pattern-not-portable',
  FC007: 'pattern-invalid',
  FC008: 'pattern-backtracking',
  FC009: 'example-disagrees',
  FC010: 'unpublished-reference',
  FC011: 'inconsistent-relation',
  FC012: 'provenance',
  FC013: 'release-not-read',
  FC014: 'mdx-not-allowed',
  FC015: 'broken-body-link',
  FC016: 'impossible-date',
  FC017: 'missing-section',
} as const;

export type ProblemCode = keyof typeof problemCodes;

export interface Problem {
  code: ProblemCode;
  /** Path of the file, relative to the current directory where possible. */
  file: string;
  /** Dotted field path inside the file, e.g. `signatures[0].pattern`; empty for the whole file. */
  field: string;
  /** What is wrong. */
  message: string;
  /** How to fix it. */
  fix: string;
}

export function formatProblem(problem: Problem): string {
  const where = problem.field ? `${problem.file}: ${problem.field}` : problem.file;
  return `${where}: ${problem.message}. Fix: ${problem.fix} [${problem.code} ${problemCodes[problem.code]}]`;
}

/** `['signatures', 0, 'pattern']` -> `signatures[0].pattern`. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}
