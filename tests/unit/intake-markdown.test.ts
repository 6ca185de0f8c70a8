/**
 * Submitted text as Markdown: whatever it contains, escaped prose renders as exactly that text (no element but
 * paragraphs, line breaks and code), and a fenced block cannot be closed from inside.
 */
import { markdownToHtml } from 'satteri';
import { describe, expect, test } from 'vitest';
import { codeSpan, escapeAnswer, escapeProse, fencedBlock } from '../../src/lib/intake/markdown.ts';
import { neutralizeUnsafeMarkdown } from '../../src/lib/core/markdown-safety.ts';

const render = (md: string) => markdownToHtml(md, { mdastPlugins: [neutralizeUnsafeMarkdown] }).html;
const decode = (html: string) =>
  html
    .replace(/<br>\n?/g, '\n')
    .replace(/<\/p>\n?<p>/g, '\n\n')
    .replace(/<\/?(?:p|code)>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
/** Elements escaped prose may produce. */
const allowedTags = (html: string) => [...html.matchAll(/<\/?([a-z0-9]+)[^>]*>/gi)].every(([tag, name]) => ['p', 'br', 'code'].includes(name!) && !/\s\w+=/.test(tag));

/** A deterministic generator of hostile lines: Markdown, HTML, MDX and YAML syntax in random order. */
function* hostileLines(count: number): Generator<string> {
  const atoms = ['<script>', '</p>', '<img src=x onerror=alert(1)>', '{x}', '[a](javascript:b)', '![i](data:x)', '**', '__', '_', '*', '`', '``', '~~', '# ', '> ', '- ', '+ ', '1. ', '2) ', '---', '===', '|', '|---|', '&amp;', '&#60;', '\\', '[^1]', '<!--', '-->', '!!js/function', 'https://evil.example', 'www.evil.example', 'a@b.example', ':', 'word', ' ', '  ', '\t', '<https://x.example>', '[x]: javascript:y', '{{7*7}}', '${x}', '<Comp />', 'import x from "y"', 'export const a = 1'];
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < count; i++) {
    const n = 1 + Math.floor(random() * 8);
    yield Array.from({ length: n }, () => atoms[Math.floor(random() * atoms.length)]).join(random() < 0.5 ? '' : ' ');
  }
}

describe('escaped prose', () => {
  test('renders as the same text and nothing else, for 2,000 generated hostile lines', () => {
    for (const line of hostileLines(2000)) {
      const html = render(escapeProse(line));
      expect(allowedTags(html), `${line} -> ${html}`).toBe(true);
      // Backticks the user typed may pair up into inline code (kept as code on purpose); all else is the same text.
      if (!line.includes('`')) expect(decode(html), line).toBe(line.trim().replace(/\s+/g, ' '));
    }
  });

  test('keeps line breaks and paragraphs', () => {
    expect(decode(render(escapeProse('1. first\n2. second\n\nnext paragraph')))).toBe('1. first\n2. second\n\nnext paragraph');
  });

  test('URLs and e-mail addresses become code, not links (GFM links them even when escaped)', () => {
    const html = render(escapeProse('see https://evil.example/x and www.evil.example and a@b.example'));
    expect(html).not.toMatch(/<a\b/);
    expect(html).toContain('<code>https://evil.example/x</code>');
  });

  test('inline code the user typed stays code', () => {
    expect(render(escapeProse('run `systemctl restart nova-compute` now'))).toContain('<code>systemctl restart nova-compute</code>');
  });
});

describe('code', () => {
  test.each(['```', '````\n```', '```text\n<script>x</script>\n```\n```', '~~~\n```'])('a fenced block holds %j and cannot be closed from inside', (content) => {
    const html = render(`${fencedBlock(`${content}\nlast line`)}\n\nafter`);
    expect(html.match(/<pre>/g)).toHaveLength(1);
    expect(html).toContain('last line');
    expect(html).toMatch(/<\/pre>\s*<p>after<\/p>/);
  });

  test('code spans hold backticks literally', () => {
    for (const text of ['a`b', '``x``', '`', ' ` ']) expect(decode(render(codeSpan(text))).trim()).toBe(text.trim());
  });

  test('an answer keeps the code blocks the user fenced, re-fenced safely, and escapes the rest', () => {
    const html = render(escapeAnswer('Run:\n```bash\nrm -rf /tmp/x\n```\n<b>then</b>\n```\nunclosed'));
    expect(html).toContain('<code class="language-bash">rm -rf /tmp/x\n</code>');
    expect(html).toContain('&lt;b&gt;then&lt;/b&gt;');
    expect(html).toContain('unclosed');
    expect(html).not.toMatch(/<b>/);
  });
});
