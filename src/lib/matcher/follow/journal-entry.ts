/**
 * One entry of `journalctl -o json` (one JSON object per line), reduced to what the matcher needs: the message's
 * bytes, the host, the unit or program, and when it was written. journald exports a field that is not valid UTF-8
 * (or holds control bytes) as an array of byte values, a field that occurs several times as an array of values,
 * and a field too large to show as null.
 * @see https://systemd.io/JOURNAL_EXPORT_FORMATS/#journal-json-format
 */

export interface JournalEntry {
  /** The message, one or more lines, without a final newline. */
  message: Uint8Array;
  host: string | undefined;
  /** SYSLOG_IDENTIFIER, else _SYSTEMD_UNIT. */
  unit: string | undefined;
  /** __REALTIME_TIMESTAMP in milliseconds. */
  writtenAt: number | undefined;
}

export type JournalParse = { entry: JournalEntry } | { skipped: string };

const encoder = new TextEncoder();

export function parseJournalLine(line: string): JournalParse {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    return { skipped: `is not JSON (${(error as Error).message}); is the input journalctl -o json?` };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { skipped: 'is not a JSON object; is the input journalctl -o json?' };
  const fields = json as Record<string, unknown>;
  if (!('MESSAGE' in fields)) return { skipped: 'has no MESSAGE field' };
  const message = fieldBytes(fields.MESSAGE);
  if (message === undefined) return { skipped: 'has a MESSAGE that is neither text nor bytes (journalctl shows a field over its size limit as null)' };
  const realtime = fieldText(fields.__REALTIME_TIMESTAMP);
  const micros = realtime !== undefined && /^\d{1,20}$/.test(realtime) ? Number(realtime) : NaN;
  return {
    entry: {
      message,
      host: fieldText(fields._HOSTNAME),
      unit: fieldText(fields.SYSLOG_IDENTIFIER) ?? fieldText(fields._SYSTEMD_UNIT),
      writtenAt: Number.isFinite(micros) ? Math.floor(micros / 1000) : undefined,
    },
  };
}

const isByteArray = (value: unknown[]): value is number[] => value.every((b) => typeof b === 'number' && Number.isInteger(b) && b >= 0 && b <= 255);

/** A field's value as bytes: a string, an array of bytes, or (a repeated field) an array of those, one per line. */
function fieldBytes(value: unknown): Uint8Array | undefined {
  if (typeof value === 'string') return encoder.encode(value);
  if (!Array.isArray(value)) return undefined;
  if (isByteArray(value)) return Uint8Array.from(value);
  const parts = value.map((v) => (Array.isArray(v) || typeof v === 'string' ? fieldBytes(v) : undefined));
  if (parts.some((p) => p === undefined)) return undefined;
  const total = parts.reduce((sum, p) => sum + p!.length + 1, -1);
  const joined = new Uint8Array(Math.max(0, total));
  let at = 0;
  for (const part of parts) {
    if (at > 0) joined[at++] = 10;
    joined.set(part!, at);
    at += part!.length;
  }
  return joined;
}

/** A field's value as text, for names (host, unit) and numbers: the first value of a repeated field. */
function fieldText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const bytes = isByteArray(value) ? value : undefined;
    if (bytes) return new TextDecoder().decode(Uint8Array.from(bytes));
    return fieldText(value[0]);
  }
  return undefined;
}
