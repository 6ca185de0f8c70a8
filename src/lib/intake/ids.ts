/**
 * Entry IDs for drafts. IDs are permanent and never reused, so a new one is one more than the highest ever seen:
 * in the content root (valid or not) and in other open intake pull requests, which are not merged yet but will be.
 */
import type { EntryCollection } from '../core/content-root.ts';

export const ID_PREFIX: Record<EntryCollection, string> = { failures: 'FAIL', remediations: 'REM', reports: 'RPT' };

export function collectionOf(id: string): EntryCollection | undefined {
  return (Object.entries(ID_PREFIX) as [EntryCollection, string][]).find(([, prefix]) => id.startsWith(`${prefix}-`))?.[0];
}

function numberOf(id: string, prefix: string): number | undefined {
  const match = new RegExp(`^${prefix}-(\\d{4,})$`).exec(id);
  return match ? Number(match[1]) : undefined;
}

export class IdAllocator {
  readonly #highest = new Map<EntryCollection, number>();
  readonly #reuse = new Map<EntryCollection, string[]>();

  /**
   * @param taken every ID in use or reserved (entry file names, IDs in other open intake pull requests)
   * @param reuse IDs this submission already has (its own pull request), handed out again before new ones
   */
  constructor(taken: Iterable<string>, reuse: Iterable<string> = []) {
    for (const id of taken) this.#see(id);
    for (const id of reuse) {
      const collection = collectionOf(id);
      if (!collection) continue;
      this.#see(id);
      this.#reuse.set(collection, [...(this.#reuse.get(collection) ?? []), id].sort());
    }
  }

  #see(id: string) {
    const collection = collectionOf(id);
    if (!collection) return;
    const n = numberOf(id, ID_PREFIX[collection]);
    if (n !== undefined && n > (this.#highest.get(collection) ?? 0)) this.#highest.set(collection, n);
  }

  next(collection: EntryCollection): string {
    const reused = this.#reuse.get(collection)?.shift();
    if (reused) return reused;
    const n = (this.#highest.get(collection) ?? 0) + 1;
    this.#highest.set(collection, n);
    return `${ID_PREFIX[collection]}-${String(n).padStart(4, '0')}`;
  }
}
