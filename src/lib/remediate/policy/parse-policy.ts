/**
 * Reads a cloud's policy file. A policy decides what runs unattended, so reading it fails closed: a YAML syntax
 * error, an unknown tag, a duplicate or unknown key or a bad value is a PolicyError that names file:line, the field,
 * what is wrong and how to fix it, and no caller can mistake a broken policy for one that allows anything.
 */
import type { z } from 'astro/zod';
import { policy, type Policy } from '../../../schemas/policy.ts';
import { fieldPath } from '../../core/problems.ts';
import { formatYamlFileProblem, readYamlFile, YamlFileError, type YamlFileProblem } from '../../core/yaml-file.ts';
import { zodIssueToProblem } from '../../core/zod-problems.ts';

export type PolicyProblem = YamlFileProblem;

export class PolicyError extends YamlFileError {
  override readonly name = 'PolicyError';
}

export const formatPolicyProblem = formatYamlFileProblem;

/** Parses and validates a policy; throws PolicyError listing every problem. */
export function parsePolicy(text: string, file: string): Policy {
  const read = readYamlFile(text, file, policy, {
    syntax: (error, at, line) => ({
      file: at,
      line,
      field: '',
      problem: `is not valid policy YAML (${error.message})`,
      fix: error.code === 'TAG_RESOLVE_FAILED' ? 'remove the tag: a policy is plain YAML' : 'correct the YAML syntax at that line',
    }),
    issue: issueProblem,
  });
  if ('problems' in read) throw new PolicyError(read.problems);
  return read.data;
}

function issueProblem(issue: z.core.$ZodIssue, file: string, line: number): PolicyProblem {
  const generic = zodIssueToProblem(issue, file);
  if (issue.code === 'unrecognized_keys') {
    return {
      file,
      line,
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
    return { file, line, field: generic.field, problem: what, fix: own.slice(at + 2) };
  }
  if (issue.code === 'invalid_value' && issue.input === undefined) {
    // A missing enum or literal field: say it is missing, not that "undefined" is a bad value.
    const values = issue.values.map((v) => JSON.stringify(v)).join(' or ');
    return { file, line, field: generic.field, problem: 'is required but missing', fix: `add ${generic.field}: ${values}` };
  }
  return { file, line, field: generic.field, problem: generic.message, fix: generic.fix };
}
