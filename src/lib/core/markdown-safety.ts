/**
 * Entry bodies come from contributors and, through intake, from anyone on the internet. Astro 7 renders raw HTML
 * and `javascript:` links in Markdown verbatim, so this Sätteri plugin makes both inert: raw HTML is shown as
 * text, and links or images whose URL scheme is not on the allow-list lose their URL.
 */
import { defineMdastPlugin } from 'satteri';

const SAFE_URL = /^(?:https?:|mailto:|#|\/(?!\/)|\.{0,2}\/|[^:/?#]*(?:[/?#]|$))/i;

/** True for http(s), mailto, fragment and relative URLs; false for javascript:, data:, vbscript: and the like. */
export function isSafeUrl(url: string): boolean {
  // Browsers ignore ASCII whitespace and control characters inside a scheme ("java\tscript:"), so strip them first.
  // eslint-disable-next-line no-control-regex
  const normalized = url.replace(/[\u0000-\u0020\u007f]+/g, '');
  return SAFE_URL.test(normalized);
}

export const neutralizeUnsafeMarkdown = defineMdastPlugin({
  name: 'failure-catalogue-neutralize-unsafe-markdown',
  html(node, ctx) {
    ctx.replaceNode(node, { type: 'text', value: node.value });
  },
  link(node, ctx) {
    if (!isSafeUrl(node.url)) ctx.setField(node, 'url', '#unsafe-link-removed');
  },
  definition(node, ctx) {
    if (!isSafeUrl(node.url)) ctx.setField(node, 'url', '#unsafe-link-removed');
  },
  image(node, ctx) {
    if (!isSafeUrl(node.url)) ctx.setField(node, 'url', '');
  },
});
