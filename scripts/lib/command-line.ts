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
