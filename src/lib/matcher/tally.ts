/**
 * Adds up what the scans of one or more logs found, per failure: how many lines matched, which signatures, and
 * the first and last matching line. Memory depends on the number of failures, never on the size of the logs.
 */
import { LogScan, type LineMatch, type ScanStats } from './log-scan.ts';
import type { SignatureIndex } from './signature-index.ts';
import { lineTimestamp, ThresholdWindow } from './timestamps.ts';

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
  /**
   * Whether the lines amount to the failure: a signature without a threshold matched, or a thresholded one saw
   * its count of lines within its window. A failure seen only below its thresholds is not reported as found.
   */
  fired: boolean;
  /** Thresholded signatures that matched but have not (yet) reached their count within their window. */
  belowThreshold: Map<string, { count: number; within: string }>;
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
  /** One sliding window per thresholded signature (by index), created when it first matches. */
  readonly #windows = new Map<number, ThresholdWindow>();
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

  /** Failures seen (fired or below their thresholds), in the order they were first seen. */
  get failures(): FailureHits[] {
    return [...this.#failures.values()];
  }

  #fires(s: number, text: string): boolean {
    const threshold = this.#index.signatures[s]!.threshold;
    if (!threshold) return true;
    let window = this.#windows.get(s);
    if (!window) {
      window = new ThresholdWindow(threshold.count, threshold.withinMs);
      this.#windows.set(s, window);
    }
    return window.add(lineTimestamp(text));
  }

  #record(source: string, match: LineMatch): void {
    this.#totals.matchedLines++;
    const ref: LineRef = { source, line: match.line, text: match.text.length > EXCERPT_LENGTH ? `${match.text.slice(0, EXCERPT_LENGTH)}…` : match.text };
    const seen = new Set<string>();
    for (const s of match.signatures) {
      const { failureId, signatureId, threshold } = this.#index.signatures[s]!;
      let hits = this.#failures.get(failureId);
      if (!hits) {
        hits = { failureId, lines: 0, first: ref, last: ref, signatures: new Map(), fired: false, belowThreshold: new Map() };
        this.#failures.set(failureId, hits);
      }
      hits.signatures.set(signatureId, (hits.signatures.get(signatureId) ?? 0) + 1);
      if (this.#fires(s, match.text)) {
        hits.fired = true;
        hits.belowThreshold.delete(signatureId);
      } else if (threshold) {
        hits.belowThreshold.set(signatureId, { count: threshold.count, within: threshold.within });
      }
      if (seen.has(failureId)) continue;
      seen.add(failureId);
      hits.lines++;
      hits.last = ref;
    }
  }
}
