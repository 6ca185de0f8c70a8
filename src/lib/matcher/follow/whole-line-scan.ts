/**
 * A LogScan for a log that never ends (a followed file, a journal), whose signature index can be swapped while it
 * runs. LogScan carries an unfinished last line inside itself, so it cannot be handed to a new index mid-line.
 * This wrapper only ever gives it whole lines and keeps the unfinished one itself (at most MAX_LINE_BYTES + 1 of
 * it: one byte more than LogScan keeps, so LogScan still sees and counts the line as truncated). Between pushes
 * the LogScan holds nothing, and a new index takes over at a line boundary: no line is lost or counted twice.
 */
import { MAX_LINE_BYTES, type LogScan, type ScanStats } from '../log-scan.ts';

const NEWLINE = 10;
const HELD_BYTES = MAX_LINE_BYTES + 1;

export class WholeLineScan {
  #scan: LogScan;
  readonly #held = new Uint8Array(HELD_BYTES);
  #heldLength = 0;
  /** Stats of the scans this one replaced, so the totals run across swaps. */
  #before: ScanStats = { bytes: 0, lines: 0, truncatedLines: 0 };

  constructor(scan: LogScan) {
    this.#scan = scan;
  }

  push(chunk: Uint8Array): void {
    const lastNewline = chunk.lastIndexOf(NEWLINE);
    if (lastNewline < 0) {
      this.#hold(chunk);
      return;
    }
    if (this.#heldLength > 0) {
      this.#scan.push(this.#held.subarray(0, this.#heldLength));
      this.#heldLength = 0;
    }
    this.#scan.push(chunk.subarray(0, lastNewline + 1));
    if (lastNewline + 1 < chunk.length) this.#hold(chunk.subarray(lastNewline + 1));
  }

  /** Bytes of an unfinished line waiting for its end. */
  get pendingBytes(): number {
    return this.#heldLength;
  }

  /**
   * The log ended here (its file was rotated away or truncated): an unfinished last line will never be finished,
   * so it is scanned as it is, and what comes next starts a new line.
   */
  finishLine(): void {
    if (this.#heldLength === 0) return;
    this.#scan.push(this.#held.subarray(0, this.#heldLength));
    this.#scan.push(Uint8Array.of(NEWLINE));
    this.#heldLength = 0;
  }

  /** Continues with another scan (a new signature index) from the next whole line on. */
  swap(next: LogScan): void {
    const done = this.#scan.end();
    this.#before = add(this.#before, done);
    this.#scan = next;
  }

  get stats(): ScanStats {
    return add(this.#before, this.#scan.stats);
  }

  #hold(bytes: Uint8Array): void {
    const take = Math.min(bytes.length, HELD_BYTES - this.#heldLength);
    if (take <= 0) return;
    this.#held.set(bytes.subarray(0, take), this.#heldLength);
    this.#heldLength += take;
  }
}

function add(a: ScanStats, b: ScanStats): ScanStats {
  return { bytes: a.bytes + b.bytes, lines: a.lines + b.lines, truncatedLines: a.truncatedLines + b.truncatedLines };
}
