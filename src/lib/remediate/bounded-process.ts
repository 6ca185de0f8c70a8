/**
 * Runs one program with a time limit and bounded output capture, for remediations run unattended.
 *
 * The program gets an argv array, never a shell string: the code of a remediation is written to a file and that
 * file's path is an argument, so nothing from the feed or a log line is ever parsed by a shell. The child leads its
 * own process group (detached), so on timeout the whole group is killed, including what a script started in the
 * background (`sleep 600 &` would otherwise outlive a killed bash).
 */
import { spawn } from 'node:child_process';

export interface BoundedOutput {
  /** The captured text: the start and the end of the stream when it was longer than the limit. */
  text: string;
  /** Bytes the program wrote in total. */
  bytes: number;
  /** Whether bytes were left out of `text`. */
  truncated: boolean;
}

export interface ProcessResult {
  argv: string[];
  /** null when the process was ended by a signal. */
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Set when the program could not be started at all (ENOENT: not installed). */
  spawnError?: string;
  stdout: BoundedOutput;
  stderr: BoundedOutput;
  started: string;
  finished: string;
  durationMs: number;
}

export interface RunOptions {
  timeoutMs: number;
  /** Bytes kept per stream; half from the start, half from the end. */
  maxOutputBytes: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** After SIGTERM, how long the group gets before SIGKILL. */
  killGraceMs?: number;
}

/** Keeps the first and last `limit / 2` bytes of a stream, without ever holding more than `limit` bytes. */
class HeadTail {
  readonly #half: number;
  #head = Buffer.alloc(0);
  #tail: Buffer[] = [];
  #tailBytes = 0;
  #total = 0;

  constructor(limit: number) {
    this.#half = Math.max(1, Math.floor(limit / 2));
  }

  push(chunk: Buffer) {
    this.#total += chunk.length;
    let rest = chunk;
    if (this.#head.length < this.#half) {
      const take = Math.min(this.#half - this.#head.length, rest.length);
      this.#head = Buffer.concat([this.#head, rest.subarray(0, take)]);
      rest = rest.subarray(take);
    }
    if (rest.length === 0) return;
    this.#tail.push(rest);
    this.#tailBytes += rest.length;
    while (this.#tailBytes - this.#tail[0]!.length >= this.#half) this.#tailBytes -= this.#tail.shift()!.length;
  }

  result(): BoundedOutput {
    const tail = Buffer.concat(this.#tail);
    const keptTail = tail.subarray(Math.max(0, tail.length - this.#half));
    const omitted = this.#total - this.#head.length - keptTail.length;
    const text = omitted > 0 ? `${this.#head.toString('utf8')}\n[… ${omitted} bytes omitted …]\n${keptTail.toString('utf8')}` : `${this.#head.toString('utf8')}${keptTail.toString('utf8')}`;
    return { text, bytes: this.#total, truncated: omitted > 0 };
  }
}

export function runBounded(argv: readonly string[], options: RunOptions): Promise<ProcessResult> {
  const [command, ...args] = argv;
  if (!command) throw new Error('runBounded: empty argv');
  const startedAt = Date.now();
  const stdout = new HeadTail(options.maxOutputBytes);
  const stderr = new HeadTail(options.maxOutputBytes);
  return new Promise((resolve) => {
    let timedOut = false;
    let spawnError: string | undefined;
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      shell: false,
    });
    const killGroup = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // The group is already gone.
      }
    };
    let graceTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      graceTimer = setTimeout(() => killGroup('SIGKILL'), options.killGraceMs ?? 5_000);
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => {
      spawnError = error.message;
    });
    // 'close' waits for the pipes: a background process that inherited them keeps the run open until the time
    // limit kills the group, so a remediation cannot leave a hidden process behind and still be reported as done.
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (graceTimer) clearTimeout(graceTimer);
      const finishedAt = Date.now();
      resolve({
        argv: [...argv],
        exitCode: code,
        signal,
        timedOut,
        ...(spawnError ? { spawnError } : {}),
        stdout: stdout.result(),
        stderr: stderr.result(),
        started: new Date(startedAt).toISOString(),
        finished: new Date(finishedAt).toISOString(),
        durationMs: finishedAt - startedAt,
      });
    });
  });
}
