/**
 * The drift check: is each recorded format string still in its upstream file at every recorded ref, and would it
 * still be there at a new one? Reading goes through a `SourceReader` (git in the CLI, a map in tests), and a file
 * is compared after undoing what source code does to long strings (adjacent literals joined, quotes escaped).
 */
import type { formatSource } from '../../../schemas/signature.ts';
import type { z } from 'astro/zod';
import type { FormatStyle } from './format-string.ts';
import { sourcePieces } from './format-string.ts';

export type FormatSource = z.output<typeof formatSource>;

export interface SourceReader {
  /** The file's text at the ref, or undefined when the ref or the file does not exist. */
  read(ref: string, path: string): string | undefined;
  /** Paths at the ref whose text contains the string (to say where a moved message went). */
  grep?(ref: string, text: string): string[];
}

/**
 * Source text with string-literal seams removed: `'foo '\n    'bar'`, `"foo " + "bar"` and `"foo " "bar"` read as
 * `foo bar`, and `\"`, `\'` as plain quotes, so a message split over lines is found whole.
 */
export function normalizeSource(text: string): string {
  return text
    // A seam is a closing quote, then a line break or a +, then an opening quote; a quote, a space and a quote
    // on one line (as in 'in-use' "...) is text, not a seam.
    .replace(/["'][ \t]*(?:\+[ \t]*)?\\?\r?\n[ \t]*(?:\+[ \t]*)?(?:_\(\s*)?[rRbBuUfF]{0,2}["']|["'][ \t]*\+[ \t]*[rRbBuUfF]{0,2}["']/g, '')
    .replace(/\\(["'])/g, '$1');
}

/**
 * Source text with each line break and the indentation around it read as one space, as YAML reads a folded scalar
 * (`msg: >-` in an Ansible task: Kolla-Ansible's failure messages are written so) and as Jinja and Markdown
 * render a wrapped sentence.
 */
export function foldLines(text: string): string {
  return text.replace(/[ \t]*\r?\n[ \t]*/g, ' ');
}

/** The literal pieces of the format missing from the file's text; empty when the format is there. */
export function missingPieces(fileText: string, text: string, style: FormatStyle): string[] {
  const normalized = normalizeSource(fileText);
  const folded = foldLines(fileText);
  return sourcePieces(text, style).filter((piece) => !normalized.includes(piece) && !fileText.includes(piece) && !folded.includes(piece));
}

export interface FormatAtRef {
  key: string;
  ref: string;
  /** undefined: the file is not there at that ref. */
  missing: string[] | undefined;
}

/** Checks one format at each of its recorded refs (and at `extraRef`, keyed "new", when given). */
export function checkFormatAtRefs(reader: SourceReader, format: Pick<FormatSource, 'text' | 'style' | 'path' | 'refs'>, extraRef?: string): FormatAtRef[] {
  const refs = Object.entries(format.refs);
  if (extraRef !== undefined) refs.push(['new', extraRef]);
  return refs.map(([key, ref]) => {
    const fileText = reader.read(ref, format.path);
    return { key, ref, missing: fileText === undefined ? undefined : missingPieces(fileText, format.text, format.style) };
  });
}

/**
 * Every candidate ref of an OpenStack release in a repository's branches and tags, best first. Releases from 2023.1
 * on name their branches and end tags by number; the series before them by name (`stable/zed`, `unmaintained/yoga`,
 * `train-eol`), and the oldest also carry the release number as a tag in some repositories (nova `2014.1`).
 */
export function releaseRefCandidates(release: { id: string; name: string }): string[] {
  const name = release.name.toLowerCase();
  return [
    ...[release.id, name].flatMap((key) => [`stable/${key}`, `unmaintained/${key}`, `${key}-eom`, `${key}-eol`]),
    release.id,
  ];
}

/** Normalises a repository URL for comparison: https://github.com/openstack/nova(.git)/ -> github.com/openstack/nova. */
export function repositoryKey(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\.git$/, '').replace(/\/+$/, '').toLowerCase();
}

export function describeResult(result: FormatAtRef): string {
  if (result.missing === undefined) return 'file not found';
  return result.missing.length === 0 ? 'present' : `missing ${result.missing.map((m) => JSON.stringify(m)).join(', ')}`;
}
