// @ts-check
import { defineConfig } from 'astro/config';
import { satteri } from '@astrojs/markdown-satteri';
import mdx from '@astrojs/mdx';
import { contentCheck } from './src/integrations/content-check.ts';
import { feedFiles } from './src/integrations/feed-files.ts';
import { pagefindIndex } from './src/integrations/pagefind.ts';
import { pruneStaleOutput } from './src/integrations/prune-stale-output.ts';
import { reportRedirects } from './src/integrations/report-redirects.ts';
import { similarMemo } from './src/integrations/similar-memo.ts';
import { standaloneTool } from './src/integrations/standalone-tool.ts';
import { neutralizeUnsafeMarkdown } from './src/lib/core/markdown-safety.ts';

// Astro 7 pastes environment variables into any module that uses its env object bare (its own actions runtime does),
// choosing those whose name occurs in the module's text. `_`, which the shell sets to the command that started the
// build, occurs in every module: `npx astro build` and `npm run build` produced different bundles, so a build after
// the other command rendered every page again instead of reusing them.
delete process.env._;

export default defineConfig({
  site: process.env.SITE_URL || 'http://localhost:4321',
  base: process.env.BASE_PATH || '/',
  trailingSlash: 'always',
  // Tests build a second, preview site from fixture content beside the real one.
  outDir: process.env.OUT_DIR || 'dist',
  ...(process.env.ASTRO_CACHE_DIR ? { cacheDir: process.env.ASTRO_CACHE_DIR } : {}),
  // MDX entries share the Markdown pipeline (and its safety plugin); the content check limits what they contain.
  // The feed writer runs after the pruning of stale pages, so the files it moves in are never mistaken for them;
  // the report redirects come after the feed writer, whose process lists them.
  integrations: [contentCheck(), similarMemo(), mdx(), pruneStaleOutput(), feedFiles(), reportRedirects(), pagefindIndex(), standaloneTool()],
  markdown: {
    // Astro 7's native Markdown processor: GFM tables and heading ids are built in, so remark-gfm and rehype-slug
    // are not needed; the safety plugin makes raw HTML and script URLs in entry bodies inert.
    processor: satteri({ mdastPlugins: [neutralizeUnsafeMarkdown] }),
    // Commands are shown plain: Shiki highlighting took about two thirds of Markdown rendering time and added
    // inline styles to every code block; operators copy these blocks, they do not need them coloured.
    syntaxHighlight: false,
  },
  // Astro renders one page and then waits for its files to be written before it renders the next; with four pages in
  // flight the writes overlap rendering (10k catalogue, 2 cores: page generation 41 s instead of 46-47 s).
  build: { concurrency: 4 },
  server: { port: 4321, host: true },
  devToolbar: { enabled: false },
  experimental: {
    // Pages from getStaticPaths carry a cacheKey (src/lib/site/page-keys.ts); a rebuild copies unchanged pages from
    // the previous build in cacheDir instead of rendering them again. `astro build --force` renders everything.
    incrementalBuild: true,
  },
  // Keep the previous output so unchanged pages stay where they are (Astro 7.3 would otherwise empty the directory
  // and copy every cached page back). Pages that disappear are pruned by src/integrations/prune-stale-output.ts;
  // the search index is rewritten from scratch by src/integrations/pagefind.ts.
  vite: { build: { emptyOutDir: false } },
});
