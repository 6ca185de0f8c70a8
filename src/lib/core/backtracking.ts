/**
 * Static check for patterns that backtrack catastrophically (exponential time) in Python's and JavaScript's
 * backtracking engines. RE2 itself runs every pattern in linear time, but consumers of the feed may not use RE2.
 *
 * The two shapes that cause exponential backtracking are (1) a repeated group that itself contains an unbounded
 * repetition, such as `(a+)+` or `(\w+\s?)*`, and (2) a repeated alternation whose branches can start with the same
 * character, such as `(a|ab)*`. Both are rejected. The analysis is syntactic, deterministic and instant; it is
 * deliberately conservative. (A dynamic analyser, recheck, was tried first: on this catalogue it took minutes and
 * gave different verdicts from run to run.)
 */

export interface BacktrackingIssue {
  message: string;
  fix: string;
}

interface Group {
  start: number;
  containsUnbounded: boolean;
  /** First "atom" of each alternative, as a coarse description: a literal char, or '*' for anything/class. */
  branchStarts: string[];
  atBranchStart: boolean;
}

/** Reads the quantifier at `i`; returns its length and whether it is unbounded (or very large). */
function quantifierAt(pattern: string, i: number): { length: number; unbounded: boolean } | undefined {
  const ch = pattern[i];
  let length: number;
  let unbounded = false;
  if (ch === '*' || ch === '+') {
    length = 1;
    unbounded = true;
  } else if (ch === '?') {
    length = 1;
  } else if (ch === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
    if (!m) return undefined;
    length = m[0].length;
    unbounded = m[2] !== undefined && (m[3] === '' || Number(m[3]) > 100);
  } else return undefined;
  if (pattern[i + length] === '?') length++; // lazy modifier
  return { length, unbounded };
}

export function findBacktrackingRisks(pattern: string): BacktrackingIssue[] {
  const issues: BacktrackingIssue[] = [];
  const stack: Group[] = [{ start: -1, containsUnbounded: false, branchStarts: [], atBranchStart: true }];
  const top = () => stack[stack.length - 1]!;
  const noteAtom = (description: string) => {
    const group = top();
    if (group.atBranchStart) {
      group.branchStarts.push(description);
      group.atBranchStart = false;
    }
  };

  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    let atomEnd = i;
    let closedGroup: Group | undefined;
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      noteAtom(/[dDwWsSbB]/.test(next) ? '*' : next);
      atomEnd = i + 1;
    } else if (ch === '[') {
      // Skip the class; `]` right after `[` or `[^` is a member.
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      noteAtom('*');
      atomEnd = j;
    } else if (ch === '(') {
      noteAtom('*');
      stack.push({ start: i, containsUnbounded: false, branchStarts: [], atBranchStart: true });
      if (pattern.startsWith('?:', i + 1)) i += 2;
      continue;
    } else if (ch === '|') {
      top().atBranchStart = true;
      continue;
    } else if (ch === ')') {
      closedGroup = stack.length > 1 ? stack.pop() : undefined;
      atomEnd = i;
    } else if (ch === '^' || ch === '$') {
      continue;
    } else {
      noteAtom(ch === '.' ? '*' : ch);
    }

    const quantifier = quantifierAt(pattern, atomEnd + 1);
    if (closedGroup) {
      if (quantifier?.unbounded && closedGroup.containsUnbounded) {
        issues.push({
          message: `repeats a group that itself repeats without bound (${pattern.slice(closedGroup.start, atomEnd + 1 + quantifier.length)}), which backtracks exponentially in Python and JavaScript`,
          fix: 'flatten the nesting, e.g. (\\w+\\s?)* becomes [\\w\\s]*, or match the repeated part once',
        });
      }
      const starts = closedGroup.branchStarts;
      const overlapping = starts.length > 1 && (starts.includes('*') || new Set(starts).size < starts.length);
      if (quantifier?.unbounded && overlapping) {
        issues.push({
          message: `repeats an alternation whose branches can start with the same text (${pattern.slice(closedGroup.start, atomEnd + 1 + quantifier.length)}), which backtracks exponentially in Python and JavaScript`,
          fix: 'make the branches start differently, or repeat a single character class instead',
        });
      }
      if (closedGroup.containsUnbounded || quantifier?.unbounded) top().containsUnbounded = true;
    } else if (quantifier?.unbounded) {
      top().containsUnbounded = true;
    }
    if (quantifier) i = atomEnd + quantifier.length;
    else i = atomEnd;
  }
  return issues;
}
