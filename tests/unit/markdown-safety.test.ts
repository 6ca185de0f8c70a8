import { markdownToHtml } from 'satteri';
import { describe, expect, test } from 'vitest';
import { isSafeUrl, neutralizeUnsafeMarkdown } from '../../src/lib/core/markdown-safety.ts';

const render = (md: string) => markdownToHtml(md, { mdastPlugins: [neutralizeUnsafeMarkdown] }).html;

describe('entry bodies are rendered inert', () => {
  test.each(['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'java\tscript:alert(1)', ' javascript:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:msgbox'])('%s is unsafe', (url) => {
    expect(isSafeUrl(url)).toBe(false);
  });
  test.each(['https://docs.openstack.org/', 'http://example.com/a?b#c', '#diagnosis', '/failures/FAIL-0001/', '../x/', 'mailto:ops@example.com', 'FAIL-0002/'])('%s is safe', (url) => {
    expect(isSafeUrl(url)).toBe(true);
  });

  test('raw HTML becomes text', () => {
    const html = render('<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> end');
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  test('script links and images lose their URL; safe links stay', () => {
    const html = render('[a](javascript:alert(1)) <javascript:alert(2)> ![i](data:image/svg+xml,x) [ok](https://docs.openstack.org/)\n\n[r]: javascript:alert(3)\n\n[ref][r]');
    expect(html).not.toMatch(/href="(javascript|data):/i);
    expect(html).not.toMatch(/src="data:/);
    expect(html).toContain('href="https://docs.openstack.org/"');
    expect(html.match(/#unsafe-link-removed/g)?.length).toBe(3);
  });

  test('GFM tables and heading IDs still work', () => {
    const html = render('## Root cause\n\n| a | b |\n|---|---|\n| 1 | 2 |\n');
    expect(html).toContain('<table>');
  });
});
