import { describe, expect, test } from 'vitest';
import { catalogueFromContent, type Catalogue } from '../../src/lib/core/catalogue.ts';
import { checkContentRoot } from '../../src/lib/core/integrity.ts';
import { makeFailure, makeRemediation, makeReport, writeContentRoot } from '../fixtures/entries.ts';

function catalogueOf(files: Parameters<typeof writeContentRoot>[0], includeDrafts = false): Catalogue {
  const { content, problems } = checkContentRoot(writeContentRoot(files));
  expect(problems).toEqual([]);
  return catalogueFromContent(content, { includeDrafts });
}

const files = {
  failures: [
    makeFailure(),
    makeFailure({ id: 'FAIL-0002', title: 'RPC calls time out waiting for a reply', related: ['FAIL-0001'], releases: [{ introduced: '2024.1', fixed: '2025.2' }] }),
    makeFailure({ id: 'FAIL-0003', status: 'draft', title: 'A draft failure under review' }),
  ],
  remediations: [makeRemediation(), makeRemediation({ id: 'REM-0002', fixes: ['FAIL-0001', 'FAIL-0002'] }), makeRemediation({ id: 'REM-0003', status: 'draft', fixes: ['FAIL-0003'] })],
  reports: [
    makeReport(),
    makeReport({ id: 'RPT-0002', outcome: 'partial', release: '2025.1' }),
    makeReport({ id: 'RPT-0003', remediation: 'REM-0002', outcome: undefined, deployment_tool: 'openstack-ansible' }),
    makeReport({ id: 'RPT-0004', status: 'draft', failure: undefined, remediation: undefined, outcome: undefined }),
  ],
};

describe('Catalogue', () => {
  test('hides drafts from the public build and shows them in preview', () => {
    expect(catalogueOf(files).failures.map((f) => f.id)).toEqual(['FAIL-0001', 'FAIL-0002']);
    expect(catalogueOf(files).reports.map((r) => r.id)).not.toContain('RPT-0004');
    expect(catalogueOf(files, true).failures.map((f) => f.id)).toContain('FAIL-0003');
    expect(catalogueOf(files, true).remediationsFor('FAIL-0003').map((r) => r.id)).toEqual(['REM-0003']);
  });

  test('derives failure -> remediations from remediation.fixes, both ways', () => {
    const c = catalogueOf(files);
    expect(c.remediationsFor('FAIL-0001').map((r) => r.id)).toEqual(['REM-0001', 'REM-0002']);
    expect(c.remediationsFor('FAIL-0002').map((r) => r.id)).toEqual(['REM-0002']);
    expect(c.failuresFixedBy(c.remediation('REM-0002')!).map((f) => f.id)).toEqual(['FAIL-0001', 'FAIL-0002']);
  });

  test('related is symmetric', () => {
    const c = catalogueOf(files);
    expect(c.related('FAIL-0001').map((f) => f.id)).toEqual(['FAIL-0002']);
    expect(c.related('FAIL-0002').map((f) => f.id)).toEqual(['FAIL-0001']);
  });

  test('expands release ranges in taxonomy order, fixed excluded', () => {
    const c = catalogueOf(files);
    expect(c.affectedReleases('FAIL-0002')).toEqual(['2024.1', '2024.2', '2025.1']);
    expect(c.affectedReleases('FAIL-0001')[0]).toBe('2023.1');
    // An open range stops at the newest released release: 2027.1 is still in development.
    expect(c.affectedReleases('FAIL-0001').at(-1)).toBe('2026.2');
    expect(c.failuresInRelease('2025.2').map((f) => f.id)).toEqual(['FAIL-0001']);
  });

  test('groups reports by release and deployment tool with outcomes, newest release first', () => {
    const groups = catalogueOf(files).reportGroups('FAIL-0001');
    expect(groups.map((g) => [g.release, g.deploymentTool, g.reports.map((r) => r.id), g.outcomes])).toEqual([
      ['2025.1', 'kolla-ansible', ['RPT-0002'], { resolved: 0, partial: 1, 'not-resolved': 0, unknown: 0 }],
      ['2024.1', 'kolla-ansible', ['RPT-0001'], { resolved: 1, partial: 0, 'not-resolved': 0, unknown: 0 }],
      ['2024.1', 'openstack-ansible', ['RPT-0003'], { resolved: 0, partial: 0, 'not-resolved': 0, unknown: 1 }],
    ]);
  });

  test('counts the outcomes reports give for a remediation, by release', () => {
    const outcomes = catalogueOf(files).outcomesFor('REM-0001');
    expect(outcomes.total).toEqual({ resolved: 1, partial: 1, 'not-resolved': 0, unknown: 0 });
    expect(outcomes.byRelease).toEqual([
      { release: '2024.1', outcomes: { resolved: 1, partial: 0, 'not-resolved': 0, unknown: 0 } },
      { release: '2025.1', outcomes: { resolved: 0, partial: 1, 'not-resolved': 0, unknown: 0 } },
    ]);
  });
});
