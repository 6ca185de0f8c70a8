/**
 * npm run generate -- --failures N --out DIR [--seed S]: writes a synthetic catalogue (see scripts/lib/generate-catalogue.ts).
 */
import { generateCatalogue } from './lib/generate-catalogue.ts';
import { parseCommandLine, usageError, wholeNumberOption } from './lib/command-line.ts';

const USAGE = 'usage: npm run generate -- --failures N --out DIR [--seed S]';
const { values } = parseCommandLine({ options: { failures: { type: 'string', default: '1000' }, out: { type: 'string' }, seed: { type: 'string', default: '42' } } }, USAGE);
if (!values.out) usageError('--out is required: the directory to write the catalogue into', USAGE);
const failures = wholeNumberOption('failures', values.failures, USAGE);
const seed = wholeNumberOption('seed', values.seed, USAGE, { positive: false });
const counts = generateCatalogue({ dir: values.out, failures, seed });
console.log(`Generated ${counts.failures} failures, ${counts.remediations} remediations, ${counts.reports} reports in ${values.out}`);
