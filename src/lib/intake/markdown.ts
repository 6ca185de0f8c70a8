/**
 * Turns submission text into Markdown that renders as exactly that text: nothing in it can become HTML, a link, an
 * image, a heading, a list, a table, emphasis or an MDX expression. Drafts are `.md` (never `.mdx`), and the site
 * also neutralises raw HTML and script URLs (src/lib/core/markdown-safety.ts); this is the first of those two walls.
 *
 * - Prose: Markdown's special characters are backslash-escaped, as are characters that only matter at the start of
 *   a line (list markers, setext underlines). Inline code the user typed stays code (a code span is inert). Words that GFM would turn into links by themselves (URLs, www.
 *   names, e-mail addresses) go into code spans, because GFM links them even when escaped. Line breaks are kept as
 *   hard breaks, so steps typed one per line stay one per line.
 * - Code: answers fenced by the user, and log excerpts, go into a fenced block whose fence is longer than any run
 *   of backticks inside, so nothing inside can close it.
 */

/** Escaped everywhere: emphasis, code, links, images, HTML, entities, tables, strikethrough, MDX braces, headings. */
const INLINE_SPECIAL = /[\\`*_{}[\]<>#|~&]/g;
/** Characters that start a block construct when they open a line (after the escapes above). */
const LINE_START_SPECIAL = /^([-+=])/;
const ORDERED_LIST_MARKER = /^(\d{1,9})([.)])/;
/** Words GFM autolinks on its own, escaped or not: scheme://..., www.... and anything with an @ (e-mail). */
const AUTOLINKABLE = /:\/\/|www\.|@/i;

/** A code span holding `text` literally: the backtick fence is longer than any backtick run inside. */
export function codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function escapeWord(word: string): string {
  if (AUTOLINKABLE.test(word)) return codeSpan(word);
  return word.replace(INLINE_SPECIAL, '\\$&');
}

function escapeText(text: string): string {
  return text
    .split(/(\s+)/)
    .map((w, i) => (i % 2 === 1 ? ' ' : escapeWord(w)))
    .join('');
}

/**
 * Splits a line into the inline code spans the user typed (a run of n backticks up to the next run of exactly n,
 * as in CommonMark) and the text around them. Linear: the next run of each length is looked up, not searched for.
 */
function codeSpans(line: string): { code: boolean; text: string }[] {
  const runs = [...line.matchAll(/`+/g)].map((m) => ({ at: m.index, length: m[0].length }));
  const byLength = new Map<number, number[]>();
  runs.forEach((run, i) => {
    const list = byLength.get(run.length);
    if (list) list.push(i);
    else byLength.set(run.length, [i]);
  });
  const cursor = new Map<number, number>();
  const out: { code: boolean; text: string }[] = [];
  let last = 0;
  let i = 0;
  while (i < runs.length) {
    const run = runs[i]!;
    const sameLength = byLength.get(run.length)!;
    let k = cursor.get(run.length) ?? 0;
    while (k < sameLength.length && sameLength[k]! <= i) k++;
    cursor.set(run.length, k);
    const close = sameLength[k];
    if (close === undefined || run.at < last) {
      i++;
      continue;
    }
    const end = runs[close]!;
    if (run.at > last) out.push({ code: false, text: line.slice(last, run.at) });
    out.push({ code: true, text: line.slice(run.at + run.length, end.at) });
    last = end.at + end.length;
    i = close + 1;
  }
  if (last < line.length) out.push({ code: false, text: line.slice(last) });
  return out;
}

function escapeLine(line: string): string {
  let out = codeSpans(line.trim())
    .map((s) => (s.code ? codeSpan(s.text.replace(/^ (.*) $/, '$1')) : escapeText(s.text)))
    .join('');
  out = out.replace(LINE_START_SPECIAL, '\\$1').replace(ORDERED_LIST_MARKER, '$1\\$2');
  return out;
}

/** Prose as Markdown that renders as the same text. Blank lines separate paragraphs; other line breaks are kept. */
export function escapeProse(text: string): string {
  const paragraphs = text
    .split(/\n[ \t]*\n/)
    .map((p) => p.split('\n').map(escapeLine).filter((l) => l !== ''))
    .filter((lines) => lines.length > 0);
  // A backslash at the end of a line is a hard line break; the escaped text itself never ends in an odd one.
  return paragraphs.map((lines) => lines.join('\\\n')).join('\n\n');
}

/** One escaped line per list item. */
export function escapeList(items: readonly string[]): string {
  return items.map((item) => `- ${escapeLine(item.replace(/\s+/g, ' '))}`).join('\n');
}

/** A fenced code block holding `content` literally, with a fence longer than any backtick run inside it. */
export function fencedBlock(content: string, info = 'text'): string {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const language = /^[A-Za-z0-9_+-]{1,20}$/.test(info) ? info : 'text';
  return `${fence}${language}\n${content.replace(/\n+$/, '')}\n${fence}`;
}

interface Segment {
  kind: 'prose' | 'code';
  text: string;
  info?: string;
}

/**
 * Splits an answer into prose and the code blocks the user fenced (``` or ~~~, CommonMark rules: a closing fence
 * uses the same character, at least as long; an unclosed fence runs to the end).
 */
function segments(text: string): Segment[] {
  const out: Segment[] = [];
  const lines = text.split('\n');
  let prose: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)/.exec(lines[i]!);
    if (!open) {
      prose.push(lines[i]!);
      continue;
    }
    const fence = open[1]!;
    const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    let end = i + 1;
    while (end < lines.length && !closing.test(lines[end]!)) end++;
    if (prose.length > 0) out.push({ kind: 'prose', text: prose.join('\n') });
    prose = [];
    out.push({ kind: 'code', text: lines.slice(i + 1, end).join('\n'), info: open[2] ?? '' });
    i = end;
  }
  if (prose.length > 0) out.push({ kind: 'prose', text: prose.join('\n') });
  return out;
}

/** An answer that may mix prose and fenced code: prose is escaped, code is re-fenced safely. */
export function escapeAnswer(text: string): string {
  return segments(text)
    .map((s) => (s.kind === 'code' ? fencedBlock(s.text, s.info || 'text') : escapeProse(s.text)))
    .filter((block) => block.trim() !== '')
    .join('\n\n');
}
