import { expect, test } from '@playwright/test';
import { PREVIEW_URL } from './helpers.ts';

test.describe('the public build', () => {
  test('never publishes drafts', async ({ page }) => {
    expect((await page.goto('/failures/FAIL-9001/'))?.status()).toBe(404);
    expect((await page.goto('/reports/RPT-9002/'))?.status()).toBe(404);
  });
});

test.describe('the preview build (PREVIEW_DRAFTS=1)', () => {
  test.use({ baseURL: PREVIEW_URL });

  test('shows drafts, clearly marked', async ({ page }) => {
    await page.goto('/failures/FAIL-9001/');
    await expect(page.getByRole('note')).toContainText('Draft');
    await page.goto('/failures/');
    await expect(page.locator('ul.entries li', { hasText: 'FAIL-9001' }).locator('.st-draft')).toBeVisible();
  });

  test('a report links to its failure and remediation, and both link back with outcomes', async ({ page }) => {
    await page.goto('/reports/RPT-9001/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Fixture triaged report');
    await page.getByRole('link', { name: /^FAIL-0001:/ }).click();
    const row = page.locator('#reports + table tbody tr', { hasText: 'RPT-9001' });
    await expect(row).toContainText('2024.1 Caracal');
    await expect(row).toContainText('Kolla-Ansible');
    await expect(row).toContainText('1 resolved');
    await page.goto('/remediations/REM-0001/');
    await expect(page.locator('#outcomes ~ p').first()).toContainText('1 resolved');
    await expect(page.getByRole('link', { name: /^RPT-9001:/ })).toBeVisible();
  });

  test('raw HTML and javascript: links in entry bodies are inert', async ({ page }) => {
    for (const path of ['/failures/FAIL-9001/', '/remediations/REM-9001/', '/reports/RPT-9002/']) {
      await page.goto(path);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      await expect(page.getByText('<script>window.__pwned = 1</script>')).toBeVisible();
      await expect(page.locator('main script, main img[onerror]')).toHaveCount(0);
      await expect(page.getByRole('link', { name: 'click me' })).toHaveAttribute('href', '#unsafe-link-removed');
    }
  });
});
