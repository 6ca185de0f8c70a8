/**
 * The catalogue's signatures as the peers of the matcher read them, so the benchmark compares like with like:
 * ripgrep takes the RE2 patterns unchanged (its regex crate reads the portable RE2 subset the content check
 * allows), GNU grep needs them in POSIX ERE. The benchmark checks that all tools count the same matching lines,
 * which is what proves each translation.
 */

export interface PeerPattern {
  pattern: string;
  ignore_case: boolean;
}

/**
 * One pattern per line for `rg -f`: unchanged, in a case-folding group where the signature ignores case. Not a
 * bare `(?i)` prefix: ripgrep 13 joins the lines into one alternation, and the flag then leaks into the patterns
 * after it (measured: a case-sensitive signature matched "Expected exception" that way).
 */
export function ripgrepPatternFile(signatures: readonly PeerPattern[]): string {
  return `${signatures.map((s) => (s.ignore_case ? `(?i:${toRustRegex(s.pattern)})` : toRustRegex(s.pattern))).join('\n')}\n`;
}

/**
 * RE2 reads `[`, `&&`, `--` and `~~` inside a bracket as plain characters; Rust's regex crate (ripgrep) reads them
 * as a nested class and set operations. So they are escaped there; everything else is RE2 syntax Rust shares.
 */
export function toRustRegex(pattern: string): string {
  let out = '';
  let inClass = false;
  let classStart = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      out += ch + (pattern[i + 1] ?? '');
      i++;
    } else if (!inClass) {
      if (ch === '[') {
        inClass = true;
        classStart = i;
        out += ch;
        if (pattern[i + 1] === '^') out += pattern[++i];
        // A `]` first in the class is literal in RE2.
        if (pattern[i + 1] === ']') {
          out += '\\]';
          i++;
        }
      } else out += ch;
    } else if (ch === '[' && pattern[i + 1] === ':') {
      const close = pattern.indexOf(':]', i + 2);
      out += pattern.slice(i, close + 2);
      i = close + 1;
    } else if (ch === ']' && i > classStart) {
      inClass = false;
      out += ch;
    } else if (ch === '[' || ((ch === '&' || ch === '~' || ch === '-') && pattern[i + 1] === ch)) {
      out += `\\${ch}`;
    } else out += ch;
  }
  return out;
}

/** Thrown when a pattern has no faithful ERE form; the benchmark then leaves grep out and says why. */
export class UntranslatablePattern extends Error {}

const ERE_SPECIAL = '.[]()*+?{}|^$\\';
const CLASS_IN_BRACKET: Record<string, string> = { d: '0-9', s: '[:space:]', w: '[:alnum:]_' };

/** A bracket expression `[...]` (RE2 syntax, starting at `start`) in ERE, and where it ends. */
function translateBracket(pattern: string, start: number, ignoreCase: boolean): { ere: string; end: number } {
  let i = start + 1;
  const negated = pattern[i] === '^';
  if (negated) i++;
  const members: string[] = [];
  let closeBracket = false;
  let dash = false;
  let first = true;
  for (; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === ']' && !first) break;
    first = false;
    if (ch === '\\') {
      const next = pattern[++i] ?? '';
      if (next in CLASS_IN_BRACKET) members.push(CLASS_IN_BRACKET[next]!);
      else if (next === ']') closeBracket = true;
      else if (next === '-') dash = true;
      else if (next === 't') members.push('\t');
      else if (next === 'x' && /^[0-9A-Fa-f]{2}$/.test(pattern.slice(i + 1, i + 3)) && /[\x20-\x7e]/.test(String.fromCharCode(parseInt(pattern.slice(i + 1, i + 3), 16)))) {
        const char = String.fromCharCode(parseInt(pattern.slice(i + 1, i + 3), 16));
        i += 2;
        if (char === ']') closeBracket = true;
        else if (char === '-') dash = true;
        else members.push(char);
      }
      else if (/[\x21-\x7e]/.test(next) && !/[A-Za-z0-9]/.test(next)) members.push(next);
      else throw new UntranslatablePattern(`cannot translate \\${next} inside a bracket in ${pattern}`);
    } else if (ch === ']') {
      closeBracket = true;
    } else {
      members.push(ch);
    }
  }
  if (i >= pattern.length) throw new UntranslatablePattern(`unterminated bracket in ${pattern}`);
  let body = members.join('');
  if (ignoreCase && /[A-Za-z]/.test(body)) throw new UntranslatablePattern(`cannot case-fold the bracket in ${pattern}`);
  // In POSIX brackets `]` is literal first, `-` literal last; nothing is escaped.
  if (body.endsWith('-') && !dash) {
    body = body.slice(0, -1);
    dash = true;
  }
  return { ere: `[${negated ? '^' : ''}${closeBracket ? ']' : ''}${body}${dash ? '-' : ''}]`, end: i };
}

/** The same pattern in POSIX ERE as GNU grep reads it. */
export function toGrepEre(pattern: string, ignoreCase: boolean): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      const next = pattern[++i] ?? '';
      if (next === 'd') out += '[0-9]';
      else if (next === 'D') out += '[^0-9]';
      else if ('sSwWbB'.includes(next)) out += `\\${next}`;
      else if (ERE_SPECIAL.includes(next)) out += `\\${next}`;
      else if (next === 't') out += '\t';
      else if (next === 'x' && /^[0-9A-Fa-f]{2}$/.test(pattern.slice(i + 1, i + 3))) {
        out += String.fromCharCode(Number.parseInt(pattern.slice(i + 1, i + 3), 16));
        i += 2;
      } else if (/[\x21-\x7e]/.test(next) && !/[A-Za-z0-9]/.test(next)) out += next;
      else throw new UntranslatablePattern(`cannot translate \\${next} in ${pattern}`);
    } else if (ch === '[') {
      const { ere, end } = translateBracket(pattern, i, ignoreCase);
      out += ere;
      i = end;
    } else if (ch === '(' && pattern.startsWith('(?:', i)) {
      out += '(';
      i += 2;
    } else if (ignoreCase && /[A-Za-z]/.test(ch)) {
      out += `[${ch.toLowerCase()}${ch.toUpperCase()}]`;
    } else {
      out += ch;
    }
  }
  return out;
}
