import type { FeedContext } from './feed.ts';
import { getBody, getCatalogue } from '../site/site-data.ts';

/** The feed's view of Astro's collections (the dev server's /api/v1/): the catalogue, the site's URL, entry bodies. */
let context: Promise<FeedContext> | undefined;

export function getFeedContext(site: URL | undefined): Promise<FeedContext> {
  context ??= (async () => {
    const catalogue = await getCatalogue();
    const bodies = new Map<string, string>();
    for (const e of [...catalogue.failures, ...catalogue.remediations]) bodies.set(e.id, await getBody(e.id));
    return { catalogue, site: site ?? new URL('http://localhost:4321/'), body: (id: string) => bodies.get(id) ?? '' };
  })();
  return context;
}
