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
  return `${signatures.map((s) => (s.ignore_case ? `(?i:${s.pattern})` : s.pattern)).join('\n')}\n`;
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
