/**
 * Writes metrics for node_exporter's textfile collector. The collector may read the file at any moment, so it is
 * written beside its final name and renamed over it (rename is atomic within a directory). The temporary name does
 * not end in .prom, so the collector never picks it up.
 * @see https://github.com/prometheus/node_exporter#textfile-collector
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';

export function writeTextfileAtomically(path: string, text: string): void {
  const partial = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(partial, text);
    renameSync(partial, path);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}
