/**
 * Finds every occurrence of many fixed texts in a byte buffer in one pass, ignoring ASCII case: the Wu-Manber
 * algorithm. It looks at the last three bytes of a window as long as the shortest text and, when those bytes
 * occur in no text's window, skips ahead by up to the window's length, so most bytes of a log are never
 * examined. On the benchmark's log (scripts/bench-match.ts) with this catalogue's 160 texts it scanned about
 * 400 MB/s; with two-byte blocks it managed 106 MB/s (common pairs such as "e " and "in" occur in many texts,
 * so the window rarely skips), an Aho-Corasick automaton, whose table walk visits every byte, 100 MB/s, and a
 * JavaScript RegExp alternation of the texts 64 MB/s.
 *
 * Case is folded by setting bit 0x20 on both sides, so equal bytes always compare equal and A-Z compare equal
 * to a-z. A few other bytes collide too ("[" with "{", newline with "*"); the scanner can therefore report an
 * occurrence that is not one, never miss one, and every hit is confirmed by the signature's regular expression.
 */
export type HitHandler = (literal: number, start: number) => void;

/** Blocks of three bytes hashed to 16 bits: a 64 KiB shift table stays in cache; collisions only shorten skips. */
const BLOCK = 3;
const TABLE_BITS = 16;
const TABLE_MASK = (1 << TABLE_BITS) - 1;
const MAX_WINDOW = 255; // shift distances are stored in bytes

const hash = (a: number, b: number, c: number) => ((a << 10) ^ (b << 5) ^ c) & TABLE_MASK;

export class LiteralScanner {
  /** The texts as case-folded UTF-8 bytes, in the order given. */
  readonly literals: readonly Uint8Array[];
  readonly #window: number;
  /** How far the window may move when its last three bytes hash here; 0: a text's window may end with them. */
  readonly #shift: Uint8Array;
  /** For each hash with shift 0, the texts whose window ends with bytes of that hash. */
  readonly #candidates: Array<Int32Array | null>;

  constructor(texts: readonly string[]) {
    const encoder = new TextEncoder();
    this.literals = texts.map((text) => {
      const bytes = encoder.encode(text);
      for (let i = 0; i < bytes.length; i++) bytes[i]! |= 0x20;
      return bytes;
    });
    const shortest = Math.min(...this.literals.map((l) => l.length));
    if (this.literals.length > 0 && shortest < BLOCK) throw new RangeError(`every text must be at least ${BLOCK} bytes long`);
    this.#window = Math.min(shortest, MAX_WINDOW);

    const m = this.#window;
    this.#shift = new Uint8Array(TABLE_MASK + 1).fill(m - BLOCK + 1);
    const lists = new Map<number, number[]>();
    this.literals.forEach((literal, index) => {
      for (let end = BLOCK - 1; end < m; end++) {
        const h = hash(literal[end - 2]!, literal[end - 1]!, literal[end]!);
        const distance = m - 1 - end;
        if (distance < this.#shift[h]!) this.#shift[h] = distance;
      }
      const last = hash(literal[m - 3]!, literal[m - 2]!, literal[m - 1]!);
      const list = lists.get(last) ?? [];
      list.push(index);
      lists.set(last, list);
    });
    this.#candidates = new Array<Int32Array | null>(TABLE_MASK + 1).fill(null);
    for (const [h, list] of lists) this.#candidates[h] = Int32Array.from(list);
  }

  get size(): number {
    return this.literals.length;
  }

  /** Calls `onHit` for every occurrence lying wholly within bytes[from, to), in order of position. */
  scan(bytes: Uint8Array, from: number, to: number, onHit: HitHandler): void {
    if (this.literals.length === 0) return;
    const m = this.#window;
    const shift = this.#shift;
    const candidates = this.#candidates;
    const literals = this.literals;
    let i = from + m - 1;
    while (i < to) {
      const h = (((bytes[i - 2]! | 0x20) << 10) ^ ((bytes[i - 1]! | 0x20) << 5) ^ (bytes[i]! | 0x20)) & TABLE_MASK;
      const distance = shift[h]!;
      if (distance !== 0) {
        i += distance;
        continue;
      }
      const start = i - m + 1;
      const list = candidates[h]!;
      for (let c = 0; c < list.length; c++) {
        const literal = literals[list[c]!]!;
        const length = literal.length;
        if (start + length > to) continue;
        let k = 0;
        while (k < length && (bytes[start + k]! | 0x20) === literal[k]) k++;
        if (k === length) onHit(list[c]!, start);
      }
      i++;
    }
  }
}
