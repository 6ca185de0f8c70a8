/**
 * The follow mode's core, without I/O: the current feed (swappable), one scan per followed input, the tally of
 * matches and the alerts they raise, and the metrics that describe them. The command line feeds it bytes from
 * files and journal entries, posts its alerts and serves its metrics.
 */
import { LogScan } from '../log-scan.ts';
import type { PreparedMatcher } from '../prepare.ts';
import { AlertBook, type AlertTimings } from './alert-book.ts';
import { FollowTally, type Firing, type LineContext } from './follow-tally.ts';
import { parseJournalLine } from './journal-entry.ts';
import type { MetricFamily } from './prometheus-text.ts';
import { signatureFacts } from './signature-facts.ts';
import { WholeLineScan } from './whole-line-scan.ts';

export interface FollowSessionOptions {
  /** The host label for lines that do not name their host (files, journal entries without _HOSTNAME). */
  host: string;
  timings: AlertTimings;
  /** Matching lines kept per signature and host, for context. */
  recentLines?: number;
  /** Called when a line starts a new alert, so it can be posted at once instead of at the next round. */
  onNewAlert?: (firing: Firing) => void;
}

/** One followed input: a file (across its rotations) or standard input. */
export interface FollowInput {
  /** Bytes read at `readAt` (ms since the epoch). The chunk is used at once, not kept. */
  push(chunk: Uint8Array, readAt: number): void;
  /** The file was rotated or truncated: an unfinished last line is finished, the next byte starts a line. */
  restart(): void;
  close(): void;
}

const NEWLINE = Uint8Array.of(10);

export class FollowSession {
  readonly tally: FollowTally;
  readonly alerts: AlertBook;
  readonly #options: FollowSessionOptions;
  #matcher: PreparedMatcher;
  readonly #scans = new Set<WholeLineScan>();
  #closedStats = { bytes: 0, lines: 0, truncatedLines: 0 };
  #context: LineContext;
  #journalSkipped = 0;
  #lastJournalProblem: string | undefined;
  #feedSwaps = 0;

  constructor(matcher: PreparedMatcher, options: FollowSessionOptions) {
    this.#options = options;
    this.#matcher = matcher;
    this.tally = new FollowTally({ recentLines: options.recentLines });
    this.alerts = new AlertBook(options.timings);
    this.tally.setFeed(matcher.index, signatureFacts(matcher.feed));
    this.#context = { source: '', host: options.host, readAt: 0 };
  }

  get matcher(): PreparedMatcher {
    return this.#matcher;
  }

  /** Matches with a new feed from the next whole line of every input on; counts, windows and alerts stay. */
  swap(matcher: PreparedMatcher): void {
    this.#matcher = matcher;
    this.tally.setFeed(matcher.index, signatureFacts(matcher.feed));
    for (const scan of this.#scans) scan.swap(this.#logScan());
    this.#feedSwaps++;
  }

  /** Declares every signature's counter at 0 for the host of the followed files. */
  declareHost(host = this.#options.host): void {
    this.tally.declareHost(host);
  }

  followInput(source: string): FollowInput {
    const scan = new WholeLineScan(this.#logScan());
    this.#scans.add(scan);
    const context: LineContext = { source, host: this.#options.host, readAt: 0 };
    return {
      push: (chunk, readAt) => {
        context.readAt = readAt;
        this.#context = context;
        scan.push(chunk);
      },
      restart: () => {
        this.#context = context;
        scan.finishLine();
      },
      close: () => {
        this.#context = context;
        scan.finishLine();
        this.#retire(scan);
      },
    };
  }

  /** A sink for the lines of `journalctl -o json`, one JSON object per line. */
  journalInput(source = 'journal'): { line(text: string, readAt: number): void; close(): void } {
    const scan = new WholeLineScan(this.#logScan());
    this.#scans.add(scan);
    return {
      line: (text, readAt) => {
        const parsed = parseJournalLine(text);
        if ('skipped' in parsed) {
          this.#journalSkipped++;
          this.#lastJournalProblem = parsed.skipped;
          return;
        }
        const { entry } = parsed;
        this.#context = { source, host: entry.host || this.#options.host, unit: entry.unit, readAt, writtenAt: entry.writtenAt };
        scan.push(entry.message);
        scan.push(NEWLINE);
      },
      close: () => this.#retire(scan),
    };
  }

  /** Journal lines that were not entries, and why the last one was not. */
  get journalProblems(): { skipped: number; last: string | undefined } {
    return { skipped: this.#journalSkipped, last: this.#lastJournalProblem };
  }

  get scanned(): { bytes: number; lines: number; truncatedLines: number } {
    const total = { ...this.#closedStats };
    for (const scan of this.#scans) {
      const stats = scan.stats;
      total.bytes += stats.bytes;
      total.lines += stats.lines;
      total.truncatedLines += stats.truncatedLines;
    }
    return total;
  }

  metricFamilies(): MetricFamily[] {
    const scanned = this.scanned;
    const feed = this.#matcher.feed;
    const generated = Date.parse(feed.generated);
    return [
      {
        name: 'failure_catalogue_signature_matches_total',
        type: 'counter',
        help: 'Log lines that matched a Failure Catalogue signature (whether or not its threshold was met).',
        samples: this.tally.series.map((s) => ({ labels: s.labels, value: s.matches })),
      },
      { name: 'failure_catalogue_follow_lines_total', type: 'counter', help: 'Log lines read.', samples: [{ value: scanned.lines }] },
      { name: 'failure_catalogue_follow_bytes_total', type: 'counter', help: 'Log bytes read.', samples: [{ value: scanned.bytes }] },
      { name: 'failure_catalogue_follow_truncated_lines_total', type: 'counter', help: 'Lines longer than 64 KiB, matched on their beginning only.', samples: [{ value: scanned.truncatedLines }] },
      { name: 'failure_catalogue_follow_matched_lines_total', type: 'counter', help: 'Log lines that matched at least one signature.', samples: [{ value: this.tally.matchedLines }] },
      { name: 'failure_catalogue_follow_journal_skipped_total', type: 'counter', help: 'Journal input lines that were not journal entries with a MESSAGE.', samples: [{ value: this.#journalSkipped }] },
      { name: 'failure_catalogue_alerts_firing', type: 'gauge', help: 'Alerts (failure, signature, host) currently firing.', samples: [{ value: this.alerts.firing }] },
      { name: 'failure_catalogue_feed_generated_timestamp_seconds', type: 'gauge', help: 'When the feed in use was built.', samples: Number.isFinite(generated) ? [{ value: generated / 1000 }] : [] },
      { name: 'failure_catalogue_feed_signatures', type: 'gauge', help: 'Signatures in use.', samples: [{ value: this.#matcher.index.signatures.length }] },
      { name: 'failure_catalogue_feed_swaps_total', type: 'counter', help: 'Times a refreshed feed was swapped in.', samples: [{ value: this.#feedSwaps }] },
    ];
  }

  #logScan(): LogScan {
    return new LogScan(this.#matcher.index, (match) => {
      for (const firing of this.tally.record(match, this.#context)) {
        if (this.alerts.fire(firing)) this.#options.onNewAlert?.(firing);
      }
    });
  }

  #retire(scan: WholeLineScan): void {
    if (!this.#scans.delete(scan)) return;
    const stats = scan.stats;
    this.#closedStats = { bytes: this.#closedStats.bytes + stats.bytes, lines: this.#closedStats.lines + stats.lines, truncatedLines: this.#closedStats.truncatedLines + stats.truncatedLines };
  }
}
