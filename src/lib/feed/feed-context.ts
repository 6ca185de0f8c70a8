import { feedFailure, feedRemediation, type FeedContext } from './feed.ts';
import type { FeedFailure, FeedRemediation } from '../../schemas/feed.ts';
import type { Failure, Remediation } from '../../schemas/index.ts';
import { getBody, getCatalogue } from '../site/site-data.ts';

/** The feed's view of the build: the catalogue, the site's absolute URL and entry bodies. */
let context: Promise<FeedContext> | undefined;

/** Built once per build: every per-entry endpoint shares it. */
export function getFeedContext(site: URL | undefined): Promise<FeedContext> {
  context ??= (async () => {
    const catalogue = await getCatalogue();
    const bodies = new Map<string, string>();
    for (const e of [...catalogue.failures, ...catalogue.remediations]) bodies.set(e.id, await getBody(e.id));
    return { catalogue, site: site ?? new URL('http://localhost:4321/'), body: (id: string) => bodies.get(id) ?? '' };
  })();
  return context;
}

export function json(data: unknown): Response {
  return new Response(`${JSON.stringify(data, null, 2)}\n`, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
}

const failureDocuments = new WeakMap<Failure, FeedFailure>();
const remediationDocuments = new WeakMap<Remediation, FeedRemediation>();

/** A failure's feed document, built once per build: failures.json and the per-entry file share it. */
export function failureDocument(f: Failure, context: FeedContext): FeedFailure {
  let document = failureDocuments.get(f);
  if (!document) failureDocuments.set(f, (document = feedFailure(f, context)));
  return document;
}

/** A remediation's feed document, built once per build. */
export function remediationDocument(r: Remediation, context: FeedContext): FeedRemediation {
  let document = remediationDocuments.get(r);
  if (!document) remediationDocuments.set(r, (document = feedRemediation(r, context)));
  return document;
}
