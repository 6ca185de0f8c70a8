/**
 * The build's memo of similar failures (see Catalogue.similar): a file in Astro's cacheDir holding the results
 * with a digest of everything they were computed from. The digest covers the inputs the catalogue hands over and
 * the scope, a digest of the code that computes them, so changed content or changed code computes them afresh.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SimilarMemo, SimilarResults } from '../core/catalogue.ts';

/** The variable through which the build tells the page code where its memo is (src/integrations/similar-memo.ts). */
export const SIMILAR_MEMO_VARIABLE = 'FAILURE_CATALOGUE_SIMILAR_MEMO';

export interface SimilarMemoPlace {
  file: string;
  /** Digest of the code the results come from. */
  scope: string;
}

/** Whether this process's last memo lookup found the results or computed them (the build reports it). */
const OUTCOME = Symbol.for('failure-catalogue.similar-memo.outcome');
export type SimilarMemoOutcome = 'read' | 'computed';
export const lastSimilarMemoOutcome = (): SimilarMemoOutcome | undefined => (globalThis as { [OUTCOME]?: SimilarMemoOutcome })[OUTCOME];
const recordOutcome = (outcome: SimilarMemoOutcome) => ((globalThis as { [OUTCOME]?: SimilarMemoOutcome })[OUTCOME] = outcome);

export function fileSimilarMemo({ file, scope }: SimilarMemoPlace): SimilarMemo {
  return {
    get(inputs, compute) {
      const digest = createHash('sha256').update(scope).update('\0').update(JSON.stringify(inputs)).digest('base64url');
      const kept = read(file);
      if (kept?.digest === digest) {
        recordOutcome('read');
        return kept.results;
      }
      recordOutcome('computed');
      const results = compute();
      mkdirSync(dirname(file), { recursive: true });
      // Written whole or not at all: a build stopped half-way must not leave a memo that parses as another.
      writeFileSync(`${file}.tmp`, JSON.stringify({ digest, results }));
      renameSync(`${file}.tmp`, file);
      return results;
    },
  };
}

function read(file: string): { digest: string; results: SimilarResults } | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { digest: string; results: SimilarResults };
  } catch {
    // No memo yet (first build, cache cleared) or an unreadable one: computed afresh.
    return undefined;
  }
}

/** The memo the build set up for this process, if any (none in the dev server, the tests or the CLIs). */
export function buildSimilarMemo(env: NodeJS.ProcessEnv = process.env): SimilarMemo | undefined {
  const place = env[SIMILAR_MEMO_VARIABLE];
  return place ? fileSimilarMemo(JSON.parse(place) as SimilarMemoPlace) : undefined;
}
