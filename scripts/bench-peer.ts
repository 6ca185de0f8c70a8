/**
 * npm run bench:peer -- [--failures N] [--keep DIR] [--content DIR]: the side-by-side build benchmark of issue 13.
 * One catalogue (generated: N failures, N/2 remediations, N reports; or the content root given with --content) is
 * built from cold by this project (`astro build`, search index included) and then by the peer, Hugo with equivalent
 * templates (scripts/lib/bench/hugo-site/) followed by Pagefind's CLI, one after the other on this machine. Prints one
 * JSON document: time, peak memory and files written per side, and the ratios (goal: this build at most 2.5x the
 * peer's time). It measures, it does not judge; what the two sides do differently is in scripts/lib/bench/hugo-site/.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCommandLine, usageError, wholeNumberOption } from './lib/command-line.ts';
import { generateCatalogue } from './lib/generate-catalogue.ts';
import { measure, mebibytes, runFigures } from './lib/measure.ts';
import { buildPeer, ensureHugo, hugoCounts, pagefindPages } from './lib/bench/hugo-peer.ts';

const USAGE = 'usage: npm run bench:peer -- [--failures N] [--keep DIR] [--content DIR]';
const { values } = parseCommandLine({ options: { failures: { type: 'string', default: '10000' }, keep: { type: 'string' }, content: { type: 'string' } } }, USAGE);
const failures = wholeNumberOption('failures', values.failures, USAGE);
if (values.content !== undefined && !existsSync(values.content)) usageError(`--content ${values.content}: no such content root`, USAGE);
const log = (message: string) => console.error(`[bench:peer] ${message}`);
const work = mkdtempSync(join(tmpdir(), 'fc-bench-peer-'));
const contentDir = values.content ?? values.keep ?? join(work, 'content');
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const countFiles = (dir: string) => readdirSync(dir).filter((n) => /\.mdx?$/.test(n)).length;

// Installed before anything is measured, so apt-get never runs inside a timing.
const hugoVersion = ensureHugo();
const started = { load_average_1m: round(loadavg()[0]!, 2), cpus: cpus().length };

// --keep DIR with a catalogue in it is built as it is, so repeated runs compare the same content without generating
// it again; --content DIR (the real content/, say) is never written to.
if (values.content || (values.keep && existsSync(join(values.keep, 'failures')))) log(`reusing the catalogue in ${contentDir}`);
else {
  log(`generating ${values.failures} failures in ${contentDir}`);
  generateCatalogue({ dir: contentDir, failures });
}
const entries = { failures: countFiles(join(contentDir, 'failures')), remediations: countFiles(join(contentDir, 'remediations')), reports: countFiles(join(contentDir, 'reports')) };

/** Files written under a build's output, and how many of them are HTML pages. */
function outputOf(dir: string) {
  let files = 0;
  let html = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files++;
    if (entry.name.endsWith('.html')) html++;
    bytes += statSync(join(entry.parentPath, entry.name)).size;
  }
  return { files, html_files: html, mb: mebibytes(bytes) };
}

log('this project: astro build, cold (fresh cache and output)');
const projectOut = join(work, 'dist');
const project = await measure('npx', ['astro', 'build'], { CONTENT_DIR: contentDir, OUT_DIR: projectOut, ASTRO_CACHE_DIR: join(work, 'astro-cache'), SITE_URL: 'http://127.0.0.1:4399' });
if (project.code !== 0) {
  console.error(project.output.slice(-4000));
  throw new Error('the build failed');
}
const projectOutput = outputOf(projectOut);
// Both outputs on disk at once would double the benchmark's disk use at 10k; each is counted, then removed.
rmSync(projectOut, { recursive: true, force: true });

log('peer: hugo, cold, then pagefind --site');
const peerOut = join(work, 'hugo-public');
const peer = await buildPeer({ contentDir, outDir: peerOut, work: join(work, 'hugo') });
const peerOutput = outputOf(peerOut);
const together = {
  // One after the other: the times add up, and the peak is the larger of the two.
  seconds: round(peer.hugo.seconds + peer.pagefind.seconds),
  peak_rss_mb: mebibytes(Math.max(peer.hugo.peakRssBytes, peer.pagefind.peakRssBytes)),
  peak_largest_process_rss_mb: mebibytes(Math.max(peer.hugo.peakProcessRssBytes, peer.pagefind.peakProcessRssBytes)),
};

const projectFigures = runFigures(project);
const pagefindVersion = (JSON.parse(readFileSync(new URL('../package.json', import.meta.resolve('pagefind')), 'utf8')) as { version: string }).version;
const result = {
  entries,
  project: {
    ...projectFigures,
    pages: Number(/(\d+) page\(s\) built/.exec(project.output)?.[1] ?? NaN),
    search_pages_indexed: Number(/Indexed (\d+) pages in/.exec(project.output)?.[1] ?? NaN),
    output: projectOutput,
  },
  peer: {
    hugo: { ...runFigures(peer.hugo), ...hugoCounts(peer.hugo.output) },
    pagefind: { ...runFigures(peer.pagefind), pages_indexed: pagefindPages(peer.pagefind.output) },
    hugo_and_pagefind: together,
    output: peerOutput,
  },
  ratios: {
    build_seconds: round(projectFigures.seconds / together.seconds, 2),
    build_seconds_goal: 2.5,
    peak_rss: round(projectFigures.peak_rss_mb / together.peak_rss_mb, 2),
    peak_largest_process_rss: round(projectFigures.peak_largest_process_rss_mb / together.peak_largest_process_rss_mb, 2),
  },
  versions: { hugo: hugoVersion, pagefind: pagefindVersion, node: process.version },
  machine: { ...started, load_average_1m_at_end: round(loadavg()[0]!, 2) },
};
console.log(JSON.stringify(result, null, 2));
// A catalogue given (--content) or kept (--keep) lives outside the work directory, and stays.
rmSync(work, { recursive: true, force: true });
