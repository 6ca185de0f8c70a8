/**
 * Astro's glob loader reads every entry's frontmatter again on every content sync, with the `yaml` package, before
 * it even looks at whether the file changed (it compares digests afterwards): at 25,000 entries that parse was the
 * largest part of the sync, in full builds and in rebuilds alike. This wraps a loader so that its Markdown and MDX
 * entry types read frontmatter with js-yaml (about eight times faster here) through a FrontmatterCache kept in
 * Astro's cacheDir, so an unchanged entry costs a digest and a deserialisation. Everything else stays Astro's: the
 * glob loader still decides what changed, validates, renders, watches and stores. The body, raw frontmatter and slug
 * are cut out exactly as Astro's own entry types cut them; tests/unit/entry-loader.test.ts proves that both ways
 * read every entry of the catalogue alike. YAML that js-yaml rejects goes to Astro's parser, so Astro reports it.
 */
import type { ContentEntryType } from 'astro';
import type { Loader, LoaderContext } from 'astro/loaders';
import { fileURLToPath } from 'node:url';
import { FrontmatterCache } from './frontmatter-cache.ts';
import { ASTRO_FRONTMATTER, parseFrontmatterYaml } from './frontmatter.ts';

type EntryInfo = Awaited<ReturnType<ContentEntryType['getEntryInfo']>>;
/** Astro's content layer hands loaders its entry types by extension (the glob loader reads them from here), though
 * the public LoaderContext type does not declare the field. */
type ContextWithEntryTypes = LoaderContext & { entryTypes?: Map<string, ContentEntryType> };

/** Reads an entry's frontmatter as Astro does, from the cache when the YAML text is known. */
export function entryInfo(contents: string, cache: FrontmatterCache): EntryInfo | undefined {
  // A `+++` TOML block goes to Astro unchanged.
  const match = ASTRO_FRONTMATTER.exec(contents);
  if (!match) return undefined;
  const raw = match[1]!;
  let parsed: unknown;
  try {
    parsed = cache.parse(raw, parseFrontmatterYaml);
  } catch {
    return undefined;
  }
  const data = (parsed !== null && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
  // Astro blanks the block out (keeping its line breaks, for positions) and trims: the same text remains.
  const body = contents.replace(`---${raw}---`, `   ${raw.replace(/[^\r\n]/g, ' ')}   `).trim();
  // slug is undefined without one, as from Astro's own entry types (whose declared type says string).
  return { data, body, slug: data.slug as string, rawData: raw };
}

/** `loader` with its content entry types reading frontmatter through a cache file of its own. */
export function withFrontmatterCache(loader: Loader): Loader {
  return {
    ...loader,
    load: async (context: ContextWithEntryTypes) => {
      // Without entry types in the context (a future Astro), the loader simply parses as before.
      if (!context.entryTypes) return loader.load(context);
      const file = fileURLToPath(new URL(`failure-catalogue-loader-${context.collection}.bin`, context.config.cacheDir));
      const cache = FrontmatterCache.open(file);
      const entryTypes = new Map<string, ContentEntryType>();
      for (const [extension, type] of context.entryTypes) {
        entryTypes.set(extension, {
          ...type,
          getEntryInfo: async (params) => entryInfo(params.contents, cache) ?? type.getEntryInfo(params),
        });
      }
      await loader.load({ ...context, entryTypes } as ContextWithEntryTypes);
      cache.save();
    },
  };
}
