/**
 * A set of edits to entry files, held in memory until the whole change is known to be good. Frontmatter is edited
 * through the `yaml` package's document API; values the edit writes go through the serializer, never through string
 * building. The serializer would re-wrap every folded scalar and re-space every flow list of the file, so the new
 * text copies each top-level field the edit left alone from the original, byte for byte (see `renderFrontmatter`).
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, isScalar, isSeq, parseDocument, YAMLMap, type Pair } from 'yaml';

const FRONTMATTER = /^(\uFEFF?---\r?\n)([\s\S]*?\r?\n)(---[ \t]*(?:\r?\n|$))([\s\S]*)$/;
/** Written fields: one line a scalar (entries fold by hand), flow lists as `[a, b]` like the hand-written ones. */
const TO_STRING = { lineWidth: 0, flowCollectionPadding: false } as const;

export interface EditedEntry {
  file: string;
  original: string;
  /** The frontmatter text as read, never edited: untouched fields are copied from it. */
  source: string;
  doc: Document;
  /** Text around the YAML: the opening line, the closing line, and the Markdown body. */
  opening: string;
  closing: string;
  body: string;
}

export class EntryEdits {
  readonly #entries = new Map<string, EditedEntry>();
  readonly #deleted = new Map<string, string>();

  /** The entry's document, read once; later edits of the same file build on earlier ones. */
  open(file: string): EditedEntry {
    let entry = this.#entries.get(file);
    if (entry) return entry;
    const original = readFileSync(file, 'utf8');
    const parts = FRONTMATTER.exec(original);
    if (!parts) throw new Error(`${file}: has no YAML frontmatter between "---" lines`);
    const doc = parseDocument(parts[2]!, { keepSourceTokens: false });
    if (doc.errors.length > 0) throw new Error(`${file}: frontmatter is not valid YAML: ${doc.errors[0]!.message}`);
    entry = { file, original, source: parts[2]!, doc, opening: parts[1]!, closing: parts[3]!, body: parts[4]! };
    this.#entries.set(file, entry);
    return entry;
  }

  get(file: string, path: readonly (string | number)[]): unknown {
    const value = this.open(file).doc.getIn(path);
    return isSeq(value) || isMap(value) ? value.toJSON() : value;
  }

  /** Sets a value; a list keeps the flow (`[a, b]`) or block style it had. */
  set(file: string, path: readonly (string | number)[], value: unknown): void {
    const { doc } = this.open(file);
    const current = doc.getIn(path, true);
    const node = doc.createNode(value);
    if (isSeq(node) && isSeq(current)) node.flow = current.flow ?? false;
    if (isMap(node) && isMap(current)) node.flow = current.flow ?? false;
    doc.setIn(path, node);
  }

  delete(file: string, path: readonly (string | number)[]): void {
    this.open(file).doc.deleteIn(path);
  }

  /** Marks a whole file for removal. */
  remove(file: string): void {
    this.#deleted.set(file, this.open(file).original);
    this.#entries.delete(file);
  }

  /** The new text of every changed file (unchanged ones left out), and the files to delete. */
  result(): { writes: Map<string, { before: string; after: string }>; deletes: Map<string, string> } {
    const writes = new Map<string, { before: string; after: string }>();
    for (const entry of this.#entries.values()) {
      const after = `${entry.opening}${renderFrontmatter(entry.source, entry.doc)}${entry.closing}${entry.body}`;
      if (after !== entry.original) writes.set(entry.file, { before: entry.original, after });
    }
    return { writes, deletes: new Map(this.#deleted) };
  }
}

const keyOf = (pair: Pair): string => String(isScalar(pair.key) ? pair.key.value : pair.key);
const valueOf = (pair: Pair): unknown => (pair.value !== null && typeof pair.value === 'object' && 'toJSON' in pair.value ? (pair.value as { toJSON(): unknown }).toJSON() : pair.value);

/**
 * The source text of each top-level field: from its key line (with the comment lines right above it, which belong to
 * it) to the next field's, so a field's folded lines, flow lists and trailing blank lines come with it.
 */
function fieldTexts(source: string): Map<string, { text: string; leadingComments: string; value: unknown }> {
  const original = parseDocument(source, { keepSourceTokens: false });
  const items = isMap(original.contents) ? (original.contents.items as Pair[]) : [];
  const starts = items.map((pair) => {
    const keyStart = (pair.key as { range?: [number, number, number] }).range?.[0] ?? 0;
    let start = source.lastIndexOf('\n', keyStart - 1) + 1;
    const keyLine = start;
    while (start > 0) {
      const previous = source.lastIndexOf('\n', start - 2) + 1;
      if (!source.slice(previous, start).startsWith('#')) break;
      start = previous;
    }
    return { start, keyLine };
  });
  const texts = new Map<string, { text: string; leadingComments: string; value: unknown }>();
  items.forEach((pair, i) => {
    const { start, keyLine } = starts[i]!;
    const end = i + 1 < items.length ? starts[i + 1]!.start : source.length;
    // Text before the first field (a comment opening the frontmatter) stays with the first field.
    const from = i === 0 ? 0 : start;
    texts.set(keyOf(pair), { text: source.slice(from, end), leadingComments: source.slice(from, keyLine), value: valueOf(pair) });
  });
  return texts;
}

/**
 * The edited frontmatter: each top-level field whose value the edits did not change is its original text; a changed
 * or new field is serialized alone (after the comment lines that stood above it); removed fields are left out.
 */
export function renderFrontmatter(source: string, doc: Document): string {
  if (!isMap(doc.contents)) return doc.toString(TO_STRING);
  const originals = fieldTexts(source);
  return (doc.contents.items as Pair[])
    .map((pair) => {
      const original = originals.get(keyOf(pair));
      if (original && isDeepStrictEqual(original.value, valueOf(pair))) return original.text;
      const single = new Document();
      const map = new YAMLMap();
      map.items.push(pair);
      single.contents = map;
      return `${original?.leadingComments ?? ''}${single.toString(TO_STRING)}`;
    })
    .join('');
}
