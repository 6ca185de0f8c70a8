/**
 * Follows one log file the way `tail -F` does, for a matcher that runs for days:
 * - starts at the end of the file (or at its beginning when asked), and reads a file that does not exist yet
 *   from its beginning once it appears;
 * - rotation (the name now points at another inode, or device): the old file is read to its end first, then the
 *   new one from its beginning, so lines written just before the rename are not lost;
 * - truncation (the bytes just before the read position are gone or changed: copytruncate followed by fast
 *   writes can grow the file past the old position before it is looked at): reading restarts at 0;
 * - inotify through fs.watch on the directory (which sees the file being renamed and created, which a watch on
 *   the file itself would not), plus a poll as a fallback for filesystems without events (NFS, some containers).
 * Checks never overlap: a check asked for during one runs right after it, so no byte is read twice.
 */
import { watch, type FSWatcher } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

export type RestartReason = 'rotated' | 'truncated';

export interface FileFollowerOptions {
  path: string;
  /** Read what the file already holds instead of starting at its end. */
  fromStart?: boolean;
  /** How often to look at the file without an event from the filesystem. */
  pollMs?: number;
  /** Whether to use filesystem events (inotify) besides the poll; true unless turned off. */
  watch?: boolean;
  /** Bytes read, in order. The chunk is reused after the call returns: use it, do not keep it. */
  onData(chunk: Uint8Array): void;
  /** The file was rotated or truncated: what follows starts a new line. Called before the new file's bytes. */
  onRestart(reason: RestartReason): void;
  /** Something an operator should know (the file is missing, cannot be read, was rotated). */
  onNotice(message: string): void;
}

const READ_BYTES = 256 * 1024;
/** Bytes before the read position remembered to recognise a file rewritten since the last read. */
const TAIL_BYTES = 64;

export class FileFollower {
  readonly #options: FileFollowerOptions;
  readonly #buffer = new Uint8Array(READ_BYTES);
  #handle: FileHandle | undefined;
  #dev = 0;
  #ino = 0;
  #position = 0;
  readonly #tail = new Uint8Array(TAIL_BYTES);
  #tailLength = 0;
  #started = false;
  #closed = false;
  #missingNoticed = false;
  #checking: Promise<void> | undefined;
  #again = false;
  #watcher: FSWatcher | undefined;
  #poll: NodeJS.Timeout | undefined;

  constructor(options: FileFollowerOptions) {
    this.#options = options;
  }

  get path(): string {
    return this.#options.path;
  }

  /** Opens the file (if it exists), positions at its end or beginning, and starts watching. */
  async start(): Promise<void> {
    await this.check();
    this.#started = true;
    if (this.#options.watch !== false) this.#watch();
    this.#poll = setInterval(() => void this.check(), this.#options.pollMs ?? 500);
  }

  /** Reads whatever is new; safe to call at any time, from any event. */
  check(): Promise<void> {
    if (this.#checking) {
      this.#again = true;
      return this.#checking;
    }
    this.#checking = (async () => {
      do {
        this.#again = false;
        try {
          await this.#checkOnce();
        } catch (error) {
          this.#options.onNotice(`${this.path}: ${(error as Error).message}; retrying`);
        }
      } while (this.#again && !this.#closed);
    })().finally(() => {
      this.#checking = undefined;
    });
    return this.#checking;
  }

  /** Reads to the end one last time, then stops watching and closes the file. */
  async close(): Promise<void> {
    if (this.#closed) return;
    clearInterval(this.#poll);
    this.#watcher?.close();
    await this.check();
    this.#closed = true;
    await this.#handle?.close();
    this.#handle = undefined;
  }

  async #checkOnce(): Promise<void> {
    if (this.#closed) return;
    if (!this.#handle) {
      // At start, an existing file is followed from its end; one that appears later is new, so read it whole.
      if (!(await this.#open(this.#started || this.#options.fromStart === true))) return;
    }
    await this.#drain();
    let current;
    try {
      current = await stat(this.path);
    } catch (error) {
      // Renamed away and not yet recreated: keep reading the old file, whose writer may still be appending.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    if (current.ino === this.#ino && current.dev === this.#dev) return;
    // Rotated: finish the old file, then read the new one from its beginning.
    await this.#drain();
    await this.#handle?.close();
    this.#handle = undefined;
    this.#options.onRestart('rotated');
    this.#options.onNotice(`${this.path}: rotated; reading the new file from its beginning`);
    if (await this.#open(true)) await this.#drain();
  }

  async #open(fromBeginning: boolean): Promise<boolean> {
    let handle: FileHandle;
    try {
      handle = await open(this.path, 'r');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (!this.#missingNoticed) {
        this.#missingNoticed = true;
        this.#options.onNotice(code === 'ENOENT' ? `${this.path}: does not exist yet; waiting for it` : `${this.path}: cannot be opened (${code ?? (error as Error).message}); retrying`);
      }
      return false;
    }
    const info = await handle.stat();
    if (!info.isFile()) {
      await handle.close();
      if (!this.#missingNoticed) {
        this.#missingNoticed = true;
        this.#options.onNotice(`${this.path}: is not a regular file; follow mode reads files (use --journal for journald)`);
      }
      return false;
    }
    if (this.#missingNoticed) this.#options.onNotice(`${this.path}: appeared; following it`);
    this.#missingNoticed = false;
    this.#handle = handle;
    this.#dev = info.dev;
    this.#ino = info.ino;
    this.#position = fromBeginning ? 0 : info.size;
    this.#tailLength = 0;
    if (!fromBeginning && info.size > 0) await this.#rememberTail();
    return true;
  }

  /**
   * Reads from the position to the end of the open file, restarting at 0 if it was truncated. Every read starts
   * at the last bytes already read (up to TAIL_BYTES of them) and checks they are still there, in the same read
   * call as the new bytes: a file truncated and rewritten past the position between two reads is recognised, and
   * no byte of the new content is taken for a continuation of the old.
   */
  async #drain(): Promise<void> {
    const handle = this.#handle;
    if (!handle) return;
    for (;;) {
      const overlap = this.#tailLength;
      const { bytesRead } = await handle.read(this.#buffer, 0, READ_BYTES, this.#position - overlap);
      if (bytesRead < overlap || !this.#sameTail(this.#buffer)) {
        this.#options.onRestart('truncated');
        this.#options.onNotice(`${this.path}: truncated; reading it again from its beginning`);
        this.#position = 0;
        this.#tailLength = 0;
        continue;
      }
      if (bytesRead === overlap) break;
      const chunk = this.#buffer.subarray(overlap, bytesRead);
      this.#position += chunk.length;
      this.#keepTail(chunk);
      this.#options.onData(chunk);
    }
  }

  /** Whether the buffer begins with the remembered last bytes. */
  #sameTail(buffer: Uint8Array): boolean {
    for (let i = 0; i < this.#tailLength; i++) if (buffer[i] !== this.#tail[i]) return false;
    return true;
  }

  #keepTail(chunk: Uint8Array): void {
    if (chunk.length >= TAIL_BYTES) {
      this.#tail.set(chunk.subarray(chunk.length - TAIL_BYTES));
      this.#tailLength = TAIL_BYTES;
      return;
    }
    const keep = Math.min(this.#tailLength, TAIL_BYTES - chunk.length);
    this.#tail.copyWithin(0, this.#tailLength - keep, this.#tailLength);
    this.#tail.set(chunk, keep);
    this.#tailLength = keep + chunk.length;
  }

  async #rememberTail(): Promise<void> {
    const length = Math.min(TAIL_BYTES, this.#position);
    const { bytesRead } = await this.#handle!.read(this.#tail, 0, length, this.#position - length);
    this.#tailLength = bytesRead;
  }

  #watch(): void {
    const name = basename(this.path);
    try {
      this.#watcher = watch(dirname(this.path), { persistent: false }, (_event, file) => {
        if (file === null || file === name) void this.check();
      });
      this.#watcher.on('error', () => {
        // The directory went away or the watch broke: the poll goes on.
        this.#watcher?.close();
        this.#watcher = undefined;
      });
    } catch {
      // No events here (the directory does not exist yet, or no inotify): the poll is enough.
    }
  }
}
