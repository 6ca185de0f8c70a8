import { describe, expect, test } from 'vitest';
import { catalogueFromContent } from '../../src/lib/core/catalogue.ts';
import { checkContentRoot } from '../../src/lib/core/integrity.ts';
import { redirectDocument, reportRedirects } from '../../src/lib/site/report-redirects.ts';
import { makeFailure, makeRemediation, makeReport, writeContentRoot } from '../fixtures/entries.ts';

const root = writeContentRoot({
  failures: [makeFailure(), makeFailure({ id: 'FAIL-0002', title: 'RPC calls time out waiting for a reply' })],
  remediations: [makeRemediation()],
  reports: [
    makeReport(),
    makeReport({ id: 'RPT-0002', failure: 'FAIL-0002', remediation: undefined, outcome: undefined }),
    makeReport({ id: 'RPT-0003', status: 'draft', failure: undefined, remediation: undefined, outcome: undefined }),
  ],
});

describe('report redirects', () => {
  test('send every report linked to a failure to its anchor on that page; one awaiting triage keeps its page', () => {
    const { content, problems } = checkContentRoot(root);
    expect(problems).toEqual([]);
    const preview = catalogueFromContent(content, { includeDrafts: true });
    expect(preview.report('RPT-0003')).toBeDefined();
    expect(reportRedirects(preview)).toEqual([
      { from: '/reports/RPT-0001/', to: '/failures/FAIL-0001/#RPT-0001' },
      { from: '/reports/RPT-0002/', to: '/failures/FAIL-0002/#RPT-0002' },
    ]);
  });

  test('are a meta refresh with a canonical link and a plain link, readable without JavaScript', () => {
    const html = redirectDocument({ from: '/reports/RPT-0001/', to: '/failures/FAIL-0001/#RPT-0001' }, new URL('https://catalogue.example.org/'));
    expect(html).toContain('<meta http-equiv="refresh" content="0;url=/failures/FAIL-0001/#RPT-0001">');
    expect(html).toContain('<link rel="canonical" href="https://catalogue.example.org/failures/FAIL-0001/#RPT-0001">');
    expect(html).toContain('<a href="/failures/FAIL-0001/#RPT-0001">');
    expect(html).not.toContain('<script');
  });

  test('escape what they quote, so a base path cannot break out of an attribute', () => {
    const html = redirectDocument({ from: '/a"b/reports/RPT-0001/', to: '/a"b/failures/FAIL-0001/#RPT-0001' }, new URL('https://catalogue.example.org/'));
    expect(html).toContain('content="0;url=/a&#34;b/failures/FAIL-0001/#RPT-0001"');
    expect(html).not.toContain('a"b');
  });
});
