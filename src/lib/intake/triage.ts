/**
 * The triage view of a preview build: every untriaged report and draft entry, with the published failures it most
 * resembles (its log lines run against every signature, its words compared) and the other submissions it resembles,
 * grouped so the work group sees at a glance which submissions are the same failure.
 */
import { Catalogue } from '../core/catalogue.ts';
import { SimilarityIndex, type SimilarityQuery } from '../core/similarity.ts';
import { fencedLines, findSimilar, looksLikeDuplicate, type SimilarFailure } from './similar.ts';

export type SubmissionKind = 'report' | 'failure' | 'remediation';

export interface Submission {
  id: string;
  kind: SubmissionKind;
  title: string;
  /** The issue it came from, when it came through the intake. */
  source?: string;
  /** A report's failure, when the reporter named one ("I hit this too"). */
  claims?: string;
  /** A remediation's failures. */
  fixes: string[];
  similar: SimilarFailure[];
  /** Other submissions that look like the same failure. */
  similarSubmissions: string[];
}

export interface TriageGroup {
  /** The published failure these submissions most likely are; undefined for "no likely match". */
  failure?: { id: string; title: string };
  submissions: Submission[];
}

export interface Triage {
  submissions: Submission[];
  groups: TriageGroup[];
}

interface Candidate {
  submission: Omit<Submission, 'similar' | 'similarSubmissions'>;
  query: SimilarityQuery;
}

export function buildTriage(catalogue: Catalogue, body: (id: string) => string): Triage {
  const published = new Catalogue(
    {
      failures: catalogue.failures,
      remediations: catalogue.remediations,
      reports: catalogue.reports,
      categories: catalogue.categories,
      services: catalogue.services,
      releases: catalogue.releases,
      deploymentTools: catalogue.deploymentTools,
    },
    { includeDrafts: false },
  );
  const candidates: Candidate[] = [
    ...catalogue.reports
      .filter((r) => r.status === 'draft')
      .map((r) => ({
        submission: { id: r.id, kind: 'report' as const, title: r.title, source: r.source, ...(r.failure ? { claims: r.failure } : {}), fixes: [] },
        query: { text: `${r.title}\n${body(r.id)}`, services: r.backends, logLines: fencedLines(body(r.id)) },
      })),
    ...catalogue.failures
      .filter((f) => f.status === 'draft')
      .map((f) => {
        const source = f.references.find((ref) => ref.type === 'report')?.url;
        return {
          submission: { id: f.id, kind: 'failure' as const, title: f.title, ...(source ? { source } : {}), fixes: [] },
          query: {
            text: [f.title, f.summary, ...f.symptoms, ...f.components, ...f.signatures.map((s) => s.description), body(f.id)].join('\n'),
            category: f.category,
            services: f.services,
            logLines: [...f.signatures.flatMap((s) => s.examples.match), ...fencedLines(body(f.id))],
          },
        };
      }),
    ...catalogue.remediations
      .filter((r) => r.status === 'draft')
      .map((r) => {
        const source = r.references.find((ref) => ref.type === 'report')?.url;
        return { submission: { id: r.id, kind: 'remediation' as const, title: r.title, ...(source ? { source } : {}), fixes: r.fixes }, query: { text: '' } };
      }),
  ];

  // Submissions compared with each other: two reports of the same new failure have no published match to share.
  const amongThemselves = new SimilarityIndex(
    candidates.filter((c) => c.submission.kind !== 'remediation').map((c) => ({ id: c.submission.id, text: c.query.text, services: c.query.services ?? [], signatures: [], ...(c.query.category ? { category: c.query.category } : {}) })),
  );
  const submissions: Submission[] = candidates.map(({ submission, query }) => ({
    ...submission,
    similar: submission.kind === 'remediation' ? [] : findSimilar(published.similarity, (id) => published.failure(id), query, 3),
    similarSubmissions:
      submission.kind === 'remediation'
        ? []
        : [
            ...new Set([
              ...candidates.filter((c) => c.submission !== submission && c.submission.source !== undefined && c.submission.source === submission.source).map((c) => c.submission.id),
              ...amongThemselves.similarTo(submission.id, 3).filter((m) => m.score >= 0.3).map((m) => m.id),
            ]),
          ],
  }));

  const groups = new Map<string, TriageGroup>();
  const unmatched: TriageGroup = { submissions: [] };
  for (const s of submissions) {
    const likely = s.claims ?? (looksLikeDuplicate(s.similar) ? s.similar[0]!.id : undefined);
    const target = likely ? catalogue.failure(likely) : undefined;
    if (!target) {
      if (s.kind !== 'remediation') unmatched.submissions.push(s);
      continue;
    }
    const group = groups.get(target.id) ?? { failure: { id: target.id, title: target.title }, submissions: [] };
    group.submissions.push(s);
    groups.set(target.id, group);
  }
  const ordered = [...groups.values()].sort((a, b) => b.submissions.length - a.submissions.length || a.failure!.id.localeCompare(b.failure!.id));
  return { submissions, groups: unmatched.submissions.length > 0 ? [...ordered, unmatched] : ordered };
}
