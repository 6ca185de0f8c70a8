/**
 * The catalogue as the site and the feed see it: which entries are visible, and every relation derived from the
 * stored links (remediation -> failures it fixes, report -> failure, related failures) in both directions.
 * Pure: it takes plain data, so pages, feed endpoints, scripts and tests all share it.
 */
import type { Category, DeploymentTool, Failure, Release, Remediation, Report, Service } from '../../schemas/index.ts';
import type { CatalogueContent } from './integrity.ts';
import { expandReleases } from './releases.ts';
import { SimilarityIndex, type SimilarityDoc, type SimilarMatch } from './similarity.ts';

export interface CatalogueInput {
  failures: readonly Failure[];
  remediations: readonly Remediation[];
  reports: readonly Report[];
  categories: readonly Category[];
  services: readonly Service[];
  releases: readonly Release[];
  deploymentTools: readonly DeploymentTool[];
}

export interface CatalogueOptions {
  /** Preview builds show drafts, clearly marked; the public build never does. */
  includeDrafts: boolean;
  /** Keeps the similar failures of a build for the next one (the site's build cache); computed fresh without it. */
  similarMemo?: SimilarMemo;
}

/** Similar failures of every failure, by failure ID, as `Catalogue.similar` returns them (without the failure). */
export type SimilarResults = Record<string, SimilarMatch[]>;

/**
 * A store for similarity results, keyed by everything they are computed from: `inputs` is plain data, and the store
 * returns what it kept for equal inputs or calls `compute` and keeps its result.
 */
export interface SimilarMemo {
  get(inputs: unknown, compute: () => SimilarResults): SimilarResults;
}

/** How many similar failures a failure page shows (the default of `Catalogue.similar`). */
export const SIMILAR_SHOWN = 5;

export type Outcome = 'resolved' | 'partial' | 'not-resolved' | 'unknown';
export type OutcomeCounts = Record<Outcome, number>;

export interface ReportGroup {
  release: string;
  deploymentTool: string;
  reports: Report[];
  outcomes: OutcomeCounts;
}

const byId = <T extends { id: string }>(a: T, b: T) => a.id.localeCompare(b.id, 'en', { numeric: true });
const newestFirst = <T extends { id: string; modified: string }>(a: T, b: T) => b.modified.localeCompare(a.modified) || byId(a, b);

export function emptyOutcomes(): OutcomeCounts {
  return { resolved: 0, partial: 0, 'not-resolved': 0, unknown: 0 };
}

export class Catalogue {
  readonly failures: Failure[];
  readonly remediations: Remediation[];
  readonly reports: Report[];
  readonly categories: Category[];
  readonly services: Service[];
  readonly releases: Release[];
  readonly deploymentTools: DeploymentTool[];
  readonly includeDrafts: boolean;

  readonly #failure = new Map<string, Failure>();
  readonly #remediation = new Map<string, Remediation>();
  readonly #report = new Map<string, Report>();
  readonly #remediationsFor = new Map<string, Remediation[]>();
  readonly #reportsFor = new Map<string, Report[]>();
  readonly #reportsForRemediation = new Map<string, Report[]>();
  readonly #related = new Map<string, Set<string>>();
  readonly #affected = new Map<string, string[]>();
  #similarity: SimilarityIndex | undefined;
  readonly #similar = new Map<string, (SimilarMatch & { failure: Failure })[]>();
  readonly #similarMemo: SimilarMemo | undefined;

  constructor(input: CatalogueInput, options: CatalogueOptions) {
    this.includeDrafts = options.includeDrafts;
    this.#similarMemo = options.similarMemo;
    const visible = <T extends { status: string }>(e: T) => options.includeDrafts || e.status !== 'draft';
    this.failures = input.failures.filter(visible).sort(byId);
    this.remediations = input.remediations.filter(visible).sort(byId);
    this.reports = input.reports.filter(visible).sort(byId);
    this.categories = [...input.categories];
    this.services = [...input.services];
    this.releases = [...input.releases];
    this.deploymentTools = [...input.deploymentTools];

    for (const f of this.failures) {
      this.#failure.set(f.id, f);
      this.#affected.set(f.id, expandReleases(f.releases, this.releases));
    }
    for (const r of this.remediations) this.#remediation.set(r.id, r);
    for (const r of this.reports) this.#report.set(r.id, r);

    for (const rem of this.remediations) {
      for (const id of rem.fixes) if (this.#failure.has(id)) push(this.#remediationsFor, id, rem);
    }
    for (const rpt of this.reports) {
      if (rpt.failure && this.#failure.has(rpt.failure)) push(this.#reportsFor, rpt.failure, rpt);
      if (rpt.remediation && this.#remediation.has(rpt.remediation)) push(this.#reportsForRemediation, rpt.remediation, rpt);
    }
    // `related` is symmetric: a link written on either side shows on both pages.
    for (const f of this.failures) {
      for (const other of f.related) {
        if (!this.#failure.has(other)) continue;
        addTo(this.#related, f.id, other);
        addTo(this.#related, other, f.id);
      }
    }
  }

  /** Display name of a taxonomy term; the ID itself if unknown. */
  name(kind: 'categories' | 'services' | 'releases' | 'deploymentTools', id: string): string {
    const term = (this[kind] as { id: string; name: string }[]).find((t) => t.id === id);
    if (!term) return id;
    return kind === 'releases' ? `${term.id} ${term.name}` : term.name;
  }

  failure(id: string): Failure | undefined {
    return this.#failure.get(id);
  }
  remediation(id: string): Remediation | undefined {
    return this.#remediation.get(id);
  }
  report(id: string): Report | undefined {
    return this.#report.get(id);
  }

  /** Remediations that fix the failure, non-withdrawn first. */
  remediationsFor(failureId: string): Remediation[] {
    const list = this.#remediationsFor.get(failureId) ?? [];
    return [...list].sort((a, b) => Number(a.status === 'withdrawn') - Number(b.status === 'withdrawn') || byId(a, b));
  }
  /** Failures a remediation fixes (that are visible in this build). */
  failuresFixedBy(remediation: Remediation): Failure[] {
    return remediation.fixes.map((id) => this.#failure.get(id)).filter((f): f is Failure => f !== undefined);
  }
  reportsFor(failureId: string): Report[] {
    return this.#reportsFor.get(failureId) ?? [];
  }
  reportsForRemediation(remediationId: string): Report[] {
    return this.#reportsForRemediation.get(remediationId) ?? [];
  }
  related(failureId: string): Failure[] {
    return [...(this.#related.get(failureId) ?? [])].map((id) => this.#failure.get(id)!).sort(byId);
  }
  affectedReleases(failureId: string): string[] {
    return this.#affected.get(failureId) ?? [];
  }

  /** Similar failures that are not already linked as related. */
  similar(failureId: string, limit = SIMILAR_SHOWN): (SimilarMatch & { failure: Failure })[] {
    // Memoized: a failure page's cache key and its rendering both ask for it.
    const key = `${failureId} ${limit}`;
    let found = this.#similar.get(key);
    if (!found) {
      const matches = limit === SIMILAR_SHOWN && this.#similarMemo ? (this.#similarShown()[failureId] ?? []) : this.#computeSimilar(failureId, limit);
      found = matches.map((m) => ({ ...m, failure: this.#failure.get(m.id)! }));
      this.#similar.set(key, found);
    }
    return found;
  }

  /**
   * Computes every failure's similar failures as their pages show them and stores them in the memo, so a build's
   * pages read them instead of computing them (the feed writer's process does this beside the content sync).
   * Without a memo there is nothing to keep them in, and nothing is done. The similarity index (with every
   * signature compiled for the comparisons) is let go afterwards: the feed writer goes on to write thousands of
   * files, and at 10,000 failures keeping it took that process from about 2.4 to 3.1 GB (it is built again if asked).
   */
  prepareSimilar(): void {
    if (!this.#similarMemo) return;
    this.#similarShown();
    this.#similarity = undefined;
  }

  #similarShownResults: SimilarResults | undefined;

  /**
   * Every failure's similar failures as its page shows them, from the memo when nothing they are computed from has
   * changed: the index's documents and the related links. At 10,000 failures computing them takes about 6 s of
   * each build; an edit to a body, a report or a remediation leaves them as they were.
   */
  #similarShown(): SimilarResults {
    this.#similarShownResults ??= this.#similarMemo!.get(
      { limit: SIMILAR_SHOWN, docs: this.#similarityDocs(), related: this.failures.map((f) => [f.id, [...(this.#related.get(f.id) ?? [])].sort()]) },
      () => Object.fromEntries(this.failures.map((f) => [f.id, this.#computeSimilar(f.id, SIMILAR_SHOWN)])),
    );
    return this.#similarShownResults;
  }

  #computeSimilar(failureId: string, limit: number): SimilarMatch[] {
    const related = this.#related.get(failureId) ?? new Set<string>();
    return this.similarity
      .similarTo(failureId, limit + related.size)
      .filter((m) => !related.has(m.id))
      .slice(0, limit);
  }

  get similarity(): SimilarityIndex {
    this.#similarity ??= new SimilarityIndex(this.#similarityDocs());
    return this.#similarity;
  }

  #similarityDocs(): SimilarityDoc[] {
    return this.failures
      .filter((f) => f.status !== 'withdrawn')
      .map((f) => ({
        id: f.id,
        text: [f.title, f.summary, ...f.symptoms, ...f.components, ...f.signatures.map((s) => s.description)].join('\n'),
        category: f.category,
        services: f.services,
        signatures: f.signatures,
      }));
  }

  /** Reports of a failure grouped by release and deployment tool, with outcome counts. */
  reportGroups(failureId: string): ReportGroup[] {
    const groups = new Map<string, ReportGroup>();
    for (const report of this.reportsFor(failureId)) {
      const release = report.release ?? 'unknown';
      const deploymentTool = report.deployment_tool ?? 'unknown';
      const key = `${release}\u0000${deploymentTool}`;
      let group = groups.get(key);
      if (!group) {
        group = { release, deploymentTool, reports: [], outcomes: emptyOutcomes() };
        groups.set(key, group);
      }
      group.reports.push(report);
      group.outcomes[report.outcome ?? 'unknown']++;
    }
    const order = new Map(this.releases.map((r, i) => [r.id, i]));
    return [...groups.values()].sort(
      (a, b) => (order.get(b.release) ?? -1) - (order.get(a.release) ?? -1) || a.deploymentTool.localeCompare(b.deploymentTool),
    );
  }

  /** Outcomes that reports give for a remediation, overall and per release. */
  outcomesFor(remediationId: string): { total: OutcomeCounts; byRelease: { release: string; outcomes: OutcomeCounts }[] } {
    const total = emptyOutcomes();
    const byRelease = new Map<string, OutcomeCounts>();
    for (const report of this.reportsForRemediation(remediationId)) {
      const outcome = report.outcome ?? 'unknown';
      total[outcome]++;
      const release = report.release ?? 'unknown';
      const counts = byRelease.get(release) ?? emptyOutcomes();
      counts[outcome]++;
      byRelease.set(release, counts);
    }
    return { total, byRelease: [...byRelease].map(([release, outcomes]) => ({ release, outcomes })) };
  }

  /** Non-withdrawn failures, for browse pages and counts. */
  get current(): Failure[] {
    return this.failures.filter((f) => f.status !== 'withdrawn');
  }

  failuresInCategory(id: string): Failure[] {
    return this.current.filter((f) => f.category === id);
  }
  failuresForService(id: string): Failure[] {
    return this.current.filter((f) => f.services.includes(id) || f.signatures.some((s) => s.service === id));
  }
  failuresInRelease(id: string): Failure[] {
    return this.current.filter((f) => this.affectedReleases(f.id).includes(id));
  }
  failuresWithSeverity(severity: string): Failure[] {
    return this.current.filter((f) => f.severity === severity);
  }
  failuresForDeploymentTool(id: string): Failure[] {
    return this.current.filter((f) => f.deployment_tools.includes(id));
  }

  recentlyAdded(limit: number): Failure[] {
    return [...this.current].sort((a, b) => b.created.localeCompare(a.created) || byId(b, a)).slice(0, limit);
  }
  recentlyUpdated(limit: number): (Failure | Remediation)[] {
    return [...this.current, ...this.remediations.filter((r) => r.status !== 'withdrawn')].sort(newestFirst).slice(0, limit);
  }
}

/** A catalogue over checked content read from disk (scripts and tests; the site reads Astro's collections). */
export function catalogueFromContent(content: CatalogueContent, options: CatalogueOptions): Catalogue {
  const data = <T>(entries: readonly { data: T }[]) => entries.map((e) => e.data);
  return new Catalogue({ ...content, failures: data(content.failures), remediations: data(content.remediations), reports: data(content.reports) }, options);
}

function push<V>(map: Map<string, V[]>, key: string, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function addTo(map: Map<string, Set<string>>, key: string, value: string) {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}
