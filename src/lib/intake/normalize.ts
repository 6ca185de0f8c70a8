/**
 * Submission text arrives from anyone on the internet. Before it is parsed, it is normalised to plain, well-formed
 * Unicode text with `\n` line endings, and every change is counted so the intake comment can say what was done.
 * Characters that carry no text but can change how text is displayed or parsed are removed: control characters
 * (NUL and the like), bidirectional overrides (which can make text read differently from what it is, as in
 * "Trojan Source"), zero-width characters and Unicode noncharacters. Lone surrogates (what is left of invalid
 * UTF-8 or UTF-16) become U+FFFD.
 */

export type TextChange =
  | 'line-endings'
  | 'control-characters'
  | 'direction-overrides'
  | 'invisible-characters'
  | 'invalid-unicode';

export interface NormalizedText {
  text: string;
  /** How many characters of each kind were changed or removed. */
  changes: Partial<Record<TextChange, number>>;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const DIRECTION = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Zero-width space, word joiner, BOM and noncharacters; the zero-width joiner stays (emoji sequences use it). */
const INVISIBLE = /[\u200b\u2060\ufeff\ufdd0-\ufdef\ufffe\uffff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function normalizeUntrustedText(input: string): NormalizedText {
  const changes: NormalizedText['changes'] = {};
  const count = (kind: TextChange, n: number) => {
    if (n > 0) changes[kind] = (changes[kind] ?? 0) + n;
  };
  let text = input;
  text = text.replace(LONE_SURROGATE, () => {
    count('invalid-unicode', 1);
    return '\ufffd';
  });
  // CRLF (browsers submit textareas with it), lone CR and the Unicode line and paragraph separators become \n.
  text = text.replace(/\r\n?|[\u2028\u2029]/g, () => {
    count('line-endings', 1);
    return '\n';
  });
  for (const [pattern, kind] of [
    [CONTROL, 'control-characters'],
    [DIRECTION, 'direction-overrides'],
    [INVISIBLE, 'invisible-characters'],
  ] as const) {
    text = text.replace(pattern, () => {
      count(kind, 1);
      return '';
    });
  }
  return { text: text.normalize('NFC'), changes };
}

/** Length in Unicode code points, the unit GitHub's 65,536-character limit is stated in. */
export function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/**
 * Human-readable summary of the changes, for the intake comment. Line endings are left out: browsers submit every
 * form with CRLF, so converting them is routine, not news.
 */
export function describeTextChanges(changes: NormalizedText['changes']): string[] {
  const labels: Partial<Record<TextChange, string>> = {
    'control-characters': 'control characters (such as NUL) removed',
    'direction-overrides': 'right-to-left and other direction overrides removed',
    'invisible-characters': 'zero-width and other invisible characters removed',
    'invalid-unicode': 'invalid Unicode replaced by U+FFFD',
  };
  return (Object.entries(labels) as [TextChange, string][])
    .filter(([kind]) => (changes[kind] ?? 0) > 0)
    .map(([kind, label]) => `${label} (${changes[kind]})`);
}
