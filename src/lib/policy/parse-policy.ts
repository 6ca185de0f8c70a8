/**
 * Reads a cloud's policy file. A policy decides what runs unattended, so reading it fails closed: a YAML syntax
 * error, an unknown tag, a duplicate or unknown key or a bad value is a PolicyError that names file:line, the field,
 * what is wrong and how to fix it, and no caller can mistake a broken policy for one that allows anything.
 */
import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'astro/zod';
import { policy, type Policy } from '../../schemas/policy.ts';
import { fieldPath } from '../problems.ts';
import { zodIssueToProblem } from '../zod-problems.ts';

export interface PolicyProblem {
  file: string;
  /** 1-based line of the offending text (the enclosing mapping's line when a field is missing). */
  line: number;
  /** Dotted path, e.g. `rules[0].match.risk`; empty for the whole file. */
  field: string;
  problem: string;
  fix: string;
}

export class PolicyError extends Error {
  readonly problems: readonly PolicyProblem[];
  constructor(problems: readonly PolicyProblem[]) {
    super(problems.map(formatPolicyProblem).join('\n'));
    this.name = 'PolicyError';
    this.problems = problems;
  }
}

export function formatPolicyProblem(p: PolicyProblem): string {
  return `${p.file}:${p.line}: ${p.field ? `${p.field}: ` : ''}${p.problem}. Fix: ${p.fix}`;
}

/** Parses and validates a policy; throws PolicyError listing every problem. */
export function parsePolicy(text: string, file: string): Policy {
  const lineCounter = new LineCounter();
  // uniqueKeys (the default) makes a repeated key an error: with two `action:` lines a reader could not tell which holds.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  const yamlProblems: PolicyProblem[] = [...doc.errors, ...doc.warnings].map((e) => ({
    file,
    line: lineAt(e.pos[0]),
    field: '',
    problem: `is not valid policy YAML (${e.message.split('\n')[0]})`,
    fix: e.code === 'TAG_RESOLVE_FAILED' ? 'remove the tag: a policy is plain YAML' : 'correct the YAML syntax at that line',
  }));
  if (yamlProblems.length > 0) throw new PolicyError(yamlProblems);

  const parsed = policy.safeParse(doc.toJS({ maxAliasCount: 100 }) ?? undefined, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw new PolicyError(parsed.error.issues.map((issue) => issueProblem(issue, doc, file, lineAt)));
}

function issueProblem(issue: z.core.$ZodIssue, doc: Document, file: string, lineAt: (offset: number) => number): PolicyProblem {
  const generic = zodIssueToProblem(issue, file);
  const offset = issueOffset(issue, doc);
  if (issue.code === 'unrecognized_keys') {
    return {
      file,
      line: lineAt(offset),
      field: fieldPath([...issue.path, issue.keys[0] ?? '']),
      problem: `is not a policy field${issue.keys.length > 1 ? ` (nor are ${issue.keys.slice(1).join(', ')})` : ''}`,
      fix: `remove it or correct its spelling; ${fieldPath(issue.path) || 'the top level'} accepts only the fields in the policy schema (/api/v1/schema/policy.schema.json)`,
    };
  }
  // The policy schema's own messages read "what is wrong: how to fix it".
  const own = issue.code === 'invalid_key' ? issue.issues[0]?.message : issue.code === 'too_small' || issue.code === 'invalid_format' || issue.code === 'custom' ? issue.message : undefined;
  const at = own?.indexOf(': ') ?? -1;
  if (own && at > 0) {
    const what = issue.code === 'invalid_key' ? `is not a valid name (${own.slice(0, at)})` : own.slice(0, at);
    return { file, line: lineAt(offset), field: generic.field, problem: what, fix: own.slice(at + 2) };
  }
  if (issue.code === 'invalid_value' && issue.input === undefined) {
    // A missing enum or literal field: say it is missing, not that "undefined" is a bad value.
    const values = issue.values.map((v) => JSON.stringify(v)).join(' or ');
    return { file, line: lineAt(offset), field: generic.field, problem: 'is required but missing', fix: `add ${generic.field}: ${values}` };
  }
  return { file, line: lineAt(offset), field: generic.field, problem: generic.message, fix: generic.fix };
}

/** Source offset of the node an issue is about: the deepest node on its path that exists (a missing field: its parent). */
function issueOffset(issue: z.core.$ZodIssue, doc: Document): number {
  const path = issue.path;
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (!isNode(node)) continue;
    if (issue.code === 'unrecognized_keys' && depth === path.length && isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === issue.keys[0]);
      const key = pair?.key;
      if (isScalar(key) && key.range) return key.range[0];
    }
    const range = (node as Node).range;
    if (range) return range[0];
  }
  return 0;
}
