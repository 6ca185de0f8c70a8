/**
 * When a log line was written, read from the line itself, for signatures that only mean a failure when they repeat
 * within a time window. Only the differences between lines matter, so a syslog stamp without a year is read in a
 * fixed year and dmesg's seconds since boot are used as they are. A line without a recognisable stamp has none.
 */

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
/** Syslog stamps carry no year; any fixed one keeps the differences right except across New Year. */
const SYSLOG_YEAR = 2000;

// 2026-03-04 10:15:02.123, 2026-03-04T10:15:02Z, 2026-03-04T10:15:02.123456+00:00 (oslo.log, RabbitMQ, Ceph, JSON logs)
const ISO = /(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?/;
// Mar  4 10:15:02 (syslog, journald's short format, HAProxy)
const SYSLOG = /^(?:<\d+>)?([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d)/;
// [Wed Mar 04 10:15:02.123456 2026] (Apache httpd error log)
const APACHE = /^\[[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))? (\d{4})\]/;
// [12345.678901] (dmesg: seconds since boot)
const DMESG = /^\[ *(\d+)\.(\d{1,9})\]/;

const fraction = (digits: string | undefined) => (digits ? Number(`0.${digits}`) * 1000 : 0);

/** Milliseconds on a scale shared by the lines of one log, or undefined when the line has no stamp. */
export function lineTimestamp(line: string): number | undefined {
  const head = line.length > 200 ? line.slice(0, 200) : line;
  let m = SYSLOG.exec(head);
  if (m && MONTHS[m[1]!] !== undefined) return Date.UTC(SYSLOG_YEAR, MONTHS[m[1]!]!, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  m = APACHE.exec(head);
  if (m && MONTHS[m[1]!] !== undefined) return Date.UTC(Number(m[7]), MONTHS[m[1]!]!, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])) + fraction(m[6]);
  m = ISO.exec(head);
  if (m) return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) + fraction(m[7]);
  m = DMESG.exec(head);
  if (m) return Number(m[1]) * 1000 + fraction(m[2]);
  return undefined;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "10m" -> 600000. The schema guarantees the shape. */
export function durationMs(duration: string): number {
  return Number(duration.slice(0, -1)) * UNIT_MS[duration.slice(-1)]!;
}

/**
 * Whether a thresholded signature has fired: `count` matching lines within `windowMs`. Keeps only the stamps of
 * the last `count` lines, so memory stays flat on any log. Lines without a stamp count, but cannot be placed in
 * time: a run of them is taken as falling within the window (a pasted excerpt is usually one incident).
 */
export class ThresholdWindow {
  readonly #count: number;
  readonly #windowMs: number;
  readonly #stamps: Array<number | undefined> = [];
  #next = 0;
  #seen = 0;
  fired = false;

  constructor(count: number, windowMs: number) {
    this.#count = count;
    this.#windowMs = windowMs;
  }

  /** Adds one matching line; returns true when the threshold is (or already was) reached. */
  add(stamp: number | undefined): boolean {
    if (this.#count <= 1) return (this.fired = true);
    if (this.#stamps.length < this.#count) this.#stamps.push(stamp);
    else this.#stamps[this.#next] = stamp;
    this.#next = (this.#next + 1) % this.#count;
    this.#seen++;
    if (this.fired || this.#seen < this.#count) return this.fired;
    // The oldest of the last `count` lines is the one the next write would replace.
    const oldest = this.#stamps[this.#next];
    this.fired = oldest === undefined || stamp === undefined || Math.abs(stamp - oldest) <= this.#windowMs;
    return this.fired;
  }

  get seen(): number {
    return this.#seen;
  }
}
