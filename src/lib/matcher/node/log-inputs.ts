/**
 * The logs named on the command line, as byte streams: files, every file under a directory, and standard input
 * ("-"). Gzip data is recognised by its magic bytes, not its name, so rotated logs (nova.log.2.gz) and gzip on
 * stdin are read too. Everything streams: nothing holds a whole log in memory. A plain file is read into one
 * reused buffer, so scanning a large log allocates nothing per chunk and its memory does not grow with the log.
 */
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { MatchTally } from '../tally.ts';

export interface LogInput {
  /** As shown in results: the path, or "-" for standard input. */
  name: string;
  /** The log's bytes. A chunk may be overwritten once the next one is asked for: use it, do not keep it. */
  open: () => AsyncIterable<Uint8Array>;
}

const READ_CHUNK = 1024 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** Expands the arguments into logs, in order; directories are walked in name order. */
export function expandInputs(args: readonly string[], stdin: () => AsyncIterable<Uint8Array>): { inputs: LogInput[]; errors: string[] } {
  const inputs: LogInput[] = [];
  const errors: string[] = [];
  // Directories already walked, by device and inode: a symbolic link back up the tree must not loop forever.
  const walked = new Set<string>();
  const addPath = (path: string, fromDirectory: boolean) => {
    let stat;
    try {
      stat = statSync(path);
    } catch (error) {
      errors.push(describeError(path, error));
      return;
    }
    if (stat.isDirectory()) {
      const key = `${stat.dev}:${stat.ino}`;
      if (walked.has(key)) return;
      walked.add(key);
      let names: string[];
      try {
        names = readdirSync(path).sort();
      } catch (error) {
        errors.push(describeError(path, error));
        return;
      }
      for (const name of names) addPath(join(path, name), true);
    } else if (stat.isFile()) {
      inputs.push({ name: path, open: () => fileChunks(path) });
    } else if (!fromDirectory) {
      errors.push(`${path}: is not a regular file or directory. Fix: name log files or directories`);
    }
  };
  for (const arg of args) {
    if (arg === '-') inputs.push({ name: '-', open: () => gunzipIfCompressed(stdin()) });
    else addPath(arg, false);
  }
  return { inputs, errors };
}

/** Scans each log into the tally; returns one message per log that could not be read. */
export async function scanInputs(inputs: readonly LogInput[], tally: MatchTally): Promise<string[]> {
  const errors: string[] = [];
  for (const input of inputs) {
    const scan = tally.open(input.name);
    try {
      for await (const chunk of input.open()) scan.push(chunk);
    } catch (error) {
      errors.push(describeError(input.name, error));
    } finally {
      scan.end();
    }
  }
  return errors;
}

/** A file's bytes in one reused buffer, or, for gzip, decompressed through a stream. */
async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_CHUNK);
    let { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
    if (isGzip(buffer.subarray(0, bytesRead))) {
      yield* gunzipIfCompressed(createReadStream(path, { highWaterMark: READ_CHUNK }));
      return;
    }
    while (bytesRead > 0) {
      yield buffer.subarray(0, bytesRead);
      ({ bytesRead } = await handle.read(buffer, 0, buffer.length, null));
    }
  } finally {
    await handle.close();
  }
}

function isGzip(head: Uint8Array): boolean {
  return head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

/** Passes the stream through, or through gunzip when its first bytes are the gzip magic. */
async function* gunzipIfCompressed(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const head = first.value;
  const rest = (async function* () {
    yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  })();
  if (!isGzip(head)) {
    yield* rest;
    return;
  }
  const gunzip = createGunzip({ chunkSize: READ_CHUNK });
  Readable.from(rest, { objectMode: false })
    .on('error', (error) => gunzip.destroy(error))
    .pipe(gunzip);
  yield* gunzip as AsyncIterable<Uint8Array>;
}

function describeError(name: string, error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  switch (code) {
    case 'ENOENT':
      return `${name}: no such file or directory. Fix: check the path`;
    case 'EACCES':
    case 'EPERM':
      return `${name}: permission denied. Fix: run as a user who can read it, or copy the log somewhere readable`;
    case 'Z_DATA_ERROR':
    case 'Z_BUF_ERROR':
      return `${name}: is not valid gzip data (${message}). Fix: check the file; a truncated .gz can be read up to its damage with zcat`;
    default:
      return `${name}: could not be read (${message})`;
  }
}
