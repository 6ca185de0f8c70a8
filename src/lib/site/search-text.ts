/**
 * What Pagefind reads of a page. The build compresses HTML, so adjacent elements touch ("<dt>Components</dt><dd>nova-
 * compute</dd>"), and Pagefind joins their text into one word ("Componentsnova-compute"), which no search finds. A
 * space after each closing tag of a block or list element keeps words apart; the page served is unchanged.
 */
const BLOCK_END = /<\/(?:address|article|aside|blockquote|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|header|li|nav|ol|p|pre|section|summary|table|td|th|tr|ul)>/gi;

export const separateBlockText = (html: string): string => html.replace(BLOCK_END, '$& ');

/** Changes when what Pagefind reads of a page changes, so the next build re-indexes every search shard. */
export const SEARCH_TEXT_VERSION = 'block-text-separated-1';
