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

/** The readings of a file a format's pieces are looked for in: as normalised, as written, with lines folded. */
function readings(fileText: string): string[] {
  return [normalizeSource(fileText), fileText, foldLines(fileText)];
}

/** The literal pieces of the format missing from the file's text; empty when every piece is there. */
export function missingPieces(fileText: string, text: string, style: FormatStyle): string[] {
  return piecesMissingFrom(readings(fileText), sourcePieces(text, style));
}

function piecesMissingFrom(texts: readonly string[], pieces: readonly string[]): string[] {
  return pieces.filter((piece) => texts.every((t) => !t.includes(piece)));
}

/**
 * How far apart two consecutive pieces of one message may stand in the source: a placeholder, a string seam the
 * normalisation did not join, or a long template expression. Pieces further apart belong to different messages.
 */
export const MAX_PIECE_GAP = 400;

/** A piece found in the file, but not as part of the same message as the piece before it. */
export interface ApartPiece {
  piece: string;
  after: string;
}

/**
 * When every piece is in the file, are they one message? Each piece must follow the one before it within
 * MAX_PIECE_GAP characters, in one of the file's readings. Without this a message whose ending changed ("... for node
 * %(node)s. Error: %(error)s" became "... for node %(node)s.") still looked present, because ". Error: " stands in
 * some other message of the same file. Returns the first piece that breaks the longest chain, or undefined.
 */
export function apartPiece(fileText: string, text: string, style: FormatStyle): ApartPiece | undefined {
  return apartPieceIn(readings(fileText), sourcePieces(text, style));
}

function apartPieceIn(texts: readonly string[], pieces: readonly string[]): ApartPiece | undefined {
  if (pieces.length < 2) return undefined;
  let longest = 0;
  for (const reading of texts) {
    longest = Math.max(longest, longestChain(reading, pieces));
    if (longest === pieces.length) return undefined;
  }
  return { piece: pieces[longest]!, after: pieces[longest - 1] ?? '' };
}

/** The most consecutive pieces, from the first, found in order with gaps of at most MAX_PIECE_GAP. */
function longestChain(reading: string, pieces: readonly string[]): number {
  let longest = 0;
  for (let start = reading.indexOf(pieces[0]!); start !== -1; start = reading.indexOf(pieces[0]!, start + 1)) {
    let end = start + pieces[0]!.length;
    let length = 1;
    for (; length < pieces.length; length++) {
      const next = reading.indexOf(pieces[length]!, end);
      if (next === -1 || next - end > MAX_PIECE_GAP) break;
      end = next + pieces[length]!.length;
    }
    longest = Math.max(longest, length);
    if (longest === pieces.length) break;
  }
  return longest;
}

export interface FormatAtRef {
  key: string;
  ref: string;
  /** undefined: the file is not there at that ref. */
  missing: string[] | undefined;
  /** Every piece is there, but this one not in the same message as the piece before it. */
  apart?: ApartPiece;
}

/** Is the format at that ref: the file there, every piece in it, as one message? */
export function formatPresent(result: FormatAtRef): boolean {
  return result.missing !== undefined && result.missing.length === 0 && result.apart === undefined;
}

/** Checks one format at each of its recorded refs (and at `extraRef`, keyed "new", when given). */
export function checkFormatAtRefs(reader: SourceReader, format: Pick<FormatSource, 'text' | 'style' | 'path' | 'refs'>, extraRef?: string): FormatAtRef[] {
  const refs = Object.entries(format.refs);
  if (extraRef !== undefined) refs.push(['new', extraRef]);
  const pieces = sourcePieces(format.text, format.style);
  return refs.map(([key, ref]) => {
    const fileText = reader.read(ref, format.path);
    if (fileText === undefined) return { key, ref, missing: undefined };
    // Each reading of a large source file is a full copy: make them once for both questions.
    const texts = readings(fileText);
    const missing = piecesMissingFrom(texts, pieces);
    const apart = missing.length === 0 ? apartPieceIn(texts, pieces) : undefined;
    return apart ? { key, ref, missing, apart } : { key, ref, missing };
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
  if (result.missing.length > 0) return `missing ${result.missing.map((m) => JSON.stringify(m)).join(', ')}`;
  if (result.apart) return `not one message: ${JSON.stringify(result.apart.piece)} is not within ${MAX_PIECE_GAP} characters after ${JSON.stringify(result.apart.after)}`;
  return 'present';
}
