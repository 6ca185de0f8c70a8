/**
 * ReDoS analysis with recheck (https://makenowjust-labs.github.io/recheck/): RE2 runs every pattern in linear
 * time, but consumers of the feed may use Python's or JavaScript's backtracking engines, where a pattern such as
 * `(\w+\s?)*$` hangs on a crafted line. recheck's verdicts are cached by pattern, because the analysis can take
 * a second per pattern and the content check must stay fast.
 */
import { checkSync } from 'recheck';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type RedosVerdict = { safe: true } | { safe: false; reason: string };

const CACHE_VERSION = 'recheck-4.5-v1';
const cacheFile = join(process.cwd(), 'node_modules', '.cache', 'failure-catalogue', 'redos.json');
let cache: Record<string, RedosVerdict> | undefined;

function loadCache(): Record<string, RedosVerdict> {
  if (cache) return cache;
  try {
    const parsed = JSON.parse(readFileSync(cacheFile, 'utf8')) as { version?: string; verdicts?: Record<string, RedosVerdict> };
    cache = parsed.version === CACHE_VERSION && parsed.verdicts ? parsed.verdicts : {};
  } catch {
    cache = {};
  }
  return cache;
}

export function saveRedosCache(): void {
  if (!cache) return;
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    writeFileSync(cacheFile, JSON.stringify({ version: CACHE_VERSION, verdicts: cache }));
  } catch {
    // A read-only tree only loses the cache, never the check.
  }
}

export function checkRedos(pattern: string, ignoreCase: boolean): RedosVerdict {
  const key = `${ignoreCase ? 'i' : '-'}/${pattern}`;
  const verdicts = loadCache();
  const cached = verdicts[key];
  if (cached) return cached;
  const diagnostics = checkSync(pattern, ignoreCase ? 'i' : '', { timeout: 10_000 });
  let verdict: RedosVerdict;
  if (diagnostics.status === 'safe') verdict = { safe: true };
  else if (diagnostics.status === 'vulnerable') {
    const { complexity } = diagnostics;
    // Quadratic time (`.*a.*b`, unanchored) is bounded by the length of one log line and is accepted; exponential
    // or cubic-and-worse time is what hangs a consumer, so only that fails.
    if (complexity.type === 'polynomial' && complexity.degree < 3) verdict = { safe: true };
    else {
      verdict = {
        safe: false,
        reason: `it can backtrack catastrophically (${complexity.summary}) in Python and JavaScript, e.g. on ${JSON.stringify(diagnostics.attack.pattern)}`,
      };
    }
  } else {
    verdict = { safe: false, reason: `the ReDoS analyser could not prove it safe (${diagnostics.error.kind})` };
  }
  verdicts[key] = verdict;
  return verdict;
}
