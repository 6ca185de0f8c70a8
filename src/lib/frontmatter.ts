import { parseDocument } from 'yaml';

export interface SplitEntry {
  /** Parsed YAML frontmatter. */
  data: unknown;
  /** Markdown after the closing `---`. */
  body: string;
}

export class FrontmatterError extends Error {}

const OPENING = /^---\r?\n/;
const CLOSING = /\r?\n---[ \t]*(?:\r?\n|$)/;

/** Splits `---\n<yaml>\n---\n<markdown>`; the YAML is parsed as YAML 1.2, the dialect the site's loader uses. */
export function splitFrontmatter(source: string): SplitEntry {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  if (!OPENING.test(text)) {
    throw new FrontmatterError('has no YAML frontmatter: the file must start with a line "---"');
  }
  const afterOpening = text.replace(OPENING, '');
  const closing = CLOSING.exec(`\n${afterOpening}`);
  if (!closing) throw new FrontmatterError('frontmatter is not closed: add a line "---" after the YAML');
  const yamlText = `\n${afterOpening}`.slice(0, closing.index);
  const body = `\n${afterOpening}`.slice(closing.index + closing[0].length);
  const document = parseDocument(yamlText, { prettyErrors: true, uniqueKeys: true });
  const firstError = document.errors[0];
  if (firstError) {
    throw new FrontmatterError(`frontmatter is not valid YAML: ${firstError.message.split('\n')[0]}`);
  }
  return { data: document.toJS(), body };
}
