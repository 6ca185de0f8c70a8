/**
 * npm run bench:match -- [--size <MB>] [--match-share <fraction>] [--runs <n>] [--keep]
 *                        [--follow-mb <MB>] [--follow-rounds <n>] [--follow-heap-mb <MB>] [--no-follow]
 *
 * Measures the known-failure matcher against ripgrep (`rg -c -f`, the same RE2 patterns unchanged; Debian's
 * ripgrep is installed when missing) and GNU grep (`grep -E -c -f`, the patterns translated to POSIX ERE) over
 * the same log. The log is generated (default 300 MB) from real-format lines: the healthy-log fixture, every
 * signature's example lines (a realistic share, 1% by default, of lines that match a known failure) and their
 * near misses (another 1%, which reach the regular expressions and must be rejected there). Request and
 * instance UUIDs are varied so the log does not repeat one block.
 *
 * Reports throughput (MB/s, best of --runs) and peak memory (VmHWM, sampled from /proc every 10 ms) for the
 * matcher (the real `scripts/match.ts` command, feed loading included), ripgrep, and grep in the C and the
 * current locale, and checks that all count the same matching lines. The matcher runs on a tenth of the log as
 * well, to show that its memory does not grow with the log. Exit 1 if the counts disagree or a target is missed.
 * Then the follow mode (scripts/lib/bench-follow.ts): sustained lines per second over a --follow-mb stream
 * (default 1000) rotated in --follow-rounds rounds, latency from a line written to its alert received, and memory
 * after each round (--follow-heap-mb caps the follower's V8 old space, so a leak would end the run rather than
 * hide in lazily collected garbage); its figures are printed, and only its line counts are checked.
 * Linux only (grep, /proc).
 */
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkContentRoot } from '../src/lib/core/integrity.ts';
import { feedFromContent, writeFeed } from '../src/lib/matcher/node/content-feed.ts';
import { matchReport } from '../src/lib/matcher/report.ts';
import { matchingLines } from '../src/lib/core/signature-lines.ts';
import { ensureDebianTools } from './lib/debian-tools.ts';
import { ripgrepPatternFile, toGrepEre, UntranslatablePattern } from './lib/bench/peer-patterns.ts';
import { prepareMatcher } from '../src/lib/matcher/prepare.ts';
import { benchFollow } from './lib/bench-follow.ts';

const ROOT = join(import.meta.dirname, '..');
const HEALTHY_LOG = join(ROOT, 'tests', 'fixtures', 'logs', 'healthy.log');
const MB = 1_000_000;

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '300' },
    'match-share': { type: 'string', default: '0.01' },
    runs: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
    'follow-mb': { type: 'string', default: '1000' },
    'follow-rounds': { type: 'string', default: '10' },
    'follow-heap-mb': { type: 'string', default: '0' },
    'no-follow': { type: 'boolean', default: false },
  },
});
const sizeMb = Number(values.size);
const matchShare = Number(values['match-share']);
const runs = Math.max(1, Number(values.runs));
const followMb = Number(values['follow-mb']);
const followRounds = Math.floor(Number(values['follow-rounds']));
const followHeapMb = Math.floor(Number(values['follow-heap-mb']));
if (!(sizeMb > 0) || !(matchShare >= 0 && matchShare < 0.5) || !(followMb > 0) || !(followRounds > 0) || !(followHeapMb >= 0)) {
  console.error('bench:match: --size and --follow-mb must be positive numbers of MB, --follow-rounds a positive number, and --match-share a fraction below 0.5');
  process.exit(2);
}

// ---- the log -------------------------------------------------------------------------------------------------

/** Deterministic, so two runs of the benchmark scan the same log. */
function xorshift(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x100000000;
  };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

function linePools() {
  const { content } = checkContentRoot(join(ROOT, 'content'));
  const signatures = content.failures.filter((f) => f.data.status === 'published').flatMap((f) => f.data.signatures);
  const healthy = readFileSync(HEALTHY_LOG, 'utf8').split('\n').filter(Boolean);
  return {
    healthy,
    matching: signatures.flatMap(matchingLines),
    nearMisses: signatures.flatMap((s) => s.examples.no_match),
  };
}

/** Blocks of lines, written round-robin: varied enough to be realistic, cheap enough to write 1 GB quickly. */
function makeBlocks(count: number, blockBytes: number): Buffer[] {
  const pools = linePools();
  const random = xorshift(20260304);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  const freshUuids = (line: string) => line.replace(UUID, () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`);
  const blocks: Buffer[] = [];
  for (let b = 0; b < count; b++) {
    const lines: string[] = [];
    let size = 0;
    while (size < blockBytes) {
      const r = random();
      const line = r < matchShare ? pick(pools.matching) : r < 2 * matchShare ? pick(pools.nearMisses) : freshUuids(pick(pools.healthy));
      lines.push(line);
      size += line.length + 1;
    }
    blocks.push(Buffer.from(`${lines.join('\n')}\n`));
  }
  return blocks;
}

async function writeLog(path: string, bytes: number, blocks: readonly Buffer[]): Promise<number> {
  const out = createWriteStream(path);
  let written = 0;
  for (let i = 0; written < bytes; i++) {
    const block = blocks[i % blocks.length]!;
    written += block.length;
    if (!out.write(block)) await new Promise((resolve) => out.once('drain', resolve));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return written;
}

// ---- measuring ---------------------------------------------------------------------------------------------------

interface Measurement {
  seconds: number;
  peakKb: number;
  stdout: string;
  code: number | null;
}

function peakMemoryKb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0; // the process has just exited
  }
}

function measure(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    let peakKb = 0;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const sampler = setInterval(() => (peakKb = Math.max(peakKb, peakMemoryKb(child.pid!))), 10);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sampler);
      resolve({ seconds: (performance.now() - started) / 1000, peakKb, stdout, code });
    });
  });
}

async function best(times: number, run: () => Promise<Measurement>): Promise<Measurement> {
  const results: Measurement[] = [];
  for (let i = 0; i < times; i++) results.push(await run());
  const fastest = results.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return { ...fastest, peakKb: Math.max(...results.map((r) => r.peakKb)) };
}

// ---- the run -----------------------------------------------------------------------------------------------------

const work = mkdtempSync(join(tmpdir(), 'bench-match-'));
try {
  const feedDir = join(work, 'feed');
  const feed = feedFromContent(join(ROOT, 'content'));
  writeFeed(feedDir, feed);
  const { content } = checkContentRoot(join(ROOT, 'content'));
  // The signatures the published feed carries, and so the matcher uses.
  const signatures = content.failures.filter((f) => f.data.status === 'published').flatMap((f) => f.data.signatures);
  const rgPatternFile = join(work, 'patterns.rg');
  writeFileSync(rgPatternFile, ripgrepPatternFile(signatures));
  const patternFile = join(work, 'patterns.ere');
  let grepNote = '';
  try {
    writeFileSync(patternFile, `${signatures.map((s) => toGrepEre(s.pattern, s.ignore_case)).join('\n')}\n`);
  } catch (error) {
    if (!(error instanceof UntranslatablePattern)) throw error;
    grepNote = error.message;
  }
  const ripgropMissing = ensureDebianTools([{ command: 'rg', debianPackage: 'ripgrep' }]);
  if (ripgropMissing.length > 0) throw new Error('ripgrep (rg) is missing and could not be installed: apt-get install ripgrep');

  const started = performance.now();
  const blocks = makeBlocks(8, 4 * 1024 * 1024);
  const bigLog = join(work, 'big.log');
  const smallLog = join(work, 'small.log');
  const bigBytes = await writeLog(bigLog, sizeMb * MB, blocks);
  const smallBytes = await writeLog(smallLog, (sizeMb * MB) / 10, blocks);
  console.log(`Generated ${(bigBytes / MB).toFixed(0)} MB and ${(smallBytes / MB).toFixed(0)} MB logs (${(matchShare * 100).toFixed(1)}% matching lines, as many near misses) with ${signatures.length} signatures in ${((performance.now() - started) / 1000).toFixed(1)}s.`);
  // Timings on a busy machine are worth little; say how busy it was.
  console.log(`${process.platform} ${process.arch}, ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)}, Node ${process.versions.node}, ${execFileSync('grep', ['--version'], { encoding: 'utf8' }).split('\n')[0]}.`);

  const node = process.execPath;
  const matchScript = join(ROOT, 'scripts', 'match.ts');
  const matcher = (log: string) => measure(node, [matchScript, '--feed', feedDir, '--json', '--no-cache', log]);
  const grep = (log: string, locale: string) => measure('grep', ['-E', '-c', '-f', patternFile, log], { ...process.env, LC_ALL: locale });
  // --no-config: a user's ripgreprc must not change what is measured; -c counts matching lines as grep -c does.
  const ripgrep = (log: string) => measure('rg', ['--no-config', '-c', '-f', rgPatternFile, log]);
  const matchedLines = (m: Measurement) => matchReport.parse(JSON.parse(m.stdout)).scanned.matched_lines;

  await ripgrep(bigLog); // warm the page cache, so the first measured tool is not penalised by the disk
  const rows: Array<{ tool: string; log: number; m: Measurement; lines: number }> = [];
  const matcherBig = await best(runs, () => matcher(bigLog));
  rows.push({ tool: 'npm run match (all signatures at once)', log: bigBytes, m: matcherBig, lines: matchedLines(matcherBig) });
  const matcherSmall = await best(runs, () => matcher(smallLog));
  rows.push({ tool: 'npm run match, log a tenth the size', log: smallBytes, m: matcherSmall, lines: matchedLines(matcherSmall) });
  const rg = await best(runs, () => ripgrep(bigLog));
  const rgRow = { tool: 'rg -c -f (ripgrep, same RE2 patterns)', log: bigBytes, m: rg, lines: Number(rg.stdout.trim() || '0') };
  rows.push(rgRow);
  const currentLocale = process.env.LC_ALL || process.env.LC_CTYPE || process.env.LANG || 'C';
  const grepRows: typeof rows = [];
  if (grepNote) console.log(`GNU grep left out: ${grepNote}`);
  else for (const locale of [...new Set(['C', currentLocale])]) {
    const m = await best(runs, () => grep(bigLog, locale));
    grepRows.push({ tool: `grep -E -c -f (LC_ALL=${locale})`, log: bigBytes, m, lines: Number(m.stdout.trim()) });
  }
  rows.push(...grepRows);

  const mbps = (r: (typeof rows)[number]) => r.log / MB / r.m.seconds;
  console.log('\n| tool | log | seconds | throughput | peak memory | matching lines |\n| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(`| ${r.tool} | ${(r.log / MB).toFixed(0)} MB | ${r.m.seconds.toFixed(2)} | ${mbps(r).toFixed(1)} MB/s | ${(r.m.peakKb / 1024).toFixed(1)} MiB | ${r.lines.toLocaleString('en')} |`);
  }

  const ratio = mbps(rows[0]!) / mbps(rgRow);
  const memoryGrowth = matcherBig.peakKb / Math.max(1, matcherSmall.peakKb);
  const countsAgree = rows[0]!.lines === rgRow.lines && grepRows.every((r) => r.lines === rgRow.lines);
  const expectedSmall = rows[1]!.lines;
  console.log(`\nThroughput: ${ratio.toFixed(2)}x ripgrep's (target: at least 0.5x).`);
  for (const g of grepRows) console.log(`            ${(mbps(rows[0]!) / mbps(g)).toFixed(1)}x ${g.tool}.`);
  console.log(`Peak memory: ${memoryGrowth.toFixed(2)}x for a 10x larger log (target: independent of log size; within 20%).`);
  console.log(`Matching lines: ${countsAgree ? 'the matcher, ripgrep and grep agree' : 'the tools DISAGREE'} (${rows[0]!.lines.toLocaleString('en')}; ${expectedSmall.toLocaleString('en')} in the small log).`);
  if (!values.keep) console.log(`(Logs and feed removed; --keep keeps them in ${work}.)`);
  else console.log(`Kept the logs, the feed and the peers' pattern files in ${work}.`);
  let ok = countsAgree && ratio >= 0.5 && memoryGrowth < 1.2 && rows.every((r) => r.m.code === 0 || r.m.code === 1);

  if (!values['no-follow']) {
    // One line per failure whose first signature fires on one line: each one written raises a new alert.
    const alertLines = content.failures
      .filter((f) => f.data.status === 'published' && f.data.signatures[0] !== undefined && !f.data.signatures[0].threshold)
      .slice(0, 60)
      .map((f) => ({ failureId: f.data.id, line: matchingLines(f.data.signatures[0]!)[0]! }));
    const prepared = prepareMatcher(
      { name: 'failures.json', text: readFileSync(join(feedDir, 'failures.json'), 'utf8') },
      { name: 'remediations.json', text: readFileSync(join(feedDir, 'remediations.json'), 'utf8') },
    );
    if (!prepared.matcher) throw new Error(`the generated feed was refused: ${prepared.problems.map((p) => p.message).join('; ')}`);
    const follow = await benchFollow({ work, feedDir, node, matchScript, blocks, reference: prepared.matcher.index, alertLines, totalMb: followMb, rounds: followRounds, heapCapMb: followHeapMb });
    ok &&= follow.ok;
  }
  process.exitCode = ok ? 0 : 1;
} finally {
  if (!values.keep) rmSync(work, { recursive: true, force: true });
}
