/**
 * Finds every occurrence of many fixed texts in a byte buffer, ignoring ASCII case, in two tiers:
 *
 * - Texts of LONG_TEXT bytes or more: the Wu-Manber algorithm. It looks at the last four bytes of a window as long
 *   as the shortest of these texts and, when those bytes end no text's window, skips ahead by up to the window's
 *   length, so most bytes of a log are never examined. Each text's window is the stretch of it whose last four
 *   bytes are rarest among all texts (not simply its first bytes): with 2,400 signatures the windows of many texts
 *   began with words every log line has ("error", "failed to"), the scan stopped to compare every 20 bytes and ran
 *   at 35 MB/s; windows ending in rare four-byte blocks stop a third as often (260-380 MB/s on the same log).
 * - Shorter texts (a few signatures have nothing longer than " SC" or "denied"): each is found by one of its bytes,
 *   chosen as rarely seen in logs as possible, in one pass over the bytes with a 256-entry table, then compared
 *   whole. A short text in the Wu-Manber tier would shrink every window to its length.
 *
 * Case is folded by setting bit 0x20 on both sides, so equal bytes always compare equal and A-Z compare equal
 * to a-z. A few other bytes collide too ("[" with "{", newline with "*"); the scanner can therefore report an
 * occurrence that is not one, never miss one, and every hit is confirmed by the signature's regular expression.
 * A text marked exact-case (its signatures do not ignore case) may be reported only where its case matches, which
 * lets the short tier look for "C" alone rather than "C" and every "c".
 */
export type HitHandler = (literal: number, start: number) => void;

export interface ScannerOptions {
  /** Per text: true if only occurrences in the text's own case are needed (its signatures are case-sensitive). */
  exactCase?: readonly boolean[];
}

/** Texts at least this long go to the Wu-Manber tier; the others are found by a rare byte. */
const LONG_TEXT = 8;
/** The shortest text accepted: shorter ones would make the prefilter pass most of the log through. */
const MIN_TEXT = 3;
const BLOCK = 4;
/**
 * Four-byte blocks are hashed into a table about 16 times larger than the number of blocks the windows hold, so
 * few log blocks collide with one (a collision only shortens a skip): 32 KiB for 130 signatures, which stays in the
 * processor's fastest cache, up to 1 MiB for a catalogue ten times today's.
 */
const MIN_TABLE_BITS = 12;
const MAX_TABLE_BITS = 20;
const MAX_WINDOW = 255; // shift distances are stored in bytes
/** Hits are packed as start * LITERAL_SLOTS + literal into doubles (exact below 2^53) and sorted by position. */
const LITERAL_SLOTS = 2 ** 21;

/** A four-byte block's slot in a table of 2^bits entries. */
const hashBlock = (a: number, b: number, c: number, d: number, bits: number) => Math.imul(Math.imul(a, 0x9e3779b1) ^ (b << 16) ^ (c << 8) ^ d, 0x85ebca6b) >>> (32 - bits);

export class LiteralScanner {
  /** The texts as case-folded UTF-8 bytes, in the order given. */
  readonly literals: readonly Uint8Array[];
  readonly #windows: WindowTier | null;
  readonly #anchors: AnchorTier | null;
  #hits = new Float64Array(256);

  constructor(texts: readonly string[], options: ScannerOptions = {}) {
    const encoder = new TextEncoder();
    const exact = texts.map((text) => encoder.encode(text));
    this.literals = exact.map((bytes) => bytes.map((b) => b | 0x20));
    if (exact.some((bytes) => bytes.length < MIN_TEXT)) throw new RangeError(`every text must be at least ${MIN_TEXT} bytes long`);
    const long: number[] = [];
    const short: number[] = [];
    exact.forEach((bytes, index) => (bytes.length >= LONG_TEXT ? long : short).push(index));
    this.#windows = long.length > 0 ? new WindowTier(this.literals, long) : null;
    this.#anchors = short.length > 0 ? new AnchorTier(exact, this.literals, short, options.exactCase ?? []) : null;
  }

  get size(): number {
    return this.literals.length;
  }

  /** Calls `onHit` for every occurrence lying wholly within bytes[from, to), in order of position. */
  scan(bytes: Uint8Array, from: number, to: number, onHit: HitHandler): void {
    let count = 0;
    const add = (literal: number, start: number) => {
      if (count === this.#hits.length) {
        const grown = new Float64Array(2 * count);
        grown.set(this.#hits);
        this.#hits = grown;
      }
      this.#hits[count++] = start * LITERAL_SLOTS + literal;
    };
    this.#windows?.scan(bytes, from, to, add);
    this.#anchors?.scan(bytes, from, to, add);
    if (count === 0) return;
    // Windows end anywhere inside their texts and the tiers run one after the other, so hits are sorted here.
    const hits = this.#hits.subarray(0, count).sort();
    for (let h = 0; h < count; h++) {
      const packed = hits[h]!;
      const literal = packed % LITERAL_SLOTS;
      onHit(literal, (packed - literal) / LITERAL_SLOTS);
    }
  }
}

/** Wu-Manber over the long texts, each matched through its rarest window. */
class WindowTier {
  readonly #literals: readonly Uint8Array[];
  readonly #window: number;
  /** How far the window may move when its last four bytes hash here; 0: some text's window ends with them. */
  readonly #shift: Uint8Array;
  /** For each hash with shift 0, the texts whose window ends with bytes of that hash: #texts[#first[h]..#first[h+1]). */
  readonly #first: Int32Array;
  readonly #texts: Int32Array;
  /** Where each text's window begins inside the text. */
  readonly #offset: Int32Array;
  readonly #bits: number;

  constructor(literals: readonly Uint8Array[], members: readonly number[]) {
    this.#literals = literals;
    const m = Math.min(MAX_WINDOW, ...members.map((t) => literals[t]!.length));
    this.#window = m;
    const bits = Math.min(MAX_TABLE_BITS, Math.max(MIN_TABLE_BITS, Math.ceil(Math.log2(16 * members.length * (m - BLOCK + 1)))));
    this.#bits = bits;
    const size = 1 << bits;
    const blockHash = (text: Uint8Array, end: number) => hashBlock(text[end - 3]!, text[end - 2]!, text[end - 1]!, text[end]!, bits);

    // How many texts contain each block: a block few texts share is a block few log lines have.
    const textsWith = new Map<number, number>();
    for (const t of members) {
      const text = literals[t]!;
      const seen = new Set<number>();
      for (let end = BLOCK - 1; end < text.length; end++) seen.add(blockHash(text, end));
      for (const h of seen) textsWith.set(h, (textsWith.get(h) ?? 0) + 1);
    }
    this.#offset = new Int32Array(literals.length);
    for (const t of members) {
      const text = literals[t]!;
      let best = 0;
      let bestCount = Infinity;
      for (let offset = 0; offset + m <= text.length; offset++) {
        const count = textsWith.get(blockHash(text, offset + m - 1))!;
        if (count < bestCount) [best, bestCount] = [offset, count];
      }
      this.#offset[t] = best;
    }

    this.#shift = new Uint8Array(size).fill(m - BLOCK + 1);
    const ending = new Map<number, number[]>();
    for (const t of members) {
      const text = literals[t]!;
      const offset = this.#offset[t]!;
      for (let end = BLOCK - 1; end < m; end++) {
        const h = blockHash(text, offset + end);
        const distance = m - 1 - end;
        if (distance < this.#shift[h]!) this.#shift[h] = distance;
      }
      const last = blockHash(text, offset + m - 1);
      const list = ending.get(last) ?? [];
      list.push(t);
      ending.set(last, list);
    }
    this.#first = new Int32Array(size + 1);
    for (const [h, list] of ending) this.#first[h + 1] = list.length;
    for (let h = 0; h < size; h++) this.#first[h + 1]! += this.#first[h]!;
    this.#texts = new Int32Array(this.#first[size]!);
    const filled = this.#first.slice(0, size);
    for (const [h, list] of ending) for (const t of list) this.#texts[filled[h]!++] = t;
  }

  scan(bytes: Uint8Array, from: number, to: number, onHit: HitHandler): void {
    const m = this.#window;
    const shift = this.#shift;
    const first = this.#first;
    const texts = this.#texts;
    const offsets = this.#offset;
    const literals = this.#literals;
    const bits = this.#bits;
    let i = from + m - 1;
    while (i < to) {
      const h = hashBlock(bytes[i - 3]! | 0x20, bytes[i - 2]! | 0x20, bytes[i - 1]! | 0x20, bytes[i]! | 0x20, bits);
      const distance = shift[h]!;
      if (distance !== 0) {
        i += distance;
        continue;
      }
      const windowStart = i - m + 1;
      for (let c = first[h]!, end = first[h + 1]!; c < end; c++) {
        const t = texts[c]!;
        const literal = literals[t]!;
        const start = windowStart - offsets[t]!;
        const length = literal.length;
        if (start < from || start + length > to) continue;
        let k = 0;
        while (k < length && (bytes[start + k]! | 0x20) === literal[k]) k++;
        if (k === length) onHit(t, start);
      }
      i++;
    }
  }
}

/**
 * Bytes from common to rare in OpenStack logs (lower case, space, digits and separators first); a short text is
 * looked for by its byte that comes last here. Bytes not listed count as rarest.
 */
const COMMON_BYTES = ' etaoinsrlcdhu0123456789-.:/_pmfgb,=ywv[]()k"\'EIRONFGDBUWATSLCPMHxzjq';
const commonness = new Uint8Array(256);
for (let i = 0; i < COMMON_BYTES.length; i++) commonness[COMMON_BYTES.charCodeAt(i)] = COMMON_BYTES.length - i;

/** The short texts, each found through one byte of it: one pass over the bytes with a 256-entry table. */
class AnchorTier {
  readonly #literals: readonly Uint8Array[];
  readonly #exact: readonly Uint8Array[];
  readonly #exactCase: readonly boolean[];
  /** For each byte value, the texts anchored on it and where in the text that byte is; null: not an anchor. */
  readonly #byByte: Array<Array<{ text: number; at: number }> | null> = new Array(256).fill(null);
  readonly #isAnchor = new Uint8Array(256);

  constructor(exact: readonly Uint8Array[], literals: readonly Uint8Array[], members: readonly number[], exactCase: readonly boolean[]) {
    this.#literals = literals;
    this.#exact = exact;
    this.#exactCase = exact.map((_, t) => exactCase[t] === true);
    for (const t of members) {
      const text = exact[t]!;
      // The bytes a folded comparison accepts at each position: the byte itself, and its other case for letters.
      const accepted = (b: number) => (this.#exactCase[t] ? [b] : [...new Set([b | 0x20, (b | 0x20) & ~0x20])]);
      let best = 0;
      let bestCommonness = Infinity;
      text.forEach((b, at) => {
        const score = accepted(b).reduce((sum, x) => sum + commonness[x]!, 0);
        if (score < bestCommonness) [best, bestCommonness] = [at, score];
      });
      for (const b of accepted(text[best]!)) {
        (this.#byByte[b] ??= []).push({ text: t, at: best });
        this.#isAnchor[b] = 1;
      }
    }
  }

  scan(bytes: Uint8Array, from: number, to: number, onHit: HitHandler): void {
    const isAnchor = this.#isAnchor;
    for (let i = from; i < to; i++) {
      if (isAnchor[bytes[i]!] === 0) continue;
      for (const { text, at } of this.#byByte[bytes[i]!]!) {
        const start = i - at;
        const wanted = this.#exactCase[text] ? this.#exact[text]! : this.#literals[text]!;
        const length = wanted.length;
        if (start < from || start + length > to) continue;
        let k = 0;
        if (this.#exactCase[text]) while (k < length && bytes[start + k] === wanted[k]) k++;
        else while (k < length && (bytes[start + k]! | 0x20) === wanted[k]) k++;
        if (k === length) onHit(text, start);
      }
    }
  }
}
