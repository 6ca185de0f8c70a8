/**
 * Signature patterns must mean the same thing in Go's regexp (RE2), Python's re and JavaScript's RegExp, and must
 * not hang a backtracking engine. This module finds the constructs that break that promise, before any tool
 * downloads the pattern.
 */
import { RE2JS } from 're2js';

export interface PatternIssue {
  message: string;
  fix: string;
}

interface Construct {
  test: (pattern: string, index: number, inClass: boolean) => boolean;
  issue: PatternIssue;
}

const LOOKAROUND_FIX = 'rewrite it without lookaround; match the surrounding literal text instead';

/** Constructs that RE2, Python and JavaScript disagree on. Checked outside and inside character classes. */
const nonPortable: Construct[] = [
  {
    test: (p, i, inClass) => !inClass && p.startsWith('(?=', i),
    issue: { message: 'uses a lookahead (?=...), which RE2 and Go do not support', fix: LOOKAROUND_FIX },
  },
  {
    test: (p, i, inClass) => !inClass && p.startsWith('(?!', i),
    issue: { message: 'uses a negative lookahead (?!...), which RE2 and Go do not support', fix: LOOKAROUND_FIX },
  },
  {
    test: (p, i, inClass) => !inClass && (p.startsWith('(?<=', i) || p.startsWith('(?<!', i)),
    issue: { message: 'uses a lookbehind, which RE2 and Go do not support', fix: LOOKAROUND_FIX },
  },
  {
    test: (p, i, inClass) => !inClass && (p.startsWith('(?P<', i) || p.startsWith('(?<', i) || p.startsWith("(?'", i)),
    issue: {
      message: 'uses a named group, whose syntax differs between Python (?P<n>) and JavaScript (?<n>)',
      fix: 'use a plain group (...) or a non-capturing group (?:...)',
    },
  },
  {
    test: (p, i, inClass) => !inClass && p.startsWith('(?', i) && !p.startsWith('(?:', i),
    issue: {
      message: 'uses an inline flag group such as (?i), which JavaScript does not support',
      fix: 'remove it and set ignore_case: true on the signature instead',
    },
  },
  {
    test: (p, i, inClass) => inClass && p.startsWith('[:', i),
    issue: {
      message: 'uses a POSIX class such as [[:alpha:]], which Python and JavaScript do not support',
      fix: 'spell the class out, e.g. [A-Za-z] or [0-9]',
    },
  },
  {
    test: (p, i, inClass) => !inClass && p.startsWith('{,', i),
    issue: {
      message: 'uses {,n}, which Python reads as a repeat and RE2 and JavaScript read as literal text',
      fix: 'write {0,n}',
    },
  },
];

/** Escapes that are valid in only some dialects, after the backslash. */
const escapeIssues: Record<string, PatternIssue> = {
  A: { message: 'uses \\A, which JavaScript does not support', fix: 'use ^' },
  z: { message: 'uses \\z, which Python and JavaScript do not support', fix: 'use $' },
  Z: { message: 'uses \\Z, which RE2 and JavaScript do not support', fix: 'use $' },
  Q: { message: 'uses \\Q...\\E quoting, which Python and JavaScript do not support', fix: 'escape each metacharacter with a backslash' },
  E: { message: 'uses \\Q...\\E quoting, which Python and JavaScript do not support', fix: 'escape each metacharacter with a backslash' },
  p: { message: 'uses a Unicode class \\p{...}, which Python re does not support', fix: 'spell the class out, e.g. [A-Za-z]' },
  P: { message: 'uses a Unicode class \\P{...}, which Python re does not support', fix: 'spell the class out, e.g. [^A-Za-z]' },
  C: { message: 'uses \\C, which only RE2 supports', fix: 'use . or a character class' },
  u: { message: 'uses \\u, which RE2 and Go do not support', fix: 'write the character itself, or \\xHH for ASCII' },
  G: { message: 'uses \\G, which RE2, Python and JavaScript do not support', fix: 'anchor with ^ instead' },
  K: { message: 'uses \\K, which RE2, Python and JavaScript do not support', fix: 'match the prefix as ordinary text' },
};

/** Finds constructs that are valid in some regex dialects but not all three targets. */
export function findNonPortableConstructs(pattern: string): PatternIssue[] {
  const found = new Map<string, PatternIssue>();
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      const escape = escapeIssues[next];
      if (escape) found.set(escape.message, escape);
      else if (/[1-9]/.test(next) && !inClass) {
        const issue = { message: `uses a backreference \\${next}, which RE2 and Go do not support`, fix: 'repeat the text to match, or drop the backreference' };
        found.set(issue.message, issue);
      } else if (next === 'x' && pattern[i + 2] === '{') {
        const issue = { message: 'uses \\x{...}, which Python and JavaScript do not support', fix: 'use \\xHH for ASCII, or the character itself' };
        found.set(issue.message, issue);
      }
      i++;
      continue;
    }
    for (const construct of nonPortable) {
      if (construct.test(pattern, i, inClass)) found.set(construct.issue.message, construct.issue);
    }
    if (!inClass && ch === '[') {
      inClass = true;
      // A `]` right after `[` or `[^` is a literal member, not the end of the class.
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') i++;
    } else if (inClass && ch === '[' && pattern[i + 1] === ':') {
      // POSIX class, already reported; skip to its end so the `]` in `:]` does not close the class.
      const end = pattern.indexOf(':]', i + 2);
      if (end > 0) i = end + 1;
    } else if (inClass && ch === ']') {
      inClass = false;
    }
  }
  return [...found.values()];
}

export interface CompiledPattern {
  re2: RE2JS;
  js: RegExp;
}

/**
 * Compiles with RE2 (the reference dialect, linear-time) and with JavaScript's engine (the strict `u` mode, which
 * like Go rejects unknown escapes). Throws with a message fit for an error line when either refuses the pattern.
 */
export function compilePattern(pattern: string, ignoreCase: boolean): CompiledPattern {
  let re2: RE2JS;
  try {
    re2 = RE2JS.compile(pattern, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error) {
    throw new Error(`RE2 rejects it (${(error as Error).message})`, { cause: error });
  }
  let js: RegExp;
  try {
    js = new RegExp(pattern, ignoreCase ? 'iu' : 'u');
  } catch (error) {
    throw new Error(`JavaScript rejects it (${(error as Error).message})`, { cause: error });
  }
  return { re2, js };
}

/** True when the pattern is found anywhere in the line, in both engines; throws if they disagree. */
export function matchesBoth(compiled: CompiledPattern, line: string): boolean {
  const re2 = compiled.re2.matcher(line).find();
  const js = compiled.js.test(line);
  if (re2 !== js) {
    throw new Error(`RE2 and JavaScript disagree on ${JSON.stringify(line)} (RE2: ${re2}, JavaScript: ${js})`);
  }
  return re2;
}
