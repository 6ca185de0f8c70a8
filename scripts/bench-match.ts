/**
 * npm run bench:match -- [--size <MB>] [--match-share <fraction>] [--runs <n>] [--keep]
 *                        [--peer-signatures <n>] [--peer-memory-gb <GB>] [--peer-timeout <s>]
 *                        [--follow-mb <MB>] [--follow-rounds <n>] [--follow-heap-mb <MB>] [--no-follow]
 *
 * Measures the known-failure matcher against ripgrep (`rg -c -f`, the same RE2 patterns unchanged; Debian's
 * ripgrep is installed when missing) and GNU grep (`grep -E -c -f`, the patterns translated to POSIX ERE) over
 * the same log, twice: with a peer-sized set of signatures (--peer-signatures, default 130, the first ones in
 * catalogue order, as the peers were first compared), where all three tools finish and must count the same lines;
 * and with every published signature, where ripgrep runs under a memory cap and a time limit (--peer-memory-gb,
 * --peer-timeout): at 2,463 signatures ripgrep 13 needed more than 16 GB compiling them, and a benchmark must not
 * take the machine down. GNU grep is left out of the full run (31x slower than the matcher with 130 patterns). The log is generated (default 300 MB) from real-format lines: the healthy-log fixture, every
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
import { pathToFileURL } from 'node:url';
import { checkContentRoot } from '../src/lib/core/integrity.ts';
import type { Signature } from '../src/schemas/index.ts';
import { feedFromContent, writeFeed, type FeedJson } from '../src/lib/matcher/node/content-feed.ts';
import { matchReport } from '../src/lib/matcher/report.ts';
import { matchingLines } from '../src/lib/core/signature-lines.ts';
import { ensureDebianTools } from './lib/debian-tools.ts';
import { ripgrepPatternFile, toGrepEre, UntranslatablePattern } from './lib/bench/peer-patterns.ts';
import { prepareMatcher } from '../src/lib/matcher/prepare.ts';
import { benchFollow } from './lib/bench-follow.ts';
import { parseCommandLine, usageError } from './lib/command-line.ts';

const ROOT = join(import.meta.dirname, '..');
const HEALTHY_LOG = join(ROOT, 'tests', 'fixtures', 'logs', 'healthy.log');
const COMPILE_CACHE = pathToFileURL(join(ROOT, 'scripts', 'lib', 'compile-cache.mjs')).href;
const MB = 1_000_000;

const USAGE = [
  'usage: npm run bench:match -- [--size <MB>] [--match-share <fraction>] [--runs <n>] [--keep]',
  '                              [--peer-signatures <n>] [--peer-memory-gb <GB>] [--peer-timeout <s>]',
  '                              [--follow-mb <MB>] [--follow-rounds <n>] [--follow-heap-mb <MB>] [--no-follow]',
].join('\n');
const { values } = parseCommandLine({
  options: {
    size: { type: 'string', default: '300' },
    'match-share': { type: 'string', default: '0.01' },
    runs: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
    'follow-mb': { type: 'string', default: '1000' },
    'follow-rounds': { type: 'string', default: '10' },
    'follow-heap-mb': { type: 'string', default: '0' },
    'no-follow': { type: 'boolean', default: false },
    'peer-signatures': { type: 'string', default: '130' },
    'peer-memory-gb': { type: 'string', default: '4' },
    'peer-timeout': { type: 'string', default: '300' },
  },
}, USAGE);
const sizeMb = Number(values.size);
const matchShare = Number(values['match-share']);
const runs = Math.max(1, Math.floor(Number(values.runs)));
const followMb = Number(values['follow-mb']);
const followRounds = Math.floor(Number(values['follow-rounds']));
const followHeapMb = Math.floor(Number(values['follow-heap-mb']));
const peerSignatures = Math.floor(Number(values['peer-signatures']));
const peerMemoryKb = Math.floor(Number(values['peer-memory-gb']) * 1024 * 1024);
const peerTimeoutMs = Number(values['peer-timeout']) * 1000;
if (!(sizeMb > 0) || !(runs >= 1) || !(matchShare >= 0 && matchShare < 0.5) || !(followMb > 0) || !(followRounds > 0) || !(followHeapMb >= 0) || !(peerSignatures > 0) || !(peerMemoryKb > 0) || !(peerTimeoutMs > 0)) {
  usageError('bench:match: --size and --follow-mb must be positive numbers of MB, --runs, --follow-rounds and --peer-signatures positive numbers, --peer-memory-gb and --peer-timeout positive, and --match-share a fraction below 0.5', USAGE);
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

function linePools(signatures: readonly Signature[]) {
  const healthy = readFileSync(HEALTHY_LOG, 'utf8').split('\n').filter(Boolean);
  return {
    healthy,
    matching: signatures.flatMap(matchingLines),
    nearMisses: signatures.flatMap((s) => s.examples.no_match),
  };
}

/** Blocks of lines, written round-robin: varied enough to be realistic, cheap enough to write 1 GB quickly. */
function makeBlocks(signatures: readonly Signature[], count: number, blockBytes: number): Buffer[] {
  const pools = linePools(signatures);
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
  /** Why a capped peer did not finish: the end of what it printed on stderr, or that its time ran out. */
  failure?: string;
}

function peakMemoryKb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0; // the process has just exited
  }
}

interface Limits {
  /** Address-space cap (ulimit -v), so a peer that cannot cope with the pattern set fails instead of swapping. */
  memoryKb: number;
  timeoutMs: number;
}

function measure(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env, limits?: Limits): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // Under limits the command runs through sh, whose ulimit applies to the exec'd tool (the pid stays the tool's).
    const [file, argv] = limits ? ['sh', ['-c', 'ulimit -v "$0" && exec "$@"', String(limits.memoryKb), command, ...args]] : [command, [...args]];
    const child = spawn(file, argv, { env, stdio: ['ignore', 'pipe', limits ? 'pipe' : 'inherit'] });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    let timedOut = false;
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-400)));
    const sampler = setInterval(() => (peakKb = Math.max(peakKb, peakMemoryKb(child.pid!))), 10);
    const timer = limits ? setTimeout(() => ((timedOut = true), child.kill('SIGKILL')), limits.timeoutMs) : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(sampler);
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      const failed = timedOut || signal !== null || (code !== 0 && code !== 1);
      const failure = !failed ? undefined : timedOut ? `stopped after ${(limits!.timeoutMs / 1000).toFixed(0)} s` : `${signal ?? `exit ${code}`}: ${stderr.trim().split('\n').pop() ?? ''}`;
      resolve({ seconds, peakKb, stdout, code, ...(failure ? { failure } : {}) });
    });
  });
}

async function best(times: number, run: () => Promise<Measurement>): Promise<Measurement> {
  const results: Measurement[] = [];
  for (let i = 0; i < times; i++) {
    const result = await run();
    if (result.failure) return result; // a peer that could not finish will not finish the next time either
    results.push(result);
  }
  const fastest = results.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return { ...fastest, peakKb: Math.max(...results.map((r) => r.peakKb)) };
}

// ---- the run -----------------------------------------------------------------------------------------------------

interface Row {
  tool: string;
  log: number;
  m: Measurement;
  lines: number;
}

interface FeedDocument {
  failures: Array<{ id: string; signatures: Array<{ id: string }> }>;
}

/** The feed cut down to the chosen signatures (failures without one left out), so the matcher loads only them. */
function feedWith(feed: FeedJson, chosen: ReadonlySet<string>): FeedJson {
  const failures = feed.failures as FeedDocument;
  return {
    ...feed,
    failures: {
      ...failures,
      failures: failures.failures
        .map((f) => ({ ...f, signatures: f.signatures.filter((sig) => chosen.has(`${f.id}/${sig.id}`)) }))
        .filter((f) => f.signatures.length > 0),
    },
  };
}

const mbps = (r: Row) => r.log / MB / r.m.seconds;

function printRows(rows: readonly Row[]): void {
  console.log('\n| tool | log | seconds | throughput | peak memory | matching lines |\n| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    if (r.m.failure) console.log(`| ${r.tool} | ${(r.log / MB).toFixed(0)} MB | did not finish | | ${(r.m.peakKb / 1024).toFixed(1)} MiB | ${r.m.failure} |`);
    else console.log(`| ${r.tool} | ${(r.log / MB).toFixed(0)} MB | ${r.m.seconds.toFixed(2)} | ${mbps(r).toFixed(1)} MB/s | ${(r.m.peakKb / 1024).toFixed(1)} MiB | ${r.lines.toLocaleString('en')} |`);
  }
}

const work = mkdtempSync(join(tmpdir(), 'bench-match-'));
try {
  const { content } = checkContentRoot(join(ROOT, 'content'));
  // The signatures the published feed carries, and so the matcher uses, in catalogue order.
  const published = content.failures.filter((f) => f.data.status === 'published');
  const allSignatures = published.flatMap((f) => f.data.signatures.map((sig) => ({ key: `${f.data.id}/${sig.id}`, sig })));
  const peerSet = allSignatures.slice(0, peerSignatures);
  const fullFeed = feedFromContent(join(ROOT, 'content'));

  const ripgropMissing = ensureDebianTools([{ command: 'rg', debianPackage: 'ripgrep' }]);
  if (ripgropMissing.length > 0) throw new Error('ripgrep (rg) is missing and could not be installed: apt-get install ripgrep');
  // Timings on a busy machine are worth little; say how busy it was.
  console.log(`${process.platform} ${process.arch}, ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)}, Node ${process.versions.node}, ${execFileSync('grep', ['--version'], { encoding: 'utf8' }).split('\n')[0]}, ${execFileSync('rg', ['--version'], { encoding: 'utf8' }).split('\n')[0]}.`);

  const node = process.execPath;
  const matchScript = join(ROOT, 'scripts', 'match.ts');
  const limits: Limits = { memoryKb: peerMemoryKb, timeoutMs: peerTimeoutMs };
  const matchedLines = (m: Measurement) => matchReport.parse(JSON.parse(m.stdout)).scanned.matched_lines;
  const count = (m: Measurement) => Number(m.stdout.trim() || '0');
  let ok = true;

  /** One comparison: the feed, the peers' pattern files and the logs of these signatures, then every tool on them. */
  async function compare(name: string, chosen: typeof allSignatures, options: { grep: boolean; smallLog: boolean }) {
    const dir = join(work, name);
    const feedDir = join(dir, 'feed');
    writeFeed(feedDir, chosen.length === allSignatures.length ? fullFeed : feedWith(fullFeed, new Set(chosen.map((c) => c.key))));
    const signatures = chosen.map((c) => c.sig);
    const rgPatternFile = join(dir, 'patterns.rg');
    writeFileSync(rgPatternFile, ripgrepPatternFile(signatures));
    const patternFile = join(dir, 'patterns.ere');
    let grepNote = options.grep ? '' : 'left out of this run';
    if (options.grep) {
      try {
        writeFileSync(patternFile, `${signatures.map((s) => toGrepEre(s.pattern, s.ignore_case)).join('\n')}\n`);
      } catch (error) {
        if (!(error instanceof UntranslatablePattern)) throw error;
        grepNote = error.message;
      }
    }
    const started = performance.now();
    const blocks = makeBlocks(signatures, 8, 4 * 1024 * 1024);
    const bigLog = join(dir, 'big.log');
    const bigBytes = await writeLog(bigLog, sizeMb * MB, blocks);
    const smallLog = join(dir, 'small.log');
    const smallBytes = options.smallLog ? await writeLog(smallLog, (sizeMb * MB) / 10, blocks) : 0;
    console.log(`\n## ${signatures.length} signatures (${name})\n\nGenerated ${(bigBytes / MB).toFixed(0)} MB${options.smallLog ? ` and ${(smallBytes / MB).toFixed(0)} MB logs` : ' log'} (${(matchShare * 100).toFixed(1)}% lines matching these signatures, as many near misses) in ${((performance.now() - started) / 1000).toFixed(1)}s.`);

    // As `npm run match` starts it: with Node's compile cache preloaded.
    const matcher = (log: string) => measure(node, ['--import', COMPILE_CACHE, matchScript, '--feed', feedDir, '--json', '--no-cache', log]);
    const grep = (log: string, locale: string) => measure('grep', ['-E', '-c', '-f', patternFile, log], { ...process.env, LC_ALL: locale }, limits);
    // --no-config: a user's ripgreprc must not change what is measured; -c counts matching lines as grep -c does.
    const ripgrep = (log: string) => measure('rg', ['--no-config', '-c', '-f', rgPatternFile, log], process.env, limits);

    await measure('cat', [bigLog]); // warm the page cache, so the first measured tool is not penalised by the disk
    // The first run after the sources change writes Node's compile cache (more memory, more time); a user's later
    // runs read it, so that is what is measured.
    await matcher(options.smallLog ? smallLog : bigLog);
    const rows: Row[] = [];
    const matcherBig = await best(runs, () => matcher(bigLog));
    rows.push({ tool: 'npm run match (all signatures at once)', log: bigBytes, m: matcherBig, lines: matchedLines(matcherBig) });
    const matcherSmall = options.smallLog ? await best(runs, () => matcher(smallLog)) : undefined;
    if (matcherSmall) rows.push({ tool: 'npm run match, log a tenth the size', log: smallBytes, m: matcherSmall, lines: matchedLines(matcherSmall) });
    const rg = await best(runs, () => ripgrep(bigLog));
    const rgRow: Row = { tool: 'rg -c -f (ripgrep, same RE2 patterns)', log: bigBytes, m: rg, lines: count(rg) };
    rows.push(rgRow);
    const currentLocale = process.env.LC_ALL || process.env.LC_CTYPE || process.env.LANG || 'C';
    const grepRows: Row[] = [];
    if (grepNote) console.log(`GNU grep: ${grepNote}.`);
    else for (const locale of [...new Set(['C', currentLocale])]) {
      const m = await best(runs, () => grep(bigLog, locale));
      grepRows.push({ tool: `grep -E -c -f (LC_ALL=${locale})`, log: bigBytes, m, lines: count(m) });
    }
    rows.push(...grepRows);
    printRows(rows);

    const finished = [rgRow, ...grepRows].filter((r) => !r.m.failure);
    const countsAgree = finished.every((r) => r.lines === rows[0]!.lines);
    console.log('');
    if (rg.failure) console.log(`ripgrep did not finish under the ${(peerMemoryKb / 1024 / 1024).toFixed(0)} GB cap and ${(peerTimeoutMs / 1000).toFixed(0)} s limit (${rg.failure}); the matcher scanned the log at ${mbps(rows[0]!).toFixed(1)} MB/s.`);
    else console.log(`Throughput: ${(mbps(rows[0]!) / mbps(rgRow)).toFixed(2)}x ripgrep's (target: at least 0.5x).`);
    for (const g of grepRows) if (!g.m.failure) console.log(`            ${(mbps(rows[0]!) / mbps(g)).toFixed(1)}x ${g.tool}.`);
    if (matcherSmall) console.log(`Peak memory: ${(matcherBig.peakKb / Math.max(1, matcherSmall.peakKb)).toFixed(2)}x for a 10x larger log (target: independent of log size; within 20%).`);
    console.log(`Matching lines: ${countsAgree ? `the tools that finished agree` : 'the tools DISAGREE'} (${rows[0]!.lines.toLocaleString('en')}${matcherSmall ? `; ${rows[1]!.lines.toLocaleString('en')} in the small log` : ''}).`);
    return { rows, rg, countsAgree, matcherBig, matcherSmall, feedDir, blocks };
  }

  // The target is judged where the peers can finish: the peer-sized set, all three tools.
  const peer = await compare('peer-sized', peerSet, { grep: true, smallLog: true });
  ok &&= peer.countsAgree && !peer.rg.failure && mbps(peer.rows[0]!) / mbps(peer.rows.find((r) => r.tool.startsWith('rg'))!) >= 0.5;
  ok &&= peer.matcherBig.peakKb / Math.max(1, peer.matcherSmall!.peakKb) < 1.2 && peer.rows.every((r) => !r.m.failure);
  // Then what the catalogue is today: every published signature, the matcher beside ripgrep (capped).
  const full = peerSet.length < allSignatures.length ? await compare('every published signature', allSignatures, { grep: false, smallLog: false }) : peer;
  ok &&= full.countsAgree && !full.rows[0]!.m.failure;
  const { feedDir, blocks } = full;

  if (!values.keep) console.log(`\n(Logs and feeds removed; --keep keeps them in ${work}.)`);
  else console.log(`\nKept the logs, the feeds and the peers' pattern files in ${work}.`);

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
