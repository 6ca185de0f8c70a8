/**
 * Splits a byte stream into lines for inputs whose every line is one record (journalctl's JSON), carrying an
 * unfinished line across chunks. A line longer than `maxLineBytes` is dropped and counted, not kept growing.
 */
const NEWLINE = 10;

export class LineSplitter {
  readonly #maxLineBytes: number;
  readonly #onLine: (line: Uint8Array) => void;
  #held: Uint8Array[] = [];
  #heldLength = 0;
  #overflow = false;
  /** Lines dropped for being longer than the limit. */
  dropped = 0;

  constructor(maxLineBytes: number, onLine: (line: Uint8Array) => void) {
    this.#maxLineBytes = maxLineBytes;
    this.#onLine = onLine;
  }

  push(chunk: Uint8Array): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline < 0) break;
      this.#emit(chunk.subarray(start, newline));
      start = newline + 1;
    }
    if (start < chunk.length) this.#hold(chunk.subarray(start));
  }

  /** The input ended: a last line without a newline is a line too. */
  end(): void {
    if (this.#heldLength > 0 || this.#overflow) this.#emit(new Uint8Array(0));
  }

  #hold(bytes: Uint8Array): void {
    if (this.#overflow || this.#heldLength + bytes.length > this.#maxLineBytes) {
      this.#overflow = true;
      this.#held = [];
      this.#heldLength = 0;
      return;
    }
    this.#held.push(bytes.slice());
    this.#heldLength += bytes.length;
  }

  #emit(tail: Uint8Array): void {
    if (this.#overflow || this.#heldLength + tail.length > this.#maxLineBytes) {
      this.dropped++;
    } else if (this.#heldLength === 0) {
      this.#onLine(tail);
    } else {
      const line = new Uint8Array(this.#heldLength + tail.length);
      let at = 0;
      for (const part of this.#held) {
        line.set(part, at);
        at += part.length;
      }
      line.set(tail, at);
      this.#onLine(line);
    }
    this.#held = [];
    this.#heldLength = 0;
    this.#overflow = false;
  }
}
