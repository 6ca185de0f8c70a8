/**
 * The follow-mode part of `npm run bench:match`: the real `match --follow` command with the whole catalogue's
 * signatures, following a file that is written in rounds and rotated (renamed, unlinked, recreated) after each,
 * with a local HTTP receiver standing in for Alertmanager. Reports:
 * - sustained lines per second (and MB/s) from the first byte written to the last line counted in /metrics;
 * - latency from a line written to its alert received, on an idle matcher and under a steady background load of
 *   lines that match nothing (measured first, before the stream has raised an alert for every failure);
 * - resident memory (VmRSS and its anonymous part from /proc) and the JavaScript heap after every round, each
 *   taken after a full garbage collection, to show they stay flat;
 * and checks that it counted every line written, and as many matching lines as the scan mode's engine finds in
 * the same bytes read in one go (the follow mode reads them in pieces, across rotations). Linux only (/proc).
 */
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LogScan } from '../../src/lib/matcher/log-scan.ts';
import type { SignatureIndex } from '../../src/lib/matcher/signature-index.ts';

export interface FollowBenchInput {
  work: string;
  feedDir: string;
  node: string;
  matchScript: string;
  /** Blocks of generated log lines, written round-robin. */
  blocks: readonly Buffer[];
  /** The matcher the follow mode will use, to count the matching lines of each block independently. */
  reference: SignatureIndex;
  /** One line per failure whose first signature fires on a single line, to measure alert latency with. */
  alertLines: ReadonlyArray<{ failureId: string; line: string }>;
  totalMb: number;
  rounds: number;
  /**
   * Caps V8's old space of the follower (--max-old-space-size), 0 for none. Without a cap V8 collects lazily and
   * RSS creeps up towards its default limit; with one, a leak would end the run instead of hiding in garbage.
   */
  heapCapMb: number;
}

const MB = 1_000_000;

/**
 * Resident memory in kB: all of it (VmRSS), and its anonymous part (RssAnon: heap, buffers, malloc). The rest is
 * file-backed (RssFile): pages of the node binary and libraries, mapped in as code paths are first used, shared and
 * reclaimable, so it grows at first without being a leak.
 */
function residentKb(pid: number): { rss: number; anon: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rss: field('VmRSS'), anon: field('RssAnon') };
}

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const linesIn = (block: Buffer) => {
  let n = 0;
  for (let i = block.indexOf(10); i >= 0; i = block.indexOf(10, i + 1)) n++;
  return n;
};

/** The block's matching lines counted by the scan engine in one pass, and its lines that match nothing. */
function reference(index: SignatureIndex, block: Buffer): { matching: number; quiet: Buffer } {
  const matchedLines = new Set<number>();
  const scan = new LogScan(index, (match) => matchedLines.add(match.line));
  scan.push(block);
  scan.end();
  const lines = block.toString('utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return { matching: matchedLines.size, quiet: Buffer.from(`${lines.filter((_, i) => !matchedLines.has(i + 1)).join('\n')}\n`) };
}

/**
 * Makes the process behind an inspector WebSocket run a full garbage collection. Close it before the process
 * ends: a process with an inspector session open waits for it to disconnect.
 */
async function inspectorGc(url: string): Promise<{ collect: () => Promise<void>; close: () => void }> {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', () => reject(new Error(`cannot connect to the inspector at ${url}`)), { once: true });
  });
  let id = 0;
  const collect = () =>
    new Promise<void>((resolve) => {
      const mine = ++id;
      const onMessage = (event: MessageEvent) => {
        if ((JSON.parse(String(event.data)) as { id?: number }).id !== mine) return;
        socket.removeEventListener('message', onMessage);
        resolve();
      };
      socket.addEventListener('message', onMessage);
      socket.send(JSON.stringify({ id: mine, method: 'HeapProfiler.collectGarbage' }));
    });
  return { collect, close: () => socket.close() };
}

export async function benchFollow(input: FollowBenchInput): Promise<{ ok: boolean }> {
  // What the scan engine counts in each block, so the follow mode's count can be checked exactly.
  const blockLines = input.blocks.map(linesIn);
  const references = input.blocks.map((block) => reference(input.reference, block));
  const blockMatches = references.map((r) => r.matching);
  // Background load for the latency under load: the generated lines that match nothing (healthy lines and near
  // misses), so the load itself raises no alert and every measured alert is the one just written.
  const quiet = references[0]!.quiet;
  const quietLines = linesIn(quiet);

  // The stand-in for Alertmanager: the time each failure's first alert arrived.
  const received = new Map<string, number>();
  let posts = 0;
  const receiver = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const now = performance.now();
      posts++;
      for (const alert of JSON.parse(body) as Array<{ labels: Record<string, string> }>) if (!received.has(alert.labels.failure_id!)) received.set(alert.labels.failure_id!, now);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const receiverPort = (receiver.address() as { port: number }).port;

  const log = join(input.work, 'followed.log');
  writeFileSync(log, '');
  // --inspect: the benchmark asks V8 for a full garbage collection before each memory sample (HeapProfiler over the
  // inspector protocol), so the figures show what is live, not garbage V8 has not collected yet.
  const child = spawn(input.node, ['--inspect=127.0.0.1:0', ...(input.heapCapMb > 0 ? [`--max-old-space-size=${input.heapCapMb}`] : []), input.matchScript, '--follow', '--feed', input.feedDir, '--no-cache', '--metrics-listen', '127.0.0.1:0', '--alertmanager', `http://127.0.0.1:${receiverPort}`, '--resolve-after', '1h', '--host', 'bench', log], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  let inspector: Awaited<ReturnType<typeof inspectorGc>> | undefined;
  try {
    const startedAt = performance.now();
    while (!/match: following /.test(stderr)) {
      if (child.exitCode !== null) throw new Error(`match --follow exited with ${child.exitCode}:\n${stderr}`);
      await sleep(50);
    }
    const startupSeconds = (performance.now() - startedAt) / 1000;
    inspector = await inspectorGc(/Debugger listening on (ws:\/\/\S+)/.exec(stderr)![1]!);
    const metricsUrl = /metrics at (http:\/\/\S+)/.exec(stderr)![1]!;
    const metric = async (name: string) => {
      const text = await (await fetch(metricsUrl)).text();
      const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
      return m ? Number(m[1]) : NaN;
    };
    const signatures = await metric('failure_catalogue_feed_signatures');
    let expectedLines = 0;
    let expectedMatches = 0;
    const caughtUp = async () => {
      while ((await metric('failure_catalogue_follow_lines_total')) < expectedLines) await sleep(20);
    };

    // ---- alert latency, idle: one new failure at a time ----------------------------------------------------------
    const latencyOf = async (lines: FollowBenchInput['alertLines'], background?: () => void) => {
      const latencies: number[] = [];
      for (const { failureId, line } of lines) {
        background?.();
        const written = performance.now();
        appendFileSync(log, `${line}\n`);
        expectedLines++;
        expectedMatches++;
        const deadline = written + 10_000;
        while (!received.has(failureId) && performance.now() < deadline) await sleep(1);
        if (received.has(failureId)) latencies.push(received.get(failureId)! - written);
      }
      return latencies.sort((a, b) => a - b);
    };
    const half = Math.floor(input.alertLines.length / 2);
    const idle = await latencyOf(input.alertLines.slice(0, half));
    await caughtUp();


    // ---- alert latency under a steady load: a quarter of the rate measured on the quiet lines, every 10 ms ----------
    const calibrationStarted = performance.now();
    for (let i = 0; i < 4; i++) appendFileSync(log, quiet);
    expectedLines += 4 * quietLines;
    await caughtUp();
    const quietLinesPerSecond = (4 * quietLines) / ((performance.now() - calibrationStarted) / 1000);
    const bytesPerTick = Math.max(1, Math.round((quietLinesPerSecond / 4 / 100) * (quiet.length / quietLines)));
    const loadLines = quiet.subarray(0, quiet.lastIndexOf(10, bytesPerTick) + 1);
    const loadLineCount = linesIn(loadLines);
    let lastTick = performance.now();
    const load = () => {
      // Catch up on the 10 ms ticks that passed since the last write, so the rate holds while waiting for alerts.
      for (let now = performance.now(); lastTick + 10 <= now; lastTick += 10) {
        appendFileSync(log, loadLines);
        expectedLines += loadLineCount;
      }
    };
    const loadTimer = setInterval(load, 10);
    const loaded = await latencyOf(input.alertLines.slice(half), load);
    clearInterval(loadTimer);
    load();
    await caughtUp();
    const loadMbPerSecond = (loadLines.length * 100) / MB;

    // ---- sustained throughput and memory over a long stream, rotated after each round ------------------------------
    const roundBytes = (input.totalMb * MB) / input.rounds;
    const rows: Array<{ mb: number; lines: number; seconds: number; rssKb: number; anonKb: number; heap: number; external: number }> = [];
    let next = 0;
    let totalLines = 0;
    let totalBytes = 0;
    for (let round = 0; round < input.rounds; round++) {
      const started = performance.now();
      let bytes = 0;
      let lines = 0;
      while (bytes < roundBytes) {
        const b = next++ % input.blocks.length;
        appendFileSync(log, input.blocks[b]!);
        bytes += input.blocks[b]!.length;
        lines += blockLines[b]!;
        expectedMatches += blockMatches[b]!;
      }
      expectedLines += lines;
      await caughtUp();
      const seconds = (performance.now() - started) / 1000;
      await inspector.collect();
      const resident = residentKb(child.pid!);
      rows.push({ mb: bytes / MB, lines, seconds, rssKb: resident.rss, anonKb: resident.anon, heap: await metric('failure_catalogue_follow_heap_used_bytes'), external: await metric('failure_catalogue_follow_external_memory_bytes') });
      totalLines += lines;
      totalBytes += bytes;
      // logrotate's create, with the old file deleted at once: the follower still reads it through its descriptor.
      renameSync(log, `${log}.1`);
      unlinkSync(`${log}.1`);
      writeFileSync(log, '');
    }
    // The time spent writing and matching; the forced collections and the samples between rounds are left out.
    const streamSeconds = rows.reduce((sum, r) => sum + r.seconds, 0);
    const sustainedLinesPerSecond = totalLines / streamSeconds;

    const matched = await metric('failure_catalogue_follow_matched_lines_total');
    const counted = await metric('failure_catalogue_follow_lines_total');

    // ---- the figures ------------------------------------------------------------------------------------------------
    console.log(`\nFollow mode: match --follow with ${signatures} signatures (started in ${startupSeconds.toFixed(1)}s${input.heapCapMb > 0 ? `, V8 old space capped at ${input.heapCapMb} MB` : ''}), following a file written in ${input.rounds} rounds and rotated after each; alerts to a local HTTP receiver standing in for Alertmanager.`);
    console.log('\n| round | written | lines | seconds | lines/s | MB/s | RSS after | of it anonymous | heap used after | external after |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    rows.forEach((r, i) => console.log(`| ${i + 1} | ${r.mb.toFixed(0)} MB | ${r.lines.toLocaleString('en')} | ${r.seconds.toFixed(2)} | ${Math.round(r.lines / r.seconds).toLocaleString('en')} | ${(r.mb / r.seconds).toFixed(1)} | ${(r.rssKb / 1024).toFixed(1)} MiB | ${(r.anonKb / 1024).toFixed(1)} MiB | ${(r.heap / 2 ** 20).toFixed(1)} MiB | ${(r.external / 2 ** 20).toFixed(1)} MiB |`));
    console.log(`\nSustained: ${Math.round(sustainedLinesPerSecond).toLocaleString('en')} lines/s (${(totalBytes / MB / streamSeconds).toFixed(1)} MB/s) over ${(totalBytes / MB).toFixed(0)} MB, file rotation included.`);
    const mib = (values: number[]) => `${values[0]!.toFixed(1)} MiB after round 1, ${values.at(-1)!.toFixed(1)} after round ${values.length} (max ${Math.max(...values).toFixed(1)})`;
    console.log(`Memory over the stream: RSS ${mib(rows.map((r) => r.rssKb / 1024))}; anonymous RSS ${mib(rows.map((r) => r.anonKb / 1024))}; heap used ${mib(rows.map((r) => r.heap / 2 ** 20))}; external ${mib(rows.map((r) => r.external / 2 ** 20))}.`);
    const describe = (l: number[]) => (l.length === 0 ? 'no alert arrived' : `median ${quantile(l, 0.5).toFixed(1)} ms, p95 ${quantile(l, 0.95).toFixed(1)} ms, max ${l.at(-1)!.toFixed(1)} ms (${l.length} alerts)`);
    console.log(`Alert latency, line written to alert received: idle ${describe(idle)}; under a steady ${loadMbPerSecond.toFixed(1)} MB/s load ${describe(loaded)}. ${posts} POSTs received.`);
    const countsAgree = counted === expectedLines && matched === expectedMatches;
    console.log(`Lines counted: ${counted.toLocaleString('en')} of ${expectedLines.toLocaleString('en')} written; matching lines ${matched.toLocaleString('en')}, the scan engine counts ${expectedMatches.toLocaleString('en')}: ${countsAgree ? 'they agree' : 'they DISAGREE'}.`);
    const lost = idle.length + loaded.length < input.alertLines.length;
    if (lost) console.log('Some alerts did not arrive within 10 s.');
    return { ok: countsAgree && !lost };
  } finally {
    inspector?.close();
    child.kill('SIGTERM');
    const code = await exited;
    if (code !== 1) console.log(`match --follow exited with ${code} (1 expected: failures were found):\n${stderr.slice(-2000)}`);
    await new Promise((resolve) => receiver.close(resolve));
  }
}
