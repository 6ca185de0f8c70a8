/**
 * From the feed's two documents to a ready matcher: validate the documents against the feed schema, then check
 * and index every signature. Shared by the command line and the browser page, so both refuse the same feeds and
 * match the same way.
 */
import type { Problem } from '../core/problems.ts';
import { parseFeed, type Feed, type FeedDocument } from './feed-documents.ts';
import { buildSignatureIndex, type SignatureIndex } from './signature-index.ts';

export interface PreparedMatcher {
  feed: Feed;
  index: SignatureIndex;
  warnings: string[];
}

export function prepareMatcher(failures: FeedDocument, remediations: FeedDocument, options: { service?: string | undefined } = {}): { matcher?: PreparedMatcher; problems: Problem[] } {
  const { feed, problems } = parseFeed(failures, remediations);
  if (!feed) return { problems };
  const built = buildSignatureIndex(feed.failures, { service: options.service, file: failures.name });
  if (built.problems.length > 0) return { problems: built.problems };
  return { matcher: { feed, index: built.index, warnings: built.warnings }, problems: [] };
}
