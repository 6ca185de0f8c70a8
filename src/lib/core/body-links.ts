/**
 * FC015: links written inside entry bodies must point to a page the public site builds. The frontmatter's
 * references are checked by integrity.ts; a body's `[FAIL-0001](/failures/FAIL-0001/)` was checked by nothing
 * before the site-wide link test ran on a finished build.
 *
 * Only root-relative links (`/...`) are checked. External links (`https:`, `mailto:`, protocol-relative `//host`)
 * point outside the site, and relative links (`../FAIL-0001/`, `#anchor`) are out of scope: entries are written with
 * root-relative links, and a relative one depends on the page it is rendered on.
 *
 * The body is parsed with Sätteri, the parser the site renders it with (Markdown for `.md`, MDX for `.mdx`), so a
 * link inside a code span or code block is text and is not checked, and reference-style links are checked at
 * their definition. Bodies without a root-relative link candidate are not parsed at all.
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { markdownToMdast, mdxToMdast } from 'satteri';
import { severities } from '../../schemas/common.ts';
import { FEED_SCHEMAS } from '../feed/feed-schema.ts';
import type { Problem } from './problems.ts';

type Status = 'draft' | 'published' | 'withdrawn' | 'triaged';

/** What the site builds pages and files for, from the loaded content. */
export interface LinkTargets {
  /** Every entry by ID, with its status (drafts get no page in the public build). */
  entries: ReadonlyMap<string, Status>;
  categories: ReadonlySet<string>;
  services: ReadonlySet<string>;
  releases: ReadonlySet<string>;
  deploymentTools: ReadonlySet<string>;
}

export interface BodyToCheck {
  file: string;
  body: string;
  /** 1-based line of the file where the body starts. */
  bodyLine: number;
  mdx: boolean;
  /** The linking entry's status: a draft may link another draft (both appear in preview builds only). */
  status: Status;
}

/** A `](/` inline link or a `]: /` reference definition, possibly with `<...>` or whitespace before the slash. */
const CANDIDATE = /\](?:\(|:)\s*<?\//;

/** Files served from public/ as they are (the favicon, the example policy). */
const PUBLIC_DIR = fileURLToPath(new URL('../../../public/', import.meta.url));

/** Pages with no parameter, each at its fixed URL. `/triage/` is missing on purpose: only preview builds have it. */
const FIXED_PAGES = new Set(['', 'match', 'search', 'api', 'content-model', 'failures', 'remediations', 'reports', 'categories', 'services', 'releases', 'severity', 'deployment-tools']);
/** Fixed files under /api/v1/ (src/lib/feed/feed-files.ts). */
const FEED_FILES = new Set(['index.json', 'failures.json', 'remediations.json', 'modified.csv', 'atom.xml', 'exports/index.json', ...Object.keys(FEED_SCHEMAS).map((name) => `schema/${name}.schema.json`)]);

const COLLECTIONS = {
  failures: { prefix: 'FAIL-', noun: 'failure' },
  remediations: { prefix: 'REM-', noun: 'remediation' },
  reports: { prefix: 'RPT-', noun: 'report' },
} as const;
type Collection = keyof typeof COLLECTIONS;

const TERMS = { categories: 'category', services: 'service', releases: 'release', 'deployment-tools': 'deployment tool' } as const;
type TermRoute = keyof typeof TERMS;

/** Why a path is not built, and how to fix the link; undefined when the site builds it. */
interface Broken {
  message: string;
  fix: string;
}

export function checkBodyLinks(bodies: Iterable<BodyToCheck>, targets: LinkTargets): Problem[] {
  const problems: Problem[] = [];
  for (const entry of bodies) {
    if (!CANDIDATE.test(entry.body)) continue;
    for (const { url, line } of rootRelativeLinks(entry.body, entry.mdx)) {
      const broken = checkLink(url, entry.status, targets);
      if (broken) problems.push({ code: 'FC015', file: entry.file, field: line ? `line ${entry.bodyLine + line - 1}` : '', message: `body link "${url}" ${broken.message}`, fix: broken.fix });
    }
  }
  return problems;
}

interface FoundLink {
  url: string;
  /** 1-based line in the body. */
  line: number | undefined;
}

interface Node {
  type: string;
  url?: string;
  children?: Node[];
  position?: { start: { line: number } };
}

/** Root-relative URLs of the body's links, images and reference definitions (code is text, so never a link). */
export function rootRelativeLinks(body: string, mdx: boolean): FoundLink[] {
  let tree: Node;
  try {
    const options = { position: true, features: { frontmatter: false } };
    tree = (mdx ? mdxToMdast(body, options) : markdownToMdast(body, options)) as Node;
  } catch {
    // MDX that does not parse fails the build and FC014 names what is wrong; there are no links to read.
    return [];
  }
  const found: FoundLink[] = [];
  const visit = (node: Node) => {
    if ((node.type === 'link' || node.type === 'image' || node.type === 'definition') && node.url?.startsWith('/') && !node.url.startsWith('//')) {
      found.push({ url: node.url, line: node.position?.start.line });
    }
    node.children?.forEach(visit);
  };
  visit(tree);
  return found;
}

/** Whether the public site serves `url` (a root-relative URL); the query string and the fragment are not checked. */
export function checkLink(url: string, from: Status, targets: LinkTargets): Broken | undefined {
  const path = url.replace(/[?#].*$/s, '');
  let segments: string[];
  try {
    segments = path.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return { message: 'is not a valid URL (a stray % sign)', fix: 'write % as %25, or correct the path' };
  }
  const slash = path.endsWith('/');
  if (slash) segments.pop();
  const suffix = url.slice(path.length);

  const asPage = resolve(segments, from, targets, 'page');
  if (asPage === 'ok') {
    if (slash) return undefined;
    const fixed = `${path}/${suffix}`;
    return { message: 'lacks the trailing slash every page URL has', fix: `write "${fixed}"` };
  }
  const asFile = resolve(segments, from, targets, 'file');
  if (asFile === 'ok') {
    if (!slash) return undefined;
    return { message: 'ends with a slash, but it is a file, not a page', fix: `write "${path.slice(0, -1)}${suffix}"` };
  }
  // Report what is wrong with the more specific reading: an entry ID that does not exist beats an unknown route.
  if (asPage === 'unknown') return asFile === 'unknown' ? unknownRoute(path) : asFile;
  return slash ? asPage : { message: asPage.message, fix: `${asPage.fix}; and end the URL with a slash, as every page URL does` };
}

function unknownRoute(path: string): Broken {
  if (path === '/triage/' || path === '/triage') return { message: 'points to the triage page, which only preview builds have', fix: 'remove the link' };
  return {
    message: 'points to no page the site builds',
    fix: 'link an entry (/failures/FAIL-0001/, /remediations/REM-0001/, /reports/RPT-0001/), a list or taxonomy page (/services/nova/, /categories/, /severity/high/), or /match/, /search/, /api/; or turn the link into plain text',
  };
}

/** 'ok' when the site builds this page (or file), 'unknown' when no route has this shape, else what is wrong. */
function resolve(segments: string[], from: Status, targets: LinkTargets, kind: 'page' | 'file'): 'ok' | 'unknown' | Broken {
  if (kind === 'file') return resolveFile(segments, from, targets);
  const [first = '', second, ...rest] = segments;
  if (segments.some((s) => s === '.' || s === '..')) return 'unknown';
  // Numbered pages of a list (/failures/2/, /services/nova/2/) are built, but they shift as the catalogue grows.
  const numbered = (list: string[], n: string): Broken => {
    const listResult = resolve(list, from, targets, 'page');
    if (listResult !== 'ok') return listResult === 'unknown' ? unknownRoute(`/${segments.join('/')}/`) : listResult;
    return { message: `is page ${n} of a list, and list pages shift as the catalogue grows`, fix: `link the list itself: "/${list.join('/')}/"` };
  };
  if (rest.length > 0) {
    if (rest.length === 1 && /^\d+$/.test(rest[0]!) && (first in TERMS || first === 'severity')) return numbered([first, second!], rest[0]!);
    return 'unknown';
  }
  if (second === undefined) return FIXED_PAGES.has(first) ? 'ok' : 'unknown';
  if (first in COLLECTIONS) {
    if (/^\d+$/.test(second)) return numbered([first], second);
    return entry(first as Collection, second, from, targets, (id) => `/${first}/${id}/`);
  }
  if (first in TERMS) return term(first as TermRoute, second, targets);
  if (first === 'severity') {
    if ((severities as readonly string[]).includes(second)) return 'ok';
    return { message: `points to no severity: "${second}" is not one of ${severities.join(', ')}`, fix: `write /severity/${severities[0]}/ or another of them` };
  }
  return 'unknown';
}

function resolveFile(segments: string[], from: Status, targets: LinkTargets): 'ok' | 'unknown' | Broken {
  const path = segments.join('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return 'unknown';
  if (statSync(`${PUBLIC_DIR}${path}`, { throwIfNoEntry: false })?.isFile()) return 'ok';
  if (segments[0] !== 'api' || segments[1] !== 'v1') return 'unknown';
  const feed = segments.slice(2).join('/');
  if (FEED_FILES.has(feed)) return 'ok';
  // Detection rules and playbooks depend on the export profiles and each remediation's automation: not checked here.
  if (feed.startsWith('exports/')) return 'ok';
  let m = /^(failures|remediations)\/([^/]+)\.json$/.exec(feed);
  if (m) {
    const collection = m[1] as Collection;
    return entry(collection, m[2]!, from, targets, (id) => `/api/v1/${collection}/${id}.json`);
  }
  m = /^atom\/(services|categories)\/([^/]+)\.xml$/.exec(feed);
  if (m) return term(m[1] as TermRoute, m[2]!, targets);
  return 'unknown';
}

function entry(collection: Collection, id: string, from: Status, targets: LinkTargets, at: (id: string) => string): 'ok' | Broken {
  const { noun } = COLLECTIONS[collection];
  const status = targets.entries.get(id);
  if (status === undefined) {
    const upper = id.toUpperCase();
    if (upper !== id && targets.entries.has(upper)) return { message: `points to no entry: IDs are upper case`, fix: `write "${at(upper)}"` };
    return { message: `points to no entry: no ${noun} ${id} exists`, fix: `link an existing ${noun} ID, or write the ID as plain text` };
  }
  const actual = (Object.keys(COLLECTIONS) as Collection[]).find((c) => id.startsWith(COLLECTIONS[c].prefix))!;
  if (actual !== collection) return { message: `points to no entry: ${id} is a ${COLLECTIONS[actual].noun}, not a ${noun}`, fix: `write "${at(id).replace(`/${collection}/`, `/${actual}/`)}"` };
  if (status === 'draft' && from !== 'draft') return { message: `points to ${id}, which is a draft and so has no page on the public site`, fix: `publish ${id} first, or write the ID as plain text` };
  return 'ok';
}

function term(route: TermRoute, id: string, targets: LinkTargets): 'ok' | Broken {
  const known = { categories: targets.categories, services: targets.services, releases: targets.releases, 'deployment-tools': targets.deploymentTools }[route];
  if (known.has(id)) return 'ok';
  return { message: `points to no ${TERMS[route]}: "${id}" is not in the taxonomy`, fix: `use a ${TERMS[route]} ID from content/taxonomy/, or write it as plain text` };
}
