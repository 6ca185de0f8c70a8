/**
 * Astro keeps every entry in one data store that each content sync serialises with devalue and each build parses
 * back and bundles as one module. Two fields of a Markdown entry there are never read by this site: the raw body
 * (pages show the rendered HTML) and `rendered.metadata.frontmatter`, a second copy of the whole frontmatter kept
 * for `remarkPluginFrontmatter`, which no page uses. At 2,000 generated failures dropping them took the store from
 * 20.9 to 13.7 MB and devalue's serialisation from 7.7 to 2.9 s (the frontmatter copy alone was 60% of it), and
 * every later stage that reads the store shrinks with it.
 *
 * The one reader of raw bodies is the preview build's triage page (src/lib/site/site-data.ts getBody), which needs
 * them only for drafts, so a draft keeps its body.
 */
import type { Loader, LoaderContext } from 'astro/loaders';

type DataEntry = Parameters<LoaderContext['store']['set']>[0];

/** The entry as stored: without the raw body (unless a draft) and without the rendered copy of the frontmatter. */
export function leanEntry(entry: DataEntry): DataEntry {
  const isDraft = (entry.data as { status?: unknown }).status === 'draft';
  const { body, rendered, ...rest } = entry;
  return {
    ...rest,
    ...(isDraft && body !== undefined ? { body } : {}),
    ...(rendered ? { rendered: { ...rendered, ...(rendered.metadata ? { metadata: { ...rendered.metadata, frontmatter: {} } } : {}) } } : {}),
  };
}

/** `loader` storing lean entries (see above); everything else about it is unchanged. */
export function withLeanStore(loader: Loader): Loader {
  return {
    ...loader,
    load: (context: LoaderContext) => loader.load({ ...context, store: { ...context.store, set: (entry) => context.store.set(leanEntry(entry)) } }),
  };
}
