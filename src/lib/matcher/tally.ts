/**
 * Adds up what the scans of one or more logs found, per failure: how many lines matched, which signatures, and
 * the first and last matching line. Memory depends on the number of failures, never on the size of the logs.
 */
import { LogScan, type LineMatch, type ScanStats } from './log-scan.ts';
import type { SignatureIndex } from './signature-index.ts';

/** Where a matching line is, and (the beginning of) its text. */
export interface LineRef {
  source: string;
  line: number;
  text: string;
}

export interface FailureHits {
  failureId: string;
  /** Lines that match at least one of the failure's signatures (a line matching two counts once). */
  lines: number;
  first: LineRef;
  last: LineRef;
  /** Lines matched per signature ID, in the order the signatures were first seen. */
  signatures: Map<string, number>;
}

export interface TallyTotals extends ScanStats {
  sources: number;
  /** Lines that match any signature. */
  matchedLines: number;
}

/** A matched line is shown, not re-parsed: its first characters are enough to recognise it. */
export const EXCERPT_LENGTH = 2000;

export class MatchTally {
  readonly #index: SignatureIndex;
  readonly #failures = new Map<string, FailureHits>();
  readonly #totals: TallyTotals = { sources: 0, bytes: 0, lines: 0, truncatedLines: 0, matchedLines: 0 };

  constructor(index: SignatureIndex) {
    this.#index = index;
  }

  /** A scan of one log (a file, stdin, pasted text) whose matches are added here, and its counts when it ends. */
  open(source: string): LogScan {
    return new LogScan(
      this.#index,
      (match) => this.#record(source, match),
      (stats) => {
        this.#totals.sources++;
        this.#totals.bytes += stats.bytes;
        this.#totals.lines += stats.lines;
        this.#totals.truncatedLines += stats.truncatedLines;
      },
    );
  }

  get totals(): TallyTotals {
    return { ...this.#totals };
  }

  /** Failures found, in the order they were first seen. */
  get failures(): FailureHits[] {
    return [...this.#failures.values()];
  }

  #record(source: string, match: LineMatch): void {
    this.#totals.matchedLines++;
    const ref: LineRef = { source, line: match.line, text: match.text.length > EXCERPT_LENGTH ? `${match.text.slice(0, EXCERPT_LENGTH)}…` : match.text };
    const seen = new Set<string>();
    for (const s of match.signatures) {
      const { failureId, signatureId } = this.#index.signatures[s]!;
      let hits = this.#failures.get(failureId);
      if (!hits) {
        hits = { failureId, lines: 0, first: ref, last: ref, signatures: new Map() };
        this.#failures.set(failureId, hits);
      }
      hits.signatures.set(signatureId, (hits.signatures.get(signatureId) ?? 0) + 1);
      if (seen.has(failureId)) continue;
      seen.add(failureId);
      hits.lines++;
      hits.last = ref;
    }
  }
}
