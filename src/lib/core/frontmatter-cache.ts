/**
 * Parsing 25,000 YAML frontmatter blocks is most of the content check's time, and between two builds nearly all of
 * them are unchanged. This remembers parse results by a digest of the YAML text, in a file the build keeps in
 * Astro's cacheDir. Values go through V8's structured serialization, so they come back exactly as js-yaml made
 * them (dates stay Date objects). A result is reused only for the same text and the same js-yaml version.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';

const FORMAT = 1;
/** Where a cache shared with later caches of this process is found (see shareInProcess). A plain function under a
 * global symbol: Astro loads the content config through Vite, so the loader's copy of this module is not this one. */
const SHARED = Symbol.for('failure-catalogue.frontmatter-cache.shared');
type SharedLookup = (key: string) => Buffer | undefined;
const sharedLookup = (): SharedLookup | undefined => (globalThis as { [SHARED]?: SharedLookup })[SHARED];
const parserVersion = (createRequire(import.meta.url)('js-yaml/package.json') as { version: string }).version;

interface Stored {
  format: number;
  parser: string;
  /** Digest of the YAML text to the serialized parse result (each caller gets its own copy). */
  entries: Map<string, Buffer>;
}

export class FrontmatterCache {
  readonly #previous: Map<string, Buffer>;
  /** Only what this run used is written back, so deleted entries do not accumulate. */
  readonly #used = new Map<string, Buffer>();

  readonly file: string;

  private constructor(file: string, previous: Map<string, Buffer>) {
    this.file = file;
    this.#previous = previous;
  }

  /** Opens the cache file; a missing, unreadable or outdated file starts an empty cache. */
  static open(file: string): FrontmatterCache {
    let previous = new Map<string, Buffer>();
    try {
      if (existsSync(file)) {
        const stored = deserialize(readFileSync(file)) as Stored;
        if (stored.format === FORMAT && stored.parser === parserVersion) previous = stored.entries;
      }
    } catch {
      // A damaged cache only costs a full parse.
    }
    return new FrontmatterCache(file, previous);
  }

  /**
   * The parse result of `yaml`, from the cache, from a cache shared in this process, or from `parse` (whose errors
   * are not cached). Every caller parses frontmatter with the same function (parseFrontmatterYaml), which is what
   * makes a shared result the one `parse` would give.
   */
  parse(yaml: string, parse: (yaml: string) => unknown): unknown {
    const key = createHash('sha1').update(yaml).digest('base64');
    const known = this.#used.get(key) ?? this.#previous.get(key) ?? sharedLookup()?.(key);
    if (known) {
      this.#used.set(key, known);
      return deserialize(known);
    }
    const value = parse(yaml);
    this.#used.set(key, serialize(value));
    return value;
  }

  /**
   * A result computed from `input` alone, by `compute`, remembered across builds: the content check's per-failure
   * signature checks (compiling patterns, rendering format strings) are the other large part of its time. `scope`
   * names what computes it and must change whenever that code does (the caller passes a digest of its sources).
   */
  memo<T>(scope: string, input: unknown, compute: () => T): T {
    const key = createHash('sha1').update(scope).update('\u0000').update(JSON.stringify(input)).digest('base64');
    const known = this.#used.get(key) ?? this.#previous.get(key);
    if (known) {
      this.#used.set(key, known);
      return deserialize(known) as T;
    }
    const value = compute();
    this.#used.set(key, serialize(value));
    return value;
  }

  /**
   * Lets caches opened later in this process reuse this one's frontmatter parses: a cold build's content check has
   * just parsed every entry, and the site's loader would parse them all again (about 3 s at 25,000 entries).
   * `stopSharing` releases it once the loader is done, so its memory is not held through page generation.
   */
  shareInProcess(): void {
    (globalThis as { [SHARED]?: SharedLookup })[SHARED] = (key) => this.#used.get(key) ?? this.#previous.get(key);
  }

  static stopSharing(): void {
    delete (globalThis as { [SHARED]?: SharedLookup })[SHARED];
  }

  save(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, serialize({ format: FORMAT, parser: parserVersion, entries: this.#used } satisfies Stored));
  }
}
