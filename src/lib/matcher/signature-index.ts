/**
 * Turns the feed's signatures into what the scan needs: every pattern checked as the content check checks it
 * (a feed is untrusted input), compiled with RE2 (linear time on any line), and indexed by the fixed texts it
 * requires, so one pass of the literal scanner finds the few lines worth running any regular expression on.
 */
import { RE2JS, RE2Set } from 're2js';
import type { Signature } from '../../schemas/index.ts';
import { checkedSignatures, type FeedSignature } from '../core/checked-signatures.ts';
import type { Problem } from '../core/problems.ts';
import { LiteralScanner } from './literal-scanner.ts';
import { requiredLiterals } from './required-literals.ts';
import { durationMs } from './timestamps.ts';
import { matchingLines } from '../core/signature-lines.ts';

/** The parts of a feed failure the index reads (a content failure has them too). */
export interface SignatureSource {
  id: string;
  status: string;
  services: readonly string[];
  signatures: ReadonlyArray<Pick<Signature, 'id' | 'service' | 'pattern' | 'ignore_case' | 'examples'> & Partial<Pick<Signature, 'threshold'>>>;
}

export interface IndexedSignature {
  failureId: string;
  signatureId: string;
  regex: RE2JS;
  /** Set when one line alone is no failure: `count` lines must match within `within`. */
  threshold?: { count: number; within: string; withinMs: number } | undefined;
}

export interface SignatureIndex {
  signatures: readonly IndexedSignature[];
  /** Finds the fixed texts of the signatures that have them. */
  scanner: LiteralScanner;
  /** For each scanner text, the signatures (indices into `signatures`) that require it. */
  owners: readonly Int32Array[];
  /** Signatures without a usable fixed text, run together on every line (one RE2 set, not one pass each). */
  unfiltered: { set: RE2Set; signatures: readonly number[] } | null;
}

export interface IndexOptions {
  /** Only signatures whose service, or whose failure's services, include this ID. */
  service?: string | undefined;
  /** Name of the feed document, for problem messages. */
  file: string;
}

export interface IndexResult {
  index: SignatureIndex;
  /** Patterns the feed must not carry; the caller refuses the feed when there is any. */
  problems: Problem[];
  /** Signatures that will make the scan slower, and why. */
  warnings: string[];
}

export function buildSignatureIndex(failures: readonly SignatureSource[], options: IndexOptions): IndexResult {
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const signatures: IndexedSignature[] = [];
  const literalsOf: Array<string[] | null> = [];
  const ignoreCaseOf: boolean[] = [];
  const examplesOf: string[][] = [];

  for (const checked of checkedSignatures(failures, FEED_PATTERNS)) {
    problems.push(...feedProblems(checked, options.file));
    if (!checked.usable) continue;
    const { failure, signature: sig } = checked;
    if (options.service !== undefined && sig.service !== options.service && !failure.services.includes(options.service)) continue;
    const threshold = sig.threshold ? { ...sig.threshold, withinMs: durationMs(sig.threshold.within) } : undefined;
    signatures.push({ failureId: failure.id, signatureId: sig.id, regex: checked.compiled!.re2, threshold });
    literalsOf.push(requiredLiterals(sig.pattern, sig.ignore_case));
    ignoreCaseOf.push(sig.ignore_case === true);
    examplesOf.push(matchingLines(sig));
  }

  let literals = literalIndex(literalsOf, ignoreCaseOf, new Set());

  // Self-check: a signature's own example lines must reach its regular expression through the scanner. If one
  // does not, the fixed texts derived from the pattern are wrong, and the signature is run on every line instead.
  const unfilteredSignatures: number[] = [];
  literalsOf.forEach((texts, s) => {
    const sig = signatures[s]!;
    if (!texts) {
      warnings.push(`${sig.failureId}/${sig.signatureId}: its pattern has no fixed text of 3 or more characters, so every line is checked against it, which slows the scan`);
      unfilteredSignatures.push(s);
      return;
    }
    // The scanner first: its answer is cheap, and only an example it misses is worth running the expression on.
    const missed = examplesOf[s]!.find((line) => !scannerFinds(literals, line, s) && sig.regex.test(line));
    if (missed !== undefined) {
      warnings.push(`${sig.failureId}/${sig.signatureId}: the fixed texts derived from its pattern miss its own example ${JSON.stringify(missed)}, so every line is checked against it`);
      unfilteredSignatures.push(s);
    }
  });
  if (unfilteredSignatures.length > 0) literals = literalIndex(literalsOf, ignoreCaseOf, new Set(unfilteredSignatures));

  return {
    index: {
      signatures,
      scanner: literals.scanner,
      owners: literals.owners.map((list) => Int32Array.from(list)),
      unfiltered: unfilteredSignatures.length > 0 ? { set: signatureSet(unfilteredSignatures.map((s) => signatures[s]!.regex)), signatures: unfilteredSignatures } : null,
    },
    problems,
    warnings,
  };
}

/**
 * The problems buildSignatureIndex would find in these failures' patterns, without building the index: for a
 * reader that only must refuse unsafe patterns (the rule exporters), the scanner and its self-check are wasted work,
 * most of the exporters' time at 10,000 failures.
 */
export function signatureProblems(failures: readonly SignatureSource[], file: string): Problem[] {
  return [...checkedSignatures(failures, FEED_PATTERNS)].flatMap((checked) => feedProblems(checked, file));
}

/** A feed is untrusted input: its patterns are checked as the content check checks them, by the same walk. */
const FEED_PATTERNS = { compileFix: 'correct the pattern in the catalogue, or use a feed that passed npm run check' };

/** A signature's pattern problems, placed in the feed document. */
function feedProblems(checked: FeedSignature<SignatureSource>, file: string): Problem[] {
  const field = `failures[${checked.failureIndex}].signatures[${checked.index}].pattern`;
  return checked.problems.map(({ code, message, fix }) => ({ code, file, field, message, fix }));
}

interface LiteralIndex {
  scanner: LiteralScanner;
  /** For each scanner text, the signatures that require it. */
  owners: number[][];
}

/**
 * One scanner over the distinct texts of all signatures (but `skip`), and which signatures own each text. A text
 * whose owners all match case-sensitively is looked for in its own case only (requiredLiterals gives such patterns'
 * texts exactly as they must occur).
 */
function literalIndex(literalsOf: ReadonlyArray<readonly string[] | null>, ignoreCaseOf: readonly boolean[], skip: ReadonlySet<number>): LiteralIndex {
  const texts: string[] = [];
  const textIndex = new Map<string, number>();
  const owners: number[][] = [];
  const exactCase: boolean[] = [];
  literalsOf.forEach((literals, signature) => {
    if (skip.has(signature)) return;
    for (const text of literals ?? []) {
      let t = textIndex.get(text);
      if (t === undefined) {
        t = texts.length;
        texts.push(text);
        textIndex.set(text, t);
        owners.push([]);
        exactCase.push(true);
      }
      owners[t]!.push(signature);
      if (ignoreCaseOf[signature]) exactCase[t] = false;
    }
  });
  return { scanner: new LiteralScanner(texts, { exactCase }), owners };
}

const encoder = new TextEncoder();

function scannerFinds({ scanner, owners }: LiteralIndex, line: string, signature: number): boolean {
  const bytes = encoder.encode(line);
  let found = false;
  scanner.scan(bytes, 0, bytes.length, (literal) => {
    if (owners[literal]!.includes(signature)) found = true;
  });
  return found;
}

/** One RE2 set for patterns with different case flags: each carries its own flag as a group. */
function signatureSet(regexes: readonly RE2JS[]): RE2Set {
  const set = new RE2Set(RE2Set.UNANCHORED);
  for (const regex of regexes) {
    const ignoreCase = (regex.flags() & RE2JS.CASE_INSENSITIVE) !== 0;
    set.add(ignoreCase ? `(?i:${regex.pattern()})` : `(?:${regex.pattern()})`);
  }
  set.compile();
  return set;
}
