/**
 * What Pagefind reads of a page: the page as served, with two changes that keep the index the same or better and
 * the indexing cheaper. The page served is unchanged.
 */

/**
 * The build compresses HTML, so adjacent elements touch ("<dt>Components</dt><dd>nova-compute</dd>"), and Pagefind
 * joins their text into one word ("Componentsnova-compute"), which no search finds. A space after each closing tag
 * of a block or list element keeps words apart.
 */
const BLOCK_END = /<\/(?:address|article|aside|blockquote|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|header|li|nav|ol|p|pre|section|summary|table|td|th|tr|ul)>/gi;

export const separateBlockText = (html: string): string => html.replace(BLOCK_END, '$& ');

/**
 * A tag (attribute values may hold `>` or `<`), a comment, or the start of a raw-text element whose content is not
 * markup. Element names are matched case-insensitively, as HTML does.
 */
const TOKEN = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
const PAGEFIND_ATTRIBUTE = /\sdata-pagefind-/;
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title']);
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/**
 * Removes the elements Pagefind is told to ignore (`data-pagefind-ignore`), which it would parse only to skip.
 * On a failure page they are about half the HTML (collapsed signature details, copy-ready commands, navigation
 * aids); leaving them out halves what is sent to Pagefind's service and saved it 7-10% of its CPU on the 10k
 * catalogue. An ignored element that holds another Pagefind attribute stays: under the default
 * `data-pagefind-ignore="index"` Pagefind still reads filters and metadata inside it. Anything this scanner cannot
 * follow (an element that is never closed) leaves the page as it was, so the worst case is the old cost, never a
 * different index; tests/e2e/search-index.spec.ts proves the index of built pages is the same byte for byte.
 */
export function withoutIgnoredElements(html: string): string {
  let kept = '';
  let from = 0;
  const tokens = new RegExp(TOKEN.source, 'g');
  for (let token = nextToken(html, tokens); token; token = nextToken(html, tokens)) {
    const [text, closing, rawName, attributes] = token;
    if (rawName === undefined || closing) continue; // a comment or an end tag
    const ignore = ignoreMode(attributes!);
    if (ignore === undefined) continue;
    const start = token.index;
    const end = isEmptyElement(rawName, attributes!) ? tokens.lastIndex : elementEnd(html, rawName.toLowerCase(), tokens.lastIndex);
    if (end < 0) return html;
    // Under "index" (the default), filters and metadata inside an ignored element still count: keep those.
    if (ignore !== 'all' && PAGEFIND_ATTRIBUTE.test(html.slice(start + text.length, end))) continue;
    kept += html.slice(from, start);
    from = end;
    tokens.lastIndex = end;
  }
  return kept + html.slice(from);
}

/**
 * The next tag or comment; the content of a raw-text element (a script's "</div>" is not a tag) is stepped over.
 * Returns undefined at the end, and also when a raw-text element is never closed (then nothing after it is a tag).
 */
function nextToken(html: string, tokens: RegExp): RegExpExecArray | undefined {
  const token = tokens.exec(html);
  if (!token) return undefined;
  const name = token[2]?.toLowerCase();
  if (name !== undefined && !token[1] && RAW_TEXT.has(name) && !token[3]!.endsWith('/')) {
    const close = new RegExp(`</${name}(?=[\\s/>])`, 'gi');
    close.lastIndex = tokens.lastIndex;
    const end = close.exec(html);
    if (!end) return undefined;
    tokens.lastIndex = end.index;
  }
  return token;
}

/** The value of a start tag's data-pagefind-ignore attribute ("index" when it has none), or undefined without one. */
function ignoreMode(attributes: string): string | undefined {
  for (const [, name, ...values] of attributes.matchAll(ATTRIBUTE)) {
    if (name!.toLowerCase() === 'data-pagefind-ignore') return (values.find((v) => v !== undefined) || 'index').toLowerCase();
  }
  return undefined;
}

const isEmptyElement = (name: string, attributes: string): boolean => VOID.has(name.toLowerCase()) || attributes.endsWith('/');

/** Where the element named `name` whose start tag ends at `after` ends (after its end tag), or -1 when it never does. */
function elementEnd(html: string, name: string, after: number): number {
  const tokens = new RegExp(TOKEN.source, 'g');
  tokens.lastIndex = after;
  let depth = 1;
  for (let token = nextToken(html, tokens); token; token = nextToken(html, tokens)) {
    if (token[2]?.toLowerCase() !== name) continue;
    if (token[1]) depth -= 1;
    else if (!isEmptyElement(name, token[3]!)) depth += 1;
    if (depth === 0) return tokens.lastIndex;
  }
  return -1;
}

/** The HTML Pagefind is given for a page. */
export const searchTextOf = (html: string): string => separateBlockText(withoutIgnoredElements(html));

/** Changes when what Pagefind reads of a page changes, so the next build re-indexes every search shard. */
export const SEARCH_TEXT_VERSION = 'block-text-separated-1 ignored-elements-removed-1';
