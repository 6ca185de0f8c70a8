/**
 * Runs before the browser tests: makes sure a Chromium exists, installing one if it can. Order: a system Chromium
 * (see scripts/lib/find-browser.ts); else Debian/Ubuntu's package when running as root with apt-get; else
 * Playwright's own download (needs internet access). Fails with instructions when none works.
 */
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { findSystemChromium } from './lib/find-browser.ts';
import { runCommand as run } from './lib/debian-tools.ts';

const system = findSystemChromium();
if (system) {
  console.log(`Browser: ${system}`);
  process.exit(0);
}
if (existsSync(chromium.executablePath())) {
  console.log(`Browser: Playwright's Chromium at ${chromium.executablePath()}`);
  process.exit(0);
}
const isRoot = process.getuid?.() === 0;
if (isRoot && existsSync('/usr/bin/apt-get')) {
  console.log('No Chromium found: installing the chromium package with apt-get');
  if (run('apt-get', ['update']) && run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']) && findSystemChromium()) process.exit(0);
}
console.log("No system Chromium: trying Playwright's browser download");
if (run('npx', ['playwright', 'install', 'chromium']) && existsSync(chromium.executablePath())) process.exit(0);
console.error(
  'Could not find or install Chromium for the browser tests. Install it (Debian/Ubuntu: apt-get install chromium; ' +
    'macOS: npx playwright install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.',
);
process.exit(2);
