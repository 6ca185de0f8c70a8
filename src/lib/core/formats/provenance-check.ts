/**
 * Proves each signature against where its message comes from: every recorded format string renders (with the
 * entry's realistic values) into a line the pattern matches; every match example is a rendering of one of those
 * format strings, so no example can be written to fit the pattern; real public lines match; and for OpenStack code
 * the format strings were read at every release the signature claims.
 */
import type { Failure, Release } from '../../../schemas/index.ts';
import type { Signature } from '../../../schemas/signature.ts';
import { RELEASE_ID } from '../../../schemas/releases.ts';
import { expandReleases } from '../releases.ts';
import type { CompiledPattern } from '../pattern-safety.ts';
import { matchesBoth } from '../pattern-safety.ts';
import type { Problem } from '../problems.ts';
import { parseFormat, renderFormat, renderingMatchers } from './format-string.ts';

/** Repositories whose code ships in OpenStack's coordinated releases, so their refs must cover the releases claimed. */
const OPENSTACK_REPOSITORY = /^https:\/\/(?:github\.com|opendev\.org)\/openstack\//;

export function isOpenStackRepository(url: string): boolean {
  return OPENSTACK_REPOSITORY.test(url);
}

export function checkProvenance(
  failure: Failure,
  sig: Signature,
  at: string,
  file: string,
  compiled: CompiledPattern,
  releases: readonly Release[],
): Problem[] {
  const problems: Problem[] = [];
  const problem = (field: string, message: string, fix: string) => problems.push({ code: 'FC012', file, field, message, fix });

  if (sig.formats.length === 0 && sig.examples.observed.length === 0) {
    problem(`${at}.formats`, 'is empty and there is no real line in examples.observed, so nothing shows where the message comes from', 'record the upstream format string (text, style, repository, path, refs), or add a real public line with its URL to examples.observed');
  }

  const renderings: RegExp[] = [];
  sig.formats.forEach((format, k) => {
    const field = `${at}.formats[${k}]`;
    const pieces = parseFormat(format.text, format.style);
    renderings.push(...renderingMatchers(pieces));
    const rendering = renderFormat(pieces, format.values);
    if (!rendering.ok) {
      problem(`${field}.values`, `has no value for ${rendering.missing.join(', ')}`, 'give each non-numeric placeholder a realistic value, by name or by 0-based position');
      return;
    }
    // A message of several lines is logged line by line: the pattern must match one of them.
    const line = (format.prefix ?? '') + rendering.text;
    if (!line.split('\n').some((part) => matchesBoth(compiled, part))) {
      problem(`${field}.text`, `renders as "${line}", which the pattern does not match`, 'build the pattern from this format string (every release\'s wording), or correct the text or values if they are not what the source says');
    }
  });

  if (sig.formats.length > 0) {
    sig.examples.match.forEach((line, j) => {
      if (!renderings.some((r) => r.test(line))) {
        problem(`${at}.examples.match[${j}]`, 'is not a rendering of any of the signature\'s formats (their literal text in order)', 'render the line from a recorded format string, or move a real line to examples.observed with its URL');
      }
    });
  } else {
    sig.examples.match.forEach((_, j) => {
      problem(`${at}.examples.match[${j}]`, 'cannot be checked against a format string because the signature records none', 'record the upstream format string in formats, or move the line to examples.observed with the URL where it was published');
    });
  }
  sig.examples.observed.forEach((observed, j) => {
    if (!matchesBoth(compiled, observed.line)) {
      problems.push({ code: 'FC009', file, field: `${at}.examples.observed[${j}].line`, message: 'is a real line the pattern does not match', fix: 'widen the pattern to the real wording, or add a signature for this variant' });
    }
  });
  if (sig.examples.match.length + sig.examples.observed.length === 0) {
    problem(`${at}.examples`, 'has no line the pattern must match', 'add a line rendered from a format to examples.match, or a real one to examples.observed');
  }

  const openstackFormats = sig.formats.filter((f) => isOpenStackRepository(f.repository));
  if (openstackFormats.length > 0) {
    const read = new Set(openstackFormats.flatMap((f) => Object.keys(f.refs).filter((key) => RELEASE_ID.test(key))));
    const claimed = expandReleases(sig.releases ?? failure.releases, releases);
    const unread = claimed.filter((release) => !read.has(release));
    if (unread.length > 0) {
      problems.push({
        code: 'FC013',
        file,
        field: `${at}.formats`,
        message: `claim${sig.releases ? '' : ' (through the failure\'s releases)'} ${unread.join(', ')}, but no format string was read at ${unread.length === 1 ? 'that release' : 'those releases'}`,
        fix: 'read the message at each release (npm run drift -- locate ...) and add the refs; where it is absent, narrow the signature\'s releases or add a format for that release\'s wording',
      });
    }
  }
  return problems;
}
