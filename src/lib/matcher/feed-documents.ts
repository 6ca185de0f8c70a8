/**
 * Reads the two feed documents the matcher needs (failures.json and remediations.json) from their text, and
 * validates them against the feed's own zod schemas, the ones its published JSON Schemas are generated from.
 * A feed is untrusted input: anything that does not validate is refused, with one problem line per fault.
 */
import { FEED_SCHEMA_VERSION, feedFailureList, feedRemediationList, type FeedFailure, type FeedRemediation } from '../../schemas/feed.ts';
import type { z } from 'astro/zod';
import type { Problem } from '../core/problems.ts';
import { zodIssueToProblem } from '../core/zod-problems.ts';

export interface FeedDocument {
  /** Where it came from (URL or path), for messages. */
  name: string;
  text: string;
}

export interface Feed {
  failures: FeedFailure[];
  remediations: FeedRemediation[];
  generated: string;
  schemaVersion: string;
  /** Where the failures document came from. */
  source: string;
}

/** Problems listed per document before the rest are summarised, so a garbage feed gives a readable error. */
const MAX_PROBLEMS_PER_DOCUMENT = 20;

export function parseFeed(failures: FeedDocument, remediations: FeedDocument): { feed?: Feed; problems: Problem[] } {
  const failureList = parseDocument(failures, feedFailureList);
  const remediationList = parseDocument(remediations, feedRemediationList);
  const problems = [...failureList.problems, ...remediationList.problems];
  if (!failureList.data || !remediationList.data) return { problems };
  return {
    feed: {
      failures: failureList.data.failures,
      remediations: remediationList.data.remediations,
      generated: failureList.data.generated,
      schemaVersion: failureList.data.schema_version,
      source: failures.name,
    },
    problems,
  };
}

function parseDocument<T extends { schema_version: string }>(document: FeedDocument, schema: z.ZodType<T>): { data?: T; problems: Problem[] } {
  const file = document.name;
  let json: unknown;
  try {
    json = JSON.parse(document.text);
  } catch (error) {
    return { problems: [{ code: 'FC001', file, field: '', message: `is not valid JSON (${(error as Error).message})`, fix: 'point --feed at the feed directory (…/api/v1/) of a Failure Catalogue site' }] };
  }
  const version = (json as { schema_version?: unknown } | null)?.schema_version;
  const major = FEED_SCHEMA_VERSION.split('.')[0];
  if (typeof version === 'string' && version.split('.')[0] !== major) {
    return {
      problems: [{ code: 'FC002', file, field: 'schema_version', message: `is ${version}, and this matcher reads feed schema ${major}.x`, fix: 'use the matcher from the same release as the feed' }],
    };
  }
  // reportInput: the problem line can then say what the value was ("must be a string, not 42").
  const parsed = schema.safeParse(json, { reportInput: true });
  if (parsed.success) return { data: parsed.data, problems: [] };
  const issues = parsed.error.issues;
  const problems = issues.slice(0, MAX_PROBLEMS_PER_DOCUMENT).map((issue) => zodIssueToProblem(issue, file));
  if (issues.length > MAX_PROBLEMS_PER_DOCUMENT) {
    problems.push({ code: 'FC002', file, field: '', message: `has ${issues.length - MAX_PROBLEMS_PER_DOCUMENT} more schema problems`, fix: 'this is not a valid feed document; check the --feed location' });
  }
  return { problems };
}
