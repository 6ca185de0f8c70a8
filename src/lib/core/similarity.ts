/**
 * "Is this the same failure?" Scores failures against each other, or a new submission against the catalogue, from
 * shared signatures, shared words (TF-IDF cosine), shared services and category, and explains every score. The
 * work group uses it to link reports to an existing failure instead of filing duplicates (user story 1e, 2c, 3c).
 * Candidates come from an inverted index over distinctive words, so a 10,000-entry catalogue is not compared
 * pair by pair.
 */
import { RE2JS } from 're2js';
import { requiredLiterals } from '../matcher/required-literals.ts';
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

/** A normalised TF-IDF vector: term numbers in ascending order and their weights, so cosine is a merge join. */
interface Vector {
  terms: Int32Array;
  weights: Float64Array;
}

export class SimilarityIndex {
  readonly #docs: SimilarityDoc[];
  readonly #byId = new Map<string, number>();
  readonly #vectors: Vector[];
  /** Term number for each word; numbers index #postings and #idf. */
  readonly #termIds = new Map<string, number>();
  readonly #terms: string[] = [];
  readonly #postings: number[][] = [];
  #idf: Float64Array = new Float64Array(0);
  /** Scratch space for candidate scores, one slot per document, zero between queries. */
  readonly #partial: Float64Array;
  readonly #patterns = [new Map<string, CompiledSignature | null>(), new Map<string, CompiledSignature | null>()] as const;

  constructor(docs: readonly SimilarityDoc[]) {
    this.#docs = [...docs];
    const termCounts = this.#docs.map((doc) => countTerms(tokenize(doc.text)));
    termCounts.forEach((counts, index) => {
      this.#byId.set(this.#docs[index]!.id, index);
      for (const term of counts.keys()) {
        let id = this.#termIds.get(term);
        if (id === undefined) {
          id = this.#terms.push(term) - 1;
          this.#termIds.set(term, id);
          this.#postings.push([]);
        }
        this.#postings[id]!.push(index);
      }
    });
    const n = this.#docs.length;
    this.#idf = Float64Array.from(this.#postings, (list) => Math.log(1 + n / list.length));
    this.#vectors = termCounts.map((counts) => this.#vector(counts));
    this.#partial = new Float64Array(n);
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
    // Words the catalogue has never seen cannot be shared with any entry; they only add to the norm.
    const unseenIdf = Math.log(1 + this.#docs.length);
    const known: [number, number][] = [];
    let norm = 0;
    for (const [term, count] of counts) {
      const id = this.#termIds.get(term);
      const weight = (1 + Math.log(count)) * (id === undefined ? unseenIdf : this.#idf[id]!);
      norm += weight * weight;
      if (id !== undefined) known.push([id, weight]);
    }
    norm = Math.sqrt(norm) || 1;
    known.sort((a, b) => a[0] - b[0]);
    return { terms: Int32Array.from(known, ([id]) => id), weights: Float64Array.from(known, ([, w]) => w / norm) };
  }

  #rank(vector: Vector, query: SimilarityQuery, limit: number, self: number): SimilarMatch[] {
    // Candidates: documents sharing distinctive words, pre-scored by the weights of the words they share; only the
    // best MAX_CANDIDATES get a full comparison, so the cost per query does not grow with the catalogue.
    const partial = this.#partial;
    const touched: number[] = [];
    const distinctive = [...vector.terms.keys()].sort((a, b) => vector.weights[b]! - vector.weights[a]!).slice(0, TERMS_PER_QUERY);
    for (const k of distinctive) {
      const term = vector.terms[k]!;
      const list = this.#postings[term]!;
      if (list.length > MAX_POSTING) continue;
      const score = vector.weights[k]! * this.#idf[term]!;
      for (const i of list) {
        if (partial[i] === 0) touched.push(i);
        partial[i]! += score;
      }
    }
    const candidates = new Set(topByScore(touched, partial, self, MAX_CANDIDATES));
    for (const i of touched) partial[i] = 0;
    // A new submission is run against every signature; a catalogued failure only against its text candidates, so
    // the build stays linear in the size of the catalogue.
    const signatureHits = this.#signatureHits(query.logLines ?? [], self < 0 ? undefined : candidates);
    for (const i of signatureHits.keys()) candidates.add(i);
    candidates.delete(self);

    // Score every candidate first; the explanations (the costly part) are written only for the ones returned.
    const services = query.services ?? [];
    const scored: { i: number; score: number; cosine: number }[] = [];
    for (const i of candidates) {
      const doc = this.#docs[i]!;
      const cosine = cosineOf(vector, this.#vectors[i]!);
      const sharedServices = doc.services.filter((s) => services.includes(s)).length;
      const score =
        WEIGHTS.text * cosine +
        (signatureHits.has(i) ? WEIGHTS.signature : 0) +
        (sharedServices > 0 ? (WEIGHTS.services * sharedServices) / new Set([...doc.services, ...services]).size : 0) +
        (query.category && doc.category === query.category ? WEIGHTS.category : 0);
      if (score >= MIN_SCORE && (cosine > 0.05 || signatureHits.has(i))) scored.push({ i, score: round(score), cosine });
    }
    scored.sort((a, b) => b.score - a.score || this.#docs[a.i]!.id.localeCompare(this.#docs[b.i]!.id));
    return scored.slice(0, limit).map(({ i, score, cosine }) => {
      const doc = this.#docs[i]!;
      const reasons: string[] = [];
      if (cosine > 0) reasons.push(`shares the words ${this.#sharedWords(vector, this.#vectors[i]!, 5).join(', ')}`);
      const hit = signatureHits.get(i);
      if (hit) reasons.push(`its signature ${doc.id}/${hit.signature} matches ${JSON.stringify(truncate(hit.line, 120))}`);
      const sharedServices = doc.services.filter((s) => services.includes(s));
      if (sharedServices.length > 0) reasons.push(`same service${sharedServices.length > 1 ? 's' : ''} ${sharedServices.join(', ')}`);
      if (query.category && doc.category === query.category) reasons.push(`same category ${doc.category}`);
      return { id: doc.id, score, reasons, ...(hit ? { signature: { id: hit.signature, line: hit.line } } : {}) };
    });
  }

  /** The shared words that weigh most in the cosine, for the explanation. */
  #sharedWords(a: Vector, b: Vector, limit: number): string[] {
    const contributions: [number, number][] = [];
    mergeJoin(a, b, (term, product) => contributions.push([term, product]));
    return contributions
      .sort((x, y) => y[1] - x[1])
      .slice(0, limit)
      .map(([term]) => this.#terms[term]!);
  }

  /** Runs each log line against the signatures of every failure (RE2: linear time on hostile lines). */
  #signatureHits(lines: readonly string[], scope: Set<number> | undefined): Map<number, { signature: string; line: string }> {
    const hits = new Map<number, { signature: string; line: string }>();
    if (lines.length === 0) return hits;
    const folded = lines.map((l) => l.toLowerCase());
    const indices = scope ? [...scope] : this.#docs.map((_, i) => i);
    for (const i of indices) {
      const doc = this.#docs[i]!;
      for (const sig of doc.signatures) {
        const compiled = this.#compiled(sig);
        if (!compiled) continue;
        // The pattern's fixed texts rule most lines out before the (much slower) regular expression runs.
        const { re, literals } = compiled;
        const k = lines.findIndex((l, n) => (literals === null || literals.some((t) => folded[n]!.includes(t))) && re.test(l));
        if (k >= 0) {
          hits.set(i, { signature: sig.id, line: lines[k]! });
          break;
        }
      }
    }
    return hits;
  }

  #compiled(sig: SimilarityDoc['signatures'][number]): CompiledSignature | null {
    // Keyed by pattern text: entries that share a pattern share one compiled program (and its warmed-up state).
    const cache = this.#patterns[sig.ignore_case ? 1 : 0];
    if (!cache.has(sig.pattern)) {
      let compiled: CompiledSignature | null = null;
      try {
        const literals = requiredLiterals(sig.pattern, sig.ignore_case);
        compiled = {
          re: RE2JS.compile(sig.pattern, sig.ignore_case ? RE2JS.CASE_INSENSITIVE : 0),
          literals: literals && literals.map((t) => t.toLowerCase()),
        };
      } catch {
        // An invalid pattern matches nothing here; the content check reports it.
      }
      cache.set(sig.pattern, compiled);
    }
    return cache.get(sig.pattern) ?? null;
  }
}

interface CompiledSignature {
  re: RE2JS;
  /** Case-folded texts one of which every match contains, or null when the pattern has none. */
  literals: string[] | null;
}

/** The indices with the highest scores (at most limit), without sorting every touched document. */
function topByScore(indices: readonly number[], scores: Float64Array, exclude: number, limit: number): number[] {
  const top: number[] = [];
  for (const i of indices) {
    if (i === exclude) continue;
    const score = scores[i]!;
    if (top.length === limit && score <= scores[top[limit - 1]!]!) continue;
    let at = top.length < limit ? top.length : limit - 1;
    while (at > 0 && scores[top[at - 1]!]! < score) at--;
    top.splice(at, 0, i);
    if (top.length > limit) top.pop();
  }
  return top;
}

function countTerms(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** Calls visit for each term both vectors have, with the product of its weights. */
function mergeJoin(a: Vector, b: Vector, visit: (term: number, product: number) => void): void {
  let i = 0;
  let j = 0;
  while (i < a.terms.length && j < b.terms.length) {
    const x = a.terms[i]!;
    const y = b.terms[j]!;
    if (x === y) visit(x, a.weights[i++]! * b.weights[j++]!);
    else if (x < y) i++;
    else j++;
  }
}

function cosineOf(a: Vector, b: Vector): number {
  let cosine = 0;
  mergeJoin(a, b, (_, product) => (cosine += product));
  return cosine;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
