/**
 * Atom 1.0 (RFC 4287) feeds of new and updated entries, so operators can subscribe to the parts of the cloud they
 * run (user story scenario 3e). Built by hand: the format is small, and escaping is the only subtle part.
 */
import type { Failure, Remediation } from '../../schemas/index.ts';
import type { Catalogue } from '../core/catalogue.ts';
import { paths, url } from '../site/urls.ts';

export const ATOM_LIMIT = 50;

export interface AtomFeed {
  /** Site-relative path of the feed itself. */
  path: string;
  title: string;
  subtitle: string;
  entries: (Failure | Remediation)[];
}

const escapeXml = (text: string) =>
  text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!)
    // XML 1.0 forbids most control characters even when escaped.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** Entries newest first by modification date, then by ID for a stable order. */
export function newestFirst(entries: (Failure | Remediation)[]): (Failure | Remediation)[] {
  return [...entries].sort((a, b) => b.modified.localeCompare(a.modified) || b.id.localeCompare(a.id, 'en', { numeric: true })).slice(0, ATOM_LIMIT);
}

export function renderAtom(feed: AtomFeed, site: URL): string {
  const abs = (path: string) => new URL(path, site).href;
  const updated = feed.entries[0]?.modified ?? '1970-01-01';
  const items = feed.entries.map((e) => {
    const isFailure = e.id.startsWith('FAIL-');
    const href = abs(isFailure ? paths.failure(e.id) : paths.remediation(e.id));
    const kind = isFailure ? 'Failure' : 'Remediation';
    const status = e.status === 'withdrawn' ? ' (withdrawn)' : '';
    return [
      '  <entry>',
      `    <id>${escapeXml(href)}</id>`,
      `    <title>${escapeXml(`${e.id}: ${e.title}${status}`)}</title>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(href)}"/>`,
      `    <link rel="alternate" type="application/json" href="${escapeXml(abs(isFailure ? paths.failureJson(e.id) : paths.remediationJson(e.id)))}"/>`,
      `    <published>${e.created}T00:00:00Z</published>`,
      `    <updated>${e.modified}T00:00:00Z</updated>`,
      `    <category term="${kind.toLowerCase()}" label="${kind}"/>`,
      `    <summary>${escapeXml(e.summary)}</summary>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${escapeXml(abs(feed.path))}</id>`,
    `  <title>${escapeXml(feed.title)}</title>`,
    `  <subtitle>${escapeXml(feed.subtitle)}</subtitle>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(abs(feed.path))}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(abs(url('/')))}"/>`,
    `  <updated>${updated}T00:00:00Z</updated>`,
    '  <author><name>Failure Catalogue work group</name></author>',
    ...items,
    '</feed>',
    '',
  ].join('\n');
}

/** The catalogue-wide feed, and one per service and per category (remediations follow the failures they fix). */
export function atomFeeds(catalogue: Catalogue): AtomFeed[] {
  const public_ = [...catalogue.failures, ...catalogue.remediations].filter((e) => e.status !== 'draft');
  const fixed = (r: Remediation) => catalogue.failuresFixedBy(r);
  const inService = (id: string) => (e: Failure | Remediation) =>
    'services' in e ? e.services.includes(id) : fixed(e).some((f) => f.services.includes(id));
  const inCategory = (id: string) => (e: Failure | Remediation) =>
    'category' in e ? e.category === id : fixed(e).some((f) => f.category === id);
  return [
    { path: atomPath(), title: 'Failure Catalogue', subtitle: 'New and updated failures and remediations', entries: newestFirst(public_) },
    ...catalogue.services.map((s) => ({ path: atomPath('services', s.id), title: `Failure Catalogue: ${s.name}`, subtitle: `New and updated entries for ${s.name}`, entries: newestFirst(public_.filter(inService(s.id))) })),
    ...catalogue.categories.map((c) => ({ path: atomPath('categories', c.id), title: `Failure Catalogue: ${c.name}`, subtitle: `New and updated entries in ${c.name}`, entries: newestFirst(public_.filter(inCategory(c.id))) })),
  ];
}

export function atomPath(kind?: 'services' | 'categories', id?: string): string {
  return kind ? url(`/api/v1/atom/${kind}/${id}.xml`) : url('/api/v1/atom.xml');
}
