/**
 * Gets the feed's failures.json and remediations.json for the command line: from a directory, or over HTTP(S)
 * with a local cache and conditional requests (ETag / Last-Modified), so a repeated run downloads nothing new
 * and an offline run still works from the last copy. Sizes and time are bounded: a feed is untrusted input.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FeedDocument } from '../feed-documents.ts';

/** The published catalogue's feed. */
export const DEFAULT_FEED_URL = 'https://openstack-failure-catalogue.github.io/failure-catalogue/api/v1/';
/** Far above a 10,000-entry catalogue, far below what would strain memory. */
export const MAX_FEED_DOCUMENT_BYTES = 64 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 60_000;
const DOCUMENTS = ['failures.json', 'remediations.json'] as const;

export class FeedLoadError extends Error {}

export interface LoadedFeedDocuments {
  failures: FeedDocument;
  remediations: FeedDocument;
  /** What happened on the way, for stderr: "not modified", "offline, using the cached copy". */
  notes: string[];
}

export interface FeedSourceOptions {
  /** Where downloaded documents are kept; undefined: no cache. */
  cacheDir: string | undefined;
  timeoutMs?: number;
}

export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'failure-catalogue', 'feed');
}

export async function loadFeedDocuments(location: string, options: FeedSourceOptions): Promise<LoadedFeedDocuments> {
  const notes: string[] = [];
  if (/^https?:\/\//i.test(location)) {
    const base = new URL(location);
    if (base.pathname.endsWith('.json')) base.pathname = base.pathname.replace(/[^/]*$/, '');
    else if (!base.pathname.endsWith('/')) base.pathname += '/';
    const [failures, remediations] = await Promise.all(DOCUMENTS.map((name) => download(new URL(name, base).href, options, notes)));
    return { failures: failures!, remediations: remediations!, notes };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    throw new FeedLoadError(`--feed ${location}: only http://, https:// and local paths are supported. Fix: give the feed's URL (…/api/v1/) or a directory holding failures.json and remediations.json`);
  }
  const dir = location.endsWith('.json') ? dirname(location) : location;
  const [failures, remediations] = DOCUMENTS.map((name) => readLocal(join(dir, name)));
  return { failures: failures!, remediations: remediations!, notes };
}

function readLocal(path: string): FeedDocument {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new FeedLoadError(`${path}: not found. Fix: point --feed at the feed directory, e.g. dist/api/v1 after npm run build, or at the site's …/api/v1/ URL`);
  }
  if (size > MAX_FEED_DOCUMENT_BYTES) throw new FeedLoadError(`${path}: is ${size} bytes, more than the ${MAX_FEED_DOCUMENT_BYTES} a feed document may have. Fix: check that --feed points at a Failure Catalogue feed`);
  return { name: path, text: readFileSync(path, 'utf8') };
}

interface CacheEntry {
  text: string;
  etag?: string;
  lastModified?: string;
  fetched: string;
}

async function download(url: string, options: FeedSourceOptions, notes: string[]): Promise<FeedDocument> {
  const cached = readCache(options.cacheDir, url);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (cached?.etag) headers['if-none-match'] = cached.etag;
  if (cached?.lastModified) headers['if-modified-since'] = cached.lastModified;

  const useCache = (why: string): FeedDocument => {
    notes.push(`${url}: ${why}; using the copy cached at ${cached!.fetched}`);
    return { name: url, text: cached!.text };
  };
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: AbortSignal.timeout(options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS) });
  } catch (error) {
    const reason = (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message;
    if (cached) return useCache(`could not be downloaded (${reason})`);
    throw new FeedLoadError(`${url}: could not be downloaded (${reason}). Fix: check the network or the URL, or pass --feed with a local copy`);
  }
  if (response.status === 304 && cached) {
    await response.body?.cancel();
    return { name: url, text: cached.text };
  }
  if (!response.ok) {
    await response.body?.cancel();
    if (cached) return useCache(`the server answered ${response.status}`);
    throw new FeedLoadError(`${url}: the server answered ${response.status} ${response.statusText}. Fix: check the URL; the feed lives under …/api/v1/`);
  }
  const text = await readBounded(response, url);
  const entry: CacheEntry = { text, fetched: new Date().toISOString() };
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  if (etag) entry.etag = etag;
  if (lastModified) entry.lastModified = lastModified;
  writeCache(options.cacheDir, url, entry, notes);
  return { name: url, text };
}

/** Reads a response body, refusing it as soon as it grows past the limit (a Content-Length can lie). */
async function readBounded(response: Response, url: string): Promise<string> {
  const tooBig = () => new FeedLoadError(`${url}: is larger than ${MAX_FEED_DOCUMENT_BYTES} bytes, more than a feed document may have. Fix: check that --feed points at a Failure Catalogue feed`);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_FEED_DOCUMENT_BYTES) {
    await response.body?.cancel();
    throw tooBig();
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_FEED_DOCUMENT_BYTES) {
      await reader.cancel();
      throw tooBig();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function cacheFile(dir: string, url: string): string {
  return join(dir, `${createHash('sha256').update(url).digest('hex').slice(0, 32)}.json`);
}

function readCache(dir: string | undefined, url: string): CacheEntry | null {
  if (!dir) return null;
  const file = cacheFile(dir, url);
  if (!existsSync(file)) return null;
  try {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheEntry>;
    return typeof entry.text === 'string' && typeof entry.fetched === 'string' ? (entry as CacheEntry) : null;
  } catch {
    return null; // a damaged cache is a cache miss
  }
}

function writeCache(dir: string | undefined, url: string, entry: CacheEntry, notes: string[]): void {
  if (!dir) return;
  const file = cacheFile(dir, url);
  try {
    mkdirSync(dir, { recursive: true });
    // Write then rename, so a concurrent run never reads half a file.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, JSON.stringify(entry));
    renameSync(partial, file);
  } catch (error) {
    notes.push(`could not cache the feed in ${dir} (${(error as Error).message}); the next run downloads it again`);
  }
}
