/**
 * The fixed text a pattern cannot match without: for `AMQP server on [^ ]+:\d+ is unreachable: ` that is
 * " is unreachable: ". The matcher looks for these texts first, all at once, and runs a signature's regular
 * expression only on the few lines that contain one of its texts; that is what makes scanning fast.
 *
 * The result is a set of alternatives (any match of the pattern contains at least one of them), or null when
 * the pattern has no usable fixed text. It must never be wrong in the other direction: a text reported as
 * required that a match can lack would make the matcher miss real failures. Whatever this parser does not
 * understand is therefore treated as "could be anything", which only makes the result weaker, never unsound.
 * The parser reads the portable RE2 subset that the feed validation admits (src/lib/core/pattern-safety.ts).
 */

/** Shorter texts are too common to filter anything, and make the scan's skip distance tiny. */
export const MIN_LITERAL_LENGTH = 3;
/** Bounds on the alternatives tracked while expanding small classes and alternations, e.g. `(2006|2013)`. */
const MAX_ALTERNATIVES = 16;
const MAX_TEXT_LENGTH = 256;

/**
 * What a piece of the pattern can match: `exact` is every string it can match, when that set is small;
 * `must` is a set of texts one of which every match contains. null means unknown. `fewest` is another such set
 * with as few texts as possible: an alternation needs one set from each branch, and the branches' best sets
 * (`"code": ?401` spelled four ways, say) can be too many together where one text from each would do.
 */
interface Info {
  exact: Set<string> | null;
  must: Set<string> | null;
  fewest?: Set<string> | null;
}

const OTHER: Info = { exact: null, must: null };
const EMPTY = (): Info => ({ exact: new Set(['']), must: null });

class Unsupported extends Error {}

export function requiredLiterals(pattern: string, ignoreCase: boolean): string[] | null {
  // The feed writer asks for the same pattern once per exporter (Loki, OpenSearch) and the matcher and similarity
  // again; parsing was a tenth of its time on a 10,000-failure catalogue. Callers get a copy: the array is theirs.
  const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let found = computed.get(key);
  if (found === undefined) {
    found = literalsOf(pattern, ignoreCase);
    computed.set(key, found);
  }
  return found && [...found];
}

const computed = new Map<string, string[] | null>();

function literalsOf(pattern: string, ignoreCase: boolean): string[] | null {
  let info: Info;
  try {
    info = new LiteralParser(pattern, ignoreCase).parse();
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
  const best = bestOf([info.must, info.exact, info.fewest ?? null]);
  if (!best || score(best) < MIN_LITERAL_LENGTH) return null;
  // A text that contains another alternative adds nothing: wherever it occurs, the shorter one does too.
  const texts = [...best];
  return texts.filter((text) => !texts.some((other) => other !== text && text.includes(other))).sort();
}

/** The shortest alternative decides how well a set filters: a longer minimum is better, then fewer texts. */
function score(set: Set<string>): number {
  let min = Infinity;
  for (const text of set) min = Math.min(min, text.length);
  return set.size === 0 ? 0 : min;
}

function bestOf(candidates: ReadonlyArray<Set<string> | null>): Set<string> | null {
  let best: Set<string> | null = null;
  for (const candidate of candidates) {
    if (!candidate || candidate.size === 0) continue;
    if (!best || score(candidate) > score(best) || (score(candidate) === score(best) && candidate.size < best.size)) best = candidate;
  }
  return best;
}

/** The usable set (every text at least MIN_LITERAL_LENGTH long) with the fewest texts, then the longest shortest. */
function fewestOf(candidates: ReadonlyArray<Set<string> | null | undefined>): Set<string> | null {
  let fewest: Set<string> | null = null;
  for (const candidate of candidates) {
    if (!candidate || candidate.size === 0 || score(candidate) < MIN_LITERAL_LENGTH) continue;
    if (!fewest || candidate.size < fewest.size || (candidate.size === fewest.size && score(candidate) > score(fewest))) fewest = candidate;
  }
  return fewest;
}

/** Every concatenation of one string from `a` and one from `b`, or null when that grows past the bounds. */
function cross(a: Set<string>, b: Set<string>): Set<string> | null {
  if (a.size * b.size > MAX_ALTERNATIVES) return null;
  const out = new Set<string>();
  for (const x of a) {
    for (const y of b) {
      if (x.length + y.length > MAX_TEXT_LENGTH) return null;
      out.add(x + y);
    }
  }
  return out;
}

function union(sets: ReadonlyArray<Set<string> | null>): Set<string> | null {
  const out = new Set<string>();
  for (const set of sets) {
    if (!set) return null;
    for (const text of set) out.add(text);
  }
  return out.size > MAX_ALTERNATIVES ? null : out;
}

/** Escapes that stand for one fixed character. `\n` never occurs inside a line, so it can be no line's text. */
const CHARACTER_ESCAPES: Record<string, string> = { t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07' };
/** Escapes that match without consuming text: adjacent texts stay adjacent. */
const ASSERTION_ESCAPES = new Set(['b', 'B']);
/** ASCII punctuation: escaped, it is the character itself. */
const PUNCTUATION = /^[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]$/;

class LiteralParser {
  readonly #chars: string[];
  readonly #ignoreCase: boolean;
  #pos = 0;

  constructor(pattern: string, ignoreCase: boolean) {
    // Code points, so a character outside the BMP is one atom as it is for RE2.
    this.#chars = Array.from(pattern);
    this.#ignoreCase = ignoreCase;
  }

  parse(): Info {
    const info = this.#alternation();
    if (this.#pos < this.#chars.length) throw new Unsupported('unbalanced )');
    return info;
  }

  #peek(offset = 0): string | undefined {
    return this.#chars[this.#pos + offset];
  }

  #alternation(): Info {
    const branches = [this.#concatenation()];
    while (this.#peek() === '|') {
      this.#pos++;
      branches.push(this.#concatenation());
    }
    if (branches.length === 1) return branches[0]!;
    // Each branch must contribute a text, or a match through the branch without one would slip through.
    const fewest = union(branches.map((b) => fewestOf([b.fewest, b.must, b.exact])));
    return {
      exact: union(branches.map((b) => b.exact)),
      must: union(branches.map((b) => bestOf([b.must, b.exact]))) ?? fewest,
      fewest,
    };
  }

  #concatenation(): Info {
    const candidates: Array<Set<string> | null> = [];
    let run = new Set(['']);
    let allExact = true;
    // The fixed text since the last item that can match several ways: in every match, whatever those items add.
    let segment = '';
    const endSegment = () => {
      if (segment !== '') candidates.push(new Set([segment]));
      segment = '';
    };
    while (this.#pos < this.#chars.length && this.#peek() !== '|' && this.#peek() !== ')') {
      const item = this.#repetition();
      const only = item.exact?.size === 1 ? [...item.exact][0]! : undefined;
      if (only === undefined || segment.length + only.length > MAX_TEXT_LENGTH) endSegment();
      if (only !== undefined) segment += only;
      if (item.exact) {
        const joined = cross(run, item.exact);
        if (joined) {
          run = joined;
          continue;
        }
        // Too many combinations: keep what was collected as one candidate and start again from this item.
        candidates.push(run);
        run = item.exact;
        allExact = false;
        continue;
      }
      candidates.push(run, item.must, item.fewest ?? null);
      run = new Set(['']);
      allExact = false;
    }
    candidates.push(run);
    endSegment();
    return { exact: allExact ? run : null, must: bestOf(candidates), fewest: fewestOf(candidates) };
  }

  #repetition(): Info {
    const atom = this.#atom();
    const quantifier = this.#quantifier();
    if (!quantifier) return atom;
    const { min, max } = quantifier;
    const inner = bestOf([atom.must, atom.exact]);
    if (min === 0) {
      // x? can be x or nothing; anything repeated zero or more times guarantees no text.
      if (max === 1 && atom.exact) return { exact: union([atom.exact, new Set([''])]), must: null };
      if (max === 0) return EMPTY();
      return OTHER;
    }
    if (max === min && atom.exact) {
      let exact: Set<string> | null = new Set(['']);
      for (let i = 0; i < min && exact; i++) exact = cross(exact, atom.exact);
      if (exact) return { exact, must: null };
    }
    return { exact: null, must: inner, fewest: fewestOf([atom.fewest, atom.must, atom.exact]) };
  }

  #quantifier(): { min: number; max: number } | undefined {
    const ch = this.#peek();
    let result: { min: number; max: number } | undefined;
    if (ch === '*') result = { min: 0, max: Infinity };
    else if (ch === '+') result = { min: 1, max: Infinity };
    else if (ch === '?') result = { min: 0, max: 1 };
    if (result) {
      this.#pos++;
    } else if (ch === '{') {
      const rest = this.#chars.slice(this.#pos, this.#pos + 24).join('');
      const m = /^\{(\d+)(,(\d*))?\}/.exec(rest);
      if (!m) return undefined; // RE2 reads a `{` that starts no repeat count as a literal brace.
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      result = { min, max };
      this.#pos += Array.from(m[0]).length;
    } else {
      return undefined;
    }
    if (this.#peek() === '?') this.#pos++; // lazy: same strings, other preference
    // RE2 rejects a repetition of a repetition (a**, a{2}{3}); validation never lets one through.
    if (['*', '+', '?'].includes(this.#peek() ?? '') || /^\{\d/.test(this.#chars.slice(this.#pos, this.#pos + 2).join(''))) {
      throw new Unsupported('repeated repetition');
    }
    return result;
  }

  #atom(): Info {
    const ch = this.#chars[this.#pos++];
    switch (ch) {
      case undefined:
        throw new Unsupported('unexpected end');
      case '(': {
        if (this.#peek() === '?') {
          if (this.#peek(1) !== ':') throw new Unsupported('group flags');
          this.#pos += 2;
        }
        const inner = this.#alternation();
        if (this.#chars[this.#pos++] !== ')') throw new Unsupported('missing )');
        return inner;
      }
      case '[':
        return this.#characterClass();
      case '\\':
        return this.#escape();
      case '.':
        return OTHER;
      case '^':
      case '$':
        return EMPTY();
      case '*':
      case '+':
      case '?':
        throw new Unsupported('repetition without operand');
      default:
        return this.#literal(ch);
    }
  }

  #literal(ch: string): Info {
    if (ch === '\n') return OTHER;
    if (this.#ignoreCase) {
      // The scan folds ASCII case only. Under RE2's case folding k also matches U+212A (Kelvin sign) and s
      // also matches U+017F (long s), and non-ASCII letters have non-ASCII case partners: none of them is a
      // safe fixed byte.
      const code = ch.codePointAt(0)!;
      if (code > 0x7f || /[ks]/i.test(ch)) return OTHER;
    }
    return { exact: new Set([ch]), must: null };
  }

  #escape(): Info {
    const next = this.#chars[this.#pos++];
    if (next === undefined) throw new Unsupported('trailing backslash');
    if (ASSERTION_ESCAPES.has(next)) return EMPTY();
    const control = CHARACTER_ESCAPES[next];
    if (control !== undefined) return this.#literal(control);
    if (next === 'x') {
      const hex = this.#chars.slice(this.#pos, this.#pos + 2).join('');
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new Unsupported('\\x form');
      this.#pos += 2;
      return this.#literal(String.fromCharCode(parseInt(hex, 16)));
    }
    // Escaped punctuation is the character itself; escaped letters and digits are classes or other syntax.
    if (PUNCTUATION.test(next)) return this.#literal(next);
    return OTHER;
  }

  /** `[Vv]` or `[12]` expand to their few characters; anything larger or negated is "any character". */
  #characterClass(): Info {
    const members = new Set<string>();
    let simple = !this.#ignoreCase;
    if (this.#peek() === '^') {
      simple = false;
      this.#pos++;
    }
    let first = true;
    while (true) {
      if (this.#peek() === ']' && !first) {
        this.#pos++;
        break;
      }
      first = false;
      const from = this.#classMember();
      if (this.#peek() === '-' && this.#peek(1) !== ']' && this.#peek(1) !== undefined) {
        this.#pos++;
        const to = this.#classMember();
        if (from === null || to === null) {
          simple = false;
          continue;
        }
        const start = from.codePointAt(0)!;
        const end = to.codePointAt(0)!;
        if (end - start >= MAX_ALTERNATIVES) simple = false;
        else for (let c = start; c <= end; c++) members.add(String.fromCodePoint(c));
        continue;
      }
      if (from === null) simple = false;
      else members.add(from);
    }
    if (!simple || members.size === 0 || members.size > 4 || members.has('\n')) return OTHER;
    return { exact: members, must: null };
  }

  /** One member of a class: a character, or null for an escape that stands for many (`\d`, `\w`...). */
  #classMember(): string | null {
    const ch = this.#chars[this.#pos++];
    if (ch === undefined) throw new Unsupported('unterminated class');
    if (ch === '[' && this.#peek() === ':') throw new Unsupported('POSIX class');
    if (ch !== '\\') return ch;
    const escaped = this.#chars[this.#pos++];
    if (escaped === undefined) throw new Unsupported('unterminated class');
    if (PUNCTUATION.test(escaped)) return escaped;
    return CHARACTER_ESCAPES[escaped] ?? null;
  }
}
