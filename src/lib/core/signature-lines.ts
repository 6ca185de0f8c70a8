/** The lines a signature must match: those rendered from its format strings, then the real public ones. */
export function matchingLines(signature: { examples: { match: readonly string[]; observed?: ReadonlyArray<{ line: string }> } }): string[] {
  return [...signature.examples.match, ...(signature.examples.observed ?? []).map((o) => o.line)];
}
