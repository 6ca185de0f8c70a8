import { load, YAMLException } from 'js-yaml';
import type { FrontmatterCache } from './frontmatter-cache.ts';

export interface SplitEntry {
  /** Parsed YAML frontmatter. */
  data: unknown;
  /** Markdown after the closing `---`. */
  body: string;
}

export class FrontmatterError extends Error {}

const OPENING = /^---\r?\n/;
const CLOSING = /\r?\n---[ \t]*(?:\r?\n|$)/;

/**
 * The frontmatter block as Astro's parseFrontmatter finds it (@astrojs/internal-helpers/frontmatter), for the site's
 * content loader (src/lib/core/entry-loader.ts): `---` blocks only; group 1 is the YAML text with its line breaks.
 */
export const ASTRO_FRONTMATTER = /(?:^\uFEFF?|^\s*\n)---([\s\S]*?\n)---/;

/** How frontmatter YAML is parsed, by the check and by the site's loader alike (an empty block is an empty map). */
export const parseFrontmatterYaml = (yaml: string): unknown => load(yaml) ?? {};

/**
 * Splits `---\n<yaml>\n---\n<markdown>`. The YAML is parsed with js-yaml, as the site's content loader parses it
 * (src/lib/core/entry-loader.ts), so the check and the site read every value the same way (and it is several times
 * faster than the `yaml` package Astro would use).
 */
export function splitFrontmatter(source: string, cache?: FrontmatterCache): SplitEntry {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  if (!OPENING.test(text)) {
    throw new FrontmatterError('has no YAML frontmatter: the file must start with a line "---"');
  }
  const afterOpening = text.replace(OPENING, '');
  const closing = CLOSING.exec(`\n${afterOpening}`);
  if (!closing) throw new FrontmatterError('frontmatter is not closed: add a line "---" after the YAML');
  const yamlText = `\n${afterOpening}`.slice(0, closing.index);
  const body = `\n${afterOpening}`.slice(closing.index + closing[0].length);
  // The site's loader parses the same block with the line break before the closing fence: where both find the same
  // block, that text is parsed here too, so the check reads what the site reads and the build's loader can reuse
  // this parse (FrontmatterCache.shareInProcess). Elsewhere (Windows line ends) the check parses its own text.
  const astroText = ASTRO_FRONTMATTER.exec(text)?.[1];
  const parsedText = astroText !== undefined && astroText.startsWith(yamlText) && /^\r?\n$/.test(astroText.slice(yamlText.length)) ? astroText : yamlText;
  try {
    return { data: cache ? cache.parse(parsedText, parseFrontmatterYaml) : parseFrontmatterYaml(parsedText), body };
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    throw new FrontmatterError(`frontmatter is not valid YAML: ${error.reason} (line ${error.mark.line + 1})`, { cause: error });
  }
}
