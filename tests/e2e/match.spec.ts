/**
 * The /match/ page: an operator pastes log lines and sees the known failures in them and their remediations,
 * computed in the browser from the site's own feed, with nothing uploaded.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type Request } from '@playwright/test';
import { RE2JS } from 're2js';
import { catalogue, healthyLines } from '../fixtures/logs/catalogue-logs.ts';

const { failures, signatures } = catalogue();
/** A failure's first signature's first line the pattern must match (rendered, else real). */
const exampleOf = (failure: (typeof failures)[number]) => failure.signatures[0]!.examples.match[0] ?? failure.signatures[0]!.examples.observed[0]!.line;
/**
 * Failures whose first example line matches no other failure's signature, so the expected result is exact; one
 * line must be enough, so signatures with a threshold are left out.
 */
const distinct = failures.filter((failure) => {
  if (failure.signatures[0]!.threshold) return false;
  const line = exampleOf(failure);
  return signatures.every(({ failure: other, signature }) => other.id === failure.id || !RE2JS.compile(signature.pattern, signature.ignore_case ? RE2JS.CASE_INSENSITIVE : 0).test(line));
});
const chosen = [distinct[0]!, distinct[Math.floor(distinct.length / 2)]!, distinct.at(-1)!];
const healthy = healthyLines();
/** Healthy lines with the chosen failures' first example lines between them. */
const failingPaste = [healthy[0], exampleOf(chosen[0]!), healthy[1], exampleOf(chosen[1]!), exampleOf(chosen[2]!), healthy[2]].join('\n');

async function openReady(page: Page): Promise<void> {
  await page.goto('/match/');
  // The page downloads the whole feed (about 6 MB for 440 failures) and compiles every signature: on a busy
  // 2-core CI machine that can take longer than the default 5 s.
  await expect(page.getByRole('status')).toContainText(/^Ready: [\d,]+ signatures of [\d,]+ failures loaded/, { timeout: 20_000 });
}

async function paste(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Log lines' }).fill(text);
  await page.getByRole('button', { name: 'Match', exact: true }).click();
}

test('the main navigation links to the page', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Match logs' }).click();
  await expect(page).toHaveURL(/\/match\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Match logs against known failures');
});

test('pasted lines show the known failures in them, where, and their remediations', async ({ page }) => {
  await openReady(page);
  await paste(page, failingPaste);
  await expect(page.getByRole('status')).toHaveText(`3 known failures found in 6 lines against ${signatures.length.toLocaleString('en')} signatures.`);
  const results = page.locator('#match-results');
  await expect(results.getByRole('heading', { level: 2 })).toHaveText('3 known failures found');
  for (const failure of chosen) {
    const card = results.locator('li.match').filter({ has: page.getByRole('heading', { level: 3, name: `${failure.id}: ${failure.title}` }) });
    await expect(card).toHaveCount(1);
    await expect(card.getByRole('heading', { level: 3 }).getByRole('link')).toHaveAttribute('href', `/failures/${failure.id}/`);
    await expect(card.locator('.badge').first()).toHaveText(failure.severity);
    await expect(card.locator('dd code').first()).toHaveText(exampleOf(failure));
    const remediation = card.locator('ul.remediations a').first();
    await expect(remediation).toHaveAttribute('href', /^\/remediations\/REM-\d{4,}\/$/);
    await expect(card.locator('ul.remediations li').first()).toContainText(/\((workaround|fix|mitigation|prevention), risk (low|medium|high), disruption [a-z-]+, (unverified|reported-working|verified)/);
  }
  // The line numbers are those of the paste.
  await expect(results.locator('li.match').filter({ hasText: chosen[0]!.id }).locator('dd').filter({ hasText: /^line / })).toHaveText(/^line 2: /);
});

test('healthy lines find no known failure', async ({ page }) => {
  await openReady(page);
  await paste(page, healthy.join('\n'));
  await expect(page.locator('#match-results h2')).toHaveText('No known failure found');
  await expect(page.getByRole('status')).toHaveText(new RegExp(`^No known failure found in ${healthy.length} lines`));
  await expect(page.locator('#match-results').getByRole('link', { name: 'Search the catalogue' })).toHaveAttribute('href', '/search/');
});

test('nothing pasted leaves the page: the only requests are GETs to the site itself', async ({ page, baseURL }) => {
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  await openReady(page);
  const secret = 'secret-hostname-7f3a9c.example.internal';
  await paste(page, `${failingPaste}\n${secret}`);
  await page.getByRole('button', { name: 'Fill in example lines' }).click();
  await page.getByRole('button', { name: 'Match', exact: true }).click();
  await expect(page.locator('li.match').first()).toBeVisible();
  expect(requests.length).toBeGreaterThan(0);
  for (const request of requests) {
    expect(request.method()).toBe('GET');
    expect(new URL(request.url()).origin).toBe(new URL(baseURL!).origin);
    expect(request.url()).not.toContain(secret);
  }
  expect(requests.map((r) => new URL(r.url()).pathname)).toEqual(expect.arrayContaining(['/api/v1/failures.json', '/api/v1/remediations.json']));
});

test('pasted text is shown as text, never run as HTML', async ({ page }) => {
  await openReady(page);
  const example = exampleOf(chosen[0]!);
  await paste(page, `${example} <img src=x onerror="document.title='owned'"><script>document.title='owned'</script>`);
  await expect(page.locator('li.match dd code').first()).toContainText('<img src=x onerror=');
  await expect(page.locator('#match-results img, #match-results script')).toHaveCount(0);
  expect(await page.title()).not.toBe('owned');
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe finds no violations with results shown (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await openReady(page);
    await paste(page, failingPaste);
    await expect(page.locator('li.match')).toHaveCount(3);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`)).toEqual([]);
  });
}
