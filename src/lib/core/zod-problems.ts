import type { z } from 'astro/zod';
import { fieldPath, type Problem } from './problems.ts';

/** Turns one zod issue into a problem line that says what is wrong and how to fix it. */
export function zodIssueToProblem(issue: z.core.$ZodIssue, file: string, prefix: ReadonlyArray<PropertyKey> = []): Problem {
  const path = [...prefix, ...issue.path];
  const field = fieldPath(path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return {
        code: 'FC002',
        file,
        field,
        message: `has unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`,
        fix: 'remove it or correct its spelling; the content model reference in README.md lists every field',
      };
    case 'invalid_type':
      if (issue.input === undefined) {
        return { code: 'FC002', file, field, message: `is required but missing (expected ${issue.expected})`, fix: `add ${field || 'it'}` };
      }
      return {
        code: 'FC002',
        file,
        field,
        message: `must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}, not ${describeValue(issue.input)}`,
        fix: issue.expected === 'array' ? 'write it as a YAML list ("- item" lines or [a, b])' : `write a ${issue.expected}`,
      };
    case 'invalid_value':
      return {
        code: 'FC002',
        file,
        field,
        message: `is ${describeValue(issue.input)}, which is not allowed`,
        fix: `use one of: ${issue.values.map((v) => String(v)).join(', ')}`,
      };
    case 'invalid_union':
      return { code: 'FC002', file, field, message: 'matches none of the allowed forms', fix: 'see the field reference in README.md for the accepted shapes' };
    case 'too_small':
      return { code: 'FC002', file, field, message: issue.message.startsWith('Too small') ? `is too short or too small (minimum ${String(issue.minimum)})` : issue.message, fix: 'add content to it' };
    case 'too_big':
      return { code: 'FC002', file, field, message: `is too long or too large (maximum ${String(issue.maximum)})`, fix: 'shorten it; long explanations belong in the Markdown body' };
    default: {
      const [message, fix] = splitFix(issue.message);
      return { code: 'FC002', file, field, message, fix };
    }
  }
}

/** Custom messages in the schemas read "what is wrong: how to fix it". */
function splitFix(message: string): [string, string] {
  const at = message.indexOf(': ');
  if (at > 0) return [message.slice(0, at), message.slice(at + 2)];
  return [message, 'correct the value as described'];
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return `the date ${value.toISOString().slice(0, 10)}`;
  if (typeof value === 'object') return 'a mapping';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}..."` : text;
}
