/**
 * The command-line convention of the project's scripts: a person who mistypes an option is told which one, with
 * the usage, and exit status 2 (never a stack trace); `--help` prints the usage and exits 0.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Print the message and the usage on stderr and exit 2: the argument, not the program, is wrong. */
export function usageError(message: string, usage: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

/**
 * parseArgs with the convention above. A `help` boolean option (`-h`, `--help`) is added to the config, so every
 * script answers it the same way.
 */
export function parseCommandLine<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  const withHelp = { ...config, options: { ...config.options, help: { type: 'boolean', short: 'h' } } } as const;
  let parsed;
  try {
    parsed = parseArgs(withHelp);
  } catch (error) {
    // An unknown option or a missing value: parseArgs names it; say it with the usage instead of a stack trace.
    return usageError((error as Error).message, usage);
  }
  if ((parsed.values as { help?: boolean }).help === true) {
    console.log(usage);
    process.exit(0);
  }
  return parsed as ReturnType<typeof parseArgs<T>>;
}

/**
 * An option that must be a whole number (decimal digits, an optional minus sign), above 0 unless `positive` is false:
 * anything else is a usage error naming the option and what it was given, so `--failures 1e3`, `--failures 2.5` or
 * `--failures abc` never reach a generator or a benchmark as a NaN or a fraction.
 */
export function wholeNumberOption(name: string, given: string, usage: string, { positive = true } = {}): number {
  const value = /^-?\d+$/.test(given) ? Number(given) : Number.NaN;
  if (!Number.isSafeInteger(value) || (positive && value < 1)) {
    usageError(`--${name} must be a whole number${positive ? ' above 0' : ''}, not "${given}"`, usage);
  }
  return value;
}
