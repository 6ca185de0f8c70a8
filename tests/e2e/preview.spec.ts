import { expect, test } from '@playwright/test';
import { shardOf } from '../../src/lib/site/search-shards.ts';
import { PREVIEW_URL } from './helpers.ts';

test.describe('the public build', () => {
  test('never publishes drafts', async ({ page }) => {
    expect((await page.goto('/failures/FAIL-99001/'))?.status()).toBe(404);
    expect((await page.goto('/reports/RPT-99002/'))?.status()).toBe(404);
  });
});

test.describe('the preview build (PREVIEW_DRAFTS=1)', () => {
  test.use({ baseURL: PREVIEW_URL });

  test('shows drafts, clearly marked', async ({ page }) => {
    await page.goto('/failures/FAIL-99001/');
    await expect(page.getByRole('note')).toContainText('Draft');
    await page.goto('/categories/messaging-failure/');
    await expect(page.locator('ul.entries li', { hasText: 'FAIL-99001' }).locator('.st-draft')).toBeVisible();
  });

  test('a triaged report is read on its failure page; its own URL leads there; the remediation links back with outcomes', async ({ page }) => {
    await page.goto('/reports/RPT-99001/');
    await expect(page).toHaveURL(/\/failures\/FAIL-0001\/#RPT-99001$/);
    const report = page.locator('section#RPT-99001');
    await expect(report.getByRole('heading', { level: 3 })).toHaveText('RPT-99001: Fixture triaged report');
    await expect(report).toContainText('Fixture report body.');
    await expect(report.getByRole('link', { name: /^REM-0001:/ })).toBeVisible();
    await expect(report.locator('dt:text("Outcome") + dd')).toHaveText('resolved');
    const row = page.locator('#reports + table tbody tr', { hasText: 'RPT-99001' });
    await row.getByRole('link', { name: 'RPT-99001' }).click();
    await expect(page).toHaveURL(/\/failures\/FAIL-0001\/#RPT-99001$/);
    await expect(row).toContainText('2024.1 Caracal');
    await expect(row).toContainText('Kolla-Ansible');
    await expect(row).toContainText('1 resolved');
    await page.goto('/remediations/REM-0001/');
    await expect(page.locator('#outcomes ~ p').first()).toContainText('1 resolved');
    await expect(page.getByRole('link', { name: /^RPT-99001:/ })).toHaveAttribute('href', /\/failures\/FAIL-0001\/#RPT-99001$/);
  });

  test('a report awaiting triage keeps a page of its own', async ({ page }) => {
    await page.goto('/reports/RPT-99002/');
    await expect(page).toHaveURL(/\/reports\/RPT-99002\/$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Fixture report awaiting triage');
    await expect(page.locator('dt:text("Failure") + dd')).toContainText('not yet linked (awaiting triage)');
  });

  test('a withdrawn failure keeps its page, says why, links its successor, and stays in the feed as a tombstone', async ({ page, request }) => {
    await page.goto('/failures/FAIL-99002/');
    await expect(page.getByRole('note')).toContainText('Withdrawn on 2026-11-20. Duplicate of FAIL-0001, merged into it.');
    await page.getByRole('note').getByRole('link', { name: /^FAIL-0001:/ }).click();
    await expect(page).toHaveURL(/\/failures\/FAIL-0001\/$/);
    const feed = (await (await request.get(`${PREVIEW_URL}/api/v1/failures.json`)).json()) as { failures: { id: string; status: string; withdrawn?: unknown }[] };
    expect(feed.failures.find((f) => f.id === 'FAIL-99002')).toMatchObject({ status: 'withdrawn', withdrawn: { date: '2026-11-20', superseded_by: 'FAIL-0001' } });
    const csv = await (await request.get(`${PREVIEW_URL}/api/v1/modified.csv`)).text();
    expect(csv).toContain('FAIL-99002,2026-11-20');
    // The list of all failures keeps it, under its own heading on the first page only.
    await page.goto('/failures/');
    await expect(page.getByRole('heading', { level: 2, name: 'Withdrawn' })).toBeVisible();
    await expect(page.locator('h2:text("Withdrawn") + ul.entries')).toContainText('FAIL-99002');
    await page.goto('/failures/2/');
    await expect(page.getByRole('heading', { level: 2, name: 'Withdrawn' })).toHaveCount(0);
  });

  test('raw HTML and javascript: links in entry bodies are inert', async ({ page }) => {
    for (const path of ['/failures/FAIL-99001/', '/remediations/REM-99001/', '/reports/RPT-99002/']) {
      await page.goto(path);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      await expect(page.getByText('<script>window.__pwned = 1</script>')).toBeVisible();
      await expect(page.locator('main script, main img[onerror]')).toHaveCount(0);
      await expect(page.getByRole('link', { name: 'click me' })).toHaveAttribute('href', '#unsafe-link-removed');
    }
  });

  test.describe('an MDX entry', () => {
    test.use({ javaScriptEnabled: false });

    test('renders its steps, checks and per-tool commands as plain HTML, without JavaScript', async ({ page }) => {
      await page.goto('/remediations/REM-99050/');
      const steps = page.locator('.prose ol.steps > li.step');
      await expect(steps).toHaveCount(2);
      await expect(steps.nth(0)).toContainText('Find the node that refuses connections');
      await expect(steps.nth(0).locator('.check')).toHaveText(/^Check:\s*The command exits 0 on every node but one\.$/);
      await expect(steps.nth(1).locator('.tool-commands')).toContainText('With Kolla-Ansible (2024.2 onward):');
      await expect(steps.nth(1).locator('.tool-commands pre code')).toHaveText('$ kolla-ansible deploy -i multinode --tags rabbitmq');
      await expect(page.locator('script')).toHaveCount(0);
      await page.goto('/failures/FAIL-99050/');
      await expect(page.locator('.prose ol.steps > li.step')).toHaveCount(2);
    });

    test('its feed entry carries the body as plain Markdown', async ({ request }) => {
      const doc = (await (await request.get(`${PREVIEW_URL}/api/v1/failures/FAIL-99050.json`)).json()) as { details: string };
      expect(doc.details).toContain('**Step 1. Find the node that refuses connections**');
      expect(doc.details).toContain('**With Kolla-Ansible (2024.2 onward):**');
      expect(doc.details).not.toMatch(/<\/?(Steps|Step|Check|ToolCommands)\b/);
    });
  });

  test('an MDX entry has its own search record', async ({ page }) => {
    await page.goto('/search/?q=quokkafixture');
    await expect(page.locator('.pagefind-ui__result-link', { hasText: 'Fixture MDX failure with steps and per-tool commands' })).toBeVisible();
  });

  // The preview build is indexed in shards of 1,000 pages (SEARCH_SHARD_PAGES in playwright.config.ts), so this
  // catalogue's index has several: the search page must merge them, or most of the catalogue would be unsearchable.
  test('a search index split into shards is searched whole, with its filters', async ({ page, request }) => {
    test.setTimeout(60_000);
    const { bundles } = (await (await request.get(`${PREVIEW_URL}/pagefind-shards.json`)).json()) as { bundles: string[] };
    expect(bundles.length).toBeGreaterThan(1);
    for (const [shard] of bundles.entries()) {
      // A failure whose page this shard holds, found by its title with the type filter on.
      const id = Array.from({ length: 100 }, (_, i) => `FAIL-${String(i + 1).padStart(4, '0')}`).find((f) => shardOf(`/failures/${f}/`, bundles.length) === shard)!;
      const { title } = (await (await request.get(`${PREVIEW_URL}/api/v1/failures/${id}.json`)).json()) as { title: string };
      await page.goto(`/search/?q=${encodeURIComponent(title)}`);
      await page.locator('.pagefind-ui__filter-name', { hasText: 'type' }).click();
      await page.getByRole('checkbox', { name: /^Failure/ }).check();
      await expect(page.locator(`.pagefind-ui__result-link[href^="/failures/${id}/"]`).first()).toBeVisible({ timeout: 15_000 });
    }
  });
});
