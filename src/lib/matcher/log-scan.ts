/**
 * Scans one log, pushed as byte chunks of any size, for every signature at once. Memory stays bounded whatever
 * the input: a chunk is scanned where it lies, and only the unfinished last line is carried over, at most
 * MAX_LINE_BYTES of it. A longer line is matched on its first MAX_LINE_BYTES and counted as truncated, so a
 * 100 MB line costs neither 100 MB nor quadratic time.
 *
 * Works on bytes, not strings: most of a log is skipped by the literal scanner without ever being decoded.
 * Only lines that contain a signature's fixed text are decoded and tested with its RE2 expression.
 */
import type { SignatureIndex } from './signature-index.ts';

export const MAX_LINE_BYTES = 64 * 1024;
const NEWLINE = 10;
const CARRIAGE_RETURN = 13;

export interface LineMatch {
  /** 1-based line number within the log. */
  line: number;
  /** The line as matched: decoded as UTF-8, without its line terminator, at most MAX_LINE_BYTES of it. */
  text: string;
  /** Indices into the index's signatures of every signature the line matches. */
  signatures: readonly number[];
}

export interface ScanStats {
  bytes: number;
  lines: number;
  /** Lines longer than MAX_LINE_BYTES, matched on their beginning only. */
  truncatedLines: number;
}

export class LogScan {
  readonly #index: SignatureIndex;
  readonly #onMatch: (match: LineMatch) => void;
  readonly #onEnd: ((stats: ScanStats) => void) | undefined;
  readonly #decoder = new TextDecoder('utf-8');
  readonly #literalLength: Int32Array;
  #bytes = 0;
  /** Lines finished so far; the line being read is number #lines + 1. */
  #lines = 0;
  #truncated = 0;
  /** Beginning of the unfinished last line (at most MAX_LINE_BYTES), and whether more of it was dropped. */
  #carry = new Uint8Array(0);
  #carryLength = 0;
  #carryOverflow = false;
  #ended = false;

  constructor(index: SignatureIndex, onMatch: (match: LineMatch) => void, onEnd?: (stats: ScanStats) => void) {
    this.#index = index;
    this.#onMatch = onMatch;
    this.#onEnd = onEnd;
    this.#literalLength = Int32Array.from(index.scanner.literals, (l) => l.length);
  }

  get stats(): ScanStats {
    return { bytes: this.#bytes, lines: this.#lines, truncatedLines: this.#truncated };
  }

  push(chunk: Uint8Array): void {
    if (this.#ended) throw new Error('LogScan.push after end');
    this.#bytes += chunk.length;
    let start = 0;
    if (this.#carryLength > 0) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline < 0) {
        this.#keep(chunk, 0, chunk.length);
        return;
      }
      this.#keep(chunk, 0, newline);
      this.#finishCarriedLine();
      start = newline + 1;
    }
    const lastNewline = chunk.lastIndexOf(NEWLINE);
    if (lastNewline >= start) {
      this.#scanBlock(chunk, start, lastNewline + 1);
      start = lastNewline + 1;
    }
    if (start < chunk.length) this.#keep(chunk, start, chunk.length);
  }

  /** The log is complete: its last line, if it has no newline, is scanned now. */
  end(): ScanStats {
    if (this.#ended) return this.stats;
    if (this.#carryLength > 0) this.#finishCarriedLine();
    this.#ended = true;
    this.#onEnd?.(this.stats);
    return this.stats;
  }

  #keep(chunk: Uint8Array, from: number, to: number): void {
    const room = MAX_LINE_BYTES - this.#carryLength;
    const take = Math.min(room, to - from);
    if (take < to - from) this.#carryOverflow = true;
    if (take <= 0) return;
    if (this.#carry.length < this.#carryLength + take) {
      const grown = new Uint8Array(Math.min(MAX_LINE_BYTES, Math.max(2 * this.#carry.length, this.#carryLength + take, 256)));
      grown.set(this.#carry.subarray(0, this.#carryLength));
      this.#carry = grown;
    }
    this.#carry.set(chunk.subarray(from, from + take), this.#carryLength);
    this.#carryLength += take;
  }

  #finishCarriedLine(): void {
    const line = this.#carry.subarray(0, this.#carryLength);
    this.#scanBlock(line, 0, line.length);
    // The block holds no newline, so the scan counted nothing: this line is finished here.
    this.#lines++;
    if (this.#carryOverflow) this.#truncated++;
    this.#carryLength = 0;
    this.#carryOverflow = false;
  }

  /**
   * Scans bytes[from, to): whole lines, each ending with a newline, except that a block with no final newline
   * (a carried line) ends at `to`.
   */
  #scanBlock(bytes: Uint8Array, from: number, to: number): void {
    if (this.#index.unfiltered) {
      this.#scanEachLine(bytes, from, to);
      return;
    }
    // Line numbers are counted lazily, newline to newline with the native indexOf, only up to where needed.
    let countedTo = from;
    const countLinesTo = (position: number) => {
      while (countedTo < position) {
        const newline = bytes.indexOf(NEWLINE, countedTo);
        if (newline < 0 || newline >= to) break;
        if (newline - countedTo > MAX_LINE_BYTES) this.#truncated++;
        this.#lines++;
        countedTo = newline + 1;
      }
    };

    let lineStart = -1;
    let lineEnd = -1;
    let candidates: number[] = [];
    const flush = () => {
      if (candidates.length === 0) return;
      countLinesTo(lineStart);
      this.#confirm(bytes, lineStart, lineEnd, candidates);
      candidates = [];
    };
    const owners = this.#index.owners;
    const literalLength = this.#literalLength;
    this.#index.scanner.scan(bytes, from, to, (literal, start) => {
      if (start >= lineEnd) {
        flush();
        lineStart = Math.max(from, bytes.lastIndexOf(NEWLINE, start) + 1);
        const newline = bytes.indexOf(NEWLINE, start);
        lineEnd = newline < 0 || newline >= to ? to : newline;
      }
      // A text beyond the part of a long line that is matched does not count.
      if (start + literalLength[literal]! > lineStart + MAX_LINE_BYTES) return;
      for (const signature of owners[literal]!) candidates.push(signature);
    });
    flush();
    countLinesTo(to);
  }

  /** The slow path, for feeds with signatures that have no fixed text: every line goes through an RE2 set. */
  #scanEachLine(bytes: Uint8Array, from: number, to: number): void {
    const { scanner, owners, unfiltered } = this.#index;
    let lineStart = from;
    while (lineStart < to) {
      const newline = bytes.indexOf(NEWLINE, lineStart);
      const lineEnd = newline < 0 || newline >= to ? to : newline;
      const matchedEnd = Math.min(lineEnd, lineStart + MAX_LINE_BYTES);
      const candidates: number[] = [];
      scanner.scan(bytes, lineStart, matchedEnd, (literal) => {
        for (const signature of owners[literal]!) candidates.push(signature);
      });
      const text = this.#text(bytes, lineStart, lineEnd);
      for (const s of unfiltered!.set.match(text)) candidates.push(unfiltered!.signatures[s]!);
      this.#confirm(bytes, lineStart, lineEnd, candidates, text);
      if (lineEnd === to) break;
      if (lineEnd - lineStart > MAX_LINE_BYTES) this.#truncated++;
      this.#lines++;
      lineStart = lineEnd + 1;
    }
  }

  /** Runs the candidates' RE2 expressions on the line and reports the ones that match. */
  #confirm(bytes: Uint8Array, start: number, end: number, candidates: readonly number[], decoded?: string): void {
    if (candidates.length === 0) return;
    const text = decoded ?? this.#text(bytes, start, end);
    const matched: number[] = [];
    for (const signature of new Set(candidates)) {
      if (this.#index.signatures[signature]!.regex.test(text)) matched.push(signature);
    }
    if (matched.length > 0) this.#onMatch({ line: this.#lines + 1, text, signatures: matched.sort((a, b) => a - b) });
  }

  #text(bytes: Uint8Array, start: number, end: number): string {
    let stop = Math.min(end, start + MAX_LINE_BYTES);
    if (stop > start && stop === end && bytes[stop - 1] === CARRIAGE_RETURN) stop--;
    return this.#decoder.decode(bytes.subarray(start, stop));
  }
}
