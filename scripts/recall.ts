/**
 * npm run recall: how much of the real-log corpus (tests/fixtures/real-logs/) the published catalogue recognises,
 * per service, so the work group sees where the catalogue is blind. A case counts when the matcher (thresholds
 * honoured) finds a failure for its lines from the right service. Also lists healthy lines that raise a failure.
 *
 *   npm run recall [-- --misses] [--service ID] [--file NAME]
 *
 * Exit 0, 1 when a healthy line matches a signature, 2 on a usage error.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { contentRoot } from '../src/lib/core/content-root.ts';
import { checkContentRoot } from '../src/lib/core/integrity.ts';
import { parseCommandLine, usageError } from './lib/command-line.ts';
import { falseAlarms, loadRealLogs, measureRecall, REAL_LOGS_DIR, recallByService } from './lib/real-logs.ts';

const usage = `usage: npm run recall [-- --misses] [--service ID] [--file NAME]
  --misses      also print every case no signature recognises, with its source
  --service ID  only the cases of that taxonomy service (content/taxonomy/services.yaml)
  --file NAME   only the cases of one corpus file (tests/fixtures/real-logs/NAME.yaml): a sample's own figure`;

const { values: args } = parseCommandLine(
  {
    options: {
      misses: { type: 'boolean', default: false },
      service: { type: 'string' },
      file: { type: 'string' },
    },
  },
  usage,
);
const { content } = checkContentRoot(contentRoot());
const failures = content.failures.map((f) => f.data);
const corpus = loadRealLogs();
for (const problem of corpus.problems) console.error(problem);
const services = new Set(content.services.map((s) => s.id));
if (args.service !== undefined && !services.has(args.service)) {
  usageError(`--service ${args.service}: no such service in content/taxonomy/services.yaml`, usage);
}
const fileName = args.file?.replace(/\.yaml$/, '');
const inFile = (item: { file: string }) => fileName === undefined || basename(item.file, '.yaml') === fileName;
// A sample file with no case yet (a draw that found no line) is a figure of 0 of 0, not a usage error.
if (fileName !== undefined && !existsSync(join(REAL_LOGS_DIR, `${fileName}.yaml`))) {
  usageError(`--file ${args.file}: no such file in tests/fixtures/real-logs/`, usage);
}
const inService = (item: { service: string }) => args.service === undefined || item.service === args.service;
const cases = corpus.cases.filter((c) => inService(c) && inFile(c));
const healthyLines = corpus.healthy.filter((h) => inService(h) && inFile(h));

const results = measureRecall(failures, cases);
const percent = (hits: number, cases: number) => (cases === 0 ? '-' : `${((100 * hits) / cases).toFixed(0)}%`);
const rows = recallByService(results);
const width = Math.max(7, ...rows.map((r) => r.service.length));
console.log(`${'service'.padEnd(width)}  cases  found  recall`);
for (const r of rows) console.log(`${r.service.padEnd(width)}  ${String(r.cases).padStart(5)}  ${String(r.hits).padStart(5)}  ${percent(r.hits, r.cases).padStart(6)}`);
const hits = results.filter((r) => r.hit).length;
console.log(`${'all'.padEnd(width)}  ${String(results.length).padStart(5)}  ${String(hits).padStart(5)}  ${percent(hits, results.length).padStart(6)}`);

if (args.misses) {
  console.log('\nNot recognised:');
  for (const r of results.filter((x) => !x.hit)) {
    const why = r.found.length > 0 ? ` (found ${r.found.join(', ')}, wrong service)` : r.belowThreshold.length > 0 ? ` (below the threshold of ${r.belowThreshold.join(', ')})` : '';
    console.log(`- [${r.case.service}] ${r.case.source}${why}\n    ${r.case.lines[0]!.slice(0, 240)}`);
  }
}

const alarms = falseAlarms(failures, healthyLines);
console.log(`\n${healthyLines.length} healthy lines: ${alarms.length} matched a signature`);
for (const a of alarms) console.log(`- ${a.signatures.join(', ')} matches healthy line from ${a.line.source}\n    ${a.line.line.slice(0, 240)}`);
process.exit(alarms.length > 0 ? 1 : 0);
