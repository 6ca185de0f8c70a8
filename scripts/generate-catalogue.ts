/**
 * npm run generate -- --failures N --out DIR [--seed S]: writes a synthetic catalogue (see scripts/lib/generate-catalogue.ts).
 */
import { parseArgs } from 'node:util';
import { generateCatalogue } from './lib/generate-catalogue.ts';

const { values } = parseArgs({ options: { failures: { type: 'string', default: '1000' }, out: { type: 'string' }, seed: { type: 'string', default: '42' } } });
if (!values.out) {
  console.error('usage: npm run generate -- --failures N --out DIR [--seed S]');
  process.exit(2);
}
const counts = generateCatalogue({ dir: values.out, failures: Number(values.failures), seed: Number(values.seed) });
console.log(`Generated ${counts.failures} failures, ${counts.remediations} remediations, ${counts.reports} reports in ${values.out}`);
