/**
 * "Is this the same failure?" Scores failures against each other, or a new submission against the catalogue, from
 * shared signatures, shared words (TF-IDF cosine), shared services and category, and explains every score. The
 * work group uses it to link reports to an existing failure instead of filing duplicates (user story 1e, 2c, 3c).
 * Candidates come from an inverted index over distinctive words, so a 10,000-entry catalogue is not compared
 * pair by pair.
 */
import { RE2JS } from 're2js';
import { tokenize } from './text.ts';

export interface SimilarityDoc {
  id: string;
  text: string;
  category?: string;
  services: readonly string[];
  signatures: ReadonlyArray<{ id: string; pattern: string; ignore_case: boolean; examples: { match: readonly string[] } }>;
}

export interface SimilarityQuery {
  text: string;
  category?: string;
  services?: readonly string[];
  /** Log lines to run against every known signature. */
  logLines?: readonly string[];
}

export interface SimilarMatch {
  id: string;
  /** 0 to 1. */
  score: number;
  reasons: string[];
  /** The matching signature's ID and the log line it matched, when a signature matched (intake uses it). */
  signature?: { id: string; line: string };
}

const WEIGHTS = { text: 0.45, signature: 0.35, services: 0.1, category: 0.1 } as const;
const MIN_SCORE = 0.12;
const TERMS_PER_QUERY = 16;
/** Words in more documents than this say little about sameness and are skipped for candidate search. */
const MAX_POSTING = 400;
const MAX_CANDIDATES = 60;

interface Vector {
  weights: Map<string, number>;
}

export class SimilarityIndex {
  readonly #docs: SimilarityDoc[];
  readonly #byId = new Map<string, number>();
  readonly #vectors: Vector[];
  readonly #postings = new Map<string, number[]>();
  readonly #idf = new Map<string, number>();
  readonly #patterns = new Map<string, RE2JS | null>();

  constructor(docs: readonly SimilarityDoc[]) {
    this.#docs = [...docs];
    const termCounts = this.#docs.map((doc) => countTerms(tokenize(doc.text)));
    termCounts.forEach((counts, index) => {
      this.#byId.set(this.#docs[index]!.id, index);
      for (const term of counts.keys()) {
        const list = this.#postings.get(term);
        if (list) list.push(index);
        else this.#postings.set(term, [index]);
      }
    });
    const n = this.#docs.length;
    for (const [term, list] of this.#postings) this.#idf.set(term, Math.log(1 + n / list.length));
    this.#vectors = termCounts.map((counts) => this.#vector(counts));
  }

  /** The failures most like a catalogued one, best first, excluding itself. */
  similarTo(id: string, limit = 5): SimilarMatch[] {
    const index = this.#byId.get(id);
    if (index === undefined) return [];
    const doc = this.#docs[index]!;
    const examples = doc.signatures.flatMap((s) => s.examples.match);
    return this.#rank(
      this.#vectors[index]!,
      { text: doc.text, services: doc.services, logLines: examples, ...(doc.category ? { category: doc.category } : {}) },
      limit,
      index,
    );
  }

  /** The catalogued failures most like a new submission, best first. */
  query(query: SimilarityQuery, limit = 5): SimilarMatch[] {
    return this.#rank(this.#vector(countTerms(tokenize(query.text))), query, limit, -1);
  }

  #vector(counts: Map<string, number>): Vector {
    const weights = new Map<string, number>();
    let norm = 0;
    for (const [term, count] of counts) {
      const weight = (1 + Math.log(count)) * (this.#idf.get(term) ?? Math.log(1 + this.#docs.length));
      weights.set(term, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [term, weight] of weights) weights.set(term, weight / norm);
    return { weights };
  }

  #rank(vector: Vector, query: SimilarityQuery, limit: number, self: number): SimilarMatch[] {
    // Candidates: documents sharing distinctive words, pre-scored by the weights of the words they share; only the
    // best MAX_CANDIDATES get a full comparison, so the cost per query does not grow with the catalogue.
    const partial = new Map<number, number>();
    const distinctive = [...vector.weights].sort((a, b) => b[1] - a[1]).slice(0, TERMS_PER_QUERY);
    for (const [term, weight] of distinctive) {
      const list = this.#postings.get(term);
      if (!list || list.length > MAX_POSTING) continue;
      const idf = this.#idf.get(term) ?? 0;
      for (const i of list) partial.set(i, (partial.get(i) ?? 0) + weight * idf);
    }
    partial.delete(self);
    const candidates = new Set(
      [...partial]
        .sort((a, b) => b[1] - a[1])
        .slice(0, MAX_CANDIDATES)
        .map(([i]) => i),
    );
    // A new submission is run against every signature; a catalogued failure only against its text candidates, so
    // the build stays linear in the size of the catalogue.
    const signatureHits = this.#signatureHits(query.logLines ?? [], self < 0 ? undefined : candidates);
    for (const i of signatureHits.keys()) candidates.add(i);
    candidates.delete(self);

    const matches: SimilarMatch[] = [];
    for (const i of candidates) {
      const doc = this.#docs[i]!;
      const reasons: string[] = [];
      let score = 0;

      const { cosine, shared } = cosineWithShared(vector, this.#vectors[i]!);
      if (cosine > 0) {
        score += WEIGHTS.text * cosine;
        if (shared.length > 0) reasons.push(`shares the words ${shared.slice(0, 5).join(', ')}`);
      }
      const hit = signatureHits.get(i);
      if (hit) {
        score += WEIGHTS.signature;
        reasons.push(`its signature ${doc.id}/${hit.signature} matches ${JSON.stringify(truncate(hit.line, 120))}`);
      }
      const services = query.services ?? [];
      const sharedServices = doc.services.filter((s) => services.includes(s));
      if (sharedServices.length > 0) {
        score += (WEIGHTS.services * sharedServices.length) / new Set([...doc.services, ...services]).size;
        reasons.push(`same service${sharedServices.length > 1 ? 's' : ''} ${sharedServices.join(', ')}`);
      }
      if (query.category && doc.category === query.category) {
        score += WEIGHTS.category;
        reasons.push(`same category ${doc.category}`);
      }
      if (score >= MIN_SCORE && (cosine > 0.05 || hit)) matches.push({ id: doc.id, score: round(score), reasons, ...(hit ? { signature: { id: hit.signature, line: hit.line } } : {}) });
    }
    return matches.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, limit);
  }

  /** Runs each log line against the signatures of every failure (RE2: linear time on hostile lines). */
  #signatureHits(lines: readonly string[], scope: Set<number> | undefined): Map<number, { signature: string; line: string }> {
    const hits = new Map<number, { signature: string; line: string }>();
    if (lines.length === 0) return hits;
    const indices = scope ? [...scope] : this.#docs.map((_, i) => i);
    for (const i of indices) {
      const doc = this.#docs[i]!;
      for (const sig of doc.signatures) {
        const re = this.#compiled(sig.pattern, sig.ignore_case);
        const line = re ? lines.find((l) => re.matcher(l).find()) : undefined;
        if (line !== undefined) {
          hits.set(i, { signature: sig.id, line });
          break;
        }
      }
    }
    return hits;
  }

  #compiled(pattern: string, ignoreCase: boolean): RE2JS | null {
    const key = `${ignoreCase ? 'i' : '-'}${pattern}`;
    if (!this.#patterns.has(key)) {
      try {
        this.#patterns.set(key, RE2JS.compile(pattern, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0));
      } catch {
        this.#patterns.set(key, null);
      }
    }
    return this.#patterns.get(key) ?? null;
  }
}

function countTerms(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

function cosineWithShared(a: Vector, b: Vector): { cosine: number; shared: string[] } {
  const [small, large] = a.weights.size <= b.weights.size ? [a, b] : [b, a];
  let cosine = 0;
  const contributions: [string, number][] = [];
  for (const [term, weight] of small.weights) {
    const other = large.weights.get(term);
    if (other !== undefined) {
      cosine += weight * other;
      contributions.push([term, weight * other]);
    }
  }
  contributions.sort((x, y) => y[1] - x[1]);
  return { cosine, shared: contributions.map(([term]) => term) };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
