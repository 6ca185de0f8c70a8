import { expect, test } from '@playwright/test';
import { builtPages, existsInDist, readPage } from './helpers.ts';

test('no internal link or asset in the whole built site is broken', () => {
  const pages = builtPages();
  expect(pages.length).toBeGreaterThan(100);
  const broken: string[] = [];
  for (const page of pages) {
    const html = readPage(page);
    for (const match of html.matchAll(/\s(?:href|src)="([^"]+)"/g)) {
      const raw = match[1]!.replace(/&amp;/g, '&');
      if (/^(?:[a-z]+:|\/\/|#)/i.test(raw)) continue;
      const target = new URL(raw, `http://site${page}`);
      if (!existsInDist(target.pathname)) broken.push(`${page} -> ${raw}`);
      if (target.hash.length > 1) {
        const targetHtml = readPage(target.pathname.endsWith('/') ? target.pathname : target.pathname);
        if (!targetHtml.includes(`id="${decodeURIComponent(target.hash.slice(1))}"`)) broken.push(`${page} -> ${raw} (no such anchor)`);
      }
    }
  }
  expect(broken).toEqual([]);
});

test('entry pages ship no JavaScript', () => {
  for (const page of builtPages().filter((p) => /^\/(failures|remediations|reports)\/[A-Z]/.test(p))) {
    expect(readPage(page), page).not.toMatch(/<script/i);
  }
});
