import { expect, test } from '@playwright/test';

test('home shows counts, search and every way to browse', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Failure Catalogue' })).toBeVisible();
  await expect(page.getByRole('searchbox').first()).toBeVisible();
  for (const name of ['By category', 'By service', 'By release', 'By severity']) {
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await expect(page.getByRole('heading', { name: 'Recently added' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Recently updated' })).toBeVisible();
  const failures = Number((await page.locator('.counts li').first().locator('strong').textContent()) ?? 0);
  expect(failures).toBeGreaterThanOrEqual(8);
});

test('a failure page shows everything an operator needs, and its remediation links back', async ({ page }) => {
  await page.goto('/failures/FAIL-0001/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  for (const section of ['Symptoms', 'Remediations', 'Log signatures', 'Reports', 'Related failures', 'Similar failures', 'References', 'Credits']) {
    await expect(page.getByRole('heading', { level: 2, name: section })).toBeVisible();
  }
  await expect(page.locator('.signature pre code').first()).not.toBeEmpty();
  await expect(page.getByRole('link', { name: 'JSON' })).toHaveAttribute('href', '/api/v1/failures/FAIL-0001.json');
  await expect(page.getByRole('link', { name: 'Edit on GitHub' })).toHaveAttribute('href', /\/edit\/main\/content\/failures\/FAIL-0001\.md$/);
  await expect(page.getByRole('link', { name: 'I hit this too' })).toHaveAttribute('href', /template=hit-this-too\.yml&failure_id=FAIL-0001/);

  const remediation = page.locator('#remediations ~ ul.entries a.title').first();
  const remediationTitle = await remediation.textContent();
  await remediation.click();
  await expect(page).toHaveURL(/\/remediations\/REM-\d{4,}\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(remediationTitle!.replace(/^REM-\d+: /, ''));
  await expect(page.locator('#fixes ~ ul.entries').getByRole('link', { name: /FAIL-0001:/ })).toBeVisible();
  for (const section of ['Fixes', 'Safety', 'Prerequisites', 'How to verify it worked', 'Reported outcomes']) {
    await expect(page.getByRole('heading', { level: 2, name: section })).toBeVisible();
  }
});

test('related failures link both ways', async ({ page }) => {
  await page.goto('/failures/');
  const ids = await page.locator('ul.entries a.title').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
  for (const href of ids) {
    await page.goto(href);
    const related = await page.locator('#related + ul a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    if (related.length === 0) continue;
    const self = href;
    await page.goto(related[0]!);
    await expect(page.locator(`#related + ul a[href="${self}"]`)).toHaveCount(1);
    return;
  }
  throw new Error('no failure has a related failure');
});

test.describe('browse pages list their failures', () => {
  for (const path of ['/categories/', '/services/', '/releases/', '/severity/', '/deployment-tools/']) {
    test(path, async ({ page }) => {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      const first = page.locator('ul.grid li').filter({ hasNotText: /\b0 failures\b/ }).locator('h2 a').first();
      await first.click();
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.locator('ul.entries li, p.muted').first()).toBeVisible();
    });
  }
  test('a category page lists only failures of that category', async ({ page }) => {
    await page.goto('/categories/messaging-failure/');
    const links = page.locator('ul.entries a.title');
    expect(await links.count()).toBeGreaterThan(0);
    await links.first().click();
    await expect(page.locator('ul.badges').getByRole('link', { name: 'Messaging failure' })).toBeVisible();
  });
});

test('all-failure and all-remediation lists', async ({ page }) => {
  await page.goto('/failures/');
  expect(await page.locator('ul.entries > li').count()).toBeGreaterThanOrEqual(8);
  await page.goto('/remediations/');
  expect(await page.locator('ul.entries > li').count()).toBeGreaterThanOrEqual(8);
  // Long lists are paginated, 50 to a page (the knowledge base holds at least 60 remediations).
  expect(await page.locator('ul.entries > li').count()).toBe(50);
  const pager = page.getByRole('navigation', { name: 'Pages' });
  await expect(pager).toContainText('remediations');
  await pager.getByRole('link', { name: 'Next' }).click();
  await expect(page).toHaveTitle(/All remediations, page 2/);
  expect(await page.locator('ul.entries > li').count()).toBeGreaterThanOrEqual(10);
  await page.goto('/reports/');
  await expect(page.getByRole('heading', { level: 1, name: 'Operator reports' })).toBeVisible();
});

test('unknown pages get the 404 page', async ({ page }) => {
  const response = await page.goto('/failures/FAIL-99999/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
});

test('pages read well on a phone', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  await page.goto('/failures/FAIL-0001/');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await context.close();
});
