/**
 * "Is this submission a failure we already know?" The submission's log lines run against every published signature
 * and its words are compared with every published failure (src/lib/core/similarity.ts). Used by the intake comment and
 * by the triage page, so the work group links a report to an existing failure instead of creating a duplicate.
 */
import type { Failure } from '../../schemas/index.ts';
import type { SimilarityIndex, SimilarityQuery } from '../core/similarity.ts';

export interface SimilarFailure {
  id: string;
  title: string;
  score: number;
  reasons: string[];
  /** Set when one of the failure's signatures matched a line of the submission. */
  signature?: { id: string; line: string };
}

/**
 * A score from shared words alone this high (about: most distinctive words shared, plus the same service and
 * category) makes a duplicate likely enough to label the issue; a matching signature always does.
 */
export const DUPLICATE_SCORE = 0.4;
/** Bounds the signature work for a hostile submission: at most this many lines, each cut to this length. */
const MAX_LOG_LINES = 2000;
const MAX_LINE_LENGTH = 4000;

export function findSimilar(index: SimilarityIndex, failure: (id: string) => Failure | undefined, query: SimilarityQuery, limit = 5): SimilarFailure[] {
  return index.query(query, limit).map((m) => ({
    id: m.id,
    title: failure(m.id)?.title ?? m.id,
    score: m.score,
    reasons: m.reasons,
    ...(m.signature ? { signature: m.signature } : {}),
  }));
}

export function looksLikeDuplicate(similar: readonly SimilarFailure[]): boolean {
  const best = similar[0];
  return best !== undefined && (best.signature !== undefined || best.score >= DUPLICATE_SCORE);
}

/** The non-blank lines of a log excerpt, bounded in number and length. */
export function logLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(0, MAX_LOG_LINES)
    .map((l) => l.slice(0, MAX_LINE_LENGTH));
}

/** Lines inside the fenced code blocks of a Markdown body (drafts keep log excerpts there). */
export function fencedLines(markdown: string): string[] {
  const lines: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined) {
      if (marker) fence = marker;
    } else if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) {
      fence = undefined;
    } else {
      lines.push(line);
    }
  }
  return logLines(lines.join('\n'));
}
