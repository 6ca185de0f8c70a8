import type { AstroIntegration } from 'astro';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastSimilarMemoOutcome, SIMILAR_MEMO_VARIABLE, type SimilarMemoPlace } from '../lib/site/similar-memo.ts';
import { sourceDigest } from './source-digest.ts';

/** The code similar failures are computed by: the core (catalogue, similarity, text) and the matcher's literals. */
const SIMILARITY_CODE = ['../lib/core/', '../lib/matcher/', '../schemas/'].map((dir) => fileURLToPath(new URL(dir, import.meta.url)));

/**
 * Gives a build's page code a memo of similar failures in Astro's cacheDir (src/lib/site/similar-memo.ts), so a
 * rebuild after an edit that changes none of their inputs (a body, a report, a remediation) reads them instead of
 * computing them again. Pages are rendered in this process, so an environment variable carries the place. On a
 * first build the feed writer's process fills the memo beside the content sync (src/integrations/feed-files.ts).
 */
export function similarMemo(): AstroIntegration {
  return {
    name: 'failure-catalogue:similar-memo',
    hooks: {
      'astro:config:setup': ({ command, config }) => {
        if (command !== 'build') return;
        const place: SimilarMemoPlace = { file: join(fileURLToPath(config.cacheDir), 'failure-catalogue-similar.json'), scope: sourceDigest(SIMILARITY_CODE) };
        process.env[SIMILAR_MEMO_VARIABLE] = JSON.stringify(place);
      },
      // Pages render in this process, so the memo's last lookup here is theirs: say whether they had to compute.
      'astro:build:done': ({ logger }) => {
        const outcome = lastSimilarMemoOutcome();
        if (outcome) logger.info(outcome === 'read' ? 'Similar failures read from the memo' : 'Similar failures computed during page generation');
      },
    },
  };
}
