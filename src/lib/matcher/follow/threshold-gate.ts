/**
 * Whether a thresholded signature's lines amount to a failure right now, in a log that never ends: `count`
 * matching lines within `windowMs`. Unlike the scan mode's ThresholdWindow, which latches once a finished log
 * reached the threshold, this one answers for the latest line, so an alert that was resolved needs the threshold
 * met again to fire again. Keeps the stamps of the last `count` lines only: memory stays flat.
 */
export class ThresholdGate {
  readonly #count: number;
  readonly #windowMs: number;
  readonly #stamps: number[] = [];
  #next = 0;

  constructor(count: number, windowMs: number) {
    this.#count = Math.max(1, count);
    this.#windowMs = windowMs;
  }

  /**
   * Adds one matching line, stamped in milliseconds (its own timestamp, or when it was read when it has none);
   * returns whether the last `count` lines fall within the window.
   */
  add(stamp: number): boolean {
    if (this.#count === 1) return true;
    if (this.#stamps.length < this.#count) this.#stamps.push(stamp);
    else this.#stamps[this.#next] = stamp;
    this.#next = (this.#next + 1) % this.#count;
    if (this.#stamps.length < this.#count) return false;
    // The oldest of the last `count` stamps is the one the next line would replace.
    const oldest = this.#stamps[this.#next]!;
    return Math.abs(stamp - oldest) <= this.#windowMs;
  }
}
