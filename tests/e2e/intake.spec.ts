import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { PREVIEW_URL } from './helpers.ts';

/** The hostile fixture issue's title (tests/fixtures/issues/hostile-markup), as the intake wrote it. */
const HOSTILE_TITLE = '<script>alert(1)</script> {process.exit(1)} --- status: published !!js/undefined';

test.describe('the public build', () => {
  test('has no triage page', async ({ page }) => {
    expect((await page.goto('/triage/'))?.status()).toBe(404);
  });

  test('failure and remediation pages link to the issue forms with their IDs filled in', async ({ page }) => {
    const params = async (name: string) => new URL((await page.getByRole('link', { name, exact: true }).first().getAttribute('href'))!).searchParams;
    await page.goto('/failures/FAIL-0001/');
    const hit = await params('I hit this too');
    expect([hit.get('template'), hit.get('failure_id')]).toEqual(['hit-this-too.yml', 'FAIL-0001']);
    const propose = await params('Propose a remediation');
    expect([propose.get('template'), propose.get('failure_ids')]).toEqual(['propose-remediation.yml', 'FAIL-0001']);
    await page.goto('/remediations/REM-0001/');
    const outcome = await params('Report an outcome');
    expect([outcome.get('template'), outcome.get('remediation_id')]).toEqual(['hit-this-too.yml', 'REM-0001']);
    expect(outcome.get('failure_id')).toMatch(/^FAIL-\d{4}$/);
  });
});

test.describe('the triage page in the preview build', () => {
  test.use({ baseURL: PREVIEW_URL });

  test('groups intake submissions under the published failure they most resemble, with the reason', async ({ page }) => {
    await page.goto('/triage/');
    const known = page.locator('section.triage-group', { has: page.getByRole('heading', { name: /^Looks like FAIL-0001:/ }) });
    await expect(known).toContainText('nova-compute stuck after RabbitMQ restart'); // its log matches a FAIL-0001 signature
    await expect(page.locator('tr', { hasText: 'nova-compute stuck after RabbitMQ restart' })).toContainText('signature amqp-unreachable matches');

    const unmatched = page.locator('section.triage-group', { has: page.getByRole('heading', { name: /^No likely match/ }) });
    const fresh = unmatched.locator('li', { hasText: 'neutron-openvswitch-agent resyncs forever' });
    await expect(fresh).toHaveCount(2); // the report and the draft failure drafted from the same issue
    const rows = page.locator('tbody tr', { hasText: 'neutron-openvswitch-agent resyncs forever' });
    const [reportId, failureId] = await rows.locator('td:first-child a').allTextContents();
    await expect(page.locator(`#submission-${reportId} td`).last()).toContainText(failureId!);
    await expect(page.locator(`#submission-${failureId} td`).last()).toContainText(reportId!);
  });

  test('drafts from a hostile issue render as inert text', async ({ page }) => {
    await page.goto('/triage/');
    const hrefs = await page.locator('section.triage-group a.title', { hasText: '<script>' }).evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    expect(hrefs).toHaveLength(2); // a report and a draft failure
    for (const href of hrefs) {
      await page.goto(href);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(HOSTILE_TITLE);
      await expect(page.getByText('<script>window.__pwned = 1</script>').first()).toBeVisible();
      await expect(page.getByText('[click me](javascript:window.__pwned=3)').first()).toBeVisible();
      await expect(page.locator('main script, main img, main iframe, main details, main table')).toHaveCount(0);
      for (const link of await page.locator('main a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
        expect(link).toMatch(/^(\/|#|https:\/\/github\.com\/)/);
      }
    }
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`axe finds no violations (${colorScheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.goto('/triage/');
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`)).toEqual([]);
    });
  }
});
