/** Runs a command and measures its wall time and the peak resident memory of its whole process tree (Linux /proc). */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';

function children(pid: number): number[] {
  try {
    const out: number[] = [];
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const list = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (list) out.push(...list.split(/\s+/).map(Number));
    }
    return out;
  } catch {
    return [];
  }
}

function rssBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function treeRss(root: number): { total: number; largest: number } {
  // Sums the RSS of every process in the tree once. Shared pages (the node binary, libraries) count once per
  // process, so this overstates real memory use somewhat: it is an upper bound.
  let total = 0;
  let largest = 0;
  const seen = new Set<number>();
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    const rss = rssBytes(pid);
    total += rss;
    largest = Math.max(largest, rss);
    stack.push(...children(pid));
  }
  return { total, largest };
}

export interface Measured {
  seconds: number;
  /** Peak of the summed RSS of the whole process tree (an upper bound). */
  peakRssBytes: number;
  /** Peak RSS of the largest single process (what `time -v` reports as maximum resident set size). */
  peakProcessRssBytes: number;
  output: string;
  code: number;
}

export function measure(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    let peak = 0;
    let peakProcess = 0;
    const timer = setInterval(() => {
      const { total, largest } = treeRss(child.pid!);
      peak = Math.max(peak, total);
      peakProcess = Math.max(peakProcess, largest);
    }, 200);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ seconds: (performance.now() - started) / 1000, peakRssBytes: peak, peakProcessRssBytes: peakProcess, output, code: code ?? 1 });
    });
  });
}

/** Bytes as MiB with one decimal, the unit every benchmark prints. */
export const mebibytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** The figures every benchmark reports for one measured command. */
export function runFigures(run: Measured) {
  return { seconds: Math.round(run.seconds * 10) / 10, peak_rss_mb: mebibytes(run.peakRssBytes), peak_largest_process_rss_mb: mebibytes(run.peakProcessRssBytes) };
}

/** Total size of the files under a directory. */
export function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += statSync(`${entry.parentPath}/${entry.name}`).size;
  }
  return total;
}
