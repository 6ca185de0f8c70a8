/**
 * YAML for Ansible, written with the `yaml` package's serializer and never by splicing text. Ansible reads YAML 1.1
 * with PyYAML, which differs from YAML 1.2 in ways that matter for untrusted catalogue text:
 * - it refuses some characters anywhere in a stream (C1 controls, DEL, U+FFFE/U+FFFF, lone surrogates);
 * - it reads U+0085, U+2028 and U+2029 as line breaks, so one of them in a comment would end the comment;
 * - it reads plain `yes`, `no`, `on`, `off` as booleans (documents are written as YAML 1.1, so those get quoted).
 * Comments are therefore cleaned and split here, and the generators check their output by parsing it back.
 */
import { Document, parseDocument, type Scalar } from 'yaml';

/** Characters PyYAML accepts in a stream, minus the ones it reads as line breaks besides \n and \r. */
const YAML11_TEXT = /^[\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;
const NOT_COMMENT_TEXT = /[^\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;
const LINE_BREAKS = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/;

/** C0 controls are escaped in double quotes; the rest of these PyYAML refuses or folds even there. */
// eslint-disable-next-line no-control-regex -- C0 controls are allowed here on purpose: double quotes escape them.
const DOUBLE_QUOTABLE = /^[\x00-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;

/** Whether a YAML 1.1 reader gets exactly this string back from a block literal. */
export function isPlainYaml11Text(value: string): boolean {
  return YAML11_TEXT.test(value);
}

/** Whether a YAML 1.1 reader gets exactly this string back from a double-quoted scalar as `yaml` writes it. */
export function isDoubleQuotable(value: string): boolean {
  return DOUBLE_QUOTABLE.test(value);
}

/**
 * A comment block for `commentBefore`: every line of every text becomes its own comment line, anything a YAML 1.1
 * reader could take for a line break splits the text there, and characters it would refuse become U+FFFD.
 */
export function commentBlock(lines: readonly string[]): string {
  return lines
    .flatMap((line) => line.split(LINE_BREAKS))
    .map((line) => {
      const clean = line.replace(NOT_COMMENT_TEXT, '\ufffd').trimEnd();
      return clean ? ` ${clean}` : '';
    })
    .join('\n');
}

/** One line of free text for a YAML value: line breaks become spaces, refused characters U+FFFD. */
export function oneLine(text: string): string {
  return text.split(LINE_BREAKS).join(' ').replace(NOT_COMMENT_TEXT, '\ufffd').trim();
}

/** Ansible's tag for data Jinja must never evaluate (https://docs.ansible.com/ansible/latest/playbook_guide/playbooks_advanced_syntax.html). */
export const UNSAFE_TAG = '!unsafe';

const ansibleTags = [
  { tag: UNSAFE_TAG, resolve: (value: string) => value },
  { tag: '!vault', resolve: (value: string) => value },
];

/** A new document written as YAML 1.1, so strings such as `yes` or `0777` are quoted for PyYAML. */
export function ansibleDocument(value: unknown): Document {
  // No anchors: a repeated list is written out again, so every rule and task reads on its own.
  return new Document(value, { version: '1.1', customTags: ansibleTags, aliasDuplicateObjects: false });
}

/** Parses Ansible YAML written by hand (a remediation's own playbook), knowing Ansible's tags. */
export function parseAnsibleYaml(text: string): Document {
  return parseDocument(text, { version: '1.1', customTags: ansibleTags, keepSourceTokens: false });
}

/** Marks a string node of `doc` at `path` as !unsafe, in a style a YAML 1.1 reader reads back unchanged. */
export function markUnsafe(doc: Document, path: readonly unknown[]): void {
  const node = doc.getIn(path, true) as Scalar | undefined;
  if (!node || typeof node.value !== 'string') throw new Error(`no string at ${path.join('.')} to mark ${UNSAFE_TAG}`);
  node.tag = UNSAFE_TAG;
  // A block literal keeps code readable; double quotes when a line break inside would not survive one.
  if (!isDoubleQuotable(node.value)) throw new Error(`the string at ${path.join('.')} has characters YAML 1.1 cannot carry; encode it`);
  node.type = isPlainYaml11Text(node.value) && node.value.trim() !== '' ? 'BLOCK_LITERAL' : 'QUOTE_DOUBLE';
}

/**
 * Ansible templates play and task names too, so a catalogue title with a brace in it (where Jinja starts) is tagged
 * !unsafe as well; names without one stay plain, as nothing in them could be evaluated.
 */
export function markUnsafeIfBraced(doc: Document, path: readonly unknown[]): void {
  const node = doc.getIn(path, true) as Scalar | undefined;
  if (typeof node?.value === 'string' && node.value.includes('{')) {
    node.tag = UNSAFE_TAG;
    node.type = 'QUOTE_DOUBLE';
  }
}

export function stringifyAnsible(doc: Document): string {
  return doc.toString({ lineWidth: 0, indentSeq: true, doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER });
}
