#!/usr/bin/env node
// The npm `bin` of the catalogue's tools (match, export, policy, outcome). Plain JavaScript, so any Node can start
// it: Node 22.18 and newer run the TypeScript sources as they stand; older Node runs the self-contained build
// (dist/tools/failure-catalogue.mjs, written by `npm run build`), or is told how to get one.
import { existsSync } from 'node:fs';
import './lib/compile-cache.mjs';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
const bundle = fileURLToPath(new URL('../dist/tools/failure-catalogue.mjs', import.meta.url));
if (major > 22 || (major === 22 && minor >= 18)) {
  await import('./failure-catalogue.ts');
} else if (existsSync(bundle)) {
  await import(bundle);
} else {
  process.stderr.write(
    `failure-catalogue: Node ${process.versions.node} cannot run the TypeScript sources and there is no build yet. ` +
      'Fix: run npm run build (it writes dist/tools/failure-catalogue.mjs), use Node 22.18 or newer, or download ' +
      "the self-contained /tools/failure-catalogue.mjs from the catalogue's site, which runs on Node 20.\n",
  );
  process.exit(2);
}
