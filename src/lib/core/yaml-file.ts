/**
 * Reads a YAML file that people write (a cloud's policy, a deployment profile) and validates it with its zod
 * schema, failing closed: a syntax error, an unknown tag, a duplicate or unknown key or a bad value is a problem
 * naming file:line, the field, what is wrong and how to fix it. Each reader words its own problems (`describe`).
 */
import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'astro/zod';

export interface YamlFileProblem {
  file: string;
  /** 1-based line of the offending text (the enclosing mapping's line when a field is missing). */
  line: number;
  /** Dotted path, e.g. `rules[0].match.risk`; empty for the whole file. */
  field: string;
  problem: string;
  fix: string;
}

export function formatYamlFileProblem(p: YamlFileProblem): string {
  return `${p.file}:${p.line}: ${p.field ? `${p.field}: ` : ''}${p.problem}. Fix: ${p.fix}`;
}

/** Every problem of one file, one `file:line: field: problem. Fix: ...` line each; subclasses name the kind of file (an explicit name survives bundling). */
export class YamlFileError extends Error {
  override name = 'YamlFileError';
  readonly problems: readonly YamlFileProblem[];
  constructor(problems: readonly YamlFileProblem[]) {
    super(problems.map(formatYamlFileProblem).join('\n'));
    this.problems = problems;
  }
}

export interface YamlFileReader {
  /** The problem for a YAML syntax or tag error at `line`. */
  syntax: (error: { message: string; code: string }, file: string, line: number) => YamlFileProblem;
  /** The problem for a schema issue found at `line`. */
  issue: (issue: z.core.$ZodIssue, file: string, line: number) => YamlFileProblem;
}

/** The file's data as the schema outputs it, or every problem in it. */
export function readYamlFile<S extends z.ZodType>(text: string, file: string, schema: S, reader: YamlFileReader): { data: z.output<S> } | { problems: YamlFileProblem[] } {
  const lineCounter = new LineCounter();
  // uniqueKeys (the default) makes a repeated key an error: with two `action:` lines a reader could not tell which holds.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  const syntax = [...doc.errors, ...doc.warnings].map((e) => reader.syntax({ message: e.message.split('\n')[0]!, code: e.code }, file, lineAt(e.pos[0])));
  if (syntax.length > 0) return { problems: syntax };
  const parsed = schema.safeParse(doc.toJS({ maxAliasCount: 100 }) ?? undefined, { reportInput: true });
  if (parsed.success) return { data: parsed.data };
  return { problems: parsed.error.issues.map((issue) => reader.issue(issue, file, lineAt(issueOffset(issue, doc)))) };
}

/** Source offset of the node an issue is about: the deepest node on its path that exists (a missing field: its parent). */
function issueOffset(issue: z.core.$ZodIssue, doc: Document): number {
  const path = issue.path;
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (!isNode(node)) continue;
    if (issue.code === 'unrecognized_keys' && depth === path.length && isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === issue.keys[0]);
      if (isScalar(pair?.key) && pair.key.range) return pair.key.range[0];
    }
    if (node.range) return node.range[0];
  }
  return 0;
}
