/**
 * A set of edits to entry files, held in memory until the whole change is known to be good. Frontmatter is edited
 * through the `yaml` package's document API, so fields the edit does not touch keep their order, quoting, flow or
 * block style and comments; values the edit writes go through the serializer, never through string building.
 */
import { readFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';

const FRONTMATTER = /^(\uFEFF?---\r?\n)([\s\S]*?\r?\n)(---[ \t]*(?:\r?\n|$))([\s\S]*)$/;
const TO_STRING = { lineWidth: 0 } as const;

export interface EditedEntry {
  file: string;
  original: string;
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
    entry = { file, original, doc, opening: parts[1]!, closing: parts[3]!, body: parts[4]! };
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
      const after = `${entry.opening}${entry.doc.toString(TO_STRING)}${entry.closing}${entry.body}`;
      if (after !== entry.original) writes.set(entry.file, { before: entry.original, after });
    }
    return { writes, deletes: new Map(this.#deleted) };
  }
}
