/**
 * The one walk over failures' signatures, and the one check of a pattern, shared by every reader that must refuse
 * unsafe patterns: the content check (integrity.ts, every failure of the content), the matcher's index and the
 * rule exporters (matcher/signature-index.ts, the live failures of a feed). Each signature's pattern is checked
 * and compiled once per walk, in one order (FC006 not portable, FC007 does not compile, FC008 backtracks), so the
 * readers cannot disagree on which patterns are sound, nor on which signatures there are.
 */
import { findBacktrackingRisks } from './backtracking.ts';
import { compilePattern, findNonPortableConstructs, type CompiledPattern } from './pattern-safety.ts';
import type { Problem } from './problems.ts';

/** A problem with a pattern, before the caller says where it is (file and field depend on the document read). */
export type PatternProblem = Pick<Problem, 'code' | 'message' | 'fix'>;

/** What a walk needs of a signature. */
export interface PatternSource {
  pattern: string;
  ignore_case: boolean;
}

/** What a walk needs of a failure. */
export interface SignaturesSource<S extends PatternSource = PatternSource> {
  status: string;
  signatures: readonly S[];
}

export interface CheckedSignature<S extends PatternSource = PatternSource> {
  signature: S;
  /** Position of the signature in its failure's `signatures`. */
  index: number;
  /** The pattern compiled by both engines; null when it is not portable (FC006) or does not compile (FC007). */
  compiled: CompiledPattern | null;
  /** FC006, FC007 or FC008 problems of the pattern, in that order; empty for a sound pattern. */
  problems: PatternProblem[];
  /** Compiled and without problems: what a matcher or a rule may be built from. */
  usable: boolean;
}

export interface FeedSignature<F extends SignaturesSource> extends CheckedSignature<F['signatures'][number]> {
  failure: F;
  /** Position of the failure in the list walked. */
  failureIndex: number;
}

export interface WalkOptions {
  /** The fix given with FC007 (does not compile): it depends on who can correct the pattern. */
  compileFix: string;
}

/**
 * Checks one pattern: a non-portable one is not compiled (FC006); one that RE2 or JavaScript rejects is FC007;
 * a compiled one may still carry backtracking risks (FC008), which only the content check reads past (to test
 * its examples too).
 */
function checkPattern(pattern: string, ignoreCase: boolean, { compileFix }: WalkOptions): Omit<CheckedSignature<never>, 'signature' | 'index'> {
  const nonPortable = findNonPortableConstructs(pattern);
  if (nonPortable.length > 0) return { compiled: null, problems: nonPortable.map((issue) => ({ code: 'FC006', message: issue.message, fix: issue.fix })), usable: false };
  let compiled;
  try {
    compiled = compilePattern(pattern, ignoreCase);
  } catch (error) {
    return { compiled: null, problems: [{ code: 'FC007', message: `does not compile: ${(error as Error).message}`, fix: compileFix }], usable: false };
  }
  const problems: PatternProblem[] = findBacktrackingRisks(pattern).map((risk) => ({ code: 'FC008', message: risk.message, fix: risk.fix }));
  return { compiled, problems, usable: problems.length === 0 };
}

/** Every signature of one failure, in order, its pattern checked and compiled. */
export function* checkedSignaturesOf<S extends PatternSource>(signatures: readonly S[], options: WalkOptions): Generator<CheckedSignature<S>> {
  for (const [index, signature] of signatures.entries()) {
    yield { signature, index, ...checkPattern(signature.pattern, signature.ignore_case, options) };
  }
}

/**
 * Every signature of every failure that is not withdrawn (a withdrawn failure is a tombstone: its signatures now
 * belong to the entry that superseded it), in order, its pattern checked and compiled.
 */
export function* checkedSignatures<F extends SignaturesSource>(failures: readonly F[], options: WalkOptions): Generator<FeedSignature<F>> {
  for (const [failureIndex, failure] of failures.entries()) {
    if (failure.status === 'withdrawn') continue;
    for (const checked of checkedSignaturesOf(failure.signatures as readonly F['signatures'][number][], options)) yield { failure, failureIndex, ...checked };
  }
}
