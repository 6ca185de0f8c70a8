import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findSystemChromium } from './scripts/lib/find-browser.ts';

const executablePath = findSystemChromium();
export const SITE_PORT = 4329;
export const PREVIEW_PORT = 4330;

/**
 * Two built sites, each served by `astro preview`: the real catalogue, and a preview build (drafts included) of the
 * real catalogue plus fixture drafts and reports, made by tests/fixtures/preview-content.ts.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  forbidOnly: !!process.env.CI,
  fullyParallel: true,
  workers: 2,
  reporter: process.env.CI ? 'list' : 'line',
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${SITE_PORT}`,
    launchOptions: { args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) },
  },
  webServer: [
    {
      command: `npm run build && npx astro preview --host 127.0.0.1 --port ${SITE_PORT}`,
      url: `http://127.0.0.1:${SITE_PORT}/`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: 'ignore',
    },
    {
      command: `node tests/fixtures/preview-content.ts && npx astro build && node scripts/serve-static.ts dist-preview ${PREVIEW_PORT}`,
      env: { CONTENT_DIR: 'tests/.preview-content', PREVIEW_DRAFTS: '1', OUT_DIR: 'dist-preview', ASTRO_CACHE_DIR: 'node_modules/.astro-preview', SEARCH_SHARD_PAGES: '1000' },
      url: `http://127.0.0.1:${PREVIEW_PORT}/`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: 'ignore',
    },
  ],
});
