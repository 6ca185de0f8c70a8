/**
 * npm run generate -- --failures N --out DIR [--seed S]: writes a synthetic catalogue (see scripts/lib/generate-catalogue.ts).
 */
import { generateCatalogue } from './lib/generate-catalogue.ts';
import { parseCommandLine, usageError } from './lib/command-line.ts';

const USAGE = 'usage: npm run generate -- --failures N --out DIR [--seed S]';
const { values } = parseCommandLine({ options: { failures: { type: 'string', default: '1000' }, out: { type: 'string' }, seed: { type: 'string', default: '42' } } }, USAGE);
if (!values.out) usageError('--out is required: the directory to write the catalogue into', USAGE);
const failures = Number(values.failures);
const seed = Number(values.seed);
if (!Number.isInteger(failures) || failures < 1) usageError(`--failures must be a whole number above 0, not "${values.failures}"`, USAGE);
if (!Number.isInteger(seed)) usageError(`--seed must be a whole number, not "${values.seed}"`, USAGE);
const counts = generateCatalogue({ dir: values.out, failures, seed });
console.log(`Generated ${counts.failures} failures, ${counts.remediations} remediations, ${counts.reports} reports in ${values.out}`);
