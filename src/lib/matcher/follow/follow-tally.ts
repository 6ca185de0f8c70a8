/**
 * Adds up matches in a log that never ends. Memory stays flat over days: per signature and host there is one
 * counter, one threshold gate and a ring of the last few matching lines; nothing grows with the number of lines.
 * The counters are keyed by labels, not by positions in a signature index, so a new feed can be swapped in
 * without losing a count.
 */
import type { LineMatch } from '../log-scan.ts';
import type { SignatureIndex } from '../signature-index.ts';
import { lineTimestamp } from '../timestamps.ts';
import { factsKey, type SignatureFacts } from './signature-facts.ts';
import { ThresholdGate } from './threshold-gate.ts';

/** Where a line came from and when it was read. */
export interface LineContext {
  /** The file path, or "journal". */
  source: string;
  host: string;
  /** When the line was read, in milliseconds since the epoch. */
  readAt: number;
  /** When the line was written, when the input says so (journald's __REALTIME_TIMESTAMP). */
  writtenAt?: number | undefined;
  /** The unit or program that wrote it (journald's SYSLOG_IDENTIFIER or _SYSTEMD_UNIT). */
  unit?: string | undefined;
}

/** A type, not an interface, so it is a Record<string, string> where metrics take one. */
export type MatchLabels = {
  failure_id: string;
  signature_id: string;
  service: string;
  host: string;
};

export interface RecentLine {
  at: number;
  source: string;
  unit?: string | undefined;
  text: string;
}

export interface SeriesState {
  labels: MatchLabels;
  /** Lines that matched the signature, whether or not its threshold was met. */
  matches: number;
  /** Whether the signature has ever fired on this host (its threshold met, or it has none). */
  fired: boolean;
  /** The last few matching lines, oldest first. */
  recent: RecentLine[];
}

/** A signature's lines amount to its failure on a host now: what the alerting is told. */
export interface Firing {
  facts: SignatureFacts;
  host: string;
  at: number;
  /** The line that fired (its first RECENT_TEXT_LENGTH characters), for the operator's console, not for alerts. */
  line: string;
}

/** A line kept for context is cut here: enough to recognise it, little enough to keep many. */
export const RECENT_TEXT_LENGTH = 500;

export class FollowTally {
  readonly #recentLines: number;
  #index: SignatureIndex | undefined;
  #facts = new Map<string, SignatureFacts>();
  readonly #series = new Map<string, SeriesState>();
  readonly #gates = new Map<string, ThresholdGate>();
  #matchedLines = 0;

  constructor(options: { recentLines?: number | undefined } = {}) {
    this.#recentLines = options.recentLines ?? 5;
  }

  /** Uses a new feed from the next line on; counts so far stay. */
  setFeed(index: SignatureIndex, facts: Map<string, SignatureFacts>): void {
    this.#index = index;
    this.#facts = facts;
  }

  /**
   * Declares every signature's counter on a host at 0, so a rule such as `increase(...[5m]) > 0` sees the first
   * match (Prometheus cannot tell an increase from a series that appears at 1).
   */
  declareHost(host: string): void {
    for (const facts of this.#facts.values()) this.#seriesFor(facts, host);
  }

  /** Records a line's matches; returns the signatures that fire with it. */
  record(match: LineMatch, context: LineContext): Firing[] {
    const index = this.#index;
    if (!index) return [];
    this.#matchedLines++;
    const firings: Firing[] = [];
    let stamp: number | undefined;
    let excerpt: string | undefined;
    for (const s of match.signatures) {
      const signature = index.signatures[s]!;
      const facts = this.#facts.get(factsKey(signature.failureId, signature.signatureId));
      if (!facts) continue;
      const series = this.#seriesFor(facts, context.host);
      series.matches++;
      excerpt ??= match.text.length > RECENT_TEXT_LENGTH ? `${match.text.slice(0, RECENT_TEXT_LENGTH)}…` : match.text;
      if (this.#recentLines > 0) {
        if (series.recent.length >= this.#recentLines) series.recent.shift();
        series.recent.push({ at: context.readAt, source: context.source, unit: context.unit, text: excerpt });
      }
      let fires = true;
      if (signature.threshold) {
        stamp ??= context.writtenAt ?? lineTimestamp(match.text) ?? context.readAt;
        const { count, withinMs } = signature.threshold;
        // Keyed by the threshold too: a feed that changes it starts a fresh window.
        const gateKey = `${factsKey(facts.failureId, facts.signatureId)}\u0000${context.host}\u0000${count}/${withinMs}`;
        let gate = this.#gates.get(gateKey);
        if (!gate) {
          gate = new ThresholdGate(count, withinMs);
          this.#gates.set(gateKey, gate);
        }
        fires = gate.add(stamp);
      }
      if (fires) {
        series.fired = true;
        firings.push({ facts, host: context.host, at: context.readAt, line: excerpt });
      }
    }
    return firings;
  }

  get series(): readonly SeriesState[] {
    return [...this.#series.values()];
  }

  /** Lines that matched at least one signature. */
  get matchedLines(): number {
    return this.#matchedLines;
  }

  /** Whether any signature fired: the exit status of the follow mode. */
  get found(): boolean {
    for (const series of this.#series.values()) if (series.fired) return true;
    return false;
  }

  #seriesFor(facts: SignatureFacts, host: string): SeriesState {
    const key = `${facts.failureId}\u0000${facts.signatureId}\u0000${facts.service}\u0000${host}`;
    let series = this.#series.get(key);
    if (!series) {
      series = { labels: { failure_id: facts.failureId, signature_id: facts.signatureId, service: facts.service, host }, matches: 0, fired: false, recent: [] };
      this.#series.set(key, series);
    }
    return series;
  }
}
