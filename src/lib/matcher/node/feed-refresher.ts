/**
 * Keeps a running matcher's feed current without a restart. Over HTTP it first asks for the small modified.csv
 * (one row per entry and when it last changed) with a conditional request, and downloads failures.json and
 * remediations.json (conditionally too, through the feed cache) only when that changed. A site without
 * modified.csv gets the documents' own conditional requests. A local feed directory is re-read when its files
 * change. A new feed is validated and indexed exactly as at start; one that is refused leaves the old one in use.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { formatProblem } from '../../core/problems.ts';
import { prepareMatcher, type PreparedMatcher } from '../prepare.ts';
import { loadFeedDocuments } from './feed-source.ts';

export type RefreshResult = 'unchanged' | 'updated' | 'refused' | 'failed';

export interface FeedRefresherOptions {
  location: string;
  cacheDir: string | undefined;
  service?: string | undefined;
  timeoutMs?: number;
}

const MODIFIED_TIMEOUT_MS = 30_000;
const MAX_MODIFIED_BYTES = 16 * 1024 * 1024;

export class FeedRefresher {
  readonly #options: FeedRefresherOptions;
  readonly #http: boolean;
  #modified: { etag?: string; lastModified?: string; digest?: string } = {};
  /** modified.csv is missing (a site before it was published, or a mirror without it): check the documents. */
  #noModifiedCsv = false;
  #documentsDigest: string | undefined;
  #refusedDigest: string | undefined;
  #localStamp: string | undefined;

  constructor(options: FeedRefresherOptions) {
    this.#options = options;
    this.#http = /^https?:\/\//i.test(options.location);
  }

  /** Records the feed's state as it is now, before the first load, so a change after the load is not missed. */
  async prime(): Promise<void> {
    try {
      if (this.#http) await this.#modifiedChanged();
      else this.#localStamp = await this.#localFeedStamp();
    } catch {
      // A failure here only means the first refresh downloads the documents.
    }
  }

  /** The digest of the documents in use, so a refresh that downloads the same feed swaps nothing. */
  inUse(failuresText: string, remediationsText: string): void {
    this.#documentsDigest = digest(failuresText, remediationsText);
  }

  /**
   * One refresh: `apply` gets the new matcher when the feed changed and validates; notes say what happened.
   * Never throws: a feed that cannot be fetched or is refused leaves the one in use.
   */
  async refresh(apply: (matcher: PreparedMatcher) => void, note: (message: string) => void): Promise<RefreshResult> {
    try {
      if (this.#http && !this.#noModifiedCsv) {
        if (!(await this.#modifiedChanged())) return 'unchanged';
      } else if (!this.#http) {
        const stamp = await this.#localFeedStamp();
        if (stamp === this.#localStamp) return 'unchanged';
        this.#localStamp = stamp;
      }
      const documents = await loadFeedDocuments(this.#options.location, { cacheDir: this.#options.cacheDir });
      for (const message of documents.notes) note(message);
      // A note means a document came from the cache instead (the server failed): look again next round.
      if (documents.notes.length > 0) this.#forgetChangeMarks();
      const documentsDigest = digest(documents.failures.text, documents.remediations.text);
      if (documentsDigest === this.#documentsDigest) return 'unchanged';
      // The same broken documents again: refused without repeating the warning.
      if (documentsDigest === this.#refusedDigest) return 'refused';
      const { matcher, problems } = prepareMatcher(documents.failures, documents.remediations, { service: this.#options.service });
      if (!matcher || matcher.index.signatures.length === 0) {
        const why = problems.length > 0 ? problems.slice(0, 5).map(formatProblem).join('; ') : `it has no signature${this.#options.service ? ` for service ${this.#options.service}` : ''}`;
        note(`the refreshed feed from ${this.#options.location} was refused, still matching with the feed in use: ${why}`);
        // A fixed feed may come with the same modified.csv (only a document was broken): so the next rounds
        // look at the documents again, until one is taken.
        this.#refusedDigest = documentsDigest;
        this.#forgetChangeMarks();
        return 'refused';
      }
      this.#documentsDigest = documentsDigest;
      apply(matcher);
      return 'updated';
    } catch (error) {
      note(`could not refresh the feed from ${this.#options.location} (${(error as Error).message}); still matching with the feed in use`);
      // modified.csv may have said "changed" before the documents failed: the next round must not take it as seen.
      this.#forgetChangeMarks();
      return 'failed';
    }
  }

  #forgetChangeMarks(): void {
    this.#modified = {};
    this.#localStamp = undefined;
  }

  /** Whether modified.csv changed since the last look (a conditional GET; 304 means no). */
  async #modifiedChanged(): Promise<boolean> {
    const base = new URL(this.#options.location);
    if (base.pathname.endsWith('.json')) base.pathname = base.pathname.replace(/[^/]*$/, '');
    else if (!base.pathname.endsWith('/')) base.pathname += '/';
    const url = new URL('modified.csv', base);
    const headers: Record<string, string> = { accept: 'text/csv' };
    if (this.#modified.etag) headers['if-none-match'] = this.#modified.etag;
    if (this.#modified.lastModified) headers['if-modified-since'] = this.#modified.lastModified;
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(this.#options.timeoutMs ?? MODIFIED_TIMEOUT_MS) });
    if (response.status === 304) {
      await response.body?.cancel();
      return false;
    }
    if (response.status === 404) {
      await response.body?.cancel();
      this.#noModifiedCsv = true;
      return true;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`${url.href}: the server answered ${response.status} ${response.statusText}`);
    }
    const text = await response.text();
    if (text.length > MAX_MODIFIED_BYTES) throw new Error(`${url.href}: is larger than ${MAX_MODIFIED_BYTES} bytes`);
    const previous = this.#modified.digest;
    this.#modified = { digest: digest(text) };
    const etag = response.headers.get('etag');
    const lastModified = response.headers.get('last-modified');
    if (etag) this.#modified.etag = etag;
    if (lastModified) this.#modified.lastModified = lastModified;
    return previous !== this.#modified.digest;
  }

  async #localFeedStamp(): Promise<string> {
    const dir = this.#options.location.endsWith('.json') ? dirname(this.#options.location) : this.#options.location;
    const parts = await Promise.all(
      ['failures.json', 'remediations.json'].map(async (name) => {
        const info = await stat(join(dir, name)).catch(() => undefined);
        return info ? `${info.ino}:${info.size}:${info.mtimeMs}` : 'missing';
      }),
    );
    return parts.join('|');
  }
}

function digest(...texts: string[]): string {
  const hash = createHash('sha256');
  for (const text of texts) hash.update(text).update('\u0000');
  return hash.digest('hex');
}
