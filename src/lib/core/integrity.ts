/**
 * The integrity check: everything that makes a catalogue trustworthy beyond each file's own schema. It replaces
 * Astro's `reference()` (which only logs a broken link) with errors that fail the check and the build.
 */
import type { z } from 'astro/zod';
import {
  category,
  deploymentTool,
  failure,
  release,
  remediation,
  report,
  service,
  type Category,
  type DeploymentTool,
  type Failure,
  type Release,
  type Remediation,
  type Report,
  type Service,
} from '../../schemas/index.ts';
import { RELEASE_ID } from '../../schemas/releases.ts';
import type { FrontmatterCache } from './frontmatter-cache.ts';
import { readContent, type RawContent } from './content-files.ts';
import type { EntryCollection, TaxonomyName } from './content-root.ts';
import { checkBodyLinks, type BodyToCheck, type LinkTargets } from './body-links.ts';
import { checkBodySections } from './body-sections.ts';
import { checkedSignaturesOf } from './checked-signatures.ts';
import { checkProvenance } from './formats/provenance-check.ts';
import { checkMdx } from './mdx/policy.ts';
import { matchesBoth } from './pattern-safety.ts';
import { checkEntryDates } from './entry-dates.ts';
import type { Problem } from './problems.ts';
import { zodIssueToProblem } from './zod-problems.ts';

export interface Loaded<T> {
  data: T;
  body: string;
  file: string;
}

export interface CatalogueContent {
  failures: Loaded<Failure>[];
  remediations: Loaded<Remediation>[];
  reports: Loaded<Report>[];
  categories: Category[];
  services: Service[];
  releases: Release[];
  deploymentTools: DeploymentTool[];
}

export interface CheckResult {
  content: CatalogueContent;
  problems: Problem[];
}

const entrySchemas = { failures: failure, remediations: remediation, reports: report } as const;
const taxonomySchemas = { categories: category, services: service, releases: release, deploymentTools: deploymentTool } as const;

/** Memoises the per-failure signature checks (see FrontmatterCache.memo); `scope` is a digest of the checking code. */
export interface CheckMemo {
  cache: FrontmatterCache;
  scope: string;
}

/**
 * Checks a content root; `cache` (used by the build) skips re-parsing frontmatter that has not changed, and with
 * `memo` the signature checks of unchanged failures are not run again.
 */
export function checkContentRoot(root: string, cache?: FrontmatterCache, memo?: CheckMemo): CheckResult {
  return checkContent(readContent(root, cache), memo);
}

export function checkContent(raw: RawContent, memo?: CheckMemo): CheckResult {
  const problems: Problem[] = [...raw.problems];
  const content: CatalogueContent = {
    failures: [],
    remediations: [],
    reports: [],
    categories: [],
    services: [],
    releases: [],
    deploymentTools: [],
  };
  const termFiles = {} as Record<TaxonomyName, string>;

  for (const taxonomy of raw.taxonomies) {
    termFiles[taxonomy.name] = taxonomy.file;
    const seen = new Set<string>();
    taxonomy.items.forEach((item, index) => {
      const parsed = (taxonomySchemas[taxonomy.name] as z.ZodType).safeParse(item, { reportInput: true });
      if (!parsed.success) {
        for (const issue of parsed.error.issues) problems.push(zodIssueToProblem(issue, taxonomy.file, [index]));
        return;
      }
      const term = parsed.data as { id: string };
      if (seen.has(term.id)) {
        problems.push({ code: 'FC004', file: taxonomy.file, field: `[${index}].id`, message: `duplicates the id "${term.id}"`, fix: 'give each term a unique id' });
        return;
      }
      seen.add(term.id);
      (content[taxonomy.name] as unknown[]).push(term);
    });
  }

  const filesById = new Map<string, string>();
  const bodies: BodyToCheck[] = [];
  for (const entry of raw.entries) {
    const parsed = (entrySchemas[entry.collection] as z.ZodType).safeParse(entry.data, { reportInput: true });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(zodIssueToProblem(issue, entry.file));
      continue;
    }
    const data = parsed.data as { id: string; status: Status };
    if (data.id !== entry.stem) {
      problems.push({ code: 'FC003', file: entry.file, field: 'id', message: `is "${data.id}" but the file is named ${entry.stem}`, fix: `rename the file to ${data.id}${entry.file.endsWith('.mdx') ? '.mdx' : '.md'} or set id: ${entry.stem}` });
      continue;
    }
    const other = filesById.get(data.id);
    if (other) {
      problems.push({ code: 'FC004', file: entry.file, field: 'id', message: `"${data.id}" is already used by ${other}`, fix: 'keep one file per ID (.md or .mdx, not both) and give this entry the next free ID' });
      continue;
    }
    if (entry.file.endsWith('.mdx')) {
      if (entry.collection === 'reports') {
        problems.push({ code: 'FC014', file: entry.file, field: '', message: 'is MDX, but reports are written by the intake and must be Markdown', fix: `rename it to ${entry.stem}.md and remove any component` });
        continue;
      }
      for (const issue of checkMdx(entry.body)) problems.push({ code: 'FC014', file: entry.file, field: `line ${entry.bodyLine + issue.line - 1}`, message: issue.message, fix: issue.fix });
    }
    filesById.set(data.id, entry.file);
    bodies.push({ file: entry.file, body: entry.body, bodyLine: entry.bodyLine, mdx: entry.file.endsWith('.mdx'), status: data.status });
    (content[entry.collection] as Loaded<unknown>[]).push({ data, body: entry.body, file: entry.file });
  }

  problems.push(
    ...checkReferences(content, termFiles),
    ...checkBodyLinks(bodies, linkTargets(content)),
    ...checkBodySections('failures', content.failures),
    ...checkBodySections('remediations', content.remediations),
    ...checkEntryDates([...content.failures, ...content.remediations, ...content.reports], new Date().toISOString().slice(0, 10)),
    ...checkSignatures(content, memo),
  );
  return { content, problems };
}

/** What body links may point to: every loaded entry (with its status) and every taxonomy term. */
function linkTargets(content: CatalogueContent): LinkTargets {
  const entries = new Map<string, Status>();
  for (const { data } of [...content.failures, ...content.remediations, ...content.reports]) entries.set(data.id, data.status);
  return {
    entries,
    categories: new Set(content.categories.map((t) => t.id)),
    services: new Set(content.services.map((t) => t.id)),
    releases: new Set(content.releases.map((t) => t.id)),
    deploymentTools: new Set(content.deploymentTools.map((t) => t.id)),
  };
}

type Status = 'draft' | 'published' | 'withdrawn' | 'triaged';

function checkReferences(content: CatalogueContent, termFiles: Record<TaxonomyName, string>): Problem[] {
  const problems: Problem[] = [];
  const terms = {
    categories: new Set(content.categories.map((t) => t.id)),
    services: new Set(content.services.map((t) => t.id)),
    releases: new Set(content.releases.map((t) => t.id)),
    deploymentTools: new Set(content.deploymentTools.map((t) => t.id)),
  };
  const releaseOrder = new Map(content.releases.map((r, i) => [r.id, i]));
  const status = new Map<string, Status>();
  for (const { data } of [...content.failures, ...content.remediations, ...content.reports]) status.set(data.id, data.status);

  const term = (file: string, field: string, kind: TaxonomyName, id: string | undefined) => {
    if (id === undefined || terms[kind].has(id)) return;
    problems.push({ code: 'FC005', file, field, message: `names "${id}", which is not in ${termFiles[kind]}`, fix: `use an id from ${termFiles[kind]}, or add the term there` });
  };
  /** A link from one entry to another: it must exist, and a public entry must not link to a draft. */
  const entry = (file: string, field: string, from: Status, target: string | undefined, collection: EntryCollection) => {
    if (target === undefined) return;
    const targetStatus = status.get(target);
    if (targetStatus === undefined) {
      problems.push({ code: 'FC005', file, field, message: `names ${target}, which does not exist`, fix: `create content/${collection}/${target}.md or correct the ID` });
    } else if (from !== 'draft' && targetStatus === 'draft') {
      problems.push({ code: 'FC010', file, field, message: `names ${target}, which is a draft and so not published`, fix: `publish ${target} first, or make this entry a draft too` });
    }
  };

  for (const { data, file } of content.failures) {
    term(file, 'category', 'categories', data.category);
    data.services.forEach((id, i) => term(file, `services[${i}]`, 'services', id));
    data.deployment_tools.forEach((id, i) => term(file, `deployment_tools[${i}]`, 'deploymentTools', id));
    data.releases.forEach((spec, i) => {
      if (typeof spec === 'string') return term(file, `releases[${i}]`, 'releases', spec);
      term(file, `releases[${i}].introduced`, 'releases', spec.introduced);
      term(file, `releases[${i}].fixed`, 'releases', spec.fixed);
      const from = releaseOrder.get(spec.introduced);
      const to = spec.fixed === undefined ? undefined : releaseOrder.get(spec.fixed);
      if (from !== undefined && to !== undefined && to <= from) {
        problems.push({ code: 'FC011', file, field: `releases[${i}]`, message: `fixed (${spec.fixed}) is not after introduced (${spec.introduced})`, fix: 'fixed names the first release that is no longer affected' });
      }
    });
    data.signatures.forEach((sig, i) => {
      term(file, `signatures[${i}].service`, 'services', sig.service);
      sig.releases?.forEach((spec, j) => {
        const field = `signatures[${i}].releases[${j}]`;
        if (typeof spec === 'string') return term(file, field, 'releases', spec);
        term(file, `${field}.introduced`, 'releases', spec.introduced);
        term(file, `${field}.fixed`, 'releases', spec.fixed);
      });
      sig.formats.forEach((format, k) => {
        for (const key of Object.keys(format.refs)) {
          if (RELEASE_ID.test(key)) term(file, `signatures[${i}].formats[${k}].refs.${key}`, 'releases', key);
        }
      });
    });
    data.related.forEach((id, i) => {
      if (id === data.id) problems.push({ code: 'FC011', file, field: `related[${i}]`, message: 'names the failure itself', fix: 'remove it' });
      else entry(file, `related[${i}]`, data.status, id, 'failures');
    });
    checkSuccessor(problems, file, data.id, data.withdrawn?.superseded_by, (f, t) => entry(file, f, data.status, t, 'failures'));
  }
  for (const { data, file } of content.remediations) {
    data.fixes.forEach((id, i) => entry(file, `fixes[${i}]`, data.status, id, 'failures'));
    data.verification.releases.forEach((id, i) => term(file, `verification.releases[${i}]`, 'releases', id));
    checkSuccessor(problems, file, data.id, data.withdrawn?.superseded_by, (f, t) => entry(file, f, data.status, t, 'remediations'));
  }
  for (const { data, file } of content.reports) {
    const from = data.status === 'triaged' ? 'published' : 'draft';
    entry(file, 'failure', from, data.failure, 'failures');
    entry(file, 'remediation', from, data.remediation, 'remediations');
    term(file, 'release', 'releases', data.release);
    term(file, 'deployment_tool', 'deploymentTools', data.deployment_tool);
    data.backends.forEach((id, i) => term(file, `backends[${i}]`, 'services', id));
  }
  return problems;
}

function checkSuccessor(problems: Problem[], file: string, id: string, successor: string | undefined, link: (field: string, target: string) => void) {
  if (successor === undefined) return;
  if (successor === id) {
    problems.push({ code: 'FC011', file, field: 'withdrawn.superseded_by', message: 'names the entry itself', fix: 'name the entry that replaces this one, or remove superseded_by' });
  } else link('withdrawn.superseded_by', successor);
}

function checkSignatures(content: CatalogueContent, memo?: CheckMemo): Problem[] {
  const problems: Problem[] = [];
  for (const { data, file } of content.failures) {
    // A failure's signature problems depend only on its own data, its file name and the release taxonomy.
    const check = () => checkFailureSignatures(data, file, content.releases);
    problems.push(...(memo ? memo.cache.memo(`signatures ${memo.scope}`, [file, data, content.releases], check) : check()));
  }
  return problems;
}

/** Patterns in content files: whoever sees the problem can edit the YAML. */
const CONTENT_PATTERNS = { compileFix: 'correct the syntax; in YAML, single-quote the pattern so backslashes stay literal' };

function checkFailureSignatures(data: Failure, file: string, releases: Release[]): Problem[] {
  const problems: Problem[] = [];
  {
    const ids = new Set<string>();
    // Every signature, withdrawn failures' too: the check reads all content. A pattern with backtracking risks
    // (FC008) is refused, but it compiled, so its examples and provenance are checked as well.
    for (const { signature: sig, index: i, compiled, problems: patternProblems } of checkedSignaturesOf(data.signatures, CONTENT_PATTERNS)) {
      const at = `signatures[${i}]`;
      if (ids.has(sig.id)) problems.push({ code: 'FC004', file, field: `${at}.id`, message: `"${sig.id}" is used by another signature of this failure`, fix: 'give each signature a unique id' });
      ids.add(sig.id);

      for (const { code, message, fix } of patternProblems) problems.push({ code, file, field: `${at}.pattern`, message, fix });
      if (!compiled) continue;

      const examples = [
        ...sig.examples.match.map((line, j) => ({ line, field: `${at}.examples.match[${j}]`, expected: true })),
        ...sig.examples.no_match.map((line, j) => ({ line, field: `${at}.examples.no_match[${j}]`, expected: false })),
      ];
      for (const example of examples) {
        let matched: boolean;
        try {
          matched = matchesBoth(compiled, example.line);
        } catch (error) {
          problems.push({ code: 'FC006', file, field: example.field, message: (error as Error).message, fix: 'simplify the pattern so both engines read it the same way' });
          continue;
        }
        if (matched !== example.expected) {
          problems.push({
            code: 'FC009',
            file,
            field: example.field,
            message: example.expected ? 'is not matched by the pattern' : 'is matched by the pattern but must not be',
            fix: example.expected ? 'correct the pattern or the example line so the real line matches' : 'make the pattern more specific, or replace the example with a true near miss',
          });
        }
      }
      problems.push(...checkProvenance(data, sig, at, file, compiled, releases));
    }
  }
  return problems;
}
