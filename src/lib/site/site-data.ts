/**
 * The one place pages read content: Astro's collections (validated by the shared schemas) turned into the pure
 * Catalogue, built once per build.
 */
import { getCollection } from 'astro:content';
import { Catalogue } from '../core/catalogue.ts';
import { includeDrafts } from '../core/content-root.ts';
import { feedBody } from '../core/mdx/to-markdown.ts';
import { buildSimilarMemo } from './similar-memo.ts';

let catalogue: Promise<Catalogue> | undefined;
const bodies = new Map<string, string>();

/**
 * The Markdown source of a draft's body (an MDX body converted to plain Markdown), for the preview build's triage
 * page. Only drafts keep their raw body in the data store (src/lib/core/lean-store.ts): '' for anything else.
 */
export async function getBody(id: string): Promise<string> {
  await getCatalogue();
  return bodies.get(id) ?? '';
}

export function getCatalogue(): Promise<Catalogue> {
  catalogue ??= (async () => {
    const [failures, remediations, reports, categories, services, releases, deploymentTools] = await Promise.all([
      getCollection('failures'),
      getCollection('remediations'),
      getCollection('reports'),
      getCollection('categories'),
      getCollection('services'),
      getCollection('releases'),
      getCollection('deploymentTools'),
    ]);
    const toolName = (id: string) => deploymentTools.find((t: { data: { id: string; name: string } }) => t.data.id === id)?.data.name ?? id;
    for (const entry of [...failures, ...remediations, ...reports]) if (entry.body !== undefined) bodies.set(entry.id, feedBody(entry.body, entry.filePath ?? '', toolName));
    const data = <T,>(entries: { data: T }[]) => entries.map((e) => e.data);
    const memo = buildSimilarMemo();
    return new Catalogue(
      {
        failures: data(failures),
        remediations: data(remediations),
        reports: data(reports),
        categories: data(categories),
        services: data(services),
        releases: data(releases),
        deploymentTools: data(deploymentTools),
      },
      // A build keeps similar failures in its cache for the next one (src/integrations/similar-memo.ts).
      { includeDrafts: includeDrafts(), ...(memo ? { similarMemo: memo } : {}) },
    );
  })();
  return catalogue;
}
