import { expect, test } from '@playwright/test';

test('the header search box takes a query to the search page, which shows results', async ({ page }) => {
  await page.goto('/failures/');
  await page.getByRole('searchbox', { name: 'Search the catalogue' }).fill('AMQP unreachable');
  await page.getByRole('searchbox', { name: 'Search the catalogue' }).press('Enter');
  await expect(page).toHaveURL(/\/search\/\?q=AMQP\+unreachable$/);
  await expect(page.locator('.pagefind-ui__result-link').first()).toBeVisible();
  await expect(page.locator('.pagefind-ui__result-link', { hasText: /broker|AMQP|RabbitMQ/i }).first()).toBeVisible();
});

test('a search with a filter finds the expected entry and drops the rest', async ({ page }) => {
  await page.goto('/search/?q=No%20valid%20host');
  const results = page.locator('.pagefind-ui__result-link');
  await expect(results.first()).toBeVisible();

  // Filter to failures of the Placement service only.
  await page.locator('.pagefind-ui__filter-name', { hasText: 'type' }).click();
  await page.getByRole('checkbox', { name: /^Failure/ }).check();
  await page.locator('.pagefind-ui__filter-name', { hasText: 'service' }).click();
  await page.getByRole('checkbox', { name: /^Placement/ }).check();
  await expect(page.locator('.pagefind-ui__result-link', { hasText: 'No valid host was found' }).first()).toBeVisible();
  // Results update asynchronously as filters change: wait until only failure pages are left.
  await expect
    .poll(async () => (await results.evaluateAll((links) => links.map((a) => a.getAttribute('href')!.split('#')[0]))).filter((h) => !/^\/failures\/FAIL-\d+\/$/.test(h!)))
    .toEqual([]);
  expect(await results.count()).toBeGreaterThan(0);
});

test('without JavaScript the search page points to browsing', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/search/?q=rabbitmq');
  await expect(page.getByText('Search runs in your browser and needs JavaScript')).toBeVisible();
  await context.close();
});

test('an entry ID finds its own page first, ahead of the pages that mention it', async ({ page }) => {
  // Matcher output, alerts and the feed name failures by ID; FAIL-0003 (a RabbitMQ partition) is linked from many
  // other entries, so its own page must win on the ID.
  for (const id of ['FAIL-0003', 'REM-0001']) {
    await page.goto(`/search/?q=${id}`);
    const section = id.startsWith('FAIL') ? 'failures' : 'remediations';
    await expect(page.locator('.pagefind-ui__result-link').first()).toHaveAttribute('href', new RegExp(`^/${section}/${id}/`));
  }
});
