import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { PREVIEW_URL } from './helpers.ts';

const PAGE_TYPES = [
  '/',
  '/failures/',
  '/failures/FAIL-0001/',
  '/remediations/',
  '/remediations/REM-0001/',
  '/reports/',
  '/categories/',
  '/categories/messaging-failure/',
  '/services/',
  '/services/nova/',
  '/releases/',
  '/releases/2024.1/',
  '/severity/',
  '/severity/high/',
  '/deployment-tools/',
  '/deployment-tools/kolla-ansible/',
  '/search/?q=rabbitmq',
  '/api/',
  '/content-model/',
  '/404.html',
  // A triaged report is read on its failure's page (its own URL redirects there); one awaiting triage has a page.
  `${PREVIEW_URL}/failures/FAIL-0001/`,
  `${PREVIEW_URL}/reports/RPT-99002/`,
  `${PREVIEW_URL}/failures/FAIL-99001/`,
];

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`axe finds no violations (${colorScheme})`, () => {
    test.use({ colorScheme });
    for (const path of PAGE_TYPES) {
      test(path, async ({ page }) => {
        await page.goto(path);
        if (path.startsWith('/search/')) await page.locator('.pagefind-ui__result-link').first().waitFor();
        const results = await new AxeBuilder({ page }).analyze();
        const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
        expect(summary).toEqual([]);
      });
    }
  });
}
