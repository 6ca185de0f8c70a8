/**
 * The two pieces that make matching fast must never make it miss: the fixed texts derived from a pattern
 * (every match contains one) and the literal scanner (finds every occurrence). Both are checked against plain
 * reference implementations on the whole catalogue and on thousands of random patterns and lines.
 */
import { RE2JS } from 're2js';
import { describe, expect, test } from 'vitest';
import { LiteralScanner } from '../../src/lib/matcher/literal-scanner.ts';
import { MIN_LITERAL_LENGTH, requiredLiterals } from '../../src/lib/matcher/required-literals.ts';
import { catalogue } from '../fixtures/logs/catalogue-logs.ts';

/** The scanner's case folding, as a plain function: bit 0x20 set on every UTF-8 byte. */
function folded(text: string): number[] {
  return [...new TextEncoder().encode(text)].map((b) => b | 0x20);
}

function containsFolded(haystack: string, needle: string): boolean {
  const h = folded(haystack);
  const n = folded(needle);
  outer: for (let i = 0; i + n.length <= h.length; i++) {
    for (let j = 0; j < n.length; j++) if (h[i + j] !== n[j]) continue outer;
    return true;
  }
  return false;
}

/** Deterministic random numbers, so a failure can be reproduced. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('required literals', () => {
  test.each([
    ['AMQP server on [^ ]+:\\d+ is unreachable: ', false, [' is unreachable: ']],
    ['(tcp|ssl):[^ ]+:664[12]: ', false, [':6641: ', ':6642: ']],
    ['\\(1213, ["\']Deadlock( found|: wsrep)', false, ['(1213, "Deadlock found', '(1213, "Deadlock: wsrep', "(1213, 'Deadlock found", "(1213, 'Deadlock: wsrep"]],
    ['No host-to-cell mapping found for (selected )?host [^ ]+\\.', false, ['No host-to-cell mapping found for host ', 'No host-to-cell mapping found for selected host ']],
    ['(foo|)bar', false, ['bar']],
    ['x(ab|cd){2}y', false, ['xababy', 'xabcdy', 'xcdaby', 'xcdcdy']],
    ['\\bfoo\\b\\.bar$', false, ['foo.bar']],
    ['Kernel panic sync', true, ['ernel panic ']],
    ['[Vv]olume ID', false, ['Volume ID', 'volume ID']],
    ['error (a|b)* done', false, ['error ']],
    // Each branch can be spelled 8 or 16 ways (optional spaces); together too many, so one fixed text from each.
    ['"code": ?401, ?"title": ?"Unauthorized", ?"message"|"code": ?401, ?"message": ?"The request you have made', false, ['"The request you have made', '"Unauthorized",']],
  ])('%s (ignore case: %s)', (pattern, ignoreCase, expected) => {
    expect(requiredLiterals(pattern, ignoreCase)).toEqual([...expected].sort());
  });

  test.each(['.*', '\\d+ \\w+', '[a-z]+ x', '(abc|d)e', '(\\d+|abcd)x', 'ab?', '(?:abc)*'])('%s has no usable fixed text', (pattern) => {
    expect(requiredLiterals(pattern, false)).toBeNull();
  });

  test('every catalogue signature has fixed texts of 3 or more characters, found in each of its examples', () => {
    const gaps: string[] = [];
    for (const { failure, signature } of catalogue().signatures) {
      const literals = requiredLiterals(signature.pattern, signature.ignore_case);
      if (!literals) {
        gaps.push(`${failure.id}/${signature.id}: none`);
        continue;
      }
      expect(Math.min(...literals.map((l) => l.length))).toBeGreaterThanOrEqual(MIN_LITERAL_LENGTH);
      for (const line of signature.examples.match) {
        if (!literals.some((l) => containsFolded(line, l))) gaps.push(`${failure.id}/${signature.id}: misses ${line}`);
      }
    }
    expect(gaps).toEqual([]);
  });

  test('on random patterns, every line RE2 matches contains one of the fixed texts', () => {
    const next = random(42);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
    const alphabet = ['a', 'b', 'c', 'k', 's', 'A', 'B', 'K', 'S', ' ', '.', '-', '1', '7', '\u212a', '\u017f', 'é', 'É'];
    const fromSet = (set: string) => () => pick([...set]);

    /** A random piece of pattern, with a generator of text it matches: lines are built from these, so most match. */
    type Piece = [pattern: string, sample: () => string];
    const atoms: Piece[] = [
      ['ab', () => 'ab'], ['ka', () => 'ka'], ['sb', () => 'sb'], ['A b', () => 'A b'], ['c', () => 'c'], [' ', () => ' '],
      ['\\.', () => '.'], ['-', () => '-'], ['é', () => 'é'], ['\\x41', () => 'A'],
      ['[ab]', fromSet('ab')], ['[a-c]', fromSet('abc')], ['[^a]', fromSet('bck .1')], ['[Kk]', fromSet('Kk')],
      ['\\d', fromSet('17')], ['\\w', fromSet('abk1')], ['\\s', () => ' '], ['.', () => pick(alphabet)],
    ];
    const repeat = (sample: () => string, min: number, max: number) => () => Array.from({ length: min + Math.floor(next() * (max - min + 1)) }, sample).join('');
    const quantified = ([pattern, sample]: Piece): Piece => {
      const roll = Math.floor(next() * 18);
      if (roll < 10) return [pattern, sample];
      const forms: Piece[] = [
        [`${pattern}?`, repeat(sample, 0, 1)], [`${pattern}*`, repeat(sample, 0, 3)], [`${pattern}+`, repeat(sample, 1, 3)],
        [`${pattern}{2}`, repeat(sample, 2, 2)], [`${pattern}{1,3}`, repeat(sample, 1, 3)], [`${pattern}{0,2}`, repeat(sample, 0, 2)],
        [`${pattern}??`, repeat(sample, 0, 1)], [`${pattern}+?`, repeat(sample, 1, 2)],
      ];
      return forms[roll - 10]!;
    };
    const piece = (depth: number): Piece => {
      const roll = next();
      if (depth < 2 && roll < 0.2) {
        const [p1, s1] = sequence(depth + 1);
        const [p2, s2] = sequence(depth + 1);
        return quantified([`(${p1}|${p2})`, () => (next() < 0.5 ? s1() : s2())]);
      }
      if (depth < 2 && roll < 0.25) {
        const [p1, s1] = sequence(depth + 1);
        return quantified([`(?:${p1})`, s1]);
      }
      if (roll < 0.28) return [pick(['^', '$', '\\b']), () => ''];
      return quantified(pick(atoms));
    };
    const sequence = (depth: number): Piece => {
      const pieces = Array.from({ length: 1 + Math.floor(next() * 5) }, () => piece(depth));
      return [pieces.map((p) => p[0]).join(''), () => pieces.map((p) => p[1]()).join('')];
    };
    /** RE2's case folding, as a line may spell a match: K for k, the Kelvin sign for k, long s for s... */
    const recase = (text: string) =>
      [...text].map((ch) => (next() < 0.5 ? ch : ({ k: pick(['K', '\u212a']), s: pick(['S', '\u017f']), é: 'É' } as Record<string, string>)[ch] ?? ch.toUpperCase())).join('');

    let checkedMatches = 0;
    let patternsWithLiterals = 0;
    for (let p = 0; p < 3000; p++) {
      const [pattern, sample] = sequence(0);
      const ignoreCase = next() < 0.3;
      let re: RE2JS;
      try {
        re = RE2JS.compile(pattern, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
      } catch {
        continue;
      }
      const literals = requiredLiterals(pattern, ignoreCase);
      if (!literals) continue;
      patternsWithLiterals++;
      for (let s = 0; s < 20; s++) {
        const noise = () => Array.from({ length: Math.floor(next() * 3) }, () => pick(alphabet)).join('');
        const core = sample();
        const line = `${noise()}${ignoreCase ? recase(core) : core}${noise()}`;
        if (!re.test(line)) continue;
        checkedMatches++;
        // A case-sensitive pattern's texts are given in the case they must occur in: the scanner may look for them
        // in that case only.
        const contains = (l: string) => (ignoreCase ? containsFolded(line, l) : line.includes(l));
        expect(literals.some(contains), `${JSON.stringify(pattern)} (i: ${ignoreCase}) matches ${JSON.stringify(line)} without ${JSON.stringify(literals)}`).toBe(true);
      }
    }
    // The check is only worth something if it saw many patterns with texts and many matches.
    expect(patternsWithLiterals).toBeGreaterThan(400);
    expect(checkedMatches).toBeGreaterThan(4000);
  });
});

describe('the literal scanner', () => {
  function naiveHits(texts: readonly string[], haystack: Uint8Array, from: number, to: number): string[] {
    const hits: string[] = [];
    const h = [...haystack].map((b) => b | 0x20);
    for (let start = from; start < to; start++) {
      texts.forEach((t, i) => {
        const n = folded(t);
        if (start + n.length <= to && n.every((b, j) => h[start + j] === b)) hits.push(`${start}:${i}`);
      });
    }
    return hits.sort();
  }

  test('finds exactly the occurrences a naive search finds, ignoring ASCII case', () => {
    const next = random(7);
    for (let round = 0; round < 300; round++) {
      const alphabet = 'abcAB .\n';
      const word = (min: number) => Array.from({ length: min + Math.floor(next() * 5) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      const texts = [...new Set(Array.from({ length: 1 + Math.floor(next() * 6) }, () => word(3)))];
      const haystack = new TextEncoder().encode(word(0).repeat(20) + word(40));
      const from = Math.floor(next() * 10);
      const to = haystack.length - Math.floor(next() * 10);
      const scanner = new LiteralScanner(texts);
      const hits: string[] = [];
      scanner.scan(haystack, from, to, (literal, start) => hits.push(`${start}:${literal}`));
      expect(hits.sort()).toEqual(naiveHits(texts, haystack, from, to));
    }
  });

  test('short and long texts, exact-case or not, are all found, in order of position', () => {
    const next = random(11);
    for (let round = 0; round < 300; round++) {
      const alphabet = 'abcAB .\n';
      const word = (min: number, spread: number) => Array.from({ length: min + Math.floor(next() * spread) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      // Lengths 3 to 14: both tiers (texts under eight bytes are found by a rare byte, longer ones by Wu-Manber).
      const texts = [...new Set(Array.from({ length: 1 + Math.floor(next() * 8) }, () => word(3, 12)))];
      const exactCase = texts.map(() => next() < 0.5);
      // Plant the texts (some recased) in noise, so long texts occur as often as short ones.
      const parts: string[] = [];
      for (let p = 0; p < 30; p++) {
        const text = texts[Math.floor(next() * texts.length)]!;
        parts.push(word(0, 6), next() < 0.3 ? [...text].map((c) => (next() < 0.5 ? c.toUpperCase() : c.toLowerCase())).join('') : text);
      }
      const haystack = new TextEncoder().encode(parts.join(''));
      const from = Math.floor(next() * 10);
      const to = haystack.length - Math.floor(next() * 10);
      const scanner = new LiteralScanner(texts, { exactCase });
      const found: Array<[number, number]> = [];
      scanner.scan(haystack, from, to, (literal, start) => found.push([literal, start]));
      const starts = found.map(([, start]) => start);
      expect(starts, 'hits come in order of position').toEqual([...starts].sort((a, b) => a - b));
      const hits = found.map(([literal, start]) => `${start}:${literal}`).sort();
      // Every exact occurrence is found; an exact-case text may be reported in another case too, never anything else.
      const exactOnly = naiveHits(texts, haystack, from, to).filter((hit) => {
        const [start, literal] = hit.split(':').map(Number) as [number, number];
        return !exactCase[literal] || new TextDecoder().decode(haystack.subarray(start, start + new TextEncoder().encode(texts[literal]!).length)) === texts[literal];
      });
      for (const hit of exactOnly) expect(hits).toContain(hit);
      const folded = new Set(naiveHits(texts, haystack, from, to));
      for (const hit of hits) expect(folded.has(hit), hit).toBe(true);
    }
  });

  test('refuses texts shorter than its three-byte blocks, and finds nothing with no texts', () => {
    expect(() => new LiteralScanner(['ab'])).toThrow(RangeError);
    const hits: number[] = [];
    new LiteralScanner([]).scan(new TextEncoder().encode('anything'), 0, 8, (l) => hits.push(l));
    expect(hits).toEqual([]);
  });
});
