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
  try {
    const parse = (yaml: string) => load(yaml) ?? {};
    return { data: cache ? cache.parse(yamlText, parse) : parse(yamlText), body };
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    throw new FrontmatterError(`frontmatter is not valid YAML: ${error.reason} (line ${error.mark.line + 1})`, { cause: error });
  }
}
