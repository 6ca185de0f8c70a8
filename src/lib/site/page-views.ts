/**
 * What an entry page shows of other entries, reduced to the fields it renders. Routes compute these in
 * getStaticPaths, pass them as props and hash them into the page's cache key (src/lib/site/page-keys.ts), so a page is
 * rendered again exactly when something it shows has changed: an edited title of a similar failure, a new report.
 */
import type { Catalogue } from '../core/catalogue.ts';
import type { Failure, Remediation, Report } from '../../schemas/index.ts';
import { paths } from './urls.ts';

const failureLink = (f: Failure) => ({ id: f.id, title: f.title, severity: f.severity, category: f.category, services: f.services });
const remediationLink = (r: Remediation) => ({
  id: r.id,
  title: r.title,
  status: r.status,
  type: r.type,
  risk: r.risk,
  disruption: r.disruption,
  verification: r.verification.status,
});
/** Where a report is read: at its anchor on its failure's page, or on its own page while it awaits triage. */
export function reportHref(catalogue: Catalogue, report: { id: string; failure?: string | undefined }): string {
  return report.failure && catalogue.failure(report.failure) ? paths.reportOnFailure(report.failure, report.id) : paths.report(report.id);
}
const reportLink = (r: Report) => ({ id: r.id, title: r.title, failure: r.failure });

export function failureView(catalogue: Catalogue, failure: Failure) {
  const successor = failure.withdrawn?.superseded_by ? catalogue.failure(failure.withdrawn.superseded_by) : undefined;
  return {
    remediations: catalogue.remediationsFor(failure.id).map(remediationLink),
    reportGroups: catalogue.reportGroups(failure.id).map((g) => ({ ...g, reports: g.reports.map(reportLink) })),
    reports: catalogue.reportsFor(failure.id).map((r) => ({ report: r, ...reportView(catalogue, r) })),
    related: catalogue.related(failure.id).map(failureLink),
    similar: catalogue.similar(failure.id).map((m) => ({ id: m.id, title: m.failure.title, score: m.score, reasons: m.reasons })),
    releases: catalogue.affectedReleases(failure.id),
    successor: successor && failureLink(successor),
  };
}

export function remediationView(catalogue: Catalogue, remediation: Remediation) {
  const successor = remediation.withdrawn?.superseded_by ? catalogue.remediation(remediation.withdrawn.superseded_by) : undefined;
  return {
    fixes: catalogue.failuresFixedBy(remediation).map(failureLink),
    outcomes: catalogue.outcomesFor(remediation.id),
    reports: catalogue.reportsForRemediation(remediation.id).map(reportLink),
    successor: successor && { id: successor.id, title: successor.title },
  };
}

export function reportView(catalogue: Catalogue, report: Report) {
  const failure = report.failure ? catalogue.failure(report.failure) : undefined;
  const remediation = report.remediation ? catalogue.remediation(report.remediation) : undefined;
  return {
    failure: failure && failureLink(failure),
    remediation: remediation && { id: remediation.id, title: remediation.title },
  };
}
