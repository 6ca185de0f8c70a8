// @ts-check
import { defineConfig } from 'astro/config';
import { satteri } from '@astrojs/markdown-satteri';
import { contentCheck } from './src/integrations/content-check.ts';
import { pagefindIndex } from './src/integrations/pagefind.ts';
import { neutralizeUnsafeMarkdown } from './src/lib/markdown-safety.ts';

export default defineConfig({
  site: process.env.SITE_URL || 'http://localhost:4321',
  base: process.env.BASE_PATH || '/',
  trailingSlash: 'always',
  // Tests build a second, preview site from fixture content beside the real one.
  outDir: process.env.OUT_DIR || 'dist',
  ...(process.env.ASTRO_CACHE_DIR ? { cacheDir: process.env.ASTRO_CACHE_DIR } : {}),
  integrations: [contentCheck(), pagefindIndex()],
  markdown: {
    // Astro 7's native Markdown processor: GFM tables and heading ids are built in, so remark-gfm and rehype-slug
    // are not needed; the safety plugin makes raw HTML and script URLs in entry bodies inert.
    processor: satteri({ mdastPlugins: [neutralizeUnsafeMarkdown] }),
  },
  server: { port: 4321, host: true },
  devToolbar: { enabled: false },
});
